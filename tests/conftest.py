from __future__ import annotations

import os
import shutil
from collections.abc import Iterator

import pytest
from django.conf import settings as django_settings
from django.core.cache import cache
from django.utils import translation
from pytest_django import Settings
from rest_framework.test import APIClient

from careerpath.accounts.models import User
from tests import servers
from tests.accounts.factories import UserFactory
from tests.dbstate import capture_serialized, restore_migration_data

if not os.environ.get("DATABASE_URL"):
    # Lets a bare `.venv/bin/pytest` work: start the project-local PostgreSQL on demand.
    from careerpath import localdb

    localdb.start(quiet=True)


@pytest.fixture(autouse=True)
def _fast_and_isolated(settings: Settings) -> Iterator[None]:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # No collectstatic in tests: serve from the finders instead of the manifest.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {
            "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        },
    }
    cache.clear()  # throttles and page caches must not leak between tests
    # A request activates its language in this thread and the test client leaves it
    # active: each test starts (and ends) in the default language.
    translation.activate(django_settings.LANGUAGE_CODE)
    yield
    cache.clear()
    translation.activate(django_settings.LANGUAGE_CODE)


FLUSHED_BY_A_TEST = pytest.StashKey[bool]()


@pytest.fixture(scope="session", autouse=True)
def _migration_data(
    request: pytest.FixtureRequest, django_db_setup: None
) -> Iterator[None]:
    capture_serialized()  # now, before any test (or browser event loop) runs
    yield
    # Torn down before django_db_setup, i.e. while the test database is still selected.
    if request.config.stash.get(FLUSHED_BY_A_TEST, False):
        restore_migration_data(request.config)


@pytest.fixture
def migration_data_restored(
    request: pytest.FixtureRequest,
    django_db_serialized_rollback: None,
    transactional_db: None,
) -> None:
    """A transactional database (flushed after each test) for tests that need real commits.

    `django_db_serialized_rollback` makes pytest-django keep a copy of what the migrations
    created; it is put back after each such test (`pytest_runtest_teardown` below) and at the
    end of the run, so later tests and the next `--reuse-db` run find it."""
    request.config.stash[FLUSHED_BY_A_TEST] = True


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(
    item: pytest.Item, nextitem: pytest.Item | None
) -> Iterator[None]:
    result = yield
    # After the last test the session fixture above restores instead (the database may be
    # gone by the time this hook resumes).
    if nextitem is not None and "migration_data_restored" in getattr(
        item, "fixturenames", ()
    ):
        restore_migration_data(item.config)
    return result


@pytest.fixture
def user(db: None) -> User:
    return UserFactory()


@pytest.fixture
def other_user(db: None) -> User:
    return UserFactory()


@pytest.fixture
def api_client() -> APIClient:
    return APIClient()


@pytest.fixture(scope="session")
def redis_url() -> Iterator[str]:
    """A private redis-server for this test run (stopped at the end); its URL."""
    if shutil.which("redis-server") is None:
        # Fail, not skip: `make test` installs it, so a missing server is a set-up fault,
        # and a skip would quietly drop the shared-cache tests.
        pytest.fail(
            "redis-server is missing: `make redis` installs it (make test does)"
        )
    with servers.redis_server() as url:
        yield url
