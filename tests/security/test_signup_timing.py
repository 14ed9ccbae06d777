"""Sign-up does the same work for a registered email as for a new one, so its timing tells
nobody which emails have accounts.

Finding: 62-65 ms for a registered email against 248-357 ms for a new one: only the new
one hashed the password (Argon2, slow by design). Both send one mail in the request.
"""

from __future__ import annotations

import statistics
import time
from unittest import mock

import pytest
from django.contrib.auth import hashers
from django.core import mail
from django.test import Client

from tests.accounts.factories import UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "Lab-path 2026 rotation!"
ROUNDS = 5


def sign_up(email: str) -> float:
    client = Client()
    started = time.perf_counter()
    response = client.post(
        "/accounts/signup/",
        {"email": email, "password1": PASSWORD, "password2": PASSWORD},
    )
    elapsed = time.perf_counter() - started
    assert response.status_code == 302, response.content[:500]
    assert response["Location"] == "/accounts/confirm-email/"
    return elapsed


@pytest.fixture
def production_hasher(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.Argon2PasswordHasher"]
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "signup": ""}


def test_both_answers_hash_the_password_and_send_one_mail(production_hasher):
    UserFactory(email="known@example.com")
    for email in ("known@example.com", "new@example.com"):
        outbox = len(mail.outbox)
        with mock.patch.object(
            hashers.Argon2PasswordHasher,
            "encode",
            autospec=True,
            side_effect=hashers.Argon2PasswordHasher.encode,
        ) as encode:
            sign_up(email)
        assert encode.call_count == 1, email
        assert len(mail.outbox) == outbox + 1, email
        assert mail.outbox[-1].to == [email]


def test_a_registered_email_takes_as_long_as_a_new_one(production_hasher):
    known = [UserFactory(email=f"known{n}@example.com").email for n in range(ROUNDS)]
    sign_up("warm-up@example.com")
    new_times, known_times = [], []
    for n in range(ROUNDS):
        new_times.append(sign_up(f"new{n}@example.com"))
        known_times.append(sign_up(known[n]))
    new, old = statistics.median(new_times), statistics.median(known_times)
    assert max(new, old) / min(new, old) < 1.6, (new_times, known_times)
