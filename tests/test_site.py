from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders

pytestmark = pytest.mark.django_db


def test_home_page_has_landmarks_and_skip_link(client):
    response = client.get("/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<a class="skip-link" href="#main">' in html
    assert '<main id="main"' in html
    assert '<nav aria-label="Main">' in html
    assert "<footer" in html


def test_unknown_page_is_friendly_404(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "We couldn't find that page" in response.content.decode()


def test_pages_send_csp_with_a_nonce_and_no_unsafe_inline(client):
    response = client.get("/")
    policy = response.headers["Content-Security-Policy"]
    assert "script-src 'self' 'nonce-" in policy
    assert "unsafe-inline" not in policy
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "strict-origin-when-cross-origin"


def test_openapi_schema_and_docs_are_served(client):
    schema = client.get("/api/schema/")
    assert schema.status_code == 200
    assert b"/api/v1/auth/token/" in schema.content
    for path in ("/api/docs/", "/api/redoc/"):
        docs = client.get(path)
        assert docs.status_code == 200
        html = docs.content.decode()
        # Vendored assets only: every script and stylesheet is ours, none from a CDN.
        assets = re.findall(r'<(?:script|link)[^>]* (?:src|href)="([^"]+)"', html)
        assert len(assets) >= 3, assets
        assert all(a.startswith(settings.STATIC_URL) for a in assets), assets
        assert "<script>" not in html  # no inline script for the CSP to block


def test_pages_link_a_favicon_and_app_icons_that_exist(client):
    html = client.get("/").content.decode()
    links = dict(
        re.findall(r'<link rel="(icon|apple-touch-icon|manifest)" href="([^"]+)"', html)
    )
    assert set(links) == {"icon", "apple-touch-icon", "manifest"}
    for href in re.findall(
        r'<link rel="(?:icon|apple-touch-icon|manifest)" href="([^"]+)"', html
    ):
        assert finders.find(href.removeprefix(settings.STATIC_URL)), href
    found = finders.find("icons/site.webmanifest")
    assert isinstance(found, str)
    manifest = json.loads(Path(found).read_text(encoding="utf-8"))
    for icon in manifest["icons"]:
        assert finders.find(icon["src"].removeprefix(settings.STATIC_URL)), icon


def test_favicon_ico_points_at_the_icon(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 302
    assert finders.find(response["Location"].removeprefix(settings.STATIC_URL))
