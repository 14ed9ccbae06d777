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


def columns(model: type[models.Model], alias: str = "") -> str:
    """The model's concrete columns, in `instance()`'s order, for a SELECT list."""
    prefix = f'"{alias}".' if alias else ""
    return ", ".join(f'{prefix}"{f.column}"' for f in model._meta.concrete_fields)


def width(model: type[models.Model]) -> int:
    """How many values of a row `columns(model)` selects."""
    return len(model._meta.concrete_fields)


def instance[M: models.Model](
    model: type[M], values: Sequence[Any], using: str = "default"
) -> M:
    """The instance `model.objects` would give for a row of `columns(model)`."""
    connection = connections[using]
    names, layout = _layout(model)
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


@functools.cache
def _layout(
    model: type[models.Model],
) -> tuple[list[str], list[tuple[Any, list[_Converter]]]]:
    # The fields' own converters (`from_db_value`); PostgreSQL's backend adds none of its own.
    fields = model._meta.concrete_fields
    layout = [
        (f.get_col(model._meta.db_table), f.get_db_converters(connections["default"]))
        for f in fields
    ]
    return [f.attname for f in fields], layout
