from __future__ import annotations

from django.test import override_settings


def test_livez_is_plain_ok_without_touching_the_database(client):
    # No django_db mark: any query would fail the test.
    response = client.get("/livez")
    assert response.status_code == 200
    assert response.content == b"ok"
    assert response["Content-Type"].startswith("text/plain")
    assert "no-cache" in response["Cache-Control"]


def test_livez_only_answers_get(client):
    response = client.post("/livez")
    assert response.status_code == 405


@override_settings(SECURE_SSL_REDIRECT=True)
def test_livez_is_exempt_from_the_ssl_redirect(client):
    assert client.get("/livez").status_code == 200
    assert client.get("/").status_code == 301
