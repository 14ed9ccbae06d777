from __future__ import annotations

import datetime as dt

import pytest
from icalendar import Calendar

from planner import services
from tests.planner.factories import TODAY, MilestoneFactory, PlanFactory

pytestmark = pytest.mark.django_db


def test_feed_has_one_all_day_event_per_dated_current_milestone(client, user) -> None:
    plan = PlanFactory(owner=user)
    MilestoneFactory(plan=plan, title="Exam", due_date=dt.date(2027, 3, 1))
    MilestoneFactory(plan=plan, title="Undated", due_date=None)
    MilestoneFactory(plan=plan, title="Archived", archived=True)

    response = client.get(plan.get_calendar_url())

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    events = Calendar.from_ical(response.content).walk("VEVENT")
    assert [str(e["SUMMARY"]) for e in events] == ["Exam"]
    assert events[0].decoded("DTSTART") == dt.date(2027, 3, 1)
    assert events[0].decoded("DTEND") == dt.date(2027, 3, 2)


def test_revoked_or_unknown_token_is_404(client, user) -> None:
    plan = PlanFactory(owner=user)
    MilestoneFactory(plan=plan, due_date=TODAY)
    old_url = plan.get_calendar_url()

    services.regenerate_calendar_token(plan=plan)

    assert client.get(old_url).status_code == 404
    assert client.get("/plan/calendar/nope.ics").status_code == 404
    assert client.get(plan.get_calendar_url()).status_code == 200
