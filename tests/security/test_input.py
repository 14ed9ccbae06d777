"""Hostile input never produces a 500, never changes data, and never renders as markup."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from django.core.management import call_command, get_commands
from django.test import Client
from django.urls import reverse

from planner.models import Milestone, Plan
from tests.accounts.factories import UserFactory, api_token
from tests.security.test_authorization import walk

pytestmark = pytest.mark.django_db

SCRIPT = '<script>alert("pwned")</script>'
HOSTILE_QUERIES = [
    "q=" + "a" * 20_000,
    "q=%00",
    "q=abc%00def",
    "q=%ff%fe",
    "q=%c0%ae%c0%ae%2f",
    "q=' OR 1=1 --",
    "q=1;DROP TABLE content_role;--",
    "q=" + SCRIPT.replace("<", "%3C").replace(">", "%3E"),
    "q=../../../../etc/passwd",
    "q=%",
    "q[]=x&q[]=y",
    "page=-1",
    "page=0",
    "page=99999999999999999999",
    "page=abc",
    "page_size=100000",
    "page_size=-5",
    "role=%ff&body=%00",
    "body=ascp'--&role=<x>",
    "ordering=-id;select",
    "a=" + "b" * 5000 + "&" * 2000,
]
HOSTILE_PATHS = [
    "/roles/..%2f..%2fetc%2fpasswd/",
    "/roles/%00/",
    "/roles/%ff/",
    "/roles/" + "x" * 2000 + "/",
    "/licensure/%00%00/",
    "/licensure/../admin/",
    "/certifications/%2e%2e/",
    "/guides/%3Cscript%3E/",
    "/api/v1/roles/%ff/",
    "/api/v1/states/%00/",
    "/api/v1/certifications/..%2f/",
    "/plan/%ff/",
    "/static/../careerpath/settings.py",
    "/static/..%2fcareerpath%2fsettings.py",
]


@pytest.fixture
def seeded(db: None) -> None:
    for command in ("load_content", "load_pathways"):
        if command in get_commands():
            call_command(command, verbosity=0)


def content_urls() -> list[str]:
    """Every content page and public API list/detail, with real slugs from the seeded data."""
    from content.models import Certification, Guide, Role, StateLicensure

    samples = {
        "slug": [
            *Role.objects.values_list("slug", flat=True)[:1],
            *Certification.objects.values_list("slug", flat=True)[:1],
            *Guide.objects.values_list("slug", flat=True)[:1],
        ],
        "code": list(StateLicensure.objects.values_list("code", flat=True)[:1]),
    }
    urls = set()
    for route in walk_routes():
        if not route.params:
            urls.add(reverse(route.name))
            continue
        for value in samples.get(route.params[0], []) if len(route.params) == 1 else []:
            try:
                urls.add(reverse(route.name, kwargs={route.params[0]: value}))
            except Exception:
                continue
    return sorted(urls)


def walk_routes():
    from django.urls import get_resolver

    for route in walk(get_resolver().url_patterns):
        if route.name.startswith("content:") or (
            route.name.startswith("api:")
            and not any(p in route.route for p in ("plans", "auth", "me/"))
        ):
            yield route


def test_hostile_query_strings_never_break_content_pages_or_api_lists(seeded):
    client = Client(
        raise_request_exception=False
    )  # collect every 500, not just the first
    urls = content_urls()
    assert len(urls) >= 5, urls
    problems = []
    for url in urls:
        for query in HOSTILE_QUERIES:
            response = client.get(url, QUERY_STRING=query)
            body = response.content.decode(errors="replace")
            if response.status_code >= 500:
                problems.append(f"{url}?{query[:60]} -> {response.status_code}")
            elif SCRIPT in body:
                problems.append(f"{url}?{query[:60]} reflects a raw <script>")
    assert not problems, "\n".join(problems)
    assert len(urls) >= 10


@pytest.mark.parametrize("path", HOSTILE_PATHS)
def test_hostile_paths_are_404_not_500(client, path):
    response = client.get(path)
    assert response.status_code in (301, 302, 400, 404), response.status_code
    assert b"SECRET_KEY" not in response.content


@pytest.fixture
def planner(db: None):
    from tests.content.factories import RoleFactory

    role = RoleFactory(slug="medical-laboratory-technician")
    user = UserFactory(email="input@example.com")
    plan = Plan.objects.create(
        owner=user,
        target_role=role,
        education_level="high_school",
        start_date=dt.date(2026, 12, 1),
        share_token="share-" + "t" * 20,
    )
    milestone = Milestone.objects.create(
        plan=plan, key="exam", kind="certification", title="Pass the exam", order=1
    )
    token = api_token(user)
    return user, plan, milestone, token


def state_of(user, *, stamps: bool = False) -> tuple[Any, ...]:
    """The user's answers and milestone progress; with `stamps`, everything incl. ETag times.

    Without stamps, re-planning effects are left out: an accepted no-op PATCH of a plan
    re-plans it, which may archive this fixture's hand-made milestone (no pathway step).
    """
    plan_fields = ["pk", "target_role", "state", "education_level", "certifying_body"]
    milestone_fields = ["pk", "status", "notes", "completed_on"]
    if stamps:
        plan_fields.append("updated_at")
        milestone_fields += ["archived", "due_date", "updated_at"]
    return (
        tuple(Plan.objects.filter(owner=user).values_list(*plan_fields)),
        tuple(
            Milestone.objects.filter(plan__owner=user).values_list(*milestone_fields)
        ),
    )


def bad_bodies() -> list[tuple[str, bytes]]:
    """Bodies that must be refused (4xx) first, then odd ones that must at least not 500."""
    big = b'{"notes": "' + b"x" * 1_100_000 + b'"}'
    return [
        ("application/json", big),
        ("application/json", b'{"notes": "\xff\xfe broken utf-8"}'),
        ("application/json", b'{"status": "done",'),
        ("text/plain", b"status=done"),
        ("application/xml", b"<milestone><status>done</status></milestone>"),
        ("application/x-www-form-urlencoded", b"a=" + b"b" * 1_100_000),
        # From here on: no 500 and no change, but a no-op 200 is acceptable.
        ("application/json", b"[1, 2, 3]"),
        ("application/json", b'"just a string"'),
        ("application/json", b"null"),
        ("application/json", b'{"status": {"$ne": 1}}'),
        ("application/json", json.dumps({"status": "x" * 10_000}).encode()),
        ("multipart/form-data; boundary=zzz", b"--zzz\r\nbroken"),
        ("application/x-www-form-urlencoded", b"status=%ff%fe&notes=%00"),
    ]


MUST_REJECT = 6


def test_bad_api_bodies_are_rejected_without_changes(planner):
    user, plan, milestone, token = planner
    client = Client(
        headers={"Authorization": f"Token {token}"}, raise_request_exception=False
    )
    targets = [
        ("post", "/api/v1/plans/"),
        ("patch", f"/api/v1/plans/{plan.pk}/"),
        ("patch", f"/api/v1/plans/{plan.pk}/milestones/{milestone.pk}/"),
        ("post", "/api/v1/auth/token/"),
    ]
    before = state_of(user)
    plans_before = Plan.objects.count()
    problems = []
    for method, url in targets:
        for n, (content_type, body) in enumerate(bad_bodies()):
            stamped = state_of(user, stamps=True)
            response = getattr(client, method)(
                url, data=body, content_type=content_type
            )
            refused = 400 <= response.status_code < 500
            if n < MUST_REJECT and state_of(user, stamps=True) != stamped:
                problems.append(f"{method.upper()} {url} {body[:40]!r} changed data")
            if response.status_code >= 500 or (n < MUST_REJECT and not refused):
                problems.append(
                    f"{method.upper()} {url} [{content_type}] {body[:40]!r} -> {response.status_code}"
                )
    assert not problems, "\n".join(problems)
    assert state_of(user) == before
    assert Plan.objects.count() == plans_before


def test_bad_form_bodies_on_planner_pages_never_500(planner):
    user, plan, milestone, _ = planner
    client = Client(raise_request_exception=False)
    client.force_login(user)
    before_plans = Plan.objects.count()
    problems = []
    for url in (
        reverse("planner:start"),
        reverse("planner:edit", args=[plan.pk]),
        reverse("planner:milestone_update", args=[plan.pk, milestone.pk]),
        "/accounts/signup/",
        "/accounts/login/",
    ):
        for content_type, body in bad_bodies():
            response = client.post(url, data=body, content_type=content_type)
            if response.status_code >= 500:
                problems.append(
                    f"POST {url} [{content_type}] {body[:40]!r} -> {response.status_code}"
                )
    assert not problems, "\n".join(problems)
    assert Plan.objects.count() == before_plans


def test_a_script_in_a_milestone_note_renders_inert(planner):
    user, plan, milestone, _ = planner
    Milestone.objects.filter(pk=milestone.pk).update(notes=SCRIPT)
    client = Client()
    client.force_login(user)
    pages = {
        "dashboard": reverse("planner:detail", args=[plan.pk]),
        "print": reverse("planner:print", args=[plan.pk]),
    }
    for name, url in pages.items():
        body = client.get(url).content.decode()
        assert SCRIPT not in body, name
        assert "&lt;script&gt;alert(&quot;pwned&quot;)&lt;/script&gt;" in body, name
    shared = Client().get(reverse("planner:shared", args=[plan.share_token]))
    assert shared.status_code == 200
    assert SCRIPT not in shared.content.decode()
    # The API returns it as data (JSON), never as HTML.
    api = Client()
    api.force_login(user)
    response = api.get(f"/api/v1/plans/{plan.pk}/milestones/{milestone.pk}/")
    assert response["Content-Type"].startswith("application/json")
    assert response.json()["notes"] == SCRIPT
