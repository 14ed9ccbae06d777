"""Tracking feedback on the plan page: plan names, the "what changed" summary after
re-planning, and editing or deleting continuing-education entries."""

from __future__ import annotations

from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.urls import reverse
from django.utils import timezone

from planner import services
from tests.planner.test_views import build_world, make_plan, milestone

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(db: None) -> SimpleNamespace:
    return build_world()


def test_plan_switcher_tells_plans_apart_by_name(client, user, world):
    make_plan(user, world, state="QA")
    make_plan(user, world, state="QB")
    client.force_login(user)
    html = client.get(reverse("planner:dashboard")).content.decode()
    assert "MLT in Calisota, full time" in html
    assert "MLT in Texarkana, full time" in html


def test_replanning_shows_what_changed_once(client, user, world):
    plan = make_plan(user, world, state="QA")
    client.force_login(user)
    finish_before = plan.estimated_finish
    response = client.post(
        reverse("planner:what_if", args=[plan.pk]), {"state": "QB"}, follow=True
    )
    html = response.content.decode()
    assert "What changed in your plan" in html
    # Texarkana needs no license: the Calisota license step is archived, not deleted.
    assert "archived" in html
    assert "Apply for a Calisota licence" in html.split("What changed in your plan")[1]
    plan.refresh_from_db()
    if plan.estimated_finish != finish_before:
        assert "Estimated finish:" in html
    # Shown once, right after the re-plan.
    again = client.get(reverse("planner:detail", args=[plan.pk])).content.decode()
    assert "What changed in your plan" not in again


def test_replan_summary_is_computed_by_the_service(user, world):
    plan = make_plan(user, world, state="QA")
    replanned = services.update_answers(
        plan_id=plan.pk, owner=user, changes={"state": "QB"}
    )
    summary = replanned.replan_summary  # type: ignore[attr-defined]  # set by the service
    assert summary.archived == ("Apply for a Calisota licence",)
    assert summary.added == ()
    assert summary.finish_before is not None


def _certified_plan_with_entry(user, world):
    plan = make_plan(user, world)
    services.update_milestone(milestone=milestone(plan, "exam"), status="done")
    entry = services.add_ce_entry(
        plan=plan,
        certification=world.mlt_ascp,
        activity="Safety webinar",
        completed_on=timezone.localdate(),
        points=Decimal("2"),
        category="Laboratory safety",
    )
    entry.refresh_from_db()  # as the page reads it
    return plan, entry


def _edit(entry, **changes):
    data = {
        f"ce{entry.pk}-certification": entry.certification_id,
        f"ce{entry.pk}-activity": entry.activity,
        f"ce{entry.pk}-completed_on": entry.completed_on.isoformat(),
        f"ce{entry.pk}-points": str(entry.points),
        f"ce{entry.pk}-category": entry.category,
        "version": entry.etag,
    }
    data.update({f"ce{entry.pk}-{k}": v for k, v in changes.items()})
    return data


def test_ce_entry_can_be_edited_and_deleted_on_the_page(client, user, world):
    plan, entry = _certified_plan_with_entry(user, world)
    client.force_login(user)
    page = client.get(reverse("planner:detail", args=[plan.pk])).content.decode()
    assert "This log appeared because you marked a certification exam done" in page
    update = reverse("planner:update_ce_entry", args=[plan.pk, entry.pk])
    assert f'action="{update}"' in page

    response = client.post(update, _edit(entry, points="3", activity="Safety course"))
    assert response.status_code == 302
    entry.refresh_from_db()
    assert (entry.activity, entry.points) == ("Safety course", Decimal("3.00"))

    # A form shown before that edit is refused, and changes nothing.
    stale = _edit(entry, activity="Old tab")
    stale["version"] = '"ce-stale"'
    response = client.post(update, stale, follow=True)
    assert "changed in another window" in response.content.decode()
    entry.refresh_from_db()
    assert entry.activity == "Safety course"

    # Bad input: a message, nothing changed.
    response = client.post(update, _edit(entry, points="-4"), follow=True)
    entry.refresh_from_db()
    assert entry.points == Decimal("3.00")

    delete = reverse("planner:delete_ce_entry", args=[plan.pk, entry.pk])
    response = client.post(delete, follow=True)
    assert "deleted" in response.content.decode()
    assert not plan.ce_entries.exists()


def test_ce_entries_of_another_user_are_404(client, user, other_user, world):
    plan, entry = _certified_plan_with_entry(user, world)
    client.force_login(other_user)
    update = reverse("planner:update_ce_entry", args=[plan.pk, entry.pk])
    delete = reverse("planner:delete_ce_entry", args=[plan.pk, entry.pk])
    assert client.post(update, _edit(entry, activity="Hacked")).status_code == 404
    assert client.post(delete).status_code == 404
    entry.refresh_from_db()
    assert entry.activity == "Safety webinar"


def test_before_certification_the_page_says_when_the_ce_log_appears(
    client, user, world
):
    plan = make_plan(user, world)
    client.force_login(user)
    page = client.get(reverse("planner:detail", args=[plan.pk])).content.decode()
    assert "Once you mark a certification exam done, a log appears here" in page


def test_what_if_preview_lists_the_same_changes_before_saving(client, user, world):
    plan = make_plan(user, world, state="QA")
    client.force_login(user)
    response = client.get(reverse("planner:what_if", args=[plan.pk]) + "?state=QB")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Apply for a Calisota licence" in html  # would be archived
    plan.refresh_from_db()
    assert plan.state is not None
    assert plan.state.code == "QA"
