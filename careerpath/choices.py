"""`get_FOO_display()` without translating every label of the field on each call.

Django's implementation hashes the field's whole choice list on every call
(`make_hashable(field.flatchoices)`), and hashing a lazily translated label translates it:
a milestone row's status and kind labels cost one translation per choice of each field.
Our choice values are plain strings and our choice lists fixed (`TextChoices`), so the
value -> label map can be built once per field; only the label shown is translated.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from django.db import models
from django.utils.encoding import force_str


@cache
def _labels(field: models.Field[Any, Any]) -> dict[object, Any]:
    return dict(field.flatchoices)


class ChoiceLabels:
    """Mix into a model (before `models.Model`) whose choice fields hold hashable values."""

    def _get_FIELD_display(self, field: models.Field[Any, Any]) -> Any:
        value = getattr(self, field.attname)
        return force_str(_labels(field).get(value, value), strings_only=True)
