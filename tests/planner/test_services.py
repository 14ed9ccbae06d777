from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from io import StringIO

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.core.management import call_command

from planner import selectors, services
from planner.models import (
    ChecklistItem,
    ContinuingEducationEntry,
    Milestone,
    PathwayStep,
    Plan,
)
from planner.planning import MilestoneKind, MilestoneStatus, PlanAnswers
from tests.planner.factories import MLS, MLT, TODAY, ca_answers

pytestmark = pytest.mark.django_db


def ca_plan_milestone(user, key: str, **changes: object) -> tuple[Plan, Milestone]:
    """A new California plan (`ca_answers(**changes)`) and its milestone `key`."""
    plan = services.create_plan(owner=user, answers=ca_answers(**changes), today=TODAY)
    return plan, plan.milestones.get(key=key)


def test_create_plan_saves_dated_milestones_and_checklists(user, seeded) -> None:
    plan = services.create_plan(owner=user, answers=ca_answers(), today=TODAY)

    milestones = list(plan.milestones.order_by("order"))
    assert [m.key for m in milestones] == [
        "mlt-program",
        "mlt-clinical",
        "mlt-ascp-certification-exam",
        "license-ca-mlt",
        "job-search",
        "license-ca-mlt-renewal",
        "mlt-ascp-continuing-education",
    ]
    licence = milestones[3]
    assert licence.state == seeded["ca"]
    assert licence.title == (
        "Apply for your California Medical Laboratory Technician (MLT) license"
    )
    assert licence.cost_usd == Decimal("230.00")
    # The $230 MLT fee is now confirmed on the state's fee schedule: its date comes along.
    assert licence.cost_as_of.startswith("LFS fee schedule effective 2020-01-01")
    assert "not confirmed" not in licence.cost_as_of
    lines = [c.text for c in licence.checklist.all()]
    assert "Apply to Laboratory Field Services and pay the fee" in lines
    assert milestones[2].certification == seeded["mlt_ascp"]
    assert plan.start_date == TODAY
    assert plan.estimated_finish == milestones[4].due_date
    assert plan.total_cost_usd == Decimal("445.00")
    assert plan.route_summary.startswith("MLT(ASCP) Route 1")
    assert plan.progress == 0


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"target_role": "astronaut"}, "target_role"),
        ({"state": "ZZ"}, "state"),
        ({"education_level": "phd"}, "education_level"),
        ({"certifying_body": "xyz"}, "certifying_body"),
        ({"study_pace": "sometimes"}, "study_pace"),
        ({"start_date": dt.date(1990, 1, 1)}, "start_date"),
    ],
)
def test_create_plan_rejects_bad_answers_and_saves_nothing(
    user, seeded, changes, field
) -> None:
    with pytest.raises(ValidationError) as error:
        services.create_plan(owner=user, answers=ca_answers(**changes), today=TODAY)

    assert field in error.value.message_dict
    assert not Plan.objects.exists()


def test_preview_writes_nothing(seeded) -> None:
    result = services.preview_plan(answers=ca_answers(), today=TODAY)

    assert result.steps[0].key == "mlt-program"
    assert not Plan.objects.exists()
    assert not Milestone.objects.exists()


def test_replan_keeps_progress_and_archives_what_no_longer_applies(
    user, seeded
) -> None:
    plan, program = ca_plan_milestone(user, "mlt-program")
    services.update_milestone(
        milestone=program,
        status=MilestoneStatus.IN_PROGRESS,
        notes="Enrolled at City College",
        today=TODAY,
    )
    program.refresh_from_db()
    kept_dates = (program.start_date, program.due_date)
    licence = plan.milestones.get(key="license-ca-mlt")
    services.update_milestone(milestone=licence, notes="Asked the board", today=TODAY)

    # Moving to Texas with an MLT degree already done: no programme, no licence.
    services.replan(
        plan=plan,
        answers=ca_answers(state="TX", education_level="associate_mlt"),
        today=TODAY,
    )

    program.refresh_from_db()
    licence.refresh_from_db()
    assert program.status == MilestoneStatus.IN_PROGRESS
    assert program.notes == "Enrolled at City College"
    assert (program.start_date, program.due_date) == kept_dates
    assert program.archived is True  # no longer applies: hidden, with its progress kept
    assert licence.archived is True
    assert licence.notes == "Asked the board"
    assert Milestone.objects.filter(plan=plan).count() == 7  # nothing deleted
    assert plan.milestones.get(key="license-ca-mlt-renewal").archived is True
    assert not plan.milestones.filter(kind="licensure", archived=False).exists()
    clinical = plan.milestones.get(key="mlt-clinical")
    assert clinical.archived is True

    # Back to California: the licence milestone comes back with its notes.
    services.replan(
        plan=plan, answers=ca_answers(education_level="associate_mlt"), today=TODAY
    )
    licence.refresh_from_db()
    assert licence.archived is False
    assert licence.notes == "Asked the board"


def test_replan_of_an_in_progress_milestone_that_no_longer_applies_archives_it_but_keeps_status(
    user, seeded
) -> None:
    plan, program = ca_plan_milestone(user, "mlt-program")
    services.update_milestone(
        milestone=program, status=MilestoneStatus.DONE, today=TODAY
    )

    services.replan(
        plan=plan, answers=ca_answers(education_level="associate_mlt"), today=TODAY
    )

    program.refresh_from_db()
    assert program.archived is True
    assert program.status == MilestoneStatus.DONE
    assert program.completed_on == TODAY


def plan_with_passed_mlt_exam(user, passed_on: dt.date) -> tuple[Plan, Milestone]:
    """An MLT graduate's California plan with its MLT(ASCP) exam passed on `passed_on`."""
    plan, exam = ca_plan_milestone(
        user, "mlt-ascp-certification-exam", education_level="associate_mlt"
    )
    services.update_milestone(
        milestone=exam, status=MilestoneStatus.DONE, completed_on=passed_on, today=TODAY
    )
    return plan, exam


def test_replan_changes_role_and_keeps_shared_milestones(user, seeded) -> None:
    plan, exam = plan_with_passed_mlt_exam(user, dt.date(2026, 10, 1))

    plan = services.replan(
        plan=plan,
        answers=ca_answers(target_role=MLS, education_level="associate_mlt"),
        today=TODAY,
    )

    # The passed MLT exam stays MLT(ASCP)'s (done, dated) and counts as a credential held:
    # MLS Route 2 no longer asks for it, and the MLS exam is a step of its own, not started.
    exam.refresh_from_db()
    assert exam.status == MilestoneStatus.DONE
    assert exam.completed_on == dt.date(2026, 10, 1)
    assert exam.certification == seeded["mlt_ascp"]
    assert plan.target_role.slug == MLS
    mls_exam = plan.milestones.get(key="mls-ascp-certification-exam")
    assert mls_exam.status == MilestoneStatus.NOT_STARTED
    assert mls_exam.certification == seeded["mls_ascp"]
    route_2 = next(r for r in plan.routes if r["code"] == "2")
    assert not any("MLT(ASCP)" in text for text in route_2["missing"])


def test_update_milestone_done_sets_and_leaving_done_clears_completed_on(
    user, seeded
) -> None:
    _, milestone = ca_plan_milestone(user, "job-search")

    services.update_milestone(
        milestone=milestone, status=MilestoneStatus.DONE, today=TODAY
    )
    assert milestone.completed_on == TODAY
    services.update_milestone(
        milestone=milestone, status=MilestoneStatus.IN_PROGRESS, today=TODAY
    )
    assert milestone.completed_on is None
    services.update_milestone(
        milestone=milestone,
        status=MilestoneStatus.DONE,
        completed_on=dt.date(2026, 11, 1),
        today=TODAY,
    )
    milestone.refresh_from_db()
    assert milestone.completed_on == dt.date(2026, 11, 1)


def test_update_milestone_rejects_future_completion_and_bad_status(
    user, seeded
) -> None:
    _, milestone = ca_plan_milestone(user, "job-search")

    with pytest.raises(ValidationError):
        services.update_milestone(milestone=milestone, status="finished", today=TODAY)
    with pytest.raises(ValidationError):
        services.update_milestone(
            milestone=milestone,
            status=MilestoneStatus.DONE,
            completed_on=TODAY + dt.timedelta(days=3),
            today=TODAY,
        )
    milestone.refresh_from_db()
    assert milestone.status == MilestoneStatus.NOT_STARTED


def test_progress_counts_done_over_non_archived_non_skipped(user, seeded) -> None:
    plan = services.create_plan(owner=user, answers=ca_answers(), today=TODAY)
    milestones = list(plan.milestones.order_by("order"))
    services.update_milestone(
        milestone=milestones[0], status=MilestoneStatus.DONE, today=TODAY
    )
    services.update_milestone(
        milestone=milestones[1], status=MilestoneStatus.SKIPPED, today=TODAY
    )

    # 1 done of 6 counted (7 milestones, one skipped)
    assert Plan.objects.get(pk=plan.pk).progress == 17
    assert Plan.objects.with_progress().get(pk=plan.pk).progress == 17


def test_toggle_checklist_item(user, seeded) -> None:
    plan = services.create_plan(owner=user, answers=ca_answers(), today=TODAY)
    item = ChecklistItem.objects.filter(milestone__plan=plan).first()
    assert item is not None

    services.toggle_checklist_item(item=item, done=True)

    item.refresh_from_db()
    assert item.done is True


def test_ce_progress_counts_points_in_the_current_cycle_and_the_safety_category(
    user, seeded
) -> None:
    plan, _ = plan_with_passed_mlt_exam(user, dt.date(2026, 1, 10))

    def log(activity: str, completed_on: dt.date, points: int, category: str) -> None:
        services.add_ce_entry(
            plan=plan,
            certification=seeded["mlt_ascp"],
            activity=activity,
            completed_on=completed_on,
            points=Decimal(points),
            category=category,
        )

    log("Hematology webinar", dt.date(2026, 3, 1), 10, "Hematology")
    log("Old course", dt.date(2025, 3, 1), 5, "Chemistry")

    (status,) = selectors.ce_progress(plan=plan, today=TODAY)

    assert status.required_points == 36
    assert status.earned == Decimal(10)  # the 2025 course is before the cycle
    assert status.missing == Decimal(26)
    assert status.cycle_end == dt.date(2029, 1, 10)
    assert status.categories_missing == ["Laboratory or patient safety"]

    log("Safety", dt.date(2026, 4, 1), 1, "Laboratory safety")
    (status,) = selectors.ce_progress(plan=plan, today=TODAY)
    assert status.categories_missing == []


def test_add_ce_entry_validates(user, seeded) -> None:
    plan = services.create_plan(owner=user, answers=ca_answers(), today=TODAY)

    with pytest.raises(ValidationError):
        services.add_ce_entry(
            plan=plan,
            certification=seeded["mlt_ascp"],
            activity=" ",
            completed_on=TODAY,
            points=Decimal(0),
            category="",
        )
    assert not ContinuingEducationEntry.objects.exists()


def test_calendar_token_and_sharing(user, seeded) -> None:
    plan = services.create_plan(owner=user, answers=ca_answers(), today=TODAY)
    old = plan.calendar_token

    services.regenerate_calendar_token(plan=plan)
    services.enable_sharing(plan=plan)
    shared = plan.share_token

    assert plan.calendar_token != old
    assert shared
    services.disable_sharing(plan=plan)
    assert Plan.objects.get(pk=plan.pk).share_token is None


def test_delete_plan_removes_its_milestones(user, seeded) -> None:
    plan = services.create_plan(owner=user, answers=ca_answers(), today=TODAY)

    services.delete_plan(plan=plan)

    assert not Plan.objects.exists()
    assert not Milestone.objects.exists()


def test_export_user_data_is_complete_and_json_serialisable(
    user, other_user, seeded
) -> None:
    plan = services.create_plan(owner=user, answers=ca_answers(), today=TODAY)
    services.create_plan(owner=other_user, answers=ca_answers(), today=TODAY)
    milestone = plan.milestones.get(key="mlt-program")
    services.update_milestone(milestone=milestone, notes="my note", today=TODAY)
    exam = plan.milestones.get(kind="certification", certification=seeded["mlt_ascp"])
    services.update_milestone(milestone=exam, status="done", today=TODAY)
    services.add_ce_entry(
        plan=plan,
        certification=seeded["mlt_ascp"],
        activity="Webinar",
        completed_on=TODAY,
        points=Decimal("1.5"),
        category="safety",
    )

    data = json.loads(json.dumps(selectors.export_user_data(user=user)))

    assert data["account"]["email"] == user.email
    assert len(data["plans"]) == 1
    exported = data["plans"][0]
    assert exported["target_role"] == MLT
    assert exported["state"] == "CA"
    assert "my note" in [m["notes"] for m in exported["milestones"]]
    assert exported["milestones"][0]["checklist"]
    assert exported["ce_entries"] == [
        {
            "certification": "MLT(ASCP)",
            "activity": "Webinar",
            "completed_on": TODAY.isoformat(),
            "points": "1.50",
            "category": "safety",
        }
    ]


def test_load_pathways_is_idempotent_and_keeps_editors_changes(seeded) -> None:
    step = PathwayStep.objects.get(key="job-search")
    step.title = "Edited by an editor"
    step.save()
    count = PathwayStep.objects.count()

    out = StringIO()
    call_command("load_pathways", stdout=out)

    assert PathwayStep.objects.count() == count
    assert PathwayStep.objects.get(key="job-search").title == "Edited by an editor"
    assert "0 steps created" in out.getvalue()


def test_editors_may_manage_pathway_templates_but_not_plans() -> None:
    codenames = set(
        Group.objects.get(name="Editors")
        .permissions.filter(content_type__app_label="planner")
        .values_list("codename", flat=True)
    )

    assert codenames == {
        f"{action}_{model}"
        for action in ("add", "change", "delete", "view")
        for model in ("pathwaytemplate", "pathwaystep")
    }


def test_milestone_is_overdue(user, seeded) -> None:
    _, milestone = ca_plan_milestone(user, "mlt-program")

    assert milestone.due_date is not None
    assert not milestone.is_overdue(TODAY)
    assert milestone.is_overdue(milestone.due_date + dt.timedelta(days=1))
    milestone.status = MilestoneStatus.DONE
    assert not milestone.is_overdue(milestone.due_date + dt.timedelta(days=1))
    assert milestone.kind == MilestoneKind.EDUCATION


def test_seeded_content_gives_the_cited_california_plan(user) -> None:
    call_command("load_content", stdout=StringIO())
    call_command("load_pathways", stdout=StringIO())

    plan = services.create_plan(owner=user, answers=ca_answers(), today=TODAY)

    keys = list(plan.milestones.order_by("order").values_list("key", flat=True))
    assert keys[:4] == [
        "mlt-program",
        "mlt-clinical",
        "mlt-ascp-certification-exam",
        "license-ca-mlt",
    ]
    assert plan.milestones.get(key="license-ca-mlt").cost_usd == Decimal(230)
    assert plan.route_summary.startswith("MLT(ASCP) Route 1")
    mls = services.preview_plan(
        answers=PlanAnswers(MLS, "associate_mlt", "TX", "ascp"), today=TODAY
    )
    assert mls.chosen_route is not None
    assert mls.chosen_route.route == "2"
    assert "mls-experience" in [s.key for s in mls.steps]
