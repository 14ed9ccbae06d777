"""The schema says what the server checks: date windows, CE points, keyed maps."""

from __future__ import annotations

import datetime as dt
import random
import re
from decimal import Decimal

import pytest
from django.utils import timezone

from planner import planning
from planner.api import patterns
from planner.api.fields import POINTS_PATTERN

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("lo", "hi", "width"),
    [
        (0, 9, 1),
        (3, 7, 1),
        (5, 5, 2),
        (1, 31, 2),
        (0, 99, 2),
        (1, 2025, 4),
        (999, 1000, 4),
    ],
)
def test_int_range_matches_exactly_the_numbers_in_range(lo, hi, width):
    pattern = re.compile(f"^(?:{patterns.int_range(lo, hi, width)})$")
    for n in range(10**width):
        assert bool(pattern.match(f"{n:0{width}d}")) == (lo <= n <= hi), n


@pytest.mark.parametrize(
    ("lo", "hi"),
    [
        (dt.date(2016, 12, 1), dt.date(2031, 12, 2)),  # a start-date window
        (dt.date.min, dt.date(2026, 12, 2)),  # "not in the future"
        (dt.date(2028, 2, 28), dt.date(2028, 3, 1)),  # across a leap day
        (dt.date(2026, 1, 31), dt.date(2026, 1, 31)),
    ],
)
def test_date_range_matches_exactly_the_dates_in_range(lo, hi):
    pattern = re.compile(patterns.date_range(lo, hi))
    rng = random.Random(f"{lo}{hi}")
    edges = [lo, hi, hi + dt.timedelta(days=1)]
    if lo > dt.date.min:
        edges.append(lo - dt.timedelta(days=1))
    days = edges + [
        dt.date.fromordinal(rng.randint(1, dt.date(2100, 1, 1).toordinal()))
        for _ in range(5000)
    ]
    for day in days:
        assert bool(pattern.match(day.isoformat())) == (lo <= day <= hi), day


def test_points_pattern_holds_the_ce_bounds():
    accepted = ["0.01", "0.1", "0.25", "1", "1.5", "99.99", "100", "100.00"]
    refused = ["0", "0.00", "0.001", "100.01", "101", "-1", ".5", "1.", "01", "1e1", ""]
    for text in accepted:
        assert re.fullmatch(POINTS_PATTERN, text), text
        assert planning.CE_POINTS_MIN <= Decimal(text) <= planning.CE_POINTS_MAX
    for text in refused:
        assert not re.fullmatch(POINTS_PATTERN, text), text
    assert re.fullmatch(POINTS_PATTERN, str(planning.CE_POINTS_MIN))
    assert re.fullmatch(POINTS_PATTERN, str(planning.CE_POINTS_MAX))


def test_the_schema_gives_todays_windows_and_the_content_enums(api_client, seeded):
    schema = api_client.get("/api/schema/?format=json").json()
    components = schema["components"]["schemas"]
    start = components["PlanAnswersInputRequest"]["properties"]["start_date"]
    earliest, latest = planning.start_date_window(timezone.localdate())
    assert start["pattern"] == patterns.date_range(earliest, latest)
    assert "mlt-ascp" in components["CertificationSlug"]["enum"]
    assert any(r.startswith("mls-ascp:") for r in components["RouteId"]["enum"])
    experience = components["PlanAnswersInputRequest"]["properties"]["experience"]
    assert experience["additionalProperties"] is False
    assert "blood_bank" in experience["properties"]


def test_coursework_hours_are_taken_to_the_tenth(api_client, user, seeded):
    api_client.force_authenticate(user)
    response = api_client.post(
        "/api/v1/plans/",
        {
            "target_role": "medical-laboratory-scientist",
            "education_level": "bachelor",
            "coursework": {"chemistry": 16.449, "biology": 16.45},
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    assert response.json()["coursework"] == {"chemistry": "16.4", "biology": "16.5"}
