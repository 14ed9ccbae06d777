"""Real backgrounds through POST /api/v1/plans/, checked as a careers adviser would.

Every persona is planned on the content the product seeds. The expectations are written from
the cited rules (ASCP BOC and AMT routes, state licensure), not from the planner's output:
which route, which milestones must be there and in what order, and which must not.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

pytestmark = pytest.mark.django_db

MLT = "medical-laboratory-technician"
MLS = "medical-laboratory-scientist"
EXAM = "-certification-exam"
CONFIRM = "-confirm-route"
EDUCATION = ("education", "clinical_training")


@dataclass(frozen=True)
class Persona:
    name: str
    answers: dict[str, Any]
    route: str | None = None  # "<certification abbreviation>:<route code>" chosen
    route_not: tuple[str, ...] = ()  # routes that must not be chosen
    body: str | None = None
    # Milestone keys that must appear, in this order (others may sit between them).
    sequence: tuple[str, ...] = ()
    absent: tuple[str, ...] = ()  # keys that must not appear
    kinds_absent: tuple[str, ...] = ()
    kinds_present: tuple[str, ...] = ()
    min_routes: int = 0
    route_met: bool | None = None
    extra: tuple[str, ...] = field(default=())  # named extra checks


PERSONAS = [
    Persona(
        "school leaver to MLT in California with ASCP",
        {
            "target_role": MLT,
            "education_level": "high_school",
            "state": "CA",
            "certifying_body": "ascp",
        },
        route="MLT(ASCP):1",
        sequence=(
            "mlt-program",
            "mlt-clinical",
            "mlt-ascp" + EXAM,
            "job-search",
            "mlt-ascp-continuing-education",
        ),
        kinds_present=("licensure",),
        route_met=False,
    ),
    Persona(
        "MLT associate graduate in Texas with AMT",
        {
            "target_role": MLT,
            "education_level": "associate_mlt",
            "state": "TX",
            "certifying_body": "amt",
        },
        route="MLT(AMT):1",
        sequence=("mlt-amt" + EXAM, "job-search"),
        kinds_absent=("education", "clinical_training", "licensure"),
    ),
    Persona(
        "MLT associate graduate in Texas with ASCP",
        {
            "target_role": MLT,
            "education_level": "associate_mlt",
            "state": "TX",
            "certifying_body": "ascp",
            "programs_completed": [{"kind": "mlt", "year": 2025}],
        },
        route="MLT(ASCP):1",
        sequence=("mlt-ascp" + EXAM,),
        absent=("mlt-ascp" + CONFIRM,),
        kinds_absent=("education", "clinical_training", "licensure"),
        route_met=True,
    ),
    Persona(
        "MLT programme finished too long ago, with bench years and the science credits",
        {
            "target_role": MLT,
            "education_level": "associate_mlt",
            "certifying_body": "ascp",
            "programs_completed": [{"kind": "mlt", "year": 2012}],
            "experience": {"chemistry": 14, "hematology": 12, "blood_bank": 12},
            "coursework": {"biology": 8, "chemistry": 8},
        },
        route="MLT(ASCP):4",
        sequence=("mlt-ascp" + EXAM,),
        kinds_absent=("education", "clinical_training"),
        route_met=True,
    ),
    Persona(
        "non-lab associate degree to MLT with AMT is not met by the degree alone",
        {"target_role": MLT, "education_level": "associate", "certifying_body": "amt"},
        route_not=("MLT(AMT):1",),
        sequence=("mlt-amt" + CONFIRM, "mlt-amt" + EXAM),
        route_met=False,
    ),
    Persona(
        "some college to MLT, help me choose",
        {"target_role": MLT, "education_level": "some_college"},
        body="ascp",
        route="MLT(ASCP):1",
        sequence=("mlt-program", "mlt-ascp" + EXAM),
    ),
    Persona(
        "military course graduate with an associate and the science credits",
        {
            "target_role": MLT,
            "education_level": "associate",
            "certifying_body": "ascp",
            "programs_completed": [{"kind": "military", "year": 2021}],
            "coursework": {"biology": 6, "chemistry": 6},
        },
        route="MLT(ASCP):3",
        kinds_absent=("education", "clinical_training"),
        route_met=True,
    ),
    Persona(
        "school leaver to MLT in New York",
        {
            "target_role": MLT,
            "education_level": "high_school",
            "state": "NY",
            "certifying_body": "ascp",
        },
        route="MLT(ASCP):1",
        kinds_present=("licensure",),
    ),
    Persona(
        "school leaver to MLT, state undecided",
        {
            "target_role": MLT,
            "education_level": "high_school",
            "certifying_body": "ascp",
        },
        kinds_absent=("licensure",),
        extra=("warns_no_state",),
    ),
    Persona(
        "school leaver to MLT part time",
        {
            "target_role": MLT,
            "education_level": "high_school",
            "certifying_body": "ascp",
            "study_pace": "part_time",
        },
        route="MLT(ASCP):1",
        extra=("part_time_is_longer",),
    ),
    Persona(
        "plan started three years ago with nothing done",
        {
            "target_role": MLT,
            "education_level": "high_school",
            "certifying_body": "ascp",
            "start_date": (
                timezone.localdate() - dt.timedelta(days=3 * 365)
            ).isoformat(),
        },
        extra=("nothing_due_in_the_past",),
    ),
    Persona(
        "MLT(ASCP) with 30 months across the departments to MLS",
        {
            "target_role": MLS,
            "education_level": "associate_mlt",
            "credentials_held": ["mlt-ascp"],
            "experience": {
                "chemistry": 8,
                "hematology": 8,
                "blood_bank": 7,
                "microbiology": 7,
            },
        },
        route="MLS(ASCP):2",
        sequence=("mls-degree-completion", "mls-ascp" + EXAM),
        absent=("mlt-ascp" + EXAM, "mls-experience"),
        min_routes=2,
        route_met=False,
    ),
    Persona(
        "MLT associate graduate to MLS compares at least two routes",
        {
            "target_role": MLS,
            "education_level": "associate_mlt",
            "certifying_body": "ascp",
        },
        min_routes=2,
        extra=("routes_say_what_is_missing",),
    ),
    Persona(
        "MLS bachelor's graduate to MLS",
        {
            "target_role": MLS,
            "education_level": "bachelor_mls",
            "certifying_body": "ascp",
        },
        route="MLS(ASCP):1",
        sequence=("mls-ascp" + EXAM,),
        kinds_absent=("education", "clinical_training"),
    ),
    Persona(
        "biology graduate to MLS through a post-baccalaureate program",
        {
            "target_role": MLS,
            "education_level": "bachelor",
            "degree_field": "biology",
            "certifying_body": "ascp",
        },
        route="MLS(ASCP):1",
        sequence=("mls-program-postbac", "mls-clinical", "mls-ascp" + EXAM),
    ),
    Persona(
        # AMT Route 1 names an associate degree *in medical laboratory technology*: only an
        # accredited MLT program gives it, so the plan is the program, not "any degree".
        "some college to MLT in Texas with AMT",
        {
            "target_role": MLT,
            "education_level": "some_college",
            "state": "TX",
            "certifying_body": "amt",
        },
        route="MLT(AMT):1",
        sequence=("mlt-program", "mlt-clinical", "mlt-amt" + EXAM),
        absent=("mlt-degree",),
    ),
    Persona(
        # AMT Route 2 asks for 60 semester hours; its coursework terms were not captured, so
        # the step must not claim ASCP's chemistry and biology hours for it.
        "some college choosing AMT's college-credit route",
        {
            "target_role": MLT,
            "education_level": "some_college",
            "state": "TX",
            "certifying_body": "amt",
            "preferred_route": "mlt-amt:2",
        },
        route="MLT(AMT):2",
        sequence=("mlt-degree", "mlt-amt" + EXAM),
        absent=("mlt-program",),
        extra=("college_step_names_only_the_routes_terms",),
    ),
    Persona(
        "preferred route is followed when it can be planned",
        {
            "target_role": MLS,
            "education_level": "associate_mlt",
            "credentials_held": ["mlt-ascp"],
            "experience": {"chemistry": 30},
            "preferred_route": "mls-ascp:1",
        },
        route="MLS(ASCP):1",
        sequence=("mls-program-transfer", "mls-ascp" + EXAM),
    ),
    Persona(
        "non-lab bachelor's to histotechnician trains before the exam",
        {
            "target_role": "histotechnician",
            "education_level": "bachelor",
            "degree_field": "non_science",
        },
        route="HT(ASCP):1",
        sequence=("specialty-program", "ht-ascp" + EXAM),
    ),
    Persona(
        "HT(ASCP) holder with a bachelor's and histology bench time to histotechnologist credential",
        {
            "target_role": "histotechnician",
            "education_level": "bachelor",
            "credentials_held": ["ht-ascp"],
            "experience": {"histology": 12},
        },
        absent=("ht-ascp" + EXAM,),
    ),
    Persona(
        "bachelor's to cytotechnologist needs a CAAHEP program",
        {
            "target_role": "cytotechnologist",
            "education_level": "bachelor",
            "degree_field": "biology",
        },
        route="CT(ASCP):program",
        sequence=("specialty-program", "ct-ascp" + EXAM),
        extra=("program_names_caahep",),
    ),
    Persona(
        "bachelor's to molecular without a credential is not Route 1",
        {
            "target_role": "molecular-technologist",
            "education_level": "bachelor",
            "degree_field": "biology",
        },
        route_not=("MB(ASCP):1",),
        sequence=("mb-ascp" + EXAM,),
    ),
    Persona(
        # MB(ASCP) Routes 1-3 are backed only by a document-sharing copy of an older ASCP
        # notice, so they are not confirmed (issue 13): the route fits the answers but the
        # plan says to confirm it with ASCP instead of calling it met.
        "certified MLS with a bachelor's to molecular follows Route 1, to confirm",
        {
            "target_role": "molecular-technologist",
            "education_level": "bachelor_mls",
            "credentials_held": ["mls-ascp"],
        },
        route="MB(ASCP):1",
        kinds_absent=("education", "experience"),
        route_met=False,
    ),
    Persona(
        "biology graduate with a year in a molecular lab follows Route 3, to confirm",
        {
            "target_role": "molecular-technologist",
            "education_level": "bachelor",
            "degree_field": "biology",
            "experience": {"molecular": 14},
        },
        route="MB(ASCP):3",
        kinds_absent=("education",),
        route_met=False,
    ),
    Persona(
        "MLS graduate to blood bank specialist",
        {"target_role": "blood-bank-technologist", "education_level": "bachelor_mls"},
        route="SBB(ASCP):1",
        sequence=("specialty-program", "sbb-ascp" + EXAM),
    ),
    Persona(
        "certified MLS with three years in blood bank meets SBB Route 2",
        {
            "target_role": "blood-bank-technologist",
            "education_level": "bachelor_mls",
            "credentials_held": ["mls-ascp"],
            "experience": {"blood_bank": 40},
        },
        route="SBB(ASCP):2",
        kinds_absent=("education", "experience"),
        route_met=True,
    ),
    Persona(
        "school leaver to supervisor gets a degree and the MLS on the way",
        {
            "target_role": "laboratory-supervisor",
            "education_level": "high_school",
            "state": "TX",
        },
        extra=("degree_then_mls_then_leadership",),
    ),
    Persona(
        "school leaver to manager gets a degree and the MLS on the way",
        {"target_role": "laboratory-manager", "education_level": "high_school"},
        extra=("degree_then_mls_then_leadership",),
    ),
    Persona(
        "MLS graduate to manager sits the MLS exam before leading",
        {
            "target_role": "laboratory-manager",
            "education_level": "bachelor_mls",
            "certifying_body": "ascp",
        },
        sequence=("mls-ascp" + EXAM, "leadership-experience"),
    ),
    Persona(
        "certified MLS to supervisor needs no new degree or exam",
        {
            "target_role": "laboratory-supervisor",
            "education_level": "bachelor_mls",
            "credentials_held": ["mls-ascp"],
        },
        # Leadership coursework is the one education step; no degree or program again.
        sequence=("leadership-skills", "leadership-experience", "job-search"),
        absent=(
            "mls-ascp" + EXAM,
            "mls-degree-completion",
            "mls-degree-full",
            "mls-program-four-year",
            "mls-program-transfer",
            "mls-program-postbac",
        ),
        kinds_absent=("certification",),
    ),
    Persona(
        "MLS graduate to lead technologist",
        {
            "target_role": "lead-technologist",
            "education_level": "bachelor_mls",
            "certifying_body": "ascp",
        },
        sequence=("mls-ascp" + EXAM, "leadership-experience"),
    ),
    Persona(
        "school leaver to phlebotomist with ASCP (route not confirmed)",
        {
            "target_role": "phlebotomy-technician",
            "education_level": "high_school",
            "state": "TX",
            "certifying_body": "ascp",
        },
        sequence=("pbt-ascp" + CONFIRM, "pbt-ascp" + EXAM),
        kinds_absent=("licensure",),
    ),
    Persona(
        "school leaver to phlebotomist with AMT (no route on record)",
        {
            "target_role": "phlebotomy-technician",
            "education_level": "high_school",
            "certifying_body": "amt",
        },
        sequence=("rpt-amt" + CONFIRM, "rpt-amt" + EXAM),
        extra=("no_routes_listed",),
    ),
    Persona(
        "MLS graduate with AMT: what the route cannot check is to confirm",
        {
            "target_role": MLS,
            "education_level": "bachelor_mls",
            "certifying_body": "amt",
        },
        route="MLS(AMT):general",
        sequence=("mls-amt" + EXAM,),
        kinds_absent=("education",),
        route_met=False,
        extra=("exam_lists_what_to_confirm",),
    ),
    Persona(
        "school leaver to MLS",
        {
            "target_role": MLS,
            "education_level": "high_school",
            "certifying_body": "ascp",
        },
        sequence=("mls-ascp" + EXAM, "job-search"),
        extra=("education_before_exam",),
    ),
    Persona(
        "associate in MLT to MLT in Florida part time",
        {
            "target_role": MLT,
            "education_level": "associate_mlt",
            "state": "FL",
            "certifying_body": "ascp",
            "study_pace": "part_time",
        },
        kinds_present=("licensure",),
        kinds_absent=("education",),
    ),
]


PERSONAS += [
    Persona(
        "biology graduate to MLS in California: trainee license before training, CLS after",
        {
            "target_role": MLS,
            "education_level": "bachelor",
            "degree_field": "biology",
            "state": "CA",
            "certifying_body": "ascp",
        },
        route="MLS(ASCP):1",
        sequence=(
            "license-ca-cls-trainee",
            "mls-clinical",
            "mls-ascp" + EXAM,
            "license-ca-cls",
            "license-ca-cls-renewal",
        ),
        absent=("license-ca-mlt",),
    ),
    Persona(
        "school leaver to phlebotomist in California: CPT I training and certificate",
        {
            "target_role": "phlebotomy-technician",
            "education_level": "high_school",
            "state": "CA",
        },
        sequence=("license-ca-cpt-1-requirements", "license-ca-cpt-1"),
        absent=("license-ca-mlt", "license-ca-cls"),
        extra=("cpt1_training_names_the_hours",),
    ),
    Persona(
        "school leaver to phlebotomist in Florida: no license (cited exclusion)",
        {
            "target_role": "phlebotomy-technician",
            "education_level": "high_school",
            "state": "FL",
        },
        kinds_absent=("licensure",),
    ),
    Persona(
        "MLT associate graduate in Texas: no license",
        {"target_role": MLT, "education_level": "associate_mlt", "state": "TX"},
        kinds_absent=("licensure",),
    ),
    Persona(
        "histotechnician in California: no confirmed category, so ask the board",
        {
            "target_role": "histotechnician",
            "education_level": "bachelor",
            "state": "CA",
        },
        sequence=("ht-ascp" + EXAM, "license-ca-confirm"),
        extra=("confirm_step_links_the_board",),
    ),
]


def _create(api_client: Any, user: Any, answers: dict[str, Any]) -> dict[str, Any]:
    api_client.force_authenticate(user)
    response = api_client.post(reverse("api:plan-list"), answers, format="json")
    assert response.status_code == 201, response.json()
    return response.json()


def _keys(plan: dict[str, Any]) -> list[str]:
    return [m["key"] for m in plan["milestones"]]


def _chosen(plan: dict[str, Any]) -> dict[str, Any] | None:
    chosen = [r for r in plan["routes"] if r["chosen"]]
    assert len(chosen) <= 1
    return chosen[0] if chosen else None


def test_there_are_at_least_thirty_personas() -> None:
    assert len(PERSONAS) >= 30
    assert len({p.name for p in PERSONAS}) == len(PERSONAS)


@pytest.mark.parametrize("persona", PERSONAS, ids=[p.name for p in PERSONAS])
def test_persona_gets_a_plan_an_adviser_would_sign(
    persona: Persona, api_client: Any, user: Any
) -> None:
    plan = _create(api_client, user, persona.answers)
    keys = _keys(plan)
    kinds = [m["kind"] for m in plan["milestones"]]
    chosen = _chosen(plan)

    # Every plan: ordered, dated forward, one chosen route when routes were weighed.
    assert [m["order"] for m in plan["milestones"]] == list(range(1, len(keys) + 1))
    dues = [dt.date.fromisoformat(m["due_date"]) for m in plan["milestones"]]
    assert dues == sorted(dues)
    if plan["routes"]:
        assert chosen is not None
    for route in plan["routes"]:
        assert route["met"] == (not route["missing"])
        if route["met"]:
            assert route["verified"]

    if persona.body:
        assert plan["chosen_body"] == persona.body
    label = f"{chosen['certification']}:{chosen['code']}" if chosen else None
    if persona.route:
        assert label == persona.route, plan["route_summary"]
    for unwanted in persona.route_not:
        assert label != unwanted
    if persona.route_met is not None:
        assert chosen is not None
        assert chosen["met"] is persona.route_met, chosen
    positions = []
    for key in persona.sequence:
        assert key in keys, f"{key} missing from {keys}"
        positions.append(keys.index(key))
    assert positions == sorted(positions), keys
    for key in persona.absent:
        assert key not in keys, keys
    for kind in persona.kinds_absent:
        assert kind not in kinds, keys
    for kind in persona.kinds_present:
        assert kind in kinds, keys
    assert len(plan["routes"]) >= persona.min_routes
    for check in persona.extra:
        EXTRA_CHECKS[check](plan, api_client, persona)


def _warns_no_state(plan: dict[str, Any], *_: Any) -> None:
    assert any("No state chosen" in w for w in plan["warnings"])


def _part_time_is_longer(
    plan: dict[str, Any], api_client: Any, persona: Persona
) -> None:
    full = api_client.post(
        reverse("api:plan-list"),
        {**persona.answers, "study_pace": "full_time"},
        format="json",
    ).json()
    assert plan["estimated_finish"] > full["estimated_finish"]
    part_program = next(m for m in plan["milestones"] if m["key"] == "mlt-program")
    full_program = next(m for m in full["milestones"] if m["key"] == "mlt-program")
    assert _days(part_program) == pytest.approx(2 * _days(full_program), abs=2)


def _days(milestone: dict[str, Any]) -> int:
    start = dt.date.fromisoformat(milestone["start_date"])
    return (dt.date.fromisoformat(milestone["due_date"]) - start).days


def _nothing_due_in_the_past(plan: dict[str, Any], *_: Any) -> None:
    today = timezone.localdate()
    assert all(
        dt.date.fromisoformat(m["due_date"]) >= today for m in plan["milestones"]
    )
    assert any("re-dated" in w for w in plan["warnings"])


def _routes_say_what_is_missing(plan: dict[str, Any], *_: Any) -> None:
    codes = {r["code"] for r in plan["routes"]}
    assert {"1", "2"} <= codes
    for route in plan["routes"]:
        if not route["met"]:
            assert route["missing"]
    route_2 = next(r for r in plan["routes"] if r["code"] == "2")
    assert any("MLT(ASCP)" in text for text in route_2["missing"])
    assert any("months" in text for text in route_2["missing"])


def _program_names_caahep(plan: dict[str, Any], *_: Any) -> None:
    program = next(m for m in plan["milestones"] if m["key"] == "specialty-program")
    assert "CAAHEP" in program["title"]
    assert "cytotechnology" in program["title"].lower()


def _degree_then_mls_then_leadership(plan: dict[str, Any], *_: Any) -> None:
    milestones = plan["milestones"]
    keys = _keys(plan)
    mls_exam = next(k for k in keys if k.startswith("mls-") and k.endswith(EXAM))
    leadership = keys.index("leadership-experience")
    first_education = next(
        i for i, m in enumerate(milestones) if m["kind"] in EDUCATION
    )
    assert first_education < keys.index(mls_exam) < leadership
    degree_like = [
        m["title"].lower()
        for m in milestones[: keys.index(mls_exam)]
        if m["kind"] == "education"
    ]
    assert any("degree" in t or "program" in t for t in degree_like), degree_like


def _no_routes_listed(plan: dict[str, Any], *_: Any) -> None:
    assert plan["routes"] == []
    assert any("no eligibility route confirmed" in w for w in plan["warnings"])


def _education_before_exam(plan: dict[str, Any], *_: Any) -> None:
    kinds = [m["kind"] for m in plan["milestones"]]
    exam = next(
        i for i, m in enumerate(plan["milestones"]) if m["key"] == "mls-ascp" + EXAM
    )
    assert "education" in kinds[:exam]


def _exam_lists_what_to_confirm(plan: dict[str, Any], *_: Any) -> None:
    exam = next(m for m in plan["milestones"] if m["key"].endswith(EXAM))
    assert any(
        line["text"].startswith("Confirm with American Medical Technologists")
        for line in exam["checklist"]
    ), exam["checklist"]
    chosen = _chosen(plan)
    assert chosen is not None
    assert chosen["missing"][0].startswith(
        "Confirm with American Medical Technologists"
    )


def _cpt1_training_names_the_hours(plan: dict[str, Any], *_: Any) -> None:
    training = next(
        m for m in plan["milestones"] if m["key"] == "license-ca-cpt-1-requirements"
    )
    assert "training" in training["title"].lower()
    text = " ".join(line["text"] for line in training["checklist"]).lower()
    assert "40" in text  # the cited didactic and practical hours
    exam = next(m for m in plan["milestones"] if m["key"].endswith(EXAM))
    assert plan["milestones"].index(training) < plan["milestones"].index(exam)


def _confirm_step_links_the_board(plan: dict[str, Any], *_: Any) -> None:
    confirm = next(m for m in plan["milestones"] if m["key"] == "license-ca-confirm")
    assert "Confirm with" in confirm["title"]
    assert any("cdph.ca.gov" in link["url"] for link in confirm["links"])


def _college_step_names_only_the_routes_terms(plan: dict[str, Any], *_: Any) -> None:
    step = next(m for m in plan["milestones"] if m["key"] == "mlt-degree")
    assert "Route 2" in step["title"]
    assert "60 semester hours" in step["description"]
    assert "chemistry" not in step["title"] + step["description"]


EXTRA_CHECKS = {
    "college_step_names_only_the_routes_terms": _college_step_names_only_the_routes_terms,
    "cpt1_training_names_the_hours": _cpt1_training_names_the_hours,
    "confirm_step_links_the_board": _confirm_step_links_the_board,
    "exam_lists_what_to_confirm": _exam_lists_what_to_confirm,
    "warns_no_state": _warns_no_state,
    "part_time_is_longer": _part_time_is_longer,
    "nothing_due_in_the_past": _nothing_due_in_the_past,
    "routes_say_what_is_missing": _routes_say_what_is_missing,
    "program_names_caahep": _program_names_caahep,
    "degree_then_mls_then_leadership": _degree_then_mls_then_leadership,
    "no_routes_listed": _no_routes_listed,
    "education_before_exam": _education_before_exam,
}
