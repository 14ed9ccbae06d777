"""The content version: one number that changes whenever any content is saved.

Pages derive their ETag, Last-Modified and page-cache key from it, so publishing or editing
anything invalidates every cached page at once, in every process.
"""

from __future__ import annotations

import datetime as dt

from django.db import connection
from django.db.models import F
from django.utils import timezone

from content import facts
from content.models import ContentVersion

_CURRENT_SQL = (
    f"SELECT version, changed_at FROM {ContentVersion._meta.db_table} WHERE id = 1"
)


def current() -> tuple[int, dt.datetime]:
    # Read on every content and plan page: one row by primary key, in plain SQL because
    # building the equivalent queryset cost twice as long as running it (0.6 vs 0.3 ms).
    with connection.cursor() as cursor:
        cursor.execute(_CURRENT_SQL)
        row = cursor.fetchone()
    if row is None:
        return 0, dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    return row[0], row[1]


def bump() -> None:
    facts.forget_kept_facts()
    now = timezone.now().replace(microsecond=0)
    updated = ContentVersion.objects.filter(pk=1).update(
        version=F("version") + 1, changed_at=now
    )
    if not updated:
        ContentVersion.objects.get_or_create(
            pk=1, defaults={"version": 1, "changed_at": now}
        )
