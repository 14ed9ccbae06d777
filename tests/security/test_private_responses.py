"""Private answers are never stored by a browser or proxy; powerful browser features are off.

Findings: planner pages, the account page and plan/me API answers carried no
`Cache-Control: private, no-store`; there was no Permissions-Policy header.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.http import HttpResponseBase
from django.test import Client
from django.urls import reverse

from planner.models import Milestone, Plan
from tests.accounts.factories import UserFactory, api_token
from tests.content.factories import RoleFactory
from tests.planner.factories import PlanFactory
from tests.security.test_authorization import PLANNER_ROUTES, walk

pytestmark = pytest.mark.django_db


@pytest.fixture
def owner_plan(db: None) -> tuple[object, Plan, Milestone]:
    user = UserFactory(email="private@example.com")
    plan = PlanFactory(
        owner=user,
        target_role=RoleFactory(slug="medical-laboratory-technician"),
        start_date=dt.date(2026, 12, 1),
        share_token="share-" + "p" * 20,
    )
    milestone = Milestone.objects.create(
        plan=plan, key="exam", kind="certification", title="Pass the exam", order=1
    )
    return user, plan, milestone


def no_store(response: HttpResponseBase) -> bool:
    directives = {d.strip() for d in response.get("Cache-Control", "").split(",")}
    return {"private", "no-store"} <= directives


def test_every_planner_page_and_api_answer_is_private_no_store(owner_plan):
    user, plan, milestone = owner_plan
    web, api = Client(), Client(headers={"Authorization": f"Token {api_token(user)}"})
    web.force_login(user)
    checked = []
    for route in PLANNER_ROUTES:
        if route.is_token_url and route.name == "planner:calendar":
            continue  # a calendar app's feed: cacheable, privately (see below)
        kwargs = {}
        for param in route.params:
            kwargs[param] = {
                "token": plan.share_token,
                "milestone_pk": milestone.pk,
            }.get(param, plan.pk if "milestone" not in param else milestone.pk)
        if route.name == "planner:unsubscribe":
            continue  # covered with a real signed token in test_unsubscribe.py
        url = reverse(route.name, kwargs=kwargs)
        response = (api if route.is_api else web).get(url)
        if response.status_code == 405:
            continue
        assert no_store(response), (
            url,
            response.status_code,
            response.get("Cache-Control"),
        )
        checked.append(url)
    assert len(checked) >= 8, checked


@pytest.mark.parametrize(
    "path",
    [
        "/accounts/",
        "/accounts/email/",
        "/accounts/password/change/",
        "/accounts/delete/",
    ],
)
def test_account_pages_are_private_no_store(owner_plan, path):
    user, _, _ = owner_plan
    client = Client()
    client.force_login(user)
    response = client.get(path)
    assert response.status_code == 200
    assert no_store(response), response.get("Cache-Control")


@pytest.mark.parametrize("path", ["/api/v1/me/", "/api/v1/auth/tokens/"])
def test_account_api_answers_are_private_no_store(owner_plan, path):
    user, _, _ = owner_plan
    response = Client(headers={"Authorization": f"Token {api_token(user)}"}).get(path)
    assert response.status_code == 200
    assert no_store(response)


def test_the_token_answer_is_private_no_store(owner_plan):
    response = Client().post(
        "/api/v1/auth/token/",
        {"email": "private@example.com", "password": "correct horse battery staple"},
        content_type="application/json",
    )
    assert response.status_code == 200
    assert no_store(response)


def test_the_calendar_feed_stays_privately_cacheable(owner_plan):
    _, plan, _ = owner_plan
    response = Client().get(plan.get_calendar_url())
    assert "private" in response["Cache-Control"]


def test_public_content_stays_cacheable(client):
    response = client.get("/roles/")
    assert "no-store" not in response.get("Cache-Control", "")


@pytest.mark.parametrize("path", ["/", "/plan/", "/api/v1/roles/", "/no-such-page/"])
def test_permissions_policy_denies_unused_features(client, path):
    policy = client.get(path)["Permissions-Policy"]
    features = dict(
        item.strip().split("=", 1) for item in policy.split(",") if item.strip()
    )
    for feature in ("camera", "microphone", "geolocation", "payment", "usb"):
        assert features[feature] == "()", policy


def test_the_walk_covers_named_account_routes():
    names = {
        r.name for r in walk(__import__("django.urls").urls.get_resolver().url_patterns)
    }
    assert {"accounts:overview", "api:me", "api:auth-tokens"} <= names
