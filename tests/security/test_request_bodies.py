"""The API reads JSON only, and any body it cannot read is a 4xx, never a 500.

Findings: 50,000 `[` in a body was a 500 (RecursionError), unauthenticated on the token
endpoint too; multipart uploads up to 20 MB were accepted by a JSON API.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client

from planner.models import Milestone
from tests.accounts.factories import UserFactory, api_token
from tests.content.factories import RoleFactory
from tests.planner.factories import PlanFactory

pytestmark = pytest.mark.django_db

NESTED = b"[" * 50_000
OVER_ONE_MB = b'{"notes": "' + b"x" * 1_048_576 + b'"}'


@pytest.fixture
def targets(db: None) -> tuple[Client, list[tuple[str, str]]]:
    user = UserFactory(email="bodies@example.com")
    plan = PlanFactory(
        owner=user,
        target_role=RoleFactory(slug="medical-laboratory-technician"),
        start_date=dt.date(2026, 12, 1),
    )
    milestone = Milestone.objects.create(
        plan=plan, key="exam", kind="certification", title="Pass the exam", order=1
    )
    client = Client(
        headers={"Authorization": f"Token {api_token(user)}"},
        raise_request_exception=False,
    )
    return client, [
        ("post", "/api/v1/auth/token/"),
        ("post", "/api/v1/plans/"),
        ("patch", f"/api/v1/plans/{plan.pk}/"),
        ("patch", f"/api/v1/plans/{plan.pk}/milestones/{milestone.pk}/"),
    ]


@pytest.mark.parametrize(
    ("body", "status", "detail"),
    [(NESTED, 400, "JSON"), (OVER_ONE_MB, 413, "1 MB")],
    ids=["deeply-nested-json-is-400", "bodies-over-one-megabyte-are-413"],
)
def test_unreadable_bodies_are_refused(targets, body, status, detail):
    client, urls = targets
    for method, url in urls:
        response = getattr(client, method)(
            url, data=body, content_type="application/json"
        )
        assert response.status_code == status, (url, response.status_code)
        assert detail in response.json()["detail"]


def test_anonymous_deeply_nested_json_is_400():
    response = Client(raise_request_exception=False).post(
        "/api/v1/auth/token/", data=NESTED, content_type="application/json"
    )
    assert response.status_code == 400


@pytest.mark.parametrize(
    ("content_type", "body"),
    [
        (
            "multipart/form-data; boundary=zzz",
            b'--zzz\r\nContent-Disposition: form-data; name="notes"\r\n\r\nhi\r\n--zzz--\r\n',
        ),
        ("application/x-www-form-urlencoded", b"notes=hi"),
        ("text/plain", b'{"notes": "hi"}'),
    ],
)
def test_the_api_accepts_json_only(targets, content_type, body):
    client, urls = targets
    for method, url in urls:
        response = getattr(client, method)(url, data=body, content_type=content_type)
        assert response.status_code == 415, (url, content_type, response.status_code)
    assert not Milestone.objects.filter(notes="hi").exists()


@pytest.mark.parametrize(
    "body",
    [b"\xff\xfe{}", b'{"notes": "\xc3"}', b"NaN", b'{"a": Infinity}', b"\x00"],
)
def test_bodies_the_parser_cannot_read_are_400(targets, body):
    client, urls = targets
    for method, url in urls:
        response = getattr(client, method)(
            url, data=body, content_type="application/json"
        )
        assert response.status_code == 400, (url, body, response.status_code)


def test_the_schema_offers_json_bodies_only(client):
    schema = client.get("/api/schema/", HTTP_ACCEPT="application/json").json()
    media = {
        media_type
        for path in schema["paths"].values()
        for operation in path.values()
        if isinstance(operation, dict) and "requestBody" in operation
        for media_type in operation["requestBody"]["content"]
    }
    assert media == {"application/json"}
