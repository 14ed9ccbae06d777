"""Fuzzing runs against the live server with the seeded content (see tests/dbstate.py)."""

from __future__ import annotations

from typing import Any

import pytest

from tests.dbstate import seed_content


@pytest.fixture
def seeded(migration_data_restored: None, live_server: Any) -> Any:
    seed_content()
    return live_server
