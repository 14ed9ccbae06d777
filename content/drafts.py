"""Drafts beside published records.

Editing a published record in the admin does not change it: the form's values are kept as a
`Draft` beside the record, and everything people see (pages, the API, plans, onboarding)
goes on reading the record itself until an editor publishes the draft. Publishing writes the
draft into the record in one save, so its history (simple_history) records who published
what. A staff preview (`?preview=1`) shows each record with its draft applied.

A draft holds the record's own fields and its many-to-many links (sources, related roles).
Rows edited inline on the record's page (routes, requirements, steps) are records of their
own; their changes are saved with a publish, never into a draft (see `content.admin`).

Unpublishing is a separate, confirmed action; `dependents` tells the editor what relies on
the record first.
"""

from __future__ import annotations

import contextvars
import json
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models, transaction
from django.db.models.signals import post_init

from content.models import ContentRecord, Draft

# Never drafted: the workflow itself and bookkeeping the editor does not type.
NOT_DRAFTED = {"id", "status", "created_at", "updated_at", "seed_fingerprint"}


def _fields(
    model: type[models.Model],
) -> tuple[list[models.Field[Any, Any]], list[Any]]:
    opts = model._meta
    concrete = [
        f
        for f in opts.concrete_fields
        if f.editable and f.name not in NOT_DRAFTED and not f.primary_key
    ]
    return concrete, [f for f in opts.many_to_many if f.editable]


def form_values(model: type[models.Model], cleaned: dict[str, Any]) -> dict[str, Any]:
    """The JSON a draft keeps for a change form's cleaned data."""
    concrete, many = _fields(model)
    data: dict[str, Any] = {}
    for field in concrete:
        if field.name not in cleaned:
            continue
        value = cleaned[field.name]
        if field.is_relation:
            value = value.pk if value is not None else None
        data[field.attname] = value
    for field in many:
        if field.name in cleaned:
            data[field.name] = sorted(obj.pk for obj in cleaned[field.name])
    # Dates and decimals as text; `apply` turns them back with each field's to_python.
    result: dict[str, Any] = json.loads(json.dumps(data, cls=DjangoJSONEncoder))
    return result


def apply(obj: models.Model, data: dict[str, Any]) -> list[str]:
    """Put a draft's field values on `obj` in memory (nothing is saved); the names of its
    many-to-many fields with their draft links are left for the caller (`links`)."""
    concrete, many = _fields(type(obj))
    for field in concrete:
        if field.attname in data:
            raw = data[field.attname]
            target = (
                field.target_field if isinstance(field, models.ForeignKey) else field
            )
            setattr(obj, field.attname, None if raw is None else target.to_python(raw))
    return [f.name for f in many if f.name in data]


def pending(obj: models.Model) -> Draft | None:
    if obj.pk is None:
        return None
    return Draft.objects.filter(
        content_type=ContentType.objects.get_for_model(obj), object_id=obj.pk
    ).first()


def save_draft(obj: models.Model, data: dict[str, Any], *, author: Any) -> Draft:
    draft, _ = Draft.objects.update_or_create(
        content_type=ContentType.objects.get_for_model(obj),
        object_id=obj.pk,
        defaults={"data": data, "author": author},
    )
    return draft


def discard(obj: models.Model) -> bool:
    draft = pending(obj)
    if draft is None:
        return False
    draft.delete()
    return True


@transaction.atomic
def publish(obj: ContentRecord, *, reason: str = "Published draft") -> bool:
    """Write the record's draft into it (False when it has none); the draft is removed."""
    draft = pending(obj)
    if draft is None:
        return False
    for name in apply(obj, draft.data):
        getattr(obj, name).set(draft.data[name])
    obj._change_reason = reason
    obj.save()
    draft.delete()
    return True


def dependents(obj: models.Model) -> list[tuple[str, int]]:
    """What points at this record, for the unpublish warning: (what, how many), e.g.
    ("plans", 12) or ("plan", 1), most first. History rows and drafts are left out."""
    found = []
    for rel in obj._meta.related_objects:
        related = rel.related_model
        if not isinstance(related, type) or related is Draft:
            continue
        if (related._meta.model_name or "").startswith(
            "historical"
        ):  # simple_history's copies
            continue
        count = related._default_manager.filter(**{rel.field.name: obj}).count()
        if count:
            opts = related._meta
            name = opts.verbose_name if count == 1 else opts.verbose_name_plural
            found.append((str(name), count))
    return sorted(found, key=lambda item: (-item[1], item[0]))


# --- preview ---------------------------------------------------------------------------------

_previewing: contextvars.ContextVar[dict[tuple[int, int], dict[str, Any]] | None] = (
    contextvars.ContextVar("content_drafts_previewing", default=None)
)


@contextmanager
def previewing() -> Iterator[None]:
    """Inside, every content record loaded from the database carries its draft's values
    (in memory only). Used for staff previews, which are never cached."""
    drafts = {
        (d.content_type_id, d.object_id): d.data
        for d in Draft.objects.only("content_type_id", "object_id", "data")
    }
    token = _previewing.set(drafts)
    try:
        yield
    finally:
        _previewing.reset(token)


def _apply_in_preview(
    sender: type[models.Model], instance: models.Model, **_: Any
) -> None:
    drafts = _previewing.get()
    if not drafts or instance.pk is None:
        return
    data = drafts.get((ContentType.objects.get_for_model(sender).pk, instance.pk))
    if data is not None:
        apply(instance, data)


def connect_preview() -> None:
    """Hook the preview into every content model (called once, from the app config)."""
    for model in _content_models():
        post_init.connect(
            _apply_in_preview, sender=model, dispatch_uid=f"draft-{model}"
        )


def _content_models() -> list[type[models.Model]]:
    from django.apps import apps

    return [
        model
        for model in apps.get_app_config("content").get_models()
        if issubclass(model, ContentRecord)
    ]
