"""A plan's cost as a cited range and its parts (planner/planning.py cost_breakdown)."""

from __future__ import annotations

from decimal import Decimal

from planner import planning
from planner.planning import MilestoneKind, MilestoneStatus, TuitionInfo
from tests.planner.factories import cost_item

SOURCE = planning.CitedSource(
    title="Example Community College", url="https://example.edu", date_label="2025-26"
)


def _tuition(low: str, high: str | None, program: str = "mlt_associate") -> TuitionInfo:
    return TuitionInfo(
        program=program,
        program_label="Community-college associate degree (MLT)",
        low=Decimal(low),
        high=Decimal(high) if high else None,
        as_of="2025-26",
        example="Example CC",
        sources=(SOURCE,),
    )


def test_cost_is_a_range_of_tuition_plus_dated_fees():
    cost = planning.cost_breakdown(
        items=[
            cost_item(MilestoneKind.EDUCATION, None),
            cost_item(MilestoneKind.CERTIFICATION, "215", "", title="MLT(ASCP) exam"),
            cost_item(MilestoneKind.LICENSURE, "65", "Feb 2015 form", title="License"),
        ],
        tuition=[_tuition("4000", "9000")],
        programs=["mlt_associate"],
    )
    assert (cost.low, cost.high) == (Decimal(4280), Decimal(9280))
    assert cost.is_range
    labels = {p.category: p for p in cost.parts}
    assert labels["tuition"].sources == (SOURCE,)
    assert labels["exam"].as_of == "date not stated"  # undated fee says so
    assert labels["license"].as_of == "Feb 2015 form"
    assert cost.not_included
    assert not cost.missing


def test_missing_tuition_and_fees_say_what_is_missing_and_where_to_check():
    cost = planning.cost_breakdown(
        items=[
            cost_item(MilestoneKind.EDUCATION, None),
            cost_item(
                MilestoneKind.LICENSURE,
                None,
                title="New York license",
                check_with="NYSED Office of the Professions",
                check_url="/licensure/NY/",
            ),
        ],
        tuition=[],
        programs=["mls_bachelor"],
        program_label="Bachelor's degree (MLS)",
    )
    assert cost.low is None
    assert not cost.parts
    texts = [(p.label, p.missing, p.missing_url) for p in cost.missing]
    assert any("Tuition" in label and "ask the programs" in m for label, m, _ in texts)
    assert (
        "New York license",
        "Fee not in our data: check with NYSED Office of the Professions.",
        "/licensure/NY/",
    ) in texts


def test_done_and_skipped_steps_are_left_out():
    cost = planning.cost_breakdown(
        items=[
            cost_item(MilestoneKind.EDUCATION, None, status=MilestoneStatus.DONE),
            cost_item(MilestoneKind.CERTIFICATION, "215", status=MilestoneStatus.DONE),
            cost_item(MilestoneKind.CERTIFICATION, "220", "2024"),
        ],
        tuition=[_tuition("4000", "9000")],
        programs=["mlt_associate"],
    )
    assert (cost.low, cost.high) == (Decimal(220), Decimal(220))
    assert not cost.is_range
    assert [p.category for p in cost.parts] == ["exam"]


def test_several_cited_programs_bound_the_tuition_range():
    cost = planning.cost_breakdown(
        items=[cost_item(MilestoneKind.EDUCATION, None)],
        tuition=[_tuition("3000", None), _tuition("12000", "15000")],
        programs=["mlt_associate"],
    )
    assert (cost.low, cost.high) == (Decimal(3000), Decimal(15000))


def test_tuition_programs_follow_the_education_level():
    both = ("mls_bachelor", "mls_post_bacc")
    assert planning.tuition_programs(both, "bachelor") == ("mls_post_bacc",)
    assert planning.tuition_programs(both, "high_school") == ("mls_bachelor",)
    assert planning.tuition_programs(("mlt_associate",), "high_school") == (
        "mlt_associate",
    )


def test_license_renewals_are_not_part_of_the_cost_to_qualify():
    renewal = cost_item(
        MilestoneKind.LICENSURE, None, title="Renew your license", renewal=True
    )
    cost = planning.cost_breakdown(items=[renewal], tuition=[], programs=[])
    assert not cost.missing
    assert not cost.parts
