from __future__ import annotations

from django.apps import AppConfig


class ContentConfig(AppConfig):
    name = "content"
    verbose_name = "Career content"

    def ready(self) -> None:
        from content import drafts, signals

        signals.connect()
        drafts.connect_preview()
