from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from planner.data.sample import STATES, sample_context
from planner.planning import (
    PART_TIME_FACTOR,
    EducationLevel,
    MilestoneKind,
    PlanAnswers,
    PlanningError,
    StudyPace,
    build_plan,
)

TODAY = dt.date(2026, 11, 25)
MLT = "medical-laboratory-technician"
MLS = "medical-laboratory-scientist"


def plan(
    role: str = MLT,
    level: str = "high_school",
    state: str | None = None,
    body: str | None = None,
    pace: str = "full_time",
    start: dt.date | None = None,
):
    answers = PlanAnswers(role, level, state, body, pace, start)
    return build_plan(answers, context=sample_context(state), today=TODAY)


def kinds(result) -> list[str]:
    return [s.kind for s in result.steps]


def test_high_school_to_mlt_in_california_with_ascp() -> None:
    result = plan(MLT, "high_school", "CA", "ascp")

    assert [s.key for s in result.steps] == [
        "mlt-program",
        "mlt-clinical",
        "certification-exam",
        "state-licence",
        "job-search",
        "continuing-education",
    ]
    program, clinical, exam, licence, _, ce = result.steps
    assert "NAACLS or ABHES" in program.title
    assert program.kind == MilestoneKind.EDUCATION
    assert clinical.kind == MilestoneKind.CLINICAL_TRAINING
    assert exam.title == "Pass the MLT(ASCP) exam (Route 1)"
    assert result.chosen_route is not None
    assert (result.chosen_route.certification, result.chosen_route.route) == (
        "MLT(ASCP)",
        "1",
    )
    assert licence.cost_usd == Decimal(230)
    assert "California Department of Public Health" in licence.links[0][0]
    assert "Complete any background check" in licence.checklist
    assert "36 points every 3 years" in ce.description
    assert "safety" in ce.description
    assert result.total_cost_usd == Decimal(445)
    assert "CDPH application page" in result.cost_as_of


def test_associate_mlt_in_texas_with_amt_needs_only_the_exam() -> None:
    result = plan(MLT, "associate_mlt", "TX", "amt")

    assert MilestoneKind.EDUCATION not in kinds(result)
    assert MilestoneKind.LICENSURE not in kinds(result)
    exam = next(s for s in result.steps if s.kind == MilestoneKind.CERTIFICATION)
    assert exam.title.startswith("Pass the MLT(AMT) exam")
    assert result.chosen_route is not None
    assert result.chosen_route.satisfied
    assert "already meet" in result.chosen_route.route_reason


def test_mlt_to_mls_takes_route_2_with_degree_and_experience() -> None:
    result = plan(MLS, "associate_mlt", None, "ascp")

    assert result.chosen_route is not None
    assert (result.chosen_route.certification, result.chosen_route.route) == (
        "MLS(ASCP)",
        "2",
    )
    by_key = {s.key: s for s in result.steps}
    assert "bachelor's degree" in by_key["mls-degree-completion"].title
    experience = by_key["mls-experience"]
    assert experience.kind == MilestoneKind.EXPERIENCE
    assert "24 months" in experience.title
    # Experience is built alongside the degree, not after it.
    assert experience.start_date == by_key["mls-degree-completion"].start_date
    assert by_key["mls-prerequisite"].title == "Hold MLT(ASCP) certification"


def test_bachelor_without_mls_takes_route_1_programme() -> None:
    result = plan(MLS, "bachelor", None, "ascp")

    assert result.chosen_route is not None
    assert result.chosen_route.route == "1"
    assert "mls-program-postbac" in [s.key for s in result.steps]
    assert "mls-experience" not in [s.key for s in result.steps]


@pytest.mark.parametrize(
    ("state", "has_licence"),
    [("CA", True), ("NY", True), ("TX", False), ("GA", False), (None, False)],
)
def test_licensure_milestone_exactly_when_the_state_requires_a_licence(
    state: str | None, has_licence: bool
) -> None:
    result = plan(MLT, "high_school", state, "ascp")

    assert (MilestoneKind.LICENSURE in kinds(result)) is has_licence


def test_undecided_state_warns_instead_of_a_licence_milestone() -> None:
    result = plan(MLT, "associate_mlt", None, "ascp")

    assert any("No state chosen" in w for w in result.warnings)


def test_help_me_choose_picks_ascp_on_a_tie_with_a_reason() -> None:
    result = plan(MLT, "high_school", "CA", None)

    assert result.chosen_body == "ascp"
    assert "ASCP" in result.body_reason
    assert "AMT" in result.body_reason


def test_help_me_choose_prefers_the_body_whose_route_is_already_met() -> None:
    # Plain associate degree: MLT(AMT) route 2 (60 semester hours) is met, MLT(ASCP) needs a programme.
    result = plan(MLT, "associate", "TX", None)

    assert result.chosen_body == "amt"
    assert "already meet" in result.body_reason


def test_body_without_a_certification_for_the_role_falls_back_with_a_warning() -> None:
    result = plan("histotechnician", "associate", "TX", "amt")

    assert result.chosen_body == "ascp"
    assert any("AMT offers no certification" in w for w in result.warnings)


def test_role_without_certification_has_no_exam_and_says_so() -> None:
    result = plan("lead-technologist", "bachelor_mls", "TX", None)

    assert MilestoneKind.CERTIFICATION not in kinds(result)
    assert result.chosen_route is None
    assert any("no certification" in w for w in result.warnings)


def test_discontinued_and_military_routes_are_never_chosen() -> None:
    for level in EducationLevel.values:
        result = plan(MLT, level, "TX", "ascp")
        assert result.chosen_route is not None
        assert result.chosen_route.route not in {"2", "3"}


def test_part_time_doubles_education_and_clinical_but_not_the_exam() -> None:
    full = {s.key: s for s in plan(MLT, "high_school", "TX", "ascp").steps}
    part = {s.key: s for s in plan(MLT, "high_school", "TX", "ascp", "part_time").steps}

    for key in ("mlt-program", "mlt-clinical"):
        assert part[key].duration_weeks == full[key].duration_weeks * PART_TIME_FACTOR
    assert (
        part["certification-exam"].duration_weeks
        == full["certification-exam"].duration_weeks
    )


def test_start_date_defaults_to_today_and_can_be_set() -> None:
    assert plan().steps[0].start_date == TODAY
    assert plan(start=dt.date(2027, 1, 4)).steps[0].start_date == dt.date(2027, 1, 4)


def test_estimated_finish_excludes_the_continuing_education_cycle() -> None:
    result = plan(MLT, "high_school", "CA", "ascp")

    job = next(s for s in result.steps if s.kind == MilestoneKind.JOB_SEARCH)
    assert result.estimated_finish == job.due_date
    assert result.steps[-1].due_date > result.estimated_finish


def test_unknown_role_or_state_is_a_planning_error() -> None:
    with pytest.raises(PlanningError):
        build_plan(
            PlanAnswers("astronaut", "high_school"),
            context=sample_context(),
            today=TODAY,
        )
    with pytest.raises(PlanningError):
        build_plan(
            PlanAnswers(MLT, "high_school", "ZZ"), context=sample_context(), today=TODAY
        )


def test_editor_text_with_stray_braces_is_kept_as_written() -> None:
    context = sample_context("TX")
    from dataclasses import replace

    context.template_steps = [
        replace(s, title="Apply {oops") if s.key == "job-search" else s
        for s in context.template_steps
    ]
    result = build_plan(
        PlanAnswers(MLT, "associate_mlt", "TX", "amt"), context=context, today=TODAY
    )

    assert "Apply {oops" in [s.title for s in result.steps]


answers_strategy = st.builds(
    PlanAnswers,
    target_role=st.sampled_from(
        [MLT, MLS, "phlebotomy-technician", "histotechnician", "lead-technologist"]
    ),
    education_level=st.sampled_from(EducationLevel.values),
    state=st.sampled_from([None, *STATES]),
    certifying_body=st.sampled_from([None, "ascp", "amt"]),
    study_pace=st.sampled_from(StudyPace.values),
    start_date=st.one_of(
        st.none(), st.dates(dt.date(2020, 1, 1), dt.date(2031, 12, 31))
    ),
)


@settings(max_examples=300, deadline=None)
@given(answers=answers_strategy)
def test_every_plan_is_ordered_and_its_dates_never_go_backwards(
    answers: PlanAnswers,
) -> None:
    result = build_plan(answers, context=sample_context(answers.state), today=TODAY)
    start = answers.start_date or TODAY

    assert [s.order for s in result.steps] == list(range(1, len(result.steps) + 1))
    assert len({s.key for s in result.steps}) == len(result.steps)
    for step in result.steps:
        assert start <= step.start_date <= step.due_date
    for before, after in zip(result.steps, result.steps[1:], strict=False):
        assert before.start_date <= after.start_date
        assert before.due_date <= after.due_date
    assert result.estimated_finish >= start
    requires = STATES[answers.state].requires_license if answers.state else False
    assert (MilestoneKind.LICENSURE in kinds(result)) is requires
    if result.total_cost_usd is not None:
        assert result.total_cost_usd == sum(
            s.cost_usd for s in result.steps if s.cost_usd is not None
        )


@settings(max_examples=100, deadline=None)
@given(answers=answers_strategy)
def test_part_time_never_finishes_earlier_than_full_time(answers: PlanAnswers) -> None:
    from dataclasses import replace

    full = build_plan(
        replace(answers, study_pace="full_time"),
        context=sample_context(answers.state),
        today=TODAY,
    )
    part = build_plan(
        replace(answers, study_pace="part_time"),
        context=sample_context(answers.state),
        today=TODAY,
    )

    assert part.estimated_finish >= full.estimated_finish
