"""The CE renewal-cycle rules and the completion-date rule, as plain functions (no database)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from planner import planning

CMP = planning.RenewalRules(
    program="Credential Maintenance Program",
    cycle_years=3,
    points=36,
    required_categories="1 point of laboratory or patient safety",
)


@dataclass(frozen=True)
class Activity:
    completed_on: dt.date
    points: Decimal
    category: str = ""


def test_the_cycle_that_holds_today_counts_only_its_own_activities() -> None:
    status = planning.ce_status(
        "MLS(ASCP)",
        rules=CMP,
        earned_on=dt.date(2020, 1, 10),
        activities=[
            Activity(dt.date(2022, 6, 1), Decimal(20)),  # the first cycle: not counted
            Activity(dt.date(2023, 1, 10), Decimal(10), "Laboratory safety"),
            Activity(dt.date(2025, 12, 1), Decimal("2.5")),
        ],
        today=dt.date(2025, 12, 2),
    )

    assert status.certification == "MLS(ASCP)"
    assert (status.cycle_start, status.cycle_end) == (
        dt.date(2023, 1, 10),
        dt.date(2026, 1, 10),
    )
    assert status.earned == Decimal("12.5")
    assert status.missing == Decimal("23.5")
    assert status.categories_missing == []
    assert not status.complete


def test_a_missing_required_category_keeps_the_cycle_incomplete() -> None:
    status = planning.ce_status(
        "MLS(ASCP)",
        rules=CMP,
        earned_on=dt.date(2024, 1, 10),
        activities=[Activity(dt.date(2024, 5, 1), Decimal(40), "Chemistry")],
        today=dt.date(2025, 1, 1),
    )

    assert status.missing == Decimal(0)
    assert status.categories_missing == ["Laboratory or patient safety"]
    assert not status.complete


def test_a_cycle_from_29_february_ends_on_28_february() -> None:
    status = planning.ce_status(
        "MLT(ASCP)",
        rules=CMP,
        earned_on=dt.date(2024, 2, 29),
        activities=[],
        today=dt.date(2025, 1, 1),
    )

    assert status.cycle_end == dt.date(2027, 2, 28)


def test_without_a_cycle_or_points_rule_nothing_is_missing_and_there_is_no_end() -> (
    None
):
    rules = planning.RenewalRules(
        program="", cycle_years=None, points=None, required_categories=""
    )
    status = planning.ce_status(
        "X",
        rules=rules,
        earned_on=dt.date(2020, 1, 1),
        activities=[Activity(dt.date(2021, 1, 1), Decimal(3))],
        today=dt.date(2025, 1, 1),
    )

    assert status.cycle_end is None
    assert status.missing is None
    assert status.earned == Decimal(3)


def test_a_completion_date_may_be_today_but_not_tomorrow() -> None:
    today = dt.date(2026, 12, 2)

    assert planning.completion_date_error(today, today) == ""
    assert (
        planning.completion_date_error(today + dt.timedelta(days=1), today)
        == "The completion date cannot be in the future."
    )
    assert planning.completion_date_window(today)[1] == today
