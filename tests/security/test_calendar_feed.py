"""Editor-provided text reaches the calendar feed only as escaped iCalendar values.

Finding: a role title with CR/LF went into X-WR-CALNAME unescaped: a 500 (icalendar's
content-line assertion), and raw injected lines under `python -O`.
"""

from __future__ import annotations

import pytest
from django.test import Client
from icalendar import Calendar

from tests.content.factories import RoleFactory
from tests.planner.factories import MilestoneFactory, PlanFactory

pytestmark = pytest.mark.django_db

INJECTED = (
    "\r\nX-INJECTED:1\r\nBEGIN:VEVENT\r\nSUMMARY:fake\r\nEND:VEVENT\n\rX-LF:1\rX-CR:1"
)


def test_cr_and_lf_in_every_editable_field_stay_inside_their_values(user):
    role = RoleFactory(title=f"MLT{INJECTED}")
    plan = PlanFactory(owner=user, target_role=role)
    MilestoneFactory(plan=plan, title=f"Exam{INJECTED}", description=f"Study{INJECTED}")

    response = Client(raise_request_exception=False).get(plan.get_calendar_url())

    assert response.status_code == 200
    body = response.content.decode()
    lines = body.split("\r\n")
    assert not any(
        line.startswith(("X-INJECTED", "X-LF", "X-CR", "SUMMARY:fake"))
        for line in lines
    )
    assert "\r" not in body.replace("\r\n", "")
    assert "\n" not in body.replace("\r\n", "")
    calendar = Calendar.from_ical(response.content)
    events = calendar.walk("VEVENT")
    assert len(events) == 1
    assert "X-INJECTED" not in calendar
    assert "X-INJECTED" not in events[0]
    assert str(events[0]["SUMMARY"]).startswith("Exam\n")
    assert "X-INJECTED:1" in str(events[0]["SUMMARY"])
    assert str(events[0]["DESCRIPTION"]).startswith("Study\n")
    assert str(calendar["X-WR-CALNAME"]).startswith("CareerPath: MLT")
