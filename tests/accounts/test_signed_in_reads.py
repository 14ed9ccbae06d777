"""The session store and the backends read sessions and users with plain SQL
(careerpath/accounts/sessions.py, backends.py): what they give must be what Django's own code
gives, including for expired sessions, unknown keys and inactive users."""

from __future__ import annotations

import datetime as dt

import pytest
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, SESSION_KEY, get_backends
from django.contrib.auth.backends import ModelBackend as DjangoModelBackend
from django.contrib.sessions.backends.db import SessionStore as DjangoSessionStore
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from careerpath.accounts.backends import AuthenticationBackend, ModelBackend
from careerpath.accounts.sessions import SessionStore
from tests.accounts.factories import DEFAULT_PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def stored(data: dict[str, object]) -> str:
    """A session written by Django's own store; its key."""
    session = DjangoSessionStore()
    session.update(data)
    session.create()
    assert session.session_key is not None
    return session.session_key


def test_a_stored_session_loads_as_djangos_store_loads_it() -> None:
    key = stored({"answer": 42, "words": "señal"})
    ours, theirs = SessionStore(key), DjangoSessionStore(key)
    assert ours.load() == theirs.load() == {"answer": 42, "words": "señal"}
    assert ours.session_key == key


def test_an_expired_session_is_nobody_and_its_key_is_dropped() -> None:
    key = stored({"answer": 42})
    Session.objects.filter(pk=key).update(
        expire_date=timezone.now() - dt.timedelta(seconds=1)
    )
    ours = SessionStore(key)
    assert ours.load() == {}
    assert ours.session_key is None
    # Django's store agrees.
    theirs = DjangoSessionStore(key)
    assert theirs.load() == {}
    assert theirs.session_key is None


def test_an_unknown_key_loads_nothing() -> None:
    ours = SessionStore("k" * 32)
    assert ours.load() == {}
    assert ours.session_key is None


def test_the_user_is_the_one_the_orm_gives() -> None:
    user = UserFactory(display_name="Ana Núñez", is_staff=True, language="es")
    for backend in (ModelBackend(), AuthenticationBackend()):
        read = backend.get_user(user.pk)
        orm = DjangoModelBackend().get_user(user.pk)
        assert read is not None
        assert orm is not None
        assert read == orm
        assert {
            f.attname: getattr(read, f.attname) for f in read._meta.concrete_fields
        } == {f.attname: getattr(orm, f.attname) for f in orm._meta.concrete_fields}
        assert read._state.adding is False


def test_an_inactive_or_missing_user_is_nobody() -> None:
    inactive = UserFactory(is_active=False)
    assert ModelBackend().get_user(inactive.pk) is None
    assert AuthenticationBackend().get_user(inactive.pk) is None
    assert ModelBackend().get_user(inactive.pk + 1000) is None


def test_signing_in_uses_these_backends_and_keeps_the_user_signed_in() -> None:
    user = UserFactory()
    client = Client()
    response = client.post(
        reverse("account_login"), {"login": user.email, "password": DEFAULT_PASSWORD}
    )
    assert response.status_code == 302
    session = client.session
    assert session[SESSION_KEY] == str(user.pk)
    assert session[BACKEND_SESSION_KEY] in settings.AUTHENTICATION_BACKENDS
    assert {type(b) for b in get_backends()} == {ModelBackend, AuthenticationBackend}
    page = client.get(reverse("planner:dashboard"))
    assert page.status_code in (200, 302)
    assert page.wsgi_request.user == user
    # Deactivated between two requests: the next request is anonymous.
    type(user).objects.filter(pk=user.pk).update(is_active=False)
    assert client.get(reverse("planner:dashboard")).wsgi_request.user.is_anonymous
