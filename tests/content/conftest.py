from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.contrib.auth.models import Group, Permission
from django.db import transaction
from pytest_django import DjangoDbBlocker

from careerpath.accounts.models import User
from content import seed
from content.models import Role
from tests.accounts.factories import UserFactory


@pytest.fixture(scope="package", autouse=True)
def _seed_for_this_package(
    django_db_setup: None, django_db_blocker: DjangoDbBlocker
) -> Iterator[None]:
    """Load the seed once for tests/content inside a transaction rolled back afterwards.

    Like TestCase.setUpTestData: each test runs in a savepoint on top of the seed, and the
    rest of the suite starts from an empty content database again.
    """
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        seed.load_content()
    yield
    with django_db_blocker.unblock():
        transaction.set_rollback(True)
        outer.__exit__(None, None, None)


@pytest.fixture
def seeded(db: None) -> None:
    """Seeded content; reloaded if a transactional test elsewhere flushed the tables."""
    if not Role.objects.filter(slug="medical-laboratory-technician").exists():
        seed.load_content()


@pytest.fixture
def editors_group(db: None) -> Group:
    """The Editors group from migration 0002 (re-created if a flushing test removed it)."""
    group, created = Group.objects.get_or_create(name="Editors")
    if created:
        group.permissions.add(
            *Permission.objects.filter(content_type__app_label="content").exclude(
                content_type__model__in=["searchdocument", "contentversion"]
            )
        )
    return group


@pytest.fixture
def editor(seeded: None, editors_group: Group) -> User:
    """A staff member in the Editors group."""
    user = UserFactory(is_staff=True)
    user.groups.add(editors_group)
    return user
