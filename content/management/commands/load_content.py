from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Load the cited career content (content models arrive with issue 3)."

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write("load_content: no content models yet")
