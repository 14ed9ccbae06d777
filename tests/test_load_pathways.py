"""`load_pathways` on a database without content (outside tests/planner, which is seeded)."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command

from planner.models import PathwayStep

pytestmark = pytest.mark.django_db


def test_load_pathways_succeeds_on_an_empty_content_database() -> None:
    out = StringIO()
    call_command("load_pathways", stdout=out)

    # Steps tied to roles wait for the content; shared steps are created.
    assert PathwayStep.objects.filter(key="job-search").exists()
    assert not PathwayStep.objects.filter(key="mlt-program").exists()
    assert "skipped mlt-program" in out.getvalue()
