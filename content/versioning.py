"""The content version: one number that changes whenever any content is saved.

Pages derive their ETag, Last-Modified and page-cache key from it, so publishing or editing
anything invalidates every cached page at once, in every process.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import F
from django.utils import timezone

from content.models import ContentVersion


def current() -> tuple[int, dt.datetime]:
    row = (
        ContentVersion.objects.filter(pk=1).values_list("version", "changed_at").first()
    )
    if row is None:
        return 0, dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    return row


def bump() -> None:
    now = timezone.now().replace(microsecond=0)
    updated = ContentVersion.objects.filter(pk=1).update(
        version=F("version") + 1, changed_at=now
    )
    if not updated:
        ContentVersion.objects.get_or_create(
            pk=1, defaults={"version": 1, "changed_at": now}
        )
