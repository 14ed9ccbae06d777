"""The plan-generation rules, run on the seeded content (no HTTP; the database is read once).

`contexts` (tests/planner/conftest.py) holds the planning context for every jurisdiction as
`load_context` builds it from what `load_content` and `load_pathways` seed.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from planner.eligibility import CompletedProgram
from planner.planning import (
    PART_TIME_FACTOR,
    Anchor,
    EducationLevel,
    MilestoneKind,
    MilestoneStatus,
    PlanAnswers,
    PlanningContext,
    PlanResult,
    StepPlan,
    StudyPace,
    build_plan,
)

TODAY = dt.date(2026, 11, 25)
MLT = "medical-laboratory-technician"
MLS = "medical-laboratory-scientist"
EXAM = "-certification-exam"
ROLES = [
    MLT,
    MLS,
    "phlebotomy-technician",
    "histotechnician",
    "cytotechnologist",
    "molecular-technologist",
    "blood-bank-technologist",
    "lead-technologist",
    "laboratory-supervisor",
    "laboratory-manager",
]
Contexts = dict[str | None, PlanningContext]


def plan(
    contexts: Contexts,
    answers: PlanAnswers,
    *,
    today: dt.date = TODAY,
    progress: dict[str, Anchor] | None = None,
    earned: frozenset[str] = frozenset(),
) -> PlanResult:
    return build_plan(
        answers,
        context=contexts[answers.state],
        today=today,
        progress=progress,
        earned=earned,
    )


def keys(result: PlanResult) -> list[str]:
    return [s.key for s in result.steps]


def kinds(result: PlanResult) -> list[str]:
    return [s.kind for s in result.steps]


def by_key(result: PlanResult) -> dict[str, StepPlan]:
    return {s.key: s for s in result.steps}


def progress_of(result: PlanResult, **statuses: str) -> dict[str, Anchor]:
    """Anchors for every step of `result`; keyword = key with "_" for "-" -> status."""
    wanted = {k.replace("_", "-"): v for k, v in statuses.items()}
    return {
        s.key: Anchor(
            status=wanted.get(s.key, MilestoneStatus.NOT_STARTED),
            start_date=s.start_date,
            due_date=s.due_date,
            completed_on=s.due_date
            if wanted.get(s.key) == MilestoneStatus.DONE
            else None,
        )
        for s in result.steps
    }


def test_high_school_to_mlt_in_california_with_ascp(contexts: Contexts) -> None:
    result = plan(contexts, PlanAnswers(MLT, "high_school", "CA", "ascp"))

    order = keys(result)
    assert order == [
        "mlt-program",
        "mlt-clinical",
        "mlt-ascp" + EXAM,
        "license-ca-mlt",
        "job-search",
        "license-ca-mlt-renewal",
        "mlt-ascp-continuing-education",
    ]
    licence = [s for s in result.steps if s.kind == MilestoneKind.LICENSURE]
    assert licence
    assert all(s.state == "CA" for s in licence)
    assert any(
        "California Department of Public Health" in label
        for s in licence
        for label, _ in s.links
    )
    program, _, exam = result.steps[:3]
    assert "NAACLS or ABHES" in program.title
    assert exam.title == "Pass the MLT(ASCP) exam (Route 1)"
    assert exam.cost_usd == Decimal(215)
    ce = result.steps[-1]
    assert "36 points every 3 years" in ce.description
    assert "safety" in ce.description
    assert result.chosen_route is not None
    assert (result.chosen_route.certification, result.chosen_route.route) == (
        "MLT(ASCP)",
        "1",
    )


def test_associate_mlt_in_texas_with_amt_needs_no_education_or_licence(
    contexts: Contexts,
) -> None:
    result = plan(contexts, PlanAnswers(MLT, "associate_mlt", "TX", "amt"))

    assert MilestoneKind.EDUCATION not in kinds(result)
    assert MilestoneKind.LICENSURE not in kinds(result)
    assert "mlt-amt" + EXAM in keys(result)


def test_mlt_holder_to_mls_builds_experience_alongside_the_degree(
    contexts: Contexts,
) -> None:
    result = plan(
        contexts,
        PlanAnswers(
            MLS, "associate_mlt", None, "ascp", credentials_held=frozenset({"mlt-ascp"})
        ),
    )

    assert result.chosen_route is not None
    assert (result.chosen_route.certification, result.chosen_route.route) == (
        "MLS(ASCP)",
        "2",
    )
    steps = by_key(result)
    degree, experience = steps["mls-degree-completion"], steps["mls-experience"]
    assert "24 months" in experience.title
    assert experience.start_date == degree.start_date
    assert not [k for k in keys(result) if k.startswith("mlt-")]


def test_experience_already_worked_counts_towards_the_route(contexts: Contexts) -> None:
    answers = PlanAnswers(
        MLS,
        "associate_mlt",
        None,
        "ascp",
        credentials_held=frozenset({"mlt-ascp"}),
        experience={"chemistry": 10, "hematology": 4},
    )

    result = plan(contexts, answers)

    assert "10 months" in by_key(result)["mls-experience"].title


@pytest.mark.parametrize(
    ("state", "has_licence"),
    [
        ("CA", True),
        ("NY", True),
        ("FL", True),
        ("PR", True),
        ("TX", False),
        ("GA", False),
        (None, False),
    ],
)
def test_licensure_exactly_when_the_state_licenses_personnel(
    contexts: Contexts, state: str | None, has_licence: bool
) -> None:
    result = plan(contexts, PlanAnswers(MLT, "high_school", state, "ascp"))

    assert (MilestoneKind.LICENSURE in kinds(result)) is has_licence


def test_help_me_choose_explains_the_body_it_picked(contexts: Contexts) -> None:
    result = plan(contexts, PlanAnswers(MLT, "high_school", "TX", None))

    assert result.chosen_body == "ascp"
    assert "MLT(ASCP)" in result.body_reason
    # Both need a program; ASCP's route is confirmed and AMT's is not: that is the reason.
    assert result.body_reason == (
        "MLT(ASCP)'s route is confirmed from a source and MLT(AMT)'s is not."
    )


def test_help_me_choose_says_when_its_pick_rests_on_an_unconfirmed_route(
    contexts: Contexts,
) -> None:
    # An associate degree appears to meet AMT's college-credit route, which was taken from an
    # unofficial copy: the reason must not call it confirmed.
    result = plan(contexts, PlanAnswers(MLT, "associate", "TX", None))

    assert result.chosen_body == "amt"
    assert "not confirmed from a source" in result.body_reason
    assert "American Medical Technologists" in result.body_reason
    assert "confirmed from a source or" not in result.body_reason


def test_a_body_without_the_credential_falls_back_with_a_warning(
    contexts: Contexts,
) -> None:
    result = plan(contexts, PlanAnswers("histotechnician", "associate", "TX", "amt"))

    assert result.chosen_body == "ascp"
    assert any("AMT offers no certification" in w for w in result.warnings)


def test_a_role_without_its_own_credential_plans_the_one_it_stands_on(
    contexts: Contexts,
) -> None:
    result = plan(
        contexts, PlanAnswers("lead-technologist", "bachelor_mls", "TX", "ascp")
    )

    assert keys(result).index("mls-ascp" + EXAM) < keys(result).index(
        "leadership-experience"
    )
    assert result.chosen_route is not None
    assert result.chosen_route.certification == "MLS(ASCP)"


def test_military_and_discontinued_routes_only_for_those_who_did_them(
    contexts: Contexts,
) -> None:
    for level in EducationLevel.values:
        result = plan(contexts, PlanAnswers(MLT, level, "TX", "ascp"))
        assert result.chosen_route is not None
        assert result.chosen_route.route not in {"2", "3"}
    veteran = plan(
        contexts,
        PlanAnswers(
            MLT,
            "associate",
            "TX",
            "ascp",
            programs_completed=(CompletedProgram("military", 2022),),
            coursework={"biology": Decimal(6), "chemistry": Decimal(6)},
        ),
    )
    assert veteran.chosen_route is not None
    assert veteran.chosen_route.route == "3"


def test_part_time_doubles_education_and_clinical_but_not_the_exam(
    contexts: Contexts,
) -> None:
    full = by_key(plan(contexts, PlanAnswers(MLT, "high_school", "TX", "ascp")))
    part = by_key(
        plan(contexts, PlanAnswers(MLT, "high_school", "TX", "ascp", "part_time"))
    )

    for key in ("mlt-program", "mlt-clinical"):
        assert part[key].duration_weeks == full[key].duration_weeks * PART_TIME_FACTOR
    exam = "mlt-ascp" + EXAM
    assert part[exam].duration_weeks == full[exam].duration_weeks


def test_start_date_defaults_to_today_and_can_be_set(contexts: Contexts) -> None:
    assert plan(contexts, PlanAnswers(MLT, "high_school")).steps[0].start_date == TODAY
    later = PlanAnswers(MLT, "high_school", start_date=dt.date(2027, 1, 4))
    assert plan(contexts, later).steps[0].start_date == dt.date(2027, 1, 4)


def test_estimated_finish_excludes_continuing_education(contexts: Contexts) -> None:
    result = plan(contexts, PlanAnswers(MLT, "high_school", "TX", "ascp"))

    job = next(s for s in result.steps if s.kind == MilestoneKind.JOB_SEARCH)
    assert result.estimated_finish == job.due_date
    assert result.steps[-1].due_date > result.estimated_finish


def test_unknown_role_or_state_is_a_planning_error(contexts: Contexts) -> None:
    from planner.planning import PlanningError

    with pytest.raises(PlanningError):
        build_plan(
            PlanAnswers("astronaut", "high_school"), context=contexts[None], today=TODAY
        )
    with pytest.raises(PlanningError):
        build_plan(
            PlanAnswers(MLT, "high_school", "ZZ"), context=contexts[None], today=TODAY
        )


def test_editor_text_with_stray_braces_is_kept_as_written(contexts: Contexts) -> None:
    context = replace(
        contexts["TX"],
        template_steps=[
            replace(s, title="Apply {oops") if s.key == "job-search" else s
            for s in contexts["TX"].template_steps
        ],
    )

    result = build_plan(
        PlanAnswers(MLT, "associate_mlt", "TX", "amt"), context=context, today=TODAY
    )

    assert "Apply {oops" in [s.title for s in result.steps]


# --- re-planning ---------------------------------------------------------------------------


def test_switching_body_after_a_passed_exam_does_not_move_its_progress(
    contexts: Contexts,
) -> None:
    ascp = PlanAnswers(MLT, "associate_mlt", "TX", "ascp")
    first = plan(contexts, ascp)
    passed = progress_of(first, mlt_ascp_certification_exam=MilestoneStatus.DONE)

    switched = plan(
        contexts,
        replace(ascp, certifying_body="amt"),
        progress=passed,
        earned=frozenset({"mlt-ascp"}),
    )

    assert "mlt-ascp" + EXAM not in keys(
        switched
    )  # archived by the service, not reused
    amt_exam = by_key(switched)["mlt-amt" + EXAM]
    assert amt_exam.certification == "mlt-amt"


def test_a_passed_exam_is_a_credential_held_when_the_target_moves_up(
    contexts: Contexts,
) -> None:
    mlt = PlanAnswers(MLT, "associate_mlt", "TX", "ascp")
    passed = progress_of(
        plan(contexts, mlt), mlt_ascp_certification_exam=MilestoneStatus.DONE
    )

    mls = plan(
        contexts,
        replace(mlt, target_role=MLS),
        progress=passed,
        earned=frozenset({"mlt-ascp"}),
    )

    assert not [k for k in keys(mls) if k.startswith("mlt-")]
    route_2 = next(r for r in mls.routes if r.code == "2")
    assert not any("MLT(ASCP)" in text for text in route_2.missing)
    assert "mls-ascp" + EXAM in keys(mls)


def test_started_steps_keep_their_dates_and_anchor_the_next_ones(
    contexts: Contexts,
) -> None:
    answers = PlanAnswers(MLT, "high_school", "TX", "ascp")
    first = plan(contexts, answers)
    program = by_key(first)["mlt-program"]
    progress = progress_of(first, mlt_program=MilestoneStatus.IN_PROGRESS)

    part_time = plan(
        contexts, replace(answers, study_pace="part_time"), progress=progress
    )

    kept = by_key(part_time)["mlt-program"]
    assert (kept.start_date, kept.due_date) == (program.start_date, program.due_date)
    clinical = by_key(part_time)["mlt-clinical"]
    assert clinical.start_date == program.due_date  # no hole


def test_a_step_done_early_pulls_the_next_one_forward(contexts: Contexts) -> None:
    answers = PlanAnswers(MLT, "high_school", "TX", "ascp", start_date=TODAY)
    first = plan(contexts, answers)
    program = by_key(first)["mlt-program"]
    early = dt.date(2028, 1, 5)
    assert early < program.due_date
    progress = progress_of(first)
    progress["mlt-program"] = Anchor(
        MilestoneStatus.DONE,
        program.start_date,
        program.due_date,
        early,
    )

    replanned = plan(contexts, answers, today=dt.date(2028, 1, 10), progress=progress)

    assert by_key(replanned)["mlt-program"].due_date == early
    assert by_key(replanned)["mlt-clinical"].start_date == early
    assert replanned.estimated_finish < first.estimated_finish


def test_a_missed_step_not_started_is_re_dated_from_today_with_a_note(
    contexts: Contexts,
) -> None:
    answers = PlanAnswers(
        MLT, "associate_mlt", "TX", "ascp", start_date=dt.date(2024, 1, 1)
    )
    first = plan(contexts, answers, today=dt.date(2024, 1, 1))
    later = dt.date(2026, 6, 1)

    replanned = plan(contexts, answers, today=later, progress=progress_of(first))

    exam = by_key(replanned)["mlt-ascp" + EXAM]
    assert exam.start_date == later
    assert "Re-dated" in exam.description
    assert any("re-dated" in w for w in replanned.warnings)


# --- properties -----------------------------------------------------------------------------

answers_strategy = st.builds(
    PlanAnswers,
    target_role=st.sampled_from(ROLES),
    education_level=st.sampled_from(EducationLevel.values),
    state=st.sampled_from([None, "CA", "NY", "TX", "FL", "LA", "PR", "GA"]),
    certifying_body=st.sampled_from([None, "ascp", "amt"]),
    study_pace=st.sampled_from(StudyPace.values),
    start_date=st.one_of(
        st.none(), st.dates(dt.date(2020, 1, 1), dt.date(2031, 12, 31))
    ),
    credentials_held=st.frozensets(
        st.sampled_from(["mlt-ascp", "mls-ascp", "ht-ascp", "mlt-amt"])
    ),
    experience=st.dictionaries(
        st.sampled_from(
            ["chemistry", "hematology", "blood_bank", "molecular", "histology"]
        ),
        st.integers(0, 48),
        max_size=3,
    ),
)
PROPERTY = settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)


@PROPERTY
@given(answers=answers_strategy)
def test_dates_never_go_backwards(contexts: Contexts, answers: PlanAnswers) -> None:
    result = plan(contexts, answers)
    start = answers.start_date or TODAY

    assert [s.order for s in result.steps] == list(range(1, len(result.steps) + 1))
    assert len(set(keys(result))) == len(result.steps)
    for step in result.steps:
        assert step.start_date <= step.due_date
        assert step.start_date >= min(start, TODAY) or step.start_date >= start
    for before, after in zip(result.steps, result.steps[1:], strict=False):
        assert before.start_date <= after.start_date
    assert result.estimated_finish >= start
    assert sum(1 for r in result.routes if r.chosen) == (1 if result.routes else 0)


@PROPERTY
@given(answers=answers_strategy)
def test_re_planning_with_unchanged_answers_changes_nothing(
    contexts: Contexts, answers: PlanAnswers
) -> None:
    first = plan(contexts, answers)

    again = plan(contexts, answers, progress=progress_of(first))

    assert [(s.key, s.start_date, s.due_date, s.title) for s in again.steps] == [
        (s.key, s.start_date, s.due_date, s.title) for s in first.steps
    ]


@PROPERTY
@given(first_answers=answers_strategy, second_answers=answers_strategy)
def test_progress_never_moves_between_credentials(
    contexts: Contexts, first_answers: PlanAnswers, second_answers: PlanAnswers
) -> None:
    first = plan(contexts, first_answers)
    second = plan(contexts, replace(second_answers, state=first_answers.state))
    first_certs = {s.key: s.certification for s in first.steps}

    for step in [*first.steps, *second.steps]:
        if step.certification and step.kind in (
            MilestoneKind.CERTIFICATION,
            MilestoneKind.CONTINUING_EDUCATION,
        ):
            assert step.key.startswith(step.certification + "-")
    for step in second.steps:
        if step.key in first_certs:
            # The same key always means the same credential, whatever the answers.
            assert step.certification == first_certs[step.key]


@PROPERTY
@given(answers=answers_strategy)
def test_every_published_credential_keeps_its_exam(
    contexts: Contexts, answers: PlanAnswers
) -> None:
    result = plan(contexts, answers)
    context = contexts[answers.state]
    offered = [c for c in context.certifications if c.role == answers.target_role]

    if offered and not any(c.slug in answers.credentials_held for c in offered):
        assert any(k.endswith(EXAM) for k in keys(result)), keys(result)


def test_help_me_choose_names_the_credential_a_leadership_role_stands_on(
    contexts: Contexts,
) -> None:
    # A manager plan ranks the bodies on the MLS it builds on; the reason must say so, not
    # compare DLM(ASCP) with MLS(AMT).
    result = plan(contexts, PlanAnswers("laboratory-manager", "bachelor", "TX", None))
    assert result.body_reason == (
        "MLS(ASCP)'s route is confirmed from a source and MLS(AMT)'s is not "
        "(DLM(ASCP) builds on MLS(ASCP))."
    )
    held = plan(
        contexts,
        PlanAnswers(
            "laboratory-manager",
            "bachelor_mls",
            "TX",
            None,
            credentials_held=frozenset({"mls-ascp"}),
        ),
    )
    assert held.body_reason.startswith(
        "You already hold MLS(ASCP), which DLM(ASCP) builds on"
    )
