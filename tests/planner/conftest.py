from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.core.management import call_command
from django.db import transaction


@pytest.fixture(scope="package", autouse=True)
def _seed_for_this_package(
    django_db_setup: None, django_db_blocker: object
) -> Iterator[None]:
    """The product's seed (content and pathway templates), loaded once for tests/planner.

    Like TestCase.setUpTestData: it lives in a transaction rolled back after the package, so
    each test runs in a savepoint on top of it and the rest of the suite starts empty again.
    """
    with django_db_blocker.unblock():  # type: ignore[attr-defined]
        outer = transaction.atomic()
        outer.__enter__()
        call_command("load_content", verbosity=0)
        call_command("load_pathways", verbosity=0)
    yield
    with django_db_blocker.unblock():  # type: ignore[attr-defined]
        transaction.set_rollback(True)
        outer.__exit__(None, None, None)
