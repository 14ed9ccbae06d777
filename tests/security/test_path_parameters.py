"""Any text in a URL path parameter is a 404 when it names nothing, never a 500.

Finding: a NUL byte in a token path was a 500 (`/plan/shared/%00/`,
`/plan/calendar/%00.ics`): PostgreSQL refuses NUL in a string.
"""

from __future__ import annotations

import urllib.parse

import pytest
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.accounts.factories import UserFactory

pytestmark = pytest.mark.django_db

# Every route whose parameter is free text (a token, a slug, a key id), as a format string.
TEXT_ROUTES = [
    "/plan/shared/{}/",
    "/plan/calendar/{}.ics",
    "/plan/reminders/unsubscribe/{}/",
    "/api/v1/auth/tokens/{}/",
    "/roles/{}/",
    "/certifications/{}/",
    "/guides/{}/",
    "/licensure/{}/",
    "/api/v1/roles/{}/",
    "/api/v1/certifications/{}/",
    "/api/v1/states/{}/",
]
NASTY = [
    "%00",
    "abc%00def",
    "%00%00",
    "%01",
    "%7f",
    "%ff",
    "%c0%80",
    "%e2%80%ae",
    "..",
    "%2e%2e",
]


def quoted(text: str) -> str:
    return urllib.parse.quote(text, safe="")


@pytest.mark.parametrize("route", TEXT_ROUTES)
@pytest.mark.parametrize("value", NASTY)
def test_invalid_characters_in_a_path_parameter_are_404(route, value):
    client = Client(raise_request_exception=False)
    client.force_login(UserFactory())  # so that the API routes get past authentication
    for method in ("get", "post", "delete"):
        response = getattr(client, method)(route.format(value))
        assert response.status_code in (301, 302, 400, 404, 405), (
            method,
            route.format(value),
            response.status_code,
        )
        assert response.status_code != 500


@settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    route=st.sampled_from(TEXT_ROUTES),
    text=st.text(
        alphabet=st.characters(codec="utf-8", exclude_characters="/"),
        min_size=1,
        max_size=80,
    ),
)
def test_fuzzed_path_parameters_never_500(route, text):
    client = Client(raise_request_exception=False)
    response = client.get(route.format(quoted(text)))
    assert response.status_code in (200, 301, 302, 400, 401, 404, 405), (
        route.format(quoted(text)),
        response.status_code,
    )
