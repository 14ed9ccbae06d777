"""Brute-force guards: each limit bites (429) and lets the client in again once its window passes.

Time is moved with `unittest.mock.patch` on the clock each limiter reads, never with sleep.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from types import SimpleNamespace
from unittest import mock

import pytest
from django.core import mail
from rest_framework.throttling import SimpleRateThrottle

from careerpath.accounts.models import User
from tests.accounts.factories import DEFAULT_PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

TOKEN_URL = "/api/v1/auth/token/"


@contextmanager
def allauth_clock_moved(seconds: float) -> Iterator[None]:
    """allauth's limiter stamps `time.time()` into its cache history; shift only its clock."""
    fake = SimpleNamespace(
        time=lambda: time.time() + seconds, monotonic=time.monotonic, sleep=time.sleep
    )
    with mock.patch("allauth.core.internal.ratelimit.time", fake):
        yield


def limit_of(settings, action: str, unit: str) -> int:
    for rate in settings.ACCOUNT_RATE_LIMITS[action].split(","):
        if rate.endswith(unit):
            return int(rate.split("/")[0])
    raise AssertionError(f"no {unit} rate for {action}")


def test_failed_sign_ins_are_limited_and_the_limit_resets(client, settings):
    user = UserFactory(email="target@example.com")
    limit = limit_of(settings, "login_failed", "/key")
    wrong = {"login": user.email, "password": "not-the-password"}
    for _ in range(limit):
        response = client.post("/accounts/login/", wrong)
        assert response.status_code == 200  # the form again, with an error
    # allauth answers a locked account with the form and a message, even for the right password.
    blocked = client.post(
        "/accounts/login/", {"login": user.email, "password": DEFAULT_PASSWORD}
    )
    assert blocked.status_code == 200
    assert "Too many failed login attempts" in blocked.content.decode()
    assert "_auth_user_id" not in client.session

    with allauth_clock_moved(5 * 60 + 1):
        response = client.post(
            "/accounts/login/", {"login": user.email, "password": DEFAULT_PASSWORD}
        )
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(user.pk)


def test_sign_in_attempts_per_ip_get_429_and_the_limit_resets(client, settings):
    limit = limit_of(settings, "login", "/ip")
    for n in range(limit):
        # Different addresses each time: the per-account failure limit never applies.
        response = client.post(
            "/accounts/login/", {"login": f"nobody{n}@example.com", "password": "x"}
        )
        assert response.status_code == 200, n
    blocked = client.post(
        "/accounts/login/", {"login": "nobody-else@example.com", "password": "x"}
    )
    assert blocked.status_code == 429

    with allauth_clock_moved(60 + 1):
        response = client.post(
            "/accounts/login/", {"login": "nobody-else@example.com", "password": "x"}
        )
    assert response.status_code == 200


def test_sign_ups_are_limited_per_ip_and_the_limit_resets(client, settings):
    limit = limit_of(settings, "signup", "/ip")
    password = "Lab-path 2026 rotation!"
    for n in range(limit):
        response = client.post(
            "/accounts/signup/",
            {
                "email": f"new{n}@example.com",
                "password1": password,
                "password2": password,
            },
        )
        assert response.status_code == 302, n
    blocked = client.post(
        "/accounts/signup/",
        {"email": "one-more@example.com", "password1": password, "password2": password},
    )
    assert blocked.status_code == 429
    assert not User.objects.filter(email="one-more@example.com").exists()

    with allauth_clock_moved(3600 + 1):
        response = client.post(
            "/accounts/signup/",
            {
                "email": "one-more@example.com",
                "password1": password,
                "password2": password,
            },
        )
    assert response.status_code == 302
    assert User.objects.filter(email="one-more@example.com").exists()


def test_password_resets_are_limited_per_address_and_reset(client, settings):
    user = UserFactory(email="forgetful@example.com")
    limit = limit_of(settings, "reset_password", "/key")
    for _ in range(limit):
        response = client.post("/accounts/password/reset/", {"email": user.email})
        assert response.status_code == 302
    sent = len(mail.outbox)
    blocked = client.post("/accounts/password/reset/", {"email": user.email})
    assert blocked.status_code == 429
    assert len(mail.outbox) == sent  # no email for the blocked request

    with allauth_clock_moved(3600 + 1):
        response = client.post("/accounts/password/reset/", {"email": user.email})
    assert response.status_code == 302
    assert len(mail.outbox) == sent + 1


def test_password_resets_are_limited_per_ip(client, settings):
    limit = limit_of(settings, "reset_password", "/ip")
    for n in range(limit):
        response = client.post(
            "/accounts/password/reset/", {"email": f"someone{n}@example.com"}
        )
        assert response.status_code == 302
    blocked = client.post("/accounts/password/reset/", {"email": "another@example.com"})
    assert blocked.status_code == 429


def test_token_endpoint_is_limited_and_the_limit_resets(api_client, settings):
    UserFactory(email="api@example.com")
    limit = int(
        settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]["token"].split("/")[0]
    )
    # Every request counts towards the per-client limit, successful ones too. (Wrong
    # passwords for one account would meet the per-account limit first: test_client_address.)
    right = {"email": "api@example.com", "password": DEFAULT_PASSWORD}
    for _ in range(limit):
        assert api_client.post(TOKEN_URL, right, format="json").status_code == 200
    blocked = api_client.post(TOKEN_URL, right, format="json")
    assert blocked.status_code == 429
    assert "token" not in blocked.json()
    assert int(blocked["Retry-After"]) > 0

    later = time.time() + 61

    def one_minute_later(_throttle: SimpleRateThrottle) -> float:
        return later

    with mock.patch.object(SimpleRateThrottle, "timer", new=one_minute_later):
        response = api_client.post(TOKEN_URL, right, format="json")
    assert response.status_code == 200
    assert response.json()["token"]


def test_token_limit_is_per_client_not_global(api_client, settings):
    UserFactory(email="api@example.com")
    limit = int(
        settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]["token"].split("/")[0]
    )
    for n in range(limit + 1):
        # Other accounts each time: the per-account failure limit stays out of this.
        wrong = {"email": f"nobody{n}@example.com", "password": "wrong"}
        api_client.post(TOKEN_URL, wrong, format="json", REMOTE_ADDR="10.0.0.1")
    right = {"email": "api@example.com", "password": DEFAULT_PASSWORD}
    assert (
        api_client.post(
            TOKEN_URL, right, format="json", REMOTE_ADDR="10.0.0.1"
        ).status_code
        == 429
    )
    assert (
        api_client.post(
            TOKEN_URL, right, format="json", REMOTE_ADDR="10.0.0.2"
        ).status_code
        == 200
    )
