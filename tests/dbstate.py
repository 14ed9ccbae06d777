"""Put back what the migrations created after a transactional test flushed the test database.

Live-server and concurrency tests run in a transactional database that Django flushes after
each test, which empties the rows the migrations created (content types, permissions, the
Editors group, the site): without this every later test in the run, and the next run under
`--reuse-db`, would find them missing. Such tests ask for the `migration_data_restored`
fixture (tests/conftest.py), which restores after each of them and at the end of the run.
"""

from __future__ import annotations

import io
from typing import Any

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command, get_commands
from django.core.management.color import no_style
from django.db import connections, transaction
from pytest_django.plugin import blocking_manager_key

_serialized: str | None = None


def capture_serialized() -> None:
    """Keep the serialized migration data while the original connection object is current.

    Inside Playwright's event loop `connections["default"]` can be another connection object
    (asgiref's context-local storage), without `_test_serialized_contents`: then Django's own
    serialized rollback silently does nothing and its flush re-runs post_migrate.
    """
    global _serialized
    _serialized = _serialized or getattr(
        connections["default"], "_test_serialized_contents", None
    )


def restore_migration_data(config: Any) -> None:
    """Empty the test database, then reload what the migrations created."""
    contents = _serialized or getattr(
        connections["default"], "_test_serialized_contents", None
    )
    if not contents:
        return
    with config.stash[blocking_manager_key].unblock():
        call_command("flush", verbosity=0, interactive=False, inhibit_post_migrate=True)
        ContentType.objects.clear_cache()
        connections["default"].creation.deserialize_db_from_string(contents)
        ContentType.objects.clear_cache()


# --- fast seeding ---------------------------------------------------------------------------
# `load_content` takes seconds; every live-server test starts from a flushed database. The first
# test seeds with the real commands and snapshots every table with COPY; later tests restore the
# snapshot (well under a second). Without superuser rights (needed to defer foreign-key checks
# during the copy) every test seeds with the commands instead.

_snapshot: dict[str, bytes] | None = None


def _tables() -> list[str]:
    return sorted(
        connections["default"].introspection.django_table_names(only_existing=True)
    )


def _can_snapshot() -> bool:
    connection = connections["default"]
    if connection.vendor != "postgresql":
        return False
    with connection.cursor() as cursor:
        cursor.execute("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")
        row = cursor.fetchone()
    return bool(row and row[0])


def _take_snapshot() -> dict[str, bytes]:
    data: dict[str, bytes] = {}
    with connections["default"].cursor() as cursor:
        for table in _tables():
            buffer = io.BytesIO()
            cursor.cursor.copy_expert(f'COPY "{table}" TO STDOUT', buffer)
            data[table] = buffer.getvalue()
    return data


def _restore_snapshot(data: dict[str, bytes]) -> None:
    connection = connections["default"]
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL session_replication_role = replica")
        cursor.execute("TRUNCATE " + ", ".join(f'"{t}"' for t in data))
        for table, rows in data.items():
            if rows:
                cursor.cursor.copy_expert(
                    f'COPY "{table}" FROM STDIN', io.BytesIO(rows)
                )
        for sql in connection.ops.sequence_reset_sql(
            no_style(), apps.get_models(include_auto_created=True)
        ):
            cursor.execute(sql)
    ContentType.objects.clear_cache()


def seed_content() -> None:
    """The cited content and the pathway templates, as `make seed` loads them."""
    global _snapshot
    if _snapshot is not None:
        _restore_snapshot(_snapshot)
        return
    commands = get_commands()
    for command in ("load_content", "load_pathways"):
        if command in commands:
            call_command(command, verbosity=0)
    if _can_snapshot():
        _snapshot = _take_snapshot()
