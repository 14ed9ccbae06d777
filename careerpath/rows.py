"""Model instances from plain SQL rows, for the request paths that run on every API call.

On those paths building a queryset costs more than running it (a token check: 0.3 ms of SQL
under 1.3 ms of ORM work, measured in-process), so they keep their SQL in a module constant
and turn the rows into the instances the ORM would have given: the model's concrete fields in
order, each value through the field's own database converters (a JSON column arrives as text).
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from typing import Any

from django.db import connections, models

type _Converter = Callable[[Any, Any, Any], Any]


type Fields = tuple[str, ...] | None  # attnames to read; None: every concrete field


def columns(model: type[models.Model], alias: str = "", fields: Fields = None) -> str:
    """The model's concrete columns (or those of `fields`), in `instance()`'s order, for a
    SELECT list."""
    prefix = f'"{alias}".' if alias else ""
    return ", ".join(f'{prefix}"{f.column}"' for f in _fields(model, fields))


def width(model: type[models.Model], fields: Fields = None) -> int:
    """How many values of a row `columns(model, fields=fields)` selects."""
    return len(_fields(model, fields))


def with_translations(
    model: type[models.Model], names: Sequence[str]
) -> tuple[str, ...]:
    """`names` and each one's per-language columns (django-modeltranslation's `title_en`,
    `title_es` for `title`): what reading only those fields must select, since a translated
    field is read through its language columns."""
    wanted = set(names)
    return tuple(
        f.attname
        for f in model._meta.concrete_fields
        if f.attname in wanted
        or getattr(getattr(f, "translated_field", None), "name", None) in wanted
    )


def instance[M: models.Model](
    model: type[M], values: Sequence[Any], using: str = "default", fields: Fields = None
) -> M:
    """The instance `model.objects` (`.only(*fields)` when given) would give for a row of
    `columns(model, fields=fields)`."""
    connection = connections[using]
    names, layout = _layout(model, fields)
    converted = []
    for value, (column, converters) in zip(values, layout, strict=True):
        for converter in converters:
            value = converter(value, column, connection)
        converted.append(value)
    return model.from_db(using, names, converted)


def one[M: models.Model](
    model: type[M], sql: str, params: Sequence[Any], using: str = "default"
) -> M | None:
    """The instance for the single row `sql` (selecting `columns(model)`) answers, or None."""
    with connections[using].cursor() as cursor:
        cursor.execute(sql, params)
        row = cursor.fetchone()
    return None if row is None else instance(model, row, using=using)


def _fields(model: type[models.Model], fields: Fields) -> list[models.Field[Any, Any]]:
    concrete = model._meta.concrete_fields
    if fields is None:
        return list(concrete)
    unknown = set(fields) - {f.attname for f in concrete}
    if unknown:
        raise ValueError(f"{model.__name__} has no columns {sorted(unknown)}")
    return [f for f in concrete if f.attname in fields]


@functools.cache
def _layout(
    model: type[models.Model], fields: Fields = None
) -> tuple[list[str], list[tuple[Any, list[_Converter]]]]:
    # The fields' own converters (`from_db_value`); PostgreSQL's backend adds none of its own.
    # Django's `from_db` takes the attnames of a partial row and defers the others.
    read = _fields(model, fields)
    layout = [
        (f.get_col(model._meta.db_table), f.get_db_converters(connections["default"]))
        for f in read
    ]
    return [f.attname for f in read], layout
