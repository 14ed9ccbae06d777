"""API tokens: only for verified emails, stored hashed, listed, revoked and rotated by their
owner, and revoked by a password change or reset.

Findings: unverified accounts got API tokens and could create plans; tokens could not be
revoked or rotated and survived a password reset and a password change; the database held
every key in the clear.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from knox.models import AuthToken
from rest_framework.test import APIClient

from careerpath.accounts.models import User
from tests.accounts.factories import (
    DEFAULT_PASSWORD,
    UserFactory,
    api_token,
    change_password,
    reset_password,
)

pytestmark = pytest.mark.django_db

TOKEN_URL = "/api/v1/auth/token/"
TOKENS_URL = "/api/v1/auth/tokens/"


def get_token(email: str, password: str = DEFAULT_PASSWORD) -> str:
    response = APIClient().post(
        TOKEN_URL, {"email": email, "password": password}, format="json"
    )
    assert response.status_code == 200, response.content
    return str(response.json()["token"])


def with_token(key: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client


def signs_in(key: str) -> bool:
    return with_token(key).get("/api/v1/me/").status_code == 200


def test_an_unverified_email_gets_no_token_and_cannot_create_plans():
    UserFactory(email="unverified@example.com", verified=False)
    response = APIClient().post(
        TOKEN_URL,
        {"email": "unverified@example.com", "password": DEFAULT_PASSWORD},
        format="json",
    )
    assert response.status_code == 403
    assert "token" not in response.json()
    assert "Verify your email" in response.json()["detail"]
    assert AuthToken.objects.count() == 0


def test_a_wrong_password_for_an_unverified_email_is_still_401():
    UserFactory(email="unverified@example.com", verified=False)
    response = APIClient().post(
        TOKEN_URL, {"email": "unverified@example.com", "password": "x"}, format="json"
    )
    assert response.status_code == 401


def test_tokens_are_stored_only_as_digests():
    user = UserFactory(email="api@example.com")
    key = get_token(user.email)
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM knox_authtoken")
        stored = repr(cursor.fetchall())
    assert key not in stored
    assert key[:20] not in stored
    assert signs_in(key)


def test_each_client_gets_its_own_token_and_sees_the_list():
    user = UserFactory(email="api@example.com")
    phone, laptop = get_token(user.email), get_token(user.email)
    assert phone != laptop
    listed = with_token(phone).get(TOKENS_URL)
    assert listed.status_code == 200
    rows = listed.json()
    assert len(rows) == 2
    assert {row["current"] for row in rows} == {True, False}
    assert all(set(row) == {"id", "created", "expiry", "current"} for row in rows)
    assert not any(row["id"] in (phone, laptop) for row in rows)
    current = next(row for row in rows if row["current"])
    assert phone.startswith(current["id"])


def test_revoking_one_token_signs_out_only_that_client():
    user = UserFactory(email="api@example.com")
    phone, laptop = get_token(user.email), get_token(user.email)
    laptop_id = next(
        row["id"]
        for row in with_token(phone).get(TOKENS_URL).json()
        if not row["current"]
    )
    assert with_token(phone).delete(f"{TOKENS_URL}{laptop_id}/").status_code == 204
    assert not signs_in(laptop)
    assert signs_in(phone)
    assert with_token(phone).delete(f"{TOKENS_URL}{laptop_id}/").status_code == 404


def test_revoking_all_tokens_signs_out_every_client():
    user = UserFactory(email="api@example.com")
    phone, laptop = get_token(user.email), get_token(user.email)
    assert with_token(phone).delete(TOKENS_URL).status_code == 204
    assert not signs_in(phone)
    assert not signs_in(laptop)


def test_nobody_revokes_someone_elses_token():
    owner = UserFactory(email="owner@example.com")
    other = UserFactory(email="other@example.com")
    owner_key, other_key = get_token(owner.email), get_token(other.email)
    owner_id = with_token(owner_key).get(TOKENS_URL).json()[0]["id"]
    assert with_token(other_key).delete(f"{TOKENS_URL}{owner_id}/").status_code == 404
    assert with_token(other_key).get(TOKENS_URL).json()[0]["id"] != owner_id
    assert signs_in(owner_key)
    assert APIClient().get(TOKENS_URL).status_code == 401
    assert APIClient().delete(TOKENS_URL).status_code == 401


def test_rotating_replaces_the_token_at_once():
    user = UserFactory(email="api@example.com")
    old = get_token(user.email)
    response = with_token(old).post(f"{TOKENS_URL}rotate/")
    assert response.status_code == 200
    new = response.json()["token"]
    assert new != old
    assert not signs_in(old)
    assert signs_in(new)
    assert AuthToken.objects.filter(user=user).count() == 1


def test_rotating_needs_a_token_not_a_session():
    user = UserFactory(email="api@example.com")
    client = APIClient()
    client.force_login(user)
    assert client.post(f"{TOKENS_URL}rotate/").status_code == 400


def test_the_account_page_button_signs_out_api_clients():
    user = UserFactory(email="api@example.com")
    key = get_token(user.email)
    client = Client()
    client.force_login(user)
    page = client.get("/accounts/")
    assert "Sign out API clients" in page.content.decode()
    assert "1 token is active" in page.content.decode()
    response = client.post("/accounts/api-clients/sign-out/", follow=True)
    assert response.status_code == 200
    assert "Signed out 1 API client" in response.content.decode()
    assert not signs_in(key)
    assert client.get("/accounts/api-clients/sign-out/").status_code == 405


def test_a_password_change_revokes_api_tokens():
    user = UserFactory(email="api@example.com")
    key = get_token(user.email)
    client = Client()
    client.force_login(user)
    response = change_password(client, "a brand new passphrase 77")
    assert response.status_code == 302
    assert not signs_in(key)


def test_a_password_reset_revokes_api_tokens():
    user = UserFactory(email="api@example.com")
    key = get_token(user.email)
    response = reset_password(Client(), user.email, "a brand new passphrase 77")
    assert response.status_code == 302
    assert not signs_in(key)


def test_tokens_per_account_are_capped():
    from careerpath.accounts.services import MAX_API_TOKENS

    user = UserFactory(email="api@example.com")
    keys = [api_token(user) for _ in range(MAX_API_TOKENS)]
    newest = get_token(user.email)
    assert AuthToken.objects.filter(user=user).count() == MAX_API_TOKENS
    assert signs_in(newest)
    assert not signs_in(keys[0])


def test_old_plain_text_tokens_move_to_digests_and_keep_working():
    import importlib

    from django.apps import apps

    migration = importlib.import_module(
        "careerpath.accounts.migrations.0002_hash_api_tokens"
    )
    user = UserFactory(email="api@example.com")
    old_key = "0123456789abcdef0123456789abcdef01234567"  # DRF's 40 hex characters
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE TABLE authtoken_token (key varchar(40) PRIMARY KEY, "
            "created timestamptz NOT NULL, user_id bigint NOT NULL)"
        )
        cursor.execute(
            "INSERT INTO authtoken_token VALUES (%s, now(), %s)", [old_key, user.pk]
        )
    with connection.schema_editor() as editor:
        migration.move_tokens(apps, editor)
    assert "authtoken_token" not in connection.introspection.table_names()
    assert signs_in(old_key)
    assert not AuthToken.objects.filter(digest__contains=old_key).exists()


def test_an_expired_token_is_refused_and_removed():
    user = UserFactory()
    key = api_token(user)
    AuthToken.objects.filter(user=user).update(
        expiry=timezone.now() - dt.timedelta(seconds=1)
    )
    assert with_token(key).get("/api/v1/me/").status_code == 401
    assert not AuthToken.objects.filter(user=user).exists()


def test_a_deactivated_users_token_is_refused():
    user = UserFactory()
    key = api_token(user)
    User.objects.filter(pk=user.pk).update(is_active=False)
    response = with_token(key).get("/api/v1/me/")
    assert response.status_code == 401
    assert response.json()["detail"] == "User inactive or deleted."


def test_a_token_that_shares_only_its_first_characters_is_refused():
    # Lookup is by the first characters; the full key's digest must match too.
    user = UserFactory()
    key = api_token(user)
    forged = key[:-1] + ("0" if key[-1] != "0" else "1")
    assert with_token(forged).get("/api/v1/me/").status_code == 401
    assert with_token(key).get("/api/v1/me/").status_code == 200


def test_a_token_request_reads_the_token_and_its_user_in_one_query():
    user = UserFactory()
    client = with_token(api_token(user))
    client.get("/api/v1/me/")
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/api/v1/me/").status_code == 200
    token_reads = [q["sql"] for q in queries if "knox_authtoken" in q["sql"]]
    assert len(token_reads) == 1
    assert "accounts_user" in token_reads[0]


def test_a_wrong_token_is_refused_in_the_clients_language():
    response = with_token("not-a-real-token").get(
        "/api/v1/me/", HTTP_ACCEPT_LANGUAGE="es"
    )
    assert response.status_code == 401
    assert response.json()["detail"] == "El token no es válido."
