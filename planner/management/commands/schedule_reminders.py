"""`manage.py schedule_reminders`: enqueue the first daily reminder run (it re-enqueues itself)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from planner import tasks


class Command(BaseCommand):
    help = (
        "Enqueue the daily reminder task. With --now it runs as soon as a worker picks it up; "
        "otherwise at 07:00 UTC tomorrow. Each run sends that day's digests (at most one per "
        "user per day) and books the next day's run."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--now",
            action="store_true",
            help="Run today's digests as soon as possible.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        from django.utils import timezone

        task = tasks.daily_reminders
        if not options["now"] and _already_scheduled(task.module_path):
            self.stdout.write("Daily reminders are already scheduled.")
            return
        if not options["now"] and task.get_backend().supports_defer:
            task = task.using(run_after=tasks.next_run_after(timezone.localdate()))
        result = task.enqueue()
        self.stdout.write(
            self.style.SUCCESS(f"Enqueued daily reminders (task {result.id}).")
        )


def _already_scheduled(task_path: str) -> bool:
    """True when the database queue already holds a pending daily run (safe to call on every start)."""
    try:
        from django.tasks import TaskResultStatus
        from django_tasks_db.models import DBTaskResult
    except ImportError:  # another backend: nothing to look at
        return False
    return DBTaskResult.objects.filter(
        status=TaskResultStatus.READY, task_path=task_path
    ).exists()
