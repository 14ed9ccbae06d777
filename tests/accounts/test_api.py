from __future__ import annotations

import pytest
from knox.models import AuthToken

from tests.accounts.factories import DEFAULT_PASSWORD, UserFactory, api_token

pytestmark = pytest.mark.django_db
TOKEN_URL = "/api/v1/auth/token/"


def test_token_for_correct_credentials(api_client):
    user = UserFactory(email="ana@example.com")
    response = api_client.post(
        TOKEN_URL,
        {"email": "Ana@Example.com", "password": DEFAULT_PASSWORD},
        format="json",
    )
    assert response.status_code == 200
    key = response.json()["token"]
    assert list(response.json()) == ["token"]
    assert AuthToken.objects.get().user == user
    api_client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    assert api_client.get("/api/v1/me/").json()["email"] == "ana@example.com"


def test_wrong_password_is_401_and_creates_no_token(api_client):
    UserFactory(email="ana@example.com")
    response = api_client.post(
        TOKEN_URL, {"email": "ana@example.com", "password": "nope"}, format="json"
    )
    assert response.status_code == 401
    assert AuthToken.objects.count() == 0


def test_missing_fields_are_400_with_field_errors(api_client):
    response = api_client.post(TOKEN_URL, {"email": "not-an-email"}, format="json")
    assert response.status_code == 400
    body = response.json()
    assert "email" in body
    assert "password" in body


def test_malformed_json_is_400(api_client):
    response = api_client.post(
        TOKEN_URL, data='{"email": ', content_type="application/json"
    )
    assert response.status_code == 400


def test_token_endpoint_is_rate_limited(api_client, settings):
    UserFactory(email="ana@example.com")
    limit = int(
        settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]["token"].split("/")[0]
    )
    for _ in range(limit):
        api_client.post(
            TOKEN_URL, {"email": "ana@example.com", "password": "wrong"}, format="json"
        )
    response = api_client.post(
        TOKEN_URL,
        {"email": "ana@example.com", "password": DEFAULT_PASSWORD},
        format="json",
    )
    assert response.status_code == 429


def test_me_with_token(api_client):
    user = UserFactory(email="ana@example.com")
    api_client.credentials(HTTP_AUTHORIZATION=f"Token {api_token(user)}")
    response = api_client.get("/api/v1/me/")
    assert response.status_code == 200
    assert response.json()["email"] == "ana@example.com"


def test_me_anonymous_is_401(api_client):
    assert api_client.get("/api/v1/me/").status_code == 401


def test_me_with_bad_token_is_401(api_client):
    api_client.credentials(HTTP_AUTHORIZATION="Token not-a-real-token")
    assert api_client.get("/api/v1/me/").status_code == 401
