"""Keep search documents and the content version in sync when content is saved."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.db import models
from django.db.models.signals import m2m_changed, post_delete, post_save

from content import search, versioning
from content.models import (
    ContentRecord,
    EligibilityRoute,
    LicenseCategory,
    LicenseStep,
    OutlookFigure,
    SearchDocument,
)

_state = threading.local()


@contextmanager
def suspended() -> Iterator[None]:
    """Skip per-save syncing (the seed loader rebuilds the index and bumps once at the end)."""
    _state.suspended = True
    try:
        yield
    finally:
        _state.suspended = False


def _active() -> bool:
    return not getattr(_state, "suspended", False)


def on_save(sender: type[models.Model], instance: models.Model, **kwargs: Any) -> None:
    if not _active() or not isinstance(instance, ContentRecord):
        return
    if isinstance(instance, search.INDEXED):
        search.index_object(instance)
    elif isinstance(
        instance, EligibilityRoute | LicenseStep | LicenseCategory | OutlookFigure
    ):
        search.index_parent(instance)
    versioning.bump()


def on_delete(
    sender: type[models.Model], instance: models.Model, **kwargs: Any
) -> None:
    if not _active() or not isinstance(instance, ContentRecord):
        return
    if isinstance(instance, search.INDEXED):
        kind = search.document_fields(instance)[0]
        SearchDocument.objects.filter(kind=kind, object_id=instance.pk).delete()
    elif isinstance(instance, OutlookFigure):
        search.index_outlook()
    versioning.bump()


def on_m2m(
    sender: type[models.Model], instance: models.Model, action: str, **kwargs: Any
) -> None:
    if _active() and action.startswith("post_") and isinstance(instance, ContentRecord):
        versioning.bump()


def connect() -> None:
    post_save.connect(on_save, dispatch_uid="content_on_save")
    post_delete.connect(on_delete, dispatch_uid="content_on_delete")
    m2m_changed.connect(on_m2m, dispatch_uid="content_on_m2m")
