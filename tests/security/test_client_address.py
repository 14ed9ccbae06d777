"""Rate limits key on the real client: X-Forwarded-For is believed only as far as the trusted
proxies go, and every password check also counts failures per account, whatever the address.

Finding: with a new `X-Forwarded-For` per request, 30 wrong passwords got 401 from the token
endpoint and then the right one got a token.
"""

from __future__ import annotations

import itertools
from typing import Any

import pytest
from django.test import Client

from tests.accounts.factories import DEFAULT_PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

TOKEN_URL = "/api/v1/auth/token/"
_counter = itertools.count(1)


def fresh_address() -> str:
    n = next(_counter)
    return f"203.0.{n // 250}.{n % 250 + 1}"


def ask_for_token(client: Client, email: str, password: str, **extra: Any) -> Any:
    return client.post(
        TOKEN_URL,
        {"email": email, "password": password},
        content_type="application/json",
        **extra,
    )


def sign_in(client: Client, email: str, password: str, **extra: Any) -> Any:
    """The site's sign-in form."""
    return client.post(
        "/accounts/login/", {"login": email, "password": password}, **extra
    )


def token_limit(settings: Any) -> int:
    return int(settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]["token"].split("/")[0])


def account_failure_limit(settings: Any) -> int:
    for rate in settings.ACCOUNT_RATE_LIMITS["login_failed"].split(","):
        if rate.endswith("/key"):
            return int(rate.split("/")[0])
    raise AssertionError("no per-account failure limit for sign-ins")


def with_trusted_proxies(settings: Any, count: int) -> None:
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "NUM_PROXIES": count}
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = count


def test_trusted_proxies_default_to_none(settings):
    assert settings.REST_FRAMEWORK["NUM_PROXIES"] == 0
    assert settings.ALLAUTH_TRUSTED_PROXY_COUNT == 0


def test_a_new_forwarded_for_per_request_does_not_reset_the_token_limit(settings):
    client = Client()
    limit = token_limit(settings)
    for n in range(limit):
        # Different accounts, so only the per-address limit is in play.
        response = ask_for_token(
            client,
            f"nobody{n}@example.com",
            "wrong",
            HTTP_X_FORWARDED_FOR=fresh_address(),
        )
        assert response.status_code in (401, 429), response.status_code
    blocked = ask_for_token(
        client,
        "someone-else@example.com",
        "wrong",
        HTTP_X_FORWARDED_FOR=fresh_address(),
    )
    assert blocked.status_code == 429


def test_behind_one_proxy_only_the_address_it_appends_counts(settings):
    """The client can prepend anything; the proxy's own entry (the last one) is the key."""
    with_trusted_proxies(settings, 1)
    UserFactory(email="api@example.com")
    client = Client()
    limit = token_limit(settings)
    for _ in range(limit):
        response = ask_for_token(
            client,
            "api@example.com",
            DEFAULT_PASSWORD,
            HTTP_X_FORWARDED_FOR=f"{fresh_address()}, 198.51.100.7",
        )
        assert response.status_code == 200
    blocked = ask_for_token(
        client,
        "api@example.com",
        DEFAULT_PASSWORD,
        HTTP_X_FORWARDED_FOR=f"{fresh_address()}, 198.51.100.7",
    )
    assert blocked.status_code == 429
    # Another client behind the same proxy has its own allowance.
    other = ask_for_token(
        client, "api@example.com", DEFAULT_PASSWORD, HTTP_X_FORWARDED_FOR="198.51.100.8"
    )
    assert other.status_code == 200


def test_the_right_password_is_refused_after_too_many_failures_for_the_account(
    settings,
):
    UserFactory(email="target@example.com")
    limit = account_failure_limit(settings)
    for _ in range(limit):
        # Each try from its own address: only the per-account limit can stop this.
        response = ask_for_token(
            Client(REMOTE_ADDR=fresh_address()), "target@example.com", "wrong"
        )
        assert response.status_code == 401
    blocked = ask_for_token(
        Client(REMOTE_ADDR=fresh_address()), "Target@Example.com", DEFAULT_PASSWORD
    )
    assert blocked.status_code == 429
    assert "token" not in blocked.json()
    assert int(blocked["Retry-After"]) > 0


def test_token_and_sign_in_failures_share_one_account_limit(settings):
    UserFactory(email="target@example.com")
    limit = account_failure_limit(settings)
    for n in range(limit):
        address = fresh_address()
        if n % 2:
            ask_for_token(Client(REMOTE_ADDR=address), "target@example.com", "wrong")
        else:
            sign_in(Client(REMOTE_ADDR=address), "target@example.com", "wrong")
    web = Client(REMOTE_ADDR=fresh_address())
    response = sign_in(web, "target@example.com", DEFAULT_PASSWORD)
    assert "_auth_user_id" not in web.session
    assert "Too many failed login attempts" in response.content.decode()
    api = ask_for_token(
        Client(REMOTE_ADDR=fresh_address()), "target@example.com", DEFAULT_PASSWORD
    )
    assert api.status_code == 429


def test_web_sign_in_ignores_a_forged_forwarded_for(settings):
    UserFactory(email="target@example.com")
    limit = int(settings.ACCOUNT_RATE_LIMITS["login"].split(",")[0].split("/")[0])
    client = Client()
    for n in range(limit):
        sign_in(
            client, f"nobody{n}@example.com", "x", HTTP_X_FORWARDED_FOR=fresh_address()
        )
    blocked = sign_in(
        client, "nobody-else@example.com", "x", HTTP_X_FORWARDED_FOR=fresh_address()
    )
    assert blocked.status_code == 429


def test_the_admin_sign_in_counts_failures_per_account(settings):
    UserFactory(email="editor@example.com", is_staff=True)
    limit = account_failure_limit(settings)
    for _ in range(limit):
        response = Client(REMOTE_ADDR=fresh_address()).post(
            "/admin/login/", {"username": "editor@example.com", "password": "wrong"}
        )
        assert response.status_code == 200
    client = Client(REMOTE_ADDR=fresh_address())
    response = client.post(
        "/admin/login/",
        {"username": "editor@example.com", "password": DEFAULT_PASSWORD},
    )
    assert "_auth_user_id" not in client.session
    assert "Too many failed login attempts" in response.content.decode()


def test_the_delete_account_password_check_counts_failures_per_account(settings):
    user = UserFactory(email="victim@example.com")
    limit = account_failure_limit(settings)
    client = Client()
    client.force_login(user)
    for _ in range(limit):
        response = client.post("/accounts/delete/", {"password": "wrong"})
        assert response.status_code == 200
    response = client.post("/accounts/delete/", {"password": DEFAULT_PASSWORD})
    assert response.status_code == 200
    assert "Too many failed login attempts" in response.content.decode()
    user.refresh_from_db()  # still there
