"""Plan names and the "what changed" summary: plain Python, no database, no HTTP."""

from __future__ import annotations

import datetime as dt

from planner.changes import (
    DateMove,
    MilestoneSnapshot,
    PlanSnapshot,
    ReplanSummary,
    plan_name,
    summarize,
)

D = dt.date


def test_plan_name_says_role_state_and_pace():
    assert plan_name(role="MLT", state="Florida", pace="part_time") == (
        "MLT in Florida, part time"
    )
    assert plan_name(role="MLS", state=None, pace="full_time") == (
        "MLS (state undecided), full time"
    )


def test_summary_lists_added_archived_moved_and_the_finish():
    before = PlanSnapshot(
        finish=D(2028, 6, 1),
        milestones=(
            MilestoneSnapshot("program", "Complete the MLT program", D(2027, 12, 1)),
            MilestoneSnapshot("exam", "Pass the MLT(ASCP) exam", D(2028, 2, 1)),
            MilestoneSnapshot(
                "ca-license", "Apply for a California license", D(2028, 4, 1)
            ),
            MilestoneSnapshot("job", "Find your first job", D(2028, 6, 1)),
        ),
    )
    after = PlanSnapshot(
        finish=D(2028, 4, 1),
        milestones=(
            MilestoneSnapshot("program", "Complete the MLT program", D(2027, 12, 1)),
            MilestoneSnapshot("exam", "Pass the MLT(ASCP) exam", D(2028, 2, 1)),
            MilestoneSnapshot("tx-background", "Background check", D(2028, 3, 1)),
            MilestoneSnapshot("job", "Find your first job", D(2028, 4, 1)),
        ),
    )
    summary = summarize(before, after)
    assert summary.added == ("Background check",)
    assert summary.archived == ("Apply for a California license",)
    assert summary.moved == (
        DateMove("Find your first job", D(2028, 6, 1), D(2028, 4, 1)),
    )
    assert (summary.finish_before, summary.finish_after) == (
        D(2028, 6, 1),
        D(2028, 4, 1),
    )
    assert summary.finish_changed
    assert summary.changed


def test_summary_of_an_identical_plan_says_nothing_changed():
    same = PlanSnapshot(
        finish=D(2028, 1, 1),
        milestones=(MilestoneSnapshot("exam", "Exam", D(2028, 1, 1)),),
    )
    summary = summarize(same, same)
    assert not summary.changed
    assert summary == ReplanSummary(
        finish_before=D(2028, 1, 1), finish_after=D(2028, 1, 1)
    )


def test_summary_survives_the_session_round_trip():
    summary = ReplanSummary(
        added=("A",),
        archived=("B",),
        moved=(DateMove("C", D(2027, 1, 1), None),),
        finish_before=None,
        finish_after=D(2028, 1, 1),
    )
    assert ReplanSummary.from_json(summary.to_json()) == summary


def test_plan_name_in_spanish():
    from django.utils import translation

    with translation.override("es"):
        assert plan_name(role="MLT", state="Florida", pace="part_time") == (
            "MLT en Florida, tiempo parcial"
        )
        assert plan_name(role="MLS", state=None, pace="full_time") == (
            "MLS (estado sin decidir), tiempo completo"
        )
