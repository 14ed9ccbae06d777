from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.core.management import call_command
from django.db import transaction
from pytest_django import DjangoDbBlocker

from content.models import StateLicensure
from planner import selectors
from planner.planning import PlanAnswers, PlanningContext
from tests.planner.factories import MLT


@pytest.fixture(scope="package", autouse=True)
def _seed_for_this_package(
    django_db_setup: None, django_db_blocker: DjangoDbBlocker
) -> Iterator[None]:
    """The product's seed (content and pathway templates), loaded once for tests/planner.

    Like TestCase.setUpTestData: it lives in a transaction rolled back after the package, so
    each test runs in a savepoint on top of it and the rest of the suite starts empty again.
    """
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        call_command("load_content", verbosity=0)
        call_command("load_pathways", verbosity=0)
    yield
    with django_db_blocker.unblock():
        transaction.set_rollback(True)
        outer.__exit__(None, None, None)


@pytest.fixture(scope="package")
def contexts(
    _seed_for_this_package: None, django_db_blocker: DjangoDbBlocker
) -> dict[str | None, PlanningContext]:
    """A planning context per jurisdiction (and for "undecided"), read from the seeded
    database by the product's own `load_context`: the rules are tested on what users get."""
    with django_db_blocker.unblock():
        codes = [
            None,
            *StateLicensure.objects.published().values_list("code", flat=True),
        ]
        return {
            code: selectors.load_context(PlanAnswers(MLT, "high_school", code))
            for code in codes
        }
