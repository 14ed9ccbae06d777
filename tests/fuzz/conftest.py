"""Fuzzing runs against the live server with the seeded content (see tests/browser/dbstate.py)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from tests.browser.dbstate import (
    restore_migration_data,
    seed_content,
)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(
    item: pytest.Item, nextitem: pytest.Item | None
) -> Iterator[None]:
    result = yield
    if nextitem is not None:
        restore_migration_data(item.config)
    return result


@pytest.fixture(scope="session", autouse=True)
def _restore_migration_data_at_the_end(
    request: pytest.FixtureRequest, django_db_setup: None
) -> Iterator[None]:
    yield
    restore_migration_data(request.config)


@pytest.fixture
def seeded(
    django_db_serialized_rollback: None, transactional_db: None, live_server: Any
) -> Any:
    seed_content()
    return live_server
