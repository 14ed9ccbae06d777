"""Long emails are refused with a message; unsubscribe links expire and show no email.

Findings: a 313-character email was silently truncated to 254 and stored; unsubscribe
links never expired and showed the account's email to whoever had the link.
"""

from __future__ import annotations

import re
from unittest import mock

import pytest
from django.core import mail, signing
from django.test import Client

from careerpath.accounts.models import User
from planner import reminders
from tests.accounts.factories import UserFactory

pytestmark = pytest.mark.django_db

LONG_EMAIL = (
    "a" * 64
    + "."
    + "b" * 60
    + "."
    + "c" * 60
    + "."
    + "d" * 60
    + "@"
    + "e" * 50
    + ".example.com"
)
PASSWORD = "Lab-path 2026 rotation!"


def test_the_long_email_is_longer_than_the_limit():
    assert len(LONG_EMAIL) > 254


def test_sign_up_refuses_an_email_over_254_characters_with_a_message(client):
    response = client.post(
        "/accounts/signup/",
        {"email": LONG_EMAIL, "password1": PASSWORD, "password2": PASSWORD},
    )
    assert response.status_code == 200
    assert "at most 254 characters" in response.content.decode()
    assert not User.objects.filter(email__startswith="aaaa").exists()
    assert not mail.outbox


def test_adding_an_email_over_254_characters_is_refused(client):
    user = UserFactory()
    client.force_login(user)
    response = client.post("/accounts/email/", {"action_add": "", "email": LONG_EMAIL})
    assert "at most 254 characters" in response.content.decode()
    assert user.emailaddress_set.count() == 1


def test_the_api_refuses_an_email_over_254_characters(api_client):
    response = api_client.post(
        "/api/v1/auth/token/", {"email": LONG_EMAIL, "password": "x"}, format="json"
    )
    assert response.status_code == 400
    assert "254" in str(response.json()["email"])


@pytest.fixture
def subscriber(db: None) -> User:
    return UserFactory(email="reader@example.com", email_reminders=True)


def test_the_unsubscribe_page_shows_no_email(subscriber):
    path = reminders.unsubscribe_url(subscriber).split("://", 1)[1].split("/", 1)[1]
    client = Client()
    page = client.get("/" + path)
    assert page.status_code == 200
    assert "reader@example.com" not in page.content.decode()
    done = client.post("/" + path)
    assert done.status_code == 200
    assert "reader@example.com" not in done.content.decode()
    subscriber.refresh_from_db()
    assert subscriber.email_reminders is False


def test_unsubscribe_links_expire(subscriber):
    token = reminders.unsubscribe_token(subscriber)
    later = signing.TimestampSigner().timestamp()  # now, in the signer's base62 clock
    assert later
    real_time = __import__("time").time
    with mock.patch(
        "django.core.signing.time.time",
        return_value=real_time() + reminders.UNSUBSCRIBE_MAX_AGE.total_seconds() + 60,
    ):
        assert Client().get(f"/plan/reminders/unsubscribe/{token}/").status_code == 404
        assert Client().post(f"/plan/reminders/unsubscribe/{token}/").status_code == 404
    subscriber.refresh_from_db()
    assert subscriber.email_reminders is True
    # Within its lifetime the same link works.
    assert Client().get(f"/plan/reminders/unsubscribe/{token}/").status_code == 200


def test_the_digest_link_is_signed_with_a_timestamp(subscriber):
    token = reminders.unsubscribe_token(subscriber)
    assert re.fullmatch(r"[A-Za-z0-9_\-:.]+", token)
    assert token.count(":") == 2  # value:timestamp:signature
