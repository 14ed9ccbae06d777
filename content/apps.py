from __future__ import annotations

from django.apps import AppConfig


class ContentConfig(AppConfig):
    name = "content"
    verbose_name = "Career content"

    def ready(self) -> None:
        from content import signals

        signals.connect()
