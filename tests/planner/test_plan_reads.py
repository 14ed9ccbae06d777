"""The plain-SQL plan reads (planner.selectors.owned_plans/owned_plan/read_milestones) give
what the querysets they replace gave, in each language: the plan page and the API print them."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import models
from django.utils import translation

from careerpath import rows
from content.models import Role, StateLicensure
from planner import selectors
from planner.models import (
    CERTIFICATION_FIELDS,
    ROLE_FIELDS,
    STATE_FIELDS,
    ChecklistItem,
    Milestone,
    Plan,
)
from tests.content.factories import StateLicensureFactory
from tests.planner.factories import MilestoneFactory, PlanFactory
from tests.planner.test_views import build_world

pytestmark = pytest.mark.django_db


def loaded(instance: models.Model) -> dict[str, Any]:
    """The fields an instance holds without another query (its deferred ones left out)."""
    deferred = instance.get_deferred_fields()
    return {
        f.attname: getattr(instance, f.attname)
        for f in type(instance)._meta.concrete_fields
        if f.attname not in deferred
    }


@pytest.fixture
def plans() -> dict[str, Plan]:
    world = build_world()
    with_state = PlanFactory(target_role=world.role, state=world.california)
    world.role.title_es = "Técnico de laboratorio clínico"
    world.role.save()
    MilestoneFactory(
        plan=with_state, certification=world.mlt_ascp, order=2, checklist=0
    )
    first = MilestoneFactory(plan=with_state, order=1, checklist=3)
    item = first.checklist.get(order=1)
    item.text_es = "Reserva la fecha"
    item.done = True
    item.save()
    MilestoneFactory(plan=with_state, order=0, archived=True)
    without_state = PlanFactory(owner=with_state.owner, target_role=world.role)
    PlanFactory(target_role=world.role, state=StateLicensureFactory())  # not theirs
    return {"with_state": with_state, "without_state": without_state}


@pytest.mark.parametrize("language", ["en", "es"])
def test_the_owners_plans_are_read_as_the_slim_queryset_reads_them(
    plans: dict[str, Plan], language: str
) -> None:
    owner = plans["with_state"].owner
    with translation.override(language):
        read = selectors.owned_plans(owner_id=owner.pk)
        orm = list(Plan.objects.filter(owner=owner).with_slim_content().order_by("-pk"))
        assert [p.pk for p in read] == [p.pk for p in orm]
        for mine, theirs in zip(read, orm, strict=True):
            assert loaded(mine) == loaded(theirs)
            assert loaded(mine.target_role) == loaded(theirs.target_role)
            assert mine.target_role.title == theirs.target_role.title
            assert (mine.state is None) == (theirs.state is None)
            if mine.state is not None:
                assert loaded(mine.state) == loaded(theirs.state)
                assert mine.state.get_absolute_url() == theirs.state.get_absolute_url()
        assert read[-1].target_role.title == (
            "Técnico de laboratorio clínico"
            if language == "es"
            else "Medical Laboratory Technician"
        )
    assert [p.archived_count for p in read] == [0, 1]  # type: ignore[attr-defined]
    # Only the columns pages print (and their language columns) are read.
    role = read[0].target_role
    printed = rows.with_translations(Role, ROLE_FIELDS)
    assert {"title", "title_en", "title_es", "slug"} <= set(printed)
    assert set(role.get_deferred_fields()) == {
        f.attname for f in Role._meta.concrete_fields if f.attname not in printed
    }
    assert {"name", "name_en", "name_es", "board_url"} <= set(
        rows.with_translations(StateLicensure, STATE_FIELDS)
    )


def test_a_plan_that_is_not_the_owners_is_not_read(plans: dict[str, Plan]) -> None:
    mine = plans["with_state"]
    theirs = Plan.objects.exclude(owner=mine.owner).get()
    assert selectors.owned_plan(owner_id=mine.owner_id, plan_id=theirs.pk) is None
    assert selectors.owned_plan(owner_id=mine.owner_id, plan_id=2**70) is None
    found = selectors.owned_plan(owner_id=mine.owner_id, plan_id=mine.pk)
    assert found is not None
    assert found.pk == mine.pk


@pytest.mark.parametrize("language", ["en", "es"])
def test_milestones_are_read_with_their_certification_and_checklist(
    plans: dict[str, Plan], language: str
) -> None:
    plan = selectors.owned_plan(
        owner_id=plans["with_state"].owner_id, plan_id=plans["with_state"].pk
    )
    assert plan is not None
    with translation.override(language):
        read = selectors.read_milestones(plan)
        expected = list(
            Milestone.objects.filter(plan=plan, archived=False)
            .select_related("certification")
            .prefetch_related("checklist")
            .order_by("order", "id")
        )
        assert plan.visible_milestones == read  # kept as the plan's current milestones
        assert [m.pk for m in read] == [m.pk for m in expected]
        for mine, theirs in zip(read, expected, strict=True):
            assert loaded(mine) == loaded(theirs)
            assert mine.plan is plan
            assert mine.checklist_rows == (  # type: ignore[attr-defined]
                [
                    {"id": i.pk, "text": i.text, "done": i.done}
                    for i in theirs.checklist.all()
                ]
                or None
            )
            if theirs.certification is None:
                assert mine.certification is None
            else:
                assert mine.certification is not None
                read_fields = loaded(mine.certification)
                assert read_fields == {
                    name: getattr(theirs.certification, name) for name in read_fields
                }
                assert set(mine.certification.get_deferred_fields()).isdisjoint(
                    CERTIFICATION_FIELDS
                )
        texts = [row["text"] for row in read[0].checklist_rows]  # type: ignore[attr-defined]
    # Spanish where the line has it, English where it has not.
    assert texts == (
        ["Item 0", "Reserva la fecha", "Item 2"]
        if language == "es"
        else ["Item 0", "Item 1", "Item 2"]
    )
    archived = selectors.read_milestones(plan, archived=True)
    assert [m.archived for m in archived] == [True]
    assert plan.visible_milestones == read  # reading the archived ones left these alone
    assert ChecklistItem.objects.filter(milestone__plan=plan).count() == 5


def test_reading_columns_a_model_does_not_have_is_refused() -> None:
    with pytest.raises(ValueError, match="no columns"):
        rows.columns(Plan, "p", ("id", "not_a_column"))


@pytest.mark.parametrize("language", ["en", "es"])
def test_the_checklist_after_a_patch_is_the_one_the_plan_read_gives(
    plans: dict[str, Plan], language: str
) -> None:
    # The milestone PATCH answers with `checklist_rows`; it showed the English lines to a
    # Spanish reader while the plan read (and GET) showed the Spanish ones.
    plan = plans["with_state"]
    with translation.override(language):
        first = selectors.read_milestones(plan)[0]
        after_patch = selectors.checklist_rows(milestone_id=first.pk)
    assert after_patch == first.checklist_rows  # type: ignore[attr-defined]
    assert [row["text"] for row in after_patch][1] == (
        "Reserva la fecha" if language == "es" else "Item 1"
    )
    assert selectors.checklist_rows(milestone_id=2**70) == []
