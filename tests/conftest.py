from __future__ import annotations

import os
from collections.abc import Iterator

import pytest
from django.core.cache import cache
from rest_framework.test import APIClient

from careerpath.accounts.models import User
from tests.accounts.factories import UserFactory

if not os.environ.get("DATABASE_URL"):
    # Lets a bare `.venv/bin/pytest` work: start the project-local PostgreSQL on demand.
    from careerpath import localdb

    localdb.start(quiet=True)


@pytest.fixture(autouse=True)
def _fast_and_isolated(settings: object) -> Iterator[None]:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # type: ignore[attr-defined]
    # No collectstatic in tests: serve from the finders instead of the manifest.
    settings.STORAGES = {  # type: ignore[attr-defined]
        **settings.STORAGES,  # type: ignore[attr-defined]
        "staticfiles": {
            "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        },
    }
    cache.clear()  # throttles and page caches must not leak between tests
    yield
    cache.clear()


@pytest.fixture
def user(db: None) -> User:
    return UserFactory()


@pytest.fixture
def other_user(db: None) -> User:
    return UserFactory()


@pytest.fixture
def api_client() -> APIClient:
    return APIClient()
