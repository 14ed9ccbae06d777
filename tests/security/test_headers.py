"""Security headers and cookies under production settings.

The production values are read from a subprocess that imports the settings with a production
environment (no .env, DEBUG off), then applied in-process so the requests run against the test
database: the test cannot drift from what production really configures.
"""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from django.contrib.auth.hashers import Argon2PasswordHasher
from django.test import Client

from tests import servers
from tests.accounts.factories import DEFAULT_PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

SECURITY_SETTINGS = [
    "DEBUG",
    "SECURE_SSL_REDIRECT",
    "SECURE_REDIRECT_EXEMPT",
    "SECURE_HSTS_SECONDS",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS",
    "SECURE_HSTS_PRELOAD",
    "SESSION_COOKIE_SECURE",
    "SESSION_COOKIE_HTTPONLY",
    "SESSION_COOKIE_SAMESITE",
    "CSRF_COOKIE_SECURE",
    "CSRF_COOKIE_SAMESITE",
    "SECURE_CONTENT_TYPE_NOSNIFF",
    "SECURE_REFERRER_POLICY",
    "SECURE_CROSS_ORIGIN_OPENER_POLICY",
    "X_FRAME_OPTIONS",
    "SECURE_CSP",
    "PASSWORD_HASHERS",
]
DUMP = (
    "import json; from django.conf import settings; "
    f"print(json.dumps({{name: getattr(settings, name) for name in {SECURITY_SETTINGS!r}}}, default=str))"
)


@pytest.fixture(scope="module")
def production() -> dict[str, Any]:
    return json.loads(
        servers.shell_output(
            DUMP,
            DJANGO_DEBUG="false",
            DJANGO_SECRET_KEY="prod-like-" + "k" * 50,
            DJANGO_ALLOWED_HOSTS="careerpath.example.org",
        )
    )


@pytest.fixture
def prod_client(production: dict[str, Any], settings: Any) -> Client:
    for name, value in production.items():
        if name not in ("PASSWORD_HASHERS", "SECURE_CSP", "DEBUG"):
            setattr(settings, name, value)
    # A fresh client builds its middleware chain from the settings above on first use.
    return Client()


def test_production_defaults_are_the_safe_ones(production):
    assert production["DEBUG"] is False
    assert production["SECURE_SSL_REDIRECT"] is True
    assert production["SECURE_HSTS_SECONDS"] >= 31_536_000
    assert production["SECURE_HSTS_INCLUDE_SUBDOMAINS"] is True
    assert production["SESSION_COOKIE_SECURE"] is True
    assert production["CSRF_COOKIE_SECURE"] is True
    assert production["SESSION_COOKIE_HTTPONLY"] is True
    assert production["SESSION_COOKIE_SAMESITE"] in ("Lax", "Strict")


def test_argon2_is_the_first_password_hasher(production):
    assert production["PASSWORD_HASHERS"][0] == (
        "django.contrib.auth.hashers.Argon2PasswordHasher"
    )
    # argon2-cffi is installed: the hasher really works.
    encoded = Argon2PasswordHasher().encode("s3cret-pass", "saltsaltsalt")
    assert encoded.startswith("argon2$")
    assert Argon2PasswordHasher().verify("s3cret-pass", encoded)


def test_plain_http_is_redirected_to_https(prod_client):
    response = prod_client.get("/roles/?x=1")
    assert response.status_code == 301
    assert response["Location"] == "https://testserver/roles/?x=1"


def test_health_probe_is_exempt_from_the_https_redirect(prod_client):
    assert prod_client.get("/healthz").status_code == 200


def test_hsts_on_https_responses(prod_client):
    response = prod_client.get("/", secure=True)
    assert response.status_code == 200
    hsts = response["Strict-Transport-Security"]
    max_age = re.search(r"max-age=(\d+)", hsts)
    assert max_age
    assert int(max_age.group(1)) >= 31_536_000
    assert "includeSubDomains" in hsts


def test_api_responses_carry_the_same_headers(prod_client):
    response = prod_client.get("/api/v1/me/", secure=True)
    assert response.status_code == 401
    assert "Strict-Transport-Security" in response
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"


def test_session_cookie_is_secure_httponly_samesite(prod_client):
    user = UserFactory(email="cookie@example.com")
    response = prod_client.post(
        "/accounts/login/",
        {"login": user.email, "password": DEFAULT_PASSWORD},
        secure=True,
    )
    assert response.status_code == 302
    cookie = response.cookies["sessionid"]
    assert cookie["secure"] is True
    assert cookie["httponly"] is True
    assert cookie["samesite"] == "Lax"


def test_csrf_cookie_is_secure(prod_client):
    response = prod_client.get("/accounts/login/", secure=True)
    assert response.status_code == 200
    cookie = response.cookies["csrftoken"]
    assert cookie["secure"] is True
    assert cookie["samesite"] == "Lax"


def _nonce(policy: str) -> str:
    match = re.search(r"'nonce-([^']+)'", policy)
    assert match, policy
    return match.group(1)


def test_csp_has_no_unsafe_inline_and_a_fresh_nonce_per_response(prod_client):
    first = prod_client.get("/", secure=True)
    second = prod_client.get("/", secure=True)
    policies = [r["Content-Security-Policy"] for r in (first, second)]
    for policy in policies:
        assert "unsafe-inline" not in policy
        assert "unsafe-eval" not in policy
        assert "default-src 'self'" in policy
        assert "frame-ancestors 'none'" in policy
        assert "object-src 'none'" in policy
    assert _nonce(policies[0]) != _nonce(policies[1])
    # The page uses the nonce of its own response (htmx's inline-script nonce).
    assert _nonce(policies[0]) in first.content.decode()
    assert _nonce(policies[0]) not in second.content.decode()


def test_framing_sniffing_and_referrer_headers(prod_client):
    response = prod_client.get("/", secure=True)
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"


def test_error_pages_carry_the_headers_too(prod_client):
    response = prod_client.get("/no-such-page/", secure=True)
    assert response.status_code == 404
    assert "unsafe-inline" not in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "DENY"
