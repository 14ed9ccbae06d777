"""Project-wide API behaviour (careerpath/api.py, careerpath/views.py): pages and errors."""

from __future__ import annotations

import pytest

from tests.content.factories import FAQFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def faqs(db: None) -> None:
    FAQFactory.create_batch(3)


@pytest.mark.parametrize("value", ["abc", "0", "-5", "1.5", "null", " 2"])
def test_a_page_size_that_is_not_a_positive_integer_is_400(client, faqs, value):
    response = client.get("/api/v1/faqs/", {"page_size": value})
    assert response.status_code == 400
    assert set(response.json()) == {"page_size"}


@pytest.mark.parametrize(("value", "expected"), [("2", 2), ("", 3), ("100000", 3)])
def test_page_size_is_used_capped_or_defaulted(client, faqs, value, expected):
    response = client.get("/api/v1/faqs/", {"page_size": value})
    assert response.status_code == 200
    assert len(response.json()["results"]) == expected


def test_an_api_path_no_view_matches_is_a_json_404(client):
    # A state code must be two letters: this path matches no URL pattern at all.
    response = client.get("/api/v1/states/%C2%84/")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"detail": "Not found."}
    page = client.get("/no-such-page/")
    assert page.status_code == 404
    assert page["Content-Type"].startswith("text/html")
