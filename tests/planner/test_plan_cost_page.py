"""Issue 13: the plan page shows its cost as a cited range with parts, dates, what is missing
and where to check, and what is not included; never "None" or a bare "no fee data"."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from planner import services
from planner.planning import PlanAnswers

pytestmark = pytest.mark.django_db


def _cost_card(client, user, answers: PlanAnswers) -> tuple[str, str]:
    """The plan page's cost card: its HTML, and its text with the tags and spacing folded."""
    plan = services.create_plan(owner=user, answers=answers)
    client.force_login(user)
    html = client.get(reverse("planner:detail", args=[plan.pk])).content.decode()
    card = html.split("<h3>Estimated cost</h3>")[1].split("</div>\n    </div>")[0]
    return card, re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", card))


def test_mls_plan_for_a_graduate_shows_a_tuition_range_and_dated_fees(client, user):
    _, text = _cost_card(
        client,
        user,
        PlanAnswers("medical-laboratory-scientist", "bachelor", state="NY"),
    )
    assert re.search(r"\$[\d,]+ to \$[\d,]+", text), text  # a range
    assert "Tuition: Post-baccalaureate certificate (MLS)" in text
    assert "Source" in text  # each tuition part cites its source
    assert "New York" in text
    assert "$345 (date not stated)" in text
    assert "Missing from this estimate" in text
    assert "Where to check" in text
    assert "Not included:" in text
    assert "None" not in text
    assert "no fee data" not in text


def test_mlt_plan_without_a_fee_says_what_is_missing_and_where(client, user):
    card, text = _cost_card(
        client,
        user,
        PlanAnswers("medical-laboratory-technician", "high_school", state="FL"),
    )
    assert "Tuition: Community-college associate degree (MLT)" in text
    assert "Fee not in our data: check with Florida" in text
    assert "href=" in card  # the board's page
    assert "None" not in text
    assert "no fee data" not in text
