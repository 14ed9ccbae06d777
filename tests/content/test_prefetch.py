"""`content.prefetch` fills the same prefetch caches Django's own prefetching would, with
the same rows in the same order, in fewer queries."""

from __future__ import annotations

import pytest
from django.db.models import Prefetch

from content.models import (
    OutlookFigure,
    ProgramFact,
    PublishStatus,
    Role,
    Source,
)
from content.prefetch import attach_ladder, attach_sources

pytestmark = pytest.mark.django_db


def _sources(record) -> list[int]:
    return [s.pk for s in record.sources.all()]


def test_sources_of_many_kinds_of_record_match_a_prefetch_per_kind(
    seeded, django_assert_num_queries
):
    ordered = Prefetch("sources", Source.objects.order_by("title", "id"))
    expected = []
    for model in (Role, OutlookFigure, ProgramFact):
        for record in model.objects.prefetch_related(ordered):
            expected.append((model, record.pk, _sources(record)))
    records = [
        *Role.objects.all(),
        *OutlookFigure.objects.all(),
        *ProgramFact.objects.all(),
    ]
    assert any(ids for _, _, ids in expected), "seeded content cites sources"
    with django_assert_num_queries(1):
        attach_sources(records)
    with django_assert_num_queries(0):
        got = [(type(r), r.pk, _sources(r)) for r in records]
        published = [r.published_sources for r in records]
    assert sorted(got, key=str) == sorted(expected, key=str)
    assert all(s.status == PublishStatus.PUBLISHED for p in published for s in p)


def test_a_record_without_sources_gets_an_empty_list_and_nothing_is_a_query(
    seeded, django_assert_num_queries
):
    role = Role.objects.get(slug="medical-laboratory-technician")
    role.sources.clear()
    with django_assert_num_queries(0):
        attach_sources([])
    with django_assert_num_queries(1):
        attach_sources([role])
    with django_assert_num_queries(0):
        assert list(role.sources.all()) == []


def test_ladder_matches_the_prefetch_and_hides_unpublished_neighbours(
    seeded, django_assert_num_queries
):
    mlt = Role.objects.get(slug="medical-laboratory-technician")
    above = list(mlt.advances_to.all())
    assert above, "the seeded MLT advances to another role"
    hidden = above[0]
    Role.objects.filter(pk=hidden.pk).update(status=PublishStatus.DRAFT)
    published = Role.objects.published().order_by("career_level", "title")
    roles = list(
        Role.objects.prefetch_related(
            Prefetch("advances_to", published), Prefetch("advanced_from", published)
        )
    )
    expected = {
        r.pk: (
            [n.pk for n in r.advances_to.all()],
            [n.pk for n in r.advanced_from.all()],
        )
        for r in roles
    }
    fresh = list(Role.objects.all())
    with django_assert_num_queries(1):
        attach_ladder(fresh)
    with django_assert_num_queries(0):
        got = {
            r.pk: (
                [n.pk for n in r.advances_to.all()],
                [n.pk for n in r.advanced_from.all()],
            )
            for r in fresh
        }
    assert got == expected
    assert hidden.pk not in got[mlt.pk][0]
