"""Background work: the daily reminder digest (Django tasks; django-tasks-db runs it in dev/prod)."""

from __future__ import annotations

import datetime as dt
import logging

from django.tasks import task
from django.utils import timezone

from planner import reminders

logger = logging.getLogger(__name__)

SEND_AT = dt.time(7, 0, tzinfo=dt.UTC)


def next_run_after(today: dt.date) -> dt.datetime:
    return dt.datetime.combine(today + dt.timedelta(days=1), SEND_AT)


@task
def daily_reminders() -> int:
    """Send today's digests, then enqueue itself for tomorrow morning.

    The tasks framework has no cron-like schedule, so each run books the next one with
    `run_after`. Backends that cannot defer (Immediate, in tests) send once and stop.
    """
    today = timezone.localdate()
    sent = reminders.send_reminder_digests(today=today)
    if daily_reminders.get_backend().supports_defer:
        daily_reminders.using(run_after=next_run_after(today)).enqueue()
    else:
        logger.info("Tasks backend cannot defer; the next daily run is not scheduled.")
    return sent
