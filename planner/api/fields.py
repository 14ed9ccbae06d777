"""Serializer fields whose OpenAPI schema says as much as the server checks."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from django.db import DatabaseError
from django.utils import timezone
from drf_spectacular.extensions import OpenApiSerializerFieldExtension
from drf_spectacular.plumbing import ResolvedComponent, build_basic_type
from drf_spectacular.types import OpenApiTypes
from rest_framework import serializers

from planner import planning
from planner.api import patterns

# The window a date must fall in, given today, and what to say when it does not.
Window = Callable[[dt.date], tuple[dt.date, dt.date]]


class WindowedDateField(serializers.DateField):
    """A date the server accepts only inside a window around today (e.g. "not in the
    future"); the schema's `pattern` matches exactly the dates of today's window."""

    def __init__(
        self,
        *,
        window: Window,
        outside: Callable[[dt.date, dt.date], str],
        **kwargs: Any,
    ):
        self.window = window
        self.outside = outside
        super().__init__(**kwargs)

    def to_internal_value(self, value: Any) -> dt.date:
        day: dt.date = super().to_internal_value(value)
        today = timezone.localdate()
        earliest, latest = self.window(today)
        if not earliest <= day <= latest:
            raise serializers.ValidationError(self.outside(day, today))
        return day


class WindowedDateFieldExtension(OpenApiSerializerFieldExtension):
    target_class = WindowedDateField

    def map_serializer_field(self, auto_schema: Any, direction: Any) -> Any:
        field = self.target
        earliest, latest = field.window(timezone.localdate())
        return {
            **(build_basic_type(OpenApiTypes.DATE) or {}),
            "pattern": patterns.date_range(earliest, latest),
        }


# CE points as the API takes them: text, 0.01 to 100 with at most two decimals ("1.5"), the
# bounds of planning.CE_POINTS_MIN/MAX (tests/planner/test_api_fields.py holds them together).
POINTS_PATTERN = r"^(?:100(?:\.0{1,2})?|[1-9]\d?(?:\.\d{1,2})?|0\.(?:0[1-9]|[1-9]\d?))$"


class PointsField(serializers.DecimalField):
    """A decimal the schema can state exactly: a string matching POINTS_PATTERN, nothing
    else (no JSON numbers, exponents, signs or padding), so the schema is the rule."""

    def to_internal_value(self, data: Any) -> Decimal:
        if not isinstance(data, str) or not re.fullmatch(POINTS_PATTERN, data):
            raise serializers.ValidationError(
                f"Give points as text from {planning.CE_POINTS_MIN} to "
                f'{planning.CE_POINTS_MAX} with at most two decimals, e.g. "1.5".'
            )
        value: Decimal = super().to_internal_value(data)
        return value


class PointsFieldExtension(OpenApiSerializerFieldExtension):
    target_class = PointsField

    def map_serializer_field(self, auto_schema: Any, direction: Any) -> Any:
        if direction == "response":
            return {"type": "string", "format": "decimal"}
        return {"type": "string", "format": "decimal", "pattern": POINTS_PATTERN}


def _enum_component(auto_schema: Any, name: str, values: list[str]) -> Any:
    """A named enum component, shared by every field that lists the same set (read when the
    schema is built), or a plain string before there is content to list."""
    if not values:
        return {"type": "string"}
    component = ResolvedComponent(
        name=name,
        type=ResolvedComponent.SCHEMA,
        object=name,
        schema={"type": "string", "enum": values},
    )
    auto_schema.registry.register_on_missing(component)
    return component.ref


class _EnumComponent:
    """A field whose schema is the enum component named `component`."""

    def __init__(self, *, component: str, **kwargs: Any):
        self.component = component
        super().__init__(**kwargs)


class PublishedSlugField(_EnumComponent, serializers.SlugRelatedField):  # type: ignore[type-arg]
    """A slug of a published record. Any other string is refused, so the schema lists them
    as the enum component `component`."""


class PublishedSlugFieldExtension(OpenApiSerializerFieldExtension):
    target_class = PublishedSlugField

    def map_serializer_field(self, auto_schema: Any, direction: Any) -> Any:
        field = self.target
        try:
            slugs = sorted(
                field.get_queryset().values_list(field.slug_field, flat=True)
            )
        except DatabaseError:  # no content tables yet (a fresh database)
            slugs = []
        return _enum_component(auto_schema, field.component, slugs)


class ContentChoiceField(_EnumComponent, serializers.ChoiceField):
    """A choice among published content values (slugs, route ids) read when the fields are
    built; the schema names the set `component`, so fields listing the same set share it."""


class ContentChoiceFieldExtension(OpenApiSerializerFieldExtension):
    target_class = ContentChoiceField

    def map_serializer_field(self, auto_schema: Any, direction: Any) -> Any:
        field = self.target
        return _enum_component(auto_schema, field.component, list(field.choices))


class TenthsField(serializers.DecimalField):
    """A JSON number taken to the tenth (342.335 -> 342.3): the schema says `number`
    between the bounds, and any such number is accepted, rounded."""

    def to_internal_value(self, data: Any) -> Decimal:
        try:
            value = Decimal(str(data))
        except (InvalidOperation, ValueError):
            self.fail("invalid")
        if value.is_finite() and abs(value) < 10 ** (self.max_digits or 28):
            data = value.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
        result: Decimal = super().to_internal_value(data)
        return result


class KeyedDictField(serializers.DictField):
    """A map whose keys come from a fixed list (disciplines, subjects); the schema names
    each key, and no other, since the server refuses any other."""

    def __init__(self, *, keys: list[str], **kwargs: Any):
        self.keys = keys
        super().__init__(**kwargs)


class KeyedDictFieldExtension(OpenApiSerializerFieldExtension):
    target_class = KeyedDictField

    def map_serializer_field(self, auto_schema: Any, direction: Any) -> Any:
        field = self.target
        value = auto_schema._map_serializer_field(field.child, direction)
        return {
            "type": "object",
            "properties": dict.fromkeys(field.keys, value),
            "additionalProperties": False,
        }
