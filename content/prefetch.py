"""Related records for a page in fewer queries than a `prefetch_related` per relation.

A role's page cites the sources of the role, its work settings, skills, certifications and
key facts: a `prefetch_related("sources")` per kind of record is one query each.
`attach_sources` reads every link table the records need in one statement; `attach_ladder`
reads the roles a role advances to and from in one. Both fill Django's own prefetch cache,
so `record.sources.all()`, `record.published_sources` and `role.advances_to.all()` work
unchanged. `fetch_together` reads several plain querysets of different models in one
round trip (a role's BLS figures and its programs' time and cost facts).
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.core.exceptions import EmptyResultSet
from django.db import connections, models

if TYPE_CHECKING:
    from content.models import CitedRecord, Role, Source


def attach_sources(records: Iterable[CitedRecord]) -> None:
    """Load the sources of `records` (ordered by title, as the prefetches order them)."""
    from content.models import Source

    by_model: dict[type[models.Model], dict[int, list[CitedRecord]]] = defaultdict(
        lambda: defaultdict(list)
    )
    for record in records:
        by_model[type(record)][record.pk].append(record)
    if not by_model:
        return
    parts: list[str] = []
    params: list[object] = []
    for model, rows in by_model.items():
        field = model._meta.get_field("sources")
        assert isinstance(field, models.ManyToManyField)
        through = field.m2m_db_table()
        kind = model._meta.label_lower
        parts.append(
            f"SELECT %s AS kind, {field.m2m_column_name()} AS owner_id, "
            f"{field.m2m_reverse_name()} AS source_id FROM {through} "
            f"WHERE {field.m2m_column_name()} = ANY(%s)"
        )
        params += [kind, list(rows)]
    table = Source._meta.db_table
    found: dict[tuple[str, int], list[Source]] = defaultdict(list)
    for source in Source.objects.raw(
        f"SELECT s.*, links.kind, links.owner_id FROM {table} s "
        f"JOIN ({' UNION ALL '.join(parts)}) links ON links.source_id = s.id "
        "ORDER BY s.title, s.id",
        params,
    ):
        link = vars(source)  # raw() sets the link's `kind` and `owner_id` on each row
        found[(link["kind"], link["owner_id"])].append(source)
    for model, rows in by_model.items():
        kind = model._meta.label_lower
        for pk, same in rows.items():
            for record in same:
                _fill(record, "sources", found.get((kind, pk), []))


def attach_ladder(roles: Iterable[Role]) -> None:
    """The published roles each of `roles` advances to and advances from, ordered by
    career level and title as the ladder shows them."""
    from content.models import PublishStatus, Role

    roles = list(roles)
    ids = [r.pk for r in roles]
    links = (
        Role.advances_to.through.objects.filter(
            models.Q(from_role_id__in=ids) | models.Q(to_role_id__in=ids)
        ).select_related("from_role", "to_role")
        if ids
        else []
    )
    up: dict[int, list[Role]] = defaultdict(list)
    down: dict[int, list[Role]] = defaultdict(list)
    for link in links:
        up[link.from_role_id].append(link.to_role)
        down[link.to_role_id].append(link.from_role)
    for role in roles:
        for name, found in (("advances_to", up), ("advanced_from", down)):
            shown = [r for r in found[role.pk] if r.status == PublishStatus.PUBLISHED]
            shown.sort(key=lambda r: (r.career_level, r.title))
            _fill(role, name, shown)


def _fill(record: models.Model, name: str, items: list[Any]) -> None:
    qs = getattr(record, name).all()
    qs._result_cache = items
    qs._prefetch_done = True
    record.__dict__.setdefault("_prefetched_objects_cache", {})[name] = qs


def distinct_sources(records: Iterable[CitedRecord]) -> list[Source]:
    """The distinct published sources of `records` (their prefetched or attached `sources`),
    by title: a page's source list."""
    seen: dict[int, Source] = {}
    for record in records:
        for source in record.published_sources:
            seen.setdefault(source.pk, source)
    return sorted(seen.values(), key=lambda s: s.title)


def fetch_together(*querysets: models.QuerySet[Any]) -> list[list[Any]]:
    """The rows of each queryset, as model instances, read in one statement.

    For plain querysets of one table each (filters and ordering, no `select_related`,
    annotations or deferred fields): each becomes a `json_agg` sub-select over the
    queryset's own SQL, so filters, the default manager's ordering and the database's
    types are Django's; the rows come back as the instances `list(queryset)` would give.
    """
    using = querysets[0].db if querysets else "default"
    selects: list[str] = []
    params: list[Any] = []
    empty: set[int] = set()
    for i, queryset in enumerate(querysets):
        if queryset.query.select_related or queryset.query.annotations:
            raise ValueError("fetch_together reads plain querysets of one table")
        try:
            sql, qs_params = queryset.query.sql_with_params()
        except EmptyResultSet:
            empty.add(i)
            continue
        # Aggregating the rows of a sorted sub-select keeps their order in PostgreSQL.
        selects.append(f"(SELECT coalesce(json_agg(q), '[]')::text FROM ({sql}) q)")
        params += qs_params
    values: list[str] = []
    if selects:
        with connections[using].cursor() as cursor:
            cursor.execute("SELECT " + ", ".join(selects), params)
            values = list(cursor.fetchone() or ())
    found = iter(values)
    return [
        [] if i in empty else _instances(queryset.model, using, next(found))
        for i, queryset in enumerate(querysets)
    ]


def _instances(model: type[models.Model], using: str, text: str) -> list[Any]:
    fields = model._meta.concrete_fields
    names = [f.attname for f in fields]
    return [
        model.from_db(using, names, [f.to_python(row[f.column]) for f in fields])
        for row in json.loads(text, parse_float=Decimal)
    ]
