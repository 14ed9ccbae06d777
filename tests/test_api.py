"""Project-wide API behaviour (careerpath/api.py, careerpath/views.py): pages and errors."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from tests.content.factories import FAQFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def faqs(db: None) -> None:
    FAQFactory.create_batch(3)


@pytest.mark.parametrize("value", ["abc", "0", "-5", "1.5", "null", " 2"])
def test_a_page_size_that_is_not_a_positive_integer_is_400(client, faqs, value):
    response = client.get("/api/v1/faqs/", {"page_size": value})
    assert response.status_code == 400
    assert set(response.json()) == {"page_size"}


@pytest.mark.parametrize(("value", "expected"), [("2", 2), ("", 3), ("100000", 3)])
def test_page_size_is_used_capped_or_defaulted(client, faqs, value, expected):
    response = client.get("/api/v1/faqs/", {"page_size": value})
    assert response.status_code == 200
    assert len(response.json()["results"]) == expected


def test_an_api_path_no_view_matches_is_a_json_404(client):
    # A state code must be two letters: this path matches no URL pattern at all.
    response = client.get("/api/v1/states/%C2%84/")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"detail": "Not found."}
    page = client.get("/no-such-page/")
    assert page.status_code == 404
    assert page["Content-Type"].startswith("text/html")


# Every REST_FRAMEWORK setting that names a class or function. DRF imports each on first use,
# and which is used first depends on the order Django's system checks happen to run in (a set),
# so each must import cleanly when it is the very first thing DRF loads.
IMPORTED_SETTINGS = [
    "DEFAULT_AUTHENTICATION_CLASSES",
    "DEFAULT_PERMISSION_CLASSES",
    "DEFAULT_PARSER_CLASSES",
    "DEFAULT_PAGINATION_CLASS",
    "DEFAULT_FILTER_BACKENDS",
    "DEFAULT_SCHEMA_CLASS",
    "DEFAULT_THROTTLE_CLASSES",
    "EXCEPTION_HANDLER",
]


@pytest.mark.django_db(databases=[])
@pytest.mark.parametrize("name", IMPORTED_SETTINGS)
def test_each_api_setting_imports_when_it_is_loaded_first(name):
    code = (
        "import django; django.setup()\n"
        "from rest_framework.settings import api_settings\n"
        f"assert api_settings.{name}\n"
    )
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "careerpath.settings"}
    result = subprocess.run(
        [sys.executable, "-c", code],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr[-2000:]
