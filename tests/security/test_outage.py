"""A database outage is a calm 503 with Retry-After (JSON for the API), and /healthz says so.

Finding: with the database down every page and API answer was the 500 page, which claimed
"We have been notified" though nothing notified anyone.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from careerpath import loopback
from tests import servers


@pytest.fixture(scope="module")
def no_database() -> Iterator[servers.Gunicorn]:
    """gunicorn with production settings whose database port has nothing listening."""
    dead = f"postgres://careerpath@127.0.0.1:{loopback.free_port()}/careerpath"
    env = servers.production_env(DATABASE_URL=dead)
    with servers.gunicorn(env) as server:
        yield server


@pytest.mark.parametrize(
    ("path", "headers"),
    [
        ("/", {}),
        ("/roles/", {}),
        ("/accounts/login/", {}),
        # A signed-in visitor: the session lookup is the first query.
        ("/plan/", {"Cookie": "sessionid=abcdefghijklmnopqrstuvwxyz012345"}),
    ],
)
def test_pages_answer_503_with_retry_after_and_a_calm_page(no_database, path, headers):
    answer = no_database.request("GET", path, headers=headers)
    assert answer.status == 503, (path, answer.status, no_database.log_text()[-2000:])
    assert int(answer.headers["Retry-After"]) > 0
    assert answer.headers["Content-Type"].startswith("text/html")
    body = answer.body.decode()
    assert "notified" not in body
    assert "try again" in body.lower()
    assert "Traceback" not in body


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("GET", "/api/v1/roles/"),
        ("GET", "/api/v1/me/"),
        ("POST", "/api/v1/auth/token/"),
    ],
)
def test_the_api_answers_503_as_json(no_database, method, path):
    body = {"email": "a@example.com", "password": "x"} if method == "POST" else None
    # A token to look up, so that the signed-in endpoint reaches the database too.
    headers = {"Authorization": "Token " + "0" * 64}
    answer = no_database.request(method, path, body, headers=headers)
    assert answer.status == 503, (path, answer.status)
    assert int(answer.headers["Retry-After"]) > 0
    assert answer.headers["Content-Type"].startswith("application/json")
    assert "unavailable" in answer.json()["detail"]


def test_health_probes_tell_the_truth(no_database):
    assert no_database.request("GET", "/healthz").status == 503
    assert no_database.request("GET", "/livez").status == 200


def test_the_outage_is_logged(no_database):
    no_database.request("GET", "/roles/")
    assert "Database unavailable" in no_database.log_text()


def test_the_500_page_claims_no_report_unless_errors_are_reported(settings):
    from django.test import RequestFactory

    from careerpath.views import server_error

    page = RequestFactory().get("/roles/")
    settings.ADMINS = []
    assert b"notified" not in server_error(page).content
    settings.ADMINS = ["ops@example.org"]
    assert b"notified" in server_error(page).content
    # API clients get the API's error format instead of a page.
    api = server_error(RequestFactory().get("/api/v1/roles/"))
    assert api.status_code == 500
    assert api["Content-Type"] == "application/json"


def test_error_reports_are_off_by_default_and_set_by_one_variable():
    dump = "from django.conf import settings; print(settings.ADMINS)"

    def admins(**extra: str) -> str:
        return servers.shell_output(dump, DJANGO_DEBUG="true", **extra)

    assert admins() == "[]"
    assert "ops@example.org" in admins(CAREERPATH_ERROR_EMAILS="ops@example.org")
