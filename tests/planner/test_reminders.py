from __future__ import annotations

import datetime as dt
import re
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command

from planner import reminders, services, tasks
from planner.models import ReminderLog
from planner.planning import MilestoneStatus
from tests.planner.factories import (
    TODAY,
    MilestoneFactory,
    PlanFactory,
    opted_in_plan,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def opted_in(user):
    plan = opted_in_plan(user)
    MilestoneFactory(
        plan=plan, title="Apply for licence", due_date=TODAY - dt.timedelta(days=2)
    )
    MilestoneFactory(
        plan=plan, title="Far away", due_date=TODAY + dt.timedelta(days=30)
    )
    MilestoneFactory(
        plan=plan, title="Already done", due_date=TODAY, status=MilestoneStatus.DONE
    )
    MilestoneFactory(plan=plan, title="Archived one", due_date=TODAY, archived=True)
    return user


def test_digest_lists_due_soon_and_overdue_with_an_unsubscribe_link(opted_in) -> None:
    sent = reminders.send_reminder_digests(today=TODAY)

    assert sent == 1
    (message,) = mail.outbox
    assert message.to == [opted_in.email]
    assert "Finish chemistry" in message.body
    assert "Apply for licence" in message.body
    assert "Overdue" in message.body
    for absent in ("Far away", "Already done", "Archived one"):
        assert absent not in message.body
    assert "/plan/reminders/unsubscribe/" in message.body
    assert message.extra_headers["List-Unsubscribe"].startswith("<http")


def test_digest_is_sent_at_most_once_per_day(opted_in) -> None:
    reminders.send_reminder_digests(today=TODAY)
    reminders.send_reminder_digests(today=TODAY)

    assert len(mail.outbox) == 1
    assert ReminderLog.objects.filter(user=opted_in, date=TODAY).count() == 1
    reminders.send_reminder_digests(today=TODAY + dt.timedelta(days=1))
    assert len(mail.outbox) == 2


def test_users_who_did_not_opt_in_get_nothing(user) -> None:
    MilestoneFactory(plan=PlanFactory(owner=user), due_date=TODAY)

    assert reminders.send_reminder_digests(today=TODAY) == 0
    assert mail.outbox == []


def test_nothing_due_means_no_email(user) -> None:
    user.email_reminders = True
    user.save()
    MilestoneFactory(
        plan=PlanFactory(owner=user), due_date=TODAY + dt.timedelta(days=40)
    )

    assert reminders.send_reminder_digests(today=TODAY) == 0
    assert not ReminderLog.objects.exists()


def test_unsubscribe_link_turns_reminders_off(client, opted_in) -> None:
    reminders.send_reminder_digests(today=TODAY)
    link = re.search(
        r"http://\S+/plan/reminders/unsubscribe/\S+/", str(mail.outbox[0].body)
    )
    assert link, mail.outbox[0].body
    url = link.group(0)
    path = url.split("://", 1)[1].split("/", 1)[1]

    confirm = client.get("/" + path)
    opted_in.refresh_from_db()
    assert confirm.status_code == 200
    assert opted_in.email_reminders is True  # GET only asks

    done = client.post("/" + path)
    opted_in.refresh_from_db()
    assert done.status_code == 200
    assert opted_in.email_reminders is False
    assert reminders.send_reminder_digests(today=TODAY + dt.timedelta(days=1)) == 0


def test_tampered_unsubscribe_token_is_404(client, opted_in) -> None:
    token = reminders.unsubscribe_token(opted_in) + "x"

    assert client.get(f"/plan/reminders/unsubscribe/{token}/").status_code == 404
    assert client.post(f"/plan/reminders/unsubscribe/{token}/").status_code == 404
    opted_in.refresh_from_db()
    assert opted_in.email_reminders is True


def test_renewal_deadline_within_60_days_is_in_the_digest(user) -> None:
    from decimal import Decimal

    from tests.content.factories import CertificationFactory

    user.email_reminders = True
    user.save()
    cert = CertificationFactory(
        abbreviation="MLT(ASCP)", renewal_cycle_years=3, renewal_points=36
    )
    plan = PlanFactory(owner=user)
    MilestoneFactory(
        plan=plan,
        kind="certification",
        certification=cert,
        is_exam=True,
        status=MilestoneStatus.DONE,
        completed_on=TODAY - dt.timedelta(days=3 * 365 - 20),
        due_date=TODAY - dt.timedelta(days=1200),
    )
    services.add_ce_entry(
        plan=plan,
        certification=cert,
        activity="Course",
        completed_on=TODAY - dt.timedelta(days=10),
        points=Decimal(30),
        category="",
    )

    reminders.send_reminder_digests(today=TODAY)

    (message,) = mail.outbox
    assert "Renewal deadlines" in message.body
    assert "6.00 points still needed" in message.body


def test_daily_task_sends_and_does_not_loop_on_the_immediate_backend(opted_in) -> None:
    result = tasks.daily_reminders.enqueue()

    assert result.return_value == 1
    assert len(mail.outbox) == 1


def test_schedule_reminders_command_enqueues_a_run(opted_in) -> None:
    call_command("schedule_reminders", "--now", stdout=__import__("io").StringIO())

    assert len(mail.outbox) == 1


def test_next_run_is_tomorrow_morning() -> None:
    assert tasks.next_run_after(TODAY) == dt.datetime(2026, 11, 26, 7, 0, tzinfo=dt.UTC)


def test_schedule_reminders_books_one_pending_daily_run_on_the_database_queue(
    settings,
) -> None:
    from django.tasks import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    out = StringIO()
    call_command("schedule_reminders", stdout=out)
    call_command("schedule_reminders", stdout=out)  # e.g. `make worker` started again

    pending = DBTaskResult.objects.filter(
        status=TaskResultStatus.READY, task_path="planner.tasks.daily_reminders"
    )
    assert pending.count() == 1
    assert "already scheduled" in out.getvalue()
