"""`content.prefetch` fills the same prefetch caches Django's own prefetching would, with
the same rows in the same order, in fewer queries."""

from __future__ import annotations

import pytest
from django.db.models import Prefetch

from content.models import (
    Certification,
    OutlookFigure,
    ProgramFact,
    PublishStatus,
    Role,
    Source,
)
from content.prefetch import attach_ladder, attach_sources, fetch_together

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


def _fields(record) -> dict[str, object]:
    return {f.attname: getattr(record, f.attname) for f in record._meta.concrete_fields}


def test_querysets_read_together_give_the_instances_and_order_of_each_alone(
    seeded, django_assert_num_queries
):
    querysets = (
        OutlookFigure.objects.published().filter(state_code=""),
        ProgramFact.objects.published(),
        Role.objects.filter(career_level__gte=2).order_by("-title"),
    )
    expected = [[_fields(r) for r in qs] for qs in querysets]
    assert all(expected), "each seeded queryset has rows"
    with django_assert_num_queries(1):
        got = fetch_together(*querysets)
    assert [[_fields(r) for r in rows] for rows in got] == expected
    # Typed as the ORM types them (dates, decimals), and saved rows, not new ones.
    figure = got[0][0]
    assert figure._state.adding is False
    assert figure.value is None or type(figure.value).__name__ == "Decimal"
    assert {type(r) for r in got[1]} == {ProgramFact}


def test_an_empty_filter_is_no_query_and_an_empty_list(
    seeded, django_assert_num_queries
):
    with django_assert_num_queries(0):
        assert fetch_together(ProgramFact.objects.filter(program__in=[])) == [[]]
    with django_assert_num_queries(1):
        none, some = fetch_together(
            OutlookFigure.objects.filter(occupation_code__in=[]),
            OutlookFigure.objects.filter(occupation_code="no-such-code"),
        )
    assert none == []
    assert some == []


def test_a_queryset_with_joins_is_refused(seeded):
    with pytest.raises(ValueError, match="plain querysets"):
        fetch_together(Certification.objects.select_related("body"))
