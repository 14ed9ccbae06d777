"""`{% untranslated_note record %}`: a Spanish page says when a record shows its English text."""

from __future__ import annotations

from typing import Any

from django import template
from django.db import models
from django.utils.translation import get_language

from content.translation import untranslated_fields

register = template.Library()


@register.inclusion_tag("content/_untranslated_note.html")
def untranslated_note(record: models.Model | None) -> dict[str, Any]:
    """Shown when the page is in Spanish and `record` has English text without its Spanish."""
    language = (get_language() or "en").split("-")[0]
    missing = (
        language == "es" and record is not None and bool(untranslated_fields(record))
    )
    return {"missing": missing}
