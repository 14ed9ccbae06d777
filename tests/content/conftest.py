from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.contrib.auth.models import Group, Permission

from content import seed
from content.models import Role


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup: None, django_db_blocker: object) -> Iterator[None]:
    # Load the seed once per test database; tests run in transactions on top of it.
    with django_db_blocker.unblock():  # type: ignore[attr-defined]
        seed.load_content()
    return


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
