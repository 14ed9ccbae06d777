"""`manage.py load_content`: load the cited career content kept in content/data/."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from content import seed


class Command(BaseCommand):
    help = (
        "Load the cited career content from content/data/*.yaml. Idempotent: a second run "
        "changes nothing. Each seeded record stores a fingerprint of the seed values it was "
        "last written from; a record is updated only while its current values still match that "
        "fingerprint (nobody edited it since seeding). Records an editor changed are kept as "
        "they are and listed. Prints one summary line: created/updated/unchanged/kept counts."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        report = seed.load_content()
        for label in report.kept:
            self.stdout.write(f"  kept (edited in the admin): {label}")
        self.stdout.write(self.style.SUCCESS(report.summary()))
