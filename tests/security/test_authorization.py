"""Authorization walk over every planner URL and every admin URL, discovered from the resolver.

Anonymous → login redirect (HTML) or 401 (API), except the onboarding questions and their
preview, which anyone may use (they write nothing but the visitor's session); another user →
404 for someone else's objects;
the owner → allowed. Capability URLs (calendar feed, shared page, unsubscribe) carry a token
instead: an unknown token is a 404 for everybody. New routes are covered without editing this.
"""

from __future__ import annotations

import datetime as dt
import re
import uuid
from dataclasses import dataclass
from typing import Any

import pytest
from django.contrib import admin
from django.contrib.auth.models import Group
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.urls.resolvers import RoutePattern

from planner.models import ContinuingEducationEntry, Milestone, Plan
from tests.accounts.factories import UserFactory, api_token
from tests.content.factories import (
    CertificationFactory,
    RoleFactory,
    StateLicensureFactory,
)

pytestmark = pytest.mark.django_db

METHODS = ("get", "post", "put", "patch", "delete")
SECRET = "OWNER-SECRET-" + uuid.uuid4().hex[:12]
# Raise these when the product grows; they keep the walk from silently walking nothing.
MIN_PLANNER_ROUTES = 15
MIN_ADMIN_MODELS = 8
# Open to visitors: onboarding and its preview (answers live in the session, no plan is saved).
OPEN_TO_VISITORS = frozenset({"planner:start", "planner:preview", "planner:review"})


@dataclass(frozen=True)
class Route:
    name: str  # namespaced, e.g. "planner:detail" or "api:plan-detail"
    route: str  # the full pattern text, for reading parameter names and their context
    params: tuple[str, ...]

    @property
    def is_api(self) -> bool:
        return self.name.startswith("api:")

    @property
    def is_token_url(self) -> bool:
        return "token" in self.params

    @property
    def is_open_to_visitors(self) -> bool:
        return self.name in OPEN_TO_VISITORS


def _params(pattern: Any) -> list[str]:
    if isinstance(pattern, RoutePattern):
        return list(pattern.converters)
    return list(pattern.regex.groupindex)


def walk(
    patterns: list[Any], prefix: str = "", ns: tuple[str, ...] = ()
) -> list[Route]:
    routes: list[Route] = []
    for entry in patterns:
        if isinstance(entry, URLResolver):
            child_ns = (*ns, entry.namespace) if entry.namespace else ns
            routes += walk(entry.url_patterns, prefix + str(entry.pattern), child_ns)
        elif isinstance(entry, URLPattern) and entry.name:
            name = ":".join((*ns, entry.name))
            routes.append(
                Route(name, prefix + str(entry.pattern), tuple(_params(entry.pattern)))
            )
    return routes


def planner_routes() -> list[Route]:
    routes = walk(get_resolver().url_patterns)
    return [
        r
        for r in routes
        if r.name.startswith("planner:")
        or (r.is_api and re.search(r"\bplans\b", r.route))
    ]


PLANNER_ROUTES = planner_routes()


def _segment_before(route: Route, param: str) -> str:
    match = re.search(
        rf"([A-Za-z_-]+)/(?:<(?:\w+:)?{param}>|\(\?P<{param}>)", route.route
    )
    return match.group(1) if match else ""


@dataclass
class World:
    owner: Any
    other: Any
    plan: Plan
    milestone: Milestone
    ce_entry: ContinuingEducationEntry
    other_plan: Plan

    def kwargs_for(self, route: Route) -> dict[str, Any]:
        values: dict[str, Any] = {}
        for param in route.params:
            segment = _segment_before(route, param)
            if param == "token":
                values[param] = "no-such-token-" + uuid.uuid4().hex
            elif segment in ("plan", "plans") or param == "plan_pk":
                values[param] = self.plan.pk
            elif segment in ("milestones", "milestone") or "milestone" in param:
                values[param] = self.milestone.pk
            elif segment in ("ce-entries", "ce", "entries"):
                values[param] = self.ce_entry.pk
            else:
                raise AssertionError(
                    f"{route.name}: teach tests/security/test_authorization.py what "
                    f"{param!r} (after {segment!r}/) is"
                )
        return values

    def snapshot(self) -> tuple[Any, ...]:
        return (
            tuple(
                Plan.objects.filter(owner=self.owner).values_list("pk", "updated_at")
            ),
            tuple(
                Milestone.objects.filter(plan__owner=self.owner).values_list(
                    "pk", "status", "notes", "updated_at", "archived"
                )
            ),
            tuple(
                ContinuingEducationEntry.objects.filter(
                    plan__owner=self.owner
                ).values_list("pk", "points")
            ),
        )


def make_plan(owner: Any, role: Any, state: Any, note: str = "") -> Plan:
    plan = Plan.objects.create(
        owner=owner,
        target_role=role,
        state=state,
        education_level="high_school",
        certifying_body="ascp",
        start_date=dt.date(2026, 12, 1),
        share_token=uuid.uuid4().hex,
    )
    return plan


@pytest.fixture
def world(db: None) -> World:
    role = RoleFactory(slug="medical-laboratory-technician", title="MLT")
    state = StateLicensureFactory(code="CA", name="California", requires_license=True)
    certification = CertificationFactory(role=role)
    owner = UserFactory(email="owner@example.com")
    other = UserFactory(email="other@example.com")
    plan = make_plan(owner, role, state)
    milestone = Milestone.objects.create(
        plan=plan,
        key="mlt-exam",
        kind="certification",
        title="Pass the MLT exam",
        order=1,
        notes=SECRET,
        certification=certification,
    )
    Milestone.objects.create(
        plan=plan, key="job", kind="job_search", title="Find a job", order=2
    )
    ce_entry = ContinuingEducationEntry.objects.create(
        plan=plan,
        certification=certification,
        activity=f"Safety course {SECRET}",
        completed_on=dt.date(2026, 11, 1),
        points=2,
    )
    other_plan = make_plan(other, role, None)
    Milestone.objects.create(
        plan=other_plan, key="x", kind="education", title="Study", order=1
    )
    return World(owner, other, plan, milestone, ce_entry, other_plan)


def client_for(user: Any | None, route: Route) -> Client:
    client = Client()
    if user is not None:
        if route.is_api:
            client.defaults["HTTP_AUTHORIZATION"] = f"Token {api_token(user)}"
        else:
            client.force_login(user)
    return client


def send(client: Client, method: str, url: str, route: Route) -> Any:
    if method == "get":
        return client.get(url)
    if route.is_api:
        return getattr(client, method)(url, data="{}", content_type="application/json")
    return getattr(client, method)(
        url, data="", content_type="application/x-www-form-urlencoded"
    )


def is_login_redirect(response: Any) -> bool:
    return response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_the_walk_is_not_vacuous():
    assert len(PLANNER_ROUTES) >= MIN_PLANNER_ROUTES, [r.name for r in PLANNER_ROUTES]
    assert any(r.is_api for r in PLANNER_ROUTES), "no /api/v1/plans routes found"


@pytest.mark.parametrize("route", PLANNER_ROUTES, ids=lambda r: r.name)
def test_anonymous_is_sent_to_log_in(route: Route, world: World):
    url = reverse(route.name, kwargs=world.kwargs_for(route))
    before = world.snapshot()
    plans_before = Plan.objects.count()
    statuses = {}
    for method in METHODS:
        response = send(client_for(None, route), method, url, route)
        statuses[method] = response.status_code
        seen = (method, url, response.status_code)
        assert response.status_code < 500, seen
        if route.is_open_to_visitors:
            assert response.status_code in (200, 302, 405), seen
        elif route.is_token_url:
            assert response.status_code in (404, 405), seen
        elif route.is_api:
            assert response.status_code in (401, 405), seen
        else:
            assert is_login_redirect(response) or response.status_code == 405, seen
        assert SECRET not in response.content.decode(errors="replace")
    if not route.is_token_url:
        # At least one method reaches the authentication check (not only 405s).
        assert set(statuses.values()) - {405}, statuses
    assert world.snapshot() == before
    assert Plan.objects.count() == plans_before


def send_rolled_back(client: Client, method: str, url: str, route: Route) -> Any:
    """One request whose writes are undone: a DELETE must not hide the plan from the next
    method."""
    with transaction.atomic():
        response = send(client, method, url, route)
        transaction.set_rollback(True)
    return response


def send_every_method(client: Client, url: str, route: Route) -> dict[str, Any]:
    """Each method's response, each request's writes undone; none of them is a 500."""
    responses = {}
    for method in METHODS:
        response = send_rolled_back(client, method, url, route)
        assert response.status_code < 500, (method, url, response.status_code)
        responses[method] = response
    return responses


@pytest.mark.parametrize("route", PLANNER_ROUTES, ids=lambda r: r.name)
def test_another_user_gets_404_and_changes_nothing(route: Route, world: World):
    url = reverse(route.name, kwargs=world.kwargs_for(route))
    client = client_for(world.other, route)
    before = world.snapshot()
    responses = send_every_method(client, url, route)
    for method, response in responses.items():
        assert SECRET not in response.content.decode(errors="replace"), (method, url)
        if route.params:
            # Someone else's plan, milestone or an unknown token: it does not exist for them.
            seen = (method, url, response.status_code)
            assert response.status_code in (404, 405), seen
    statuses = {method: r.status_code for method, r in responses.items()}
    if route.params:
        assert 404 in statuses.values(), statuses
    assert world.snapshot() == before


@pytest.mark.parametrize("route", PLANNER_ROUTES, ids=lambda r: r.name)
def test_the_owner_is_allowed(route: Route, world: World):
    url = reverse(route.name, kwargs=world.kwargs_for(route))
    responses = send_every_method(client_for(world.owner, route), url, route)
    if not route.is_token_url:
        for method, response in responses.items():
            seen = (method, url, response.status_code)
            assert response.status_code not in (401, 403, 404), seen
            assert not is_login_redirect(response), (method, url)
        statuses = {method: r.status_code for method, r in responses.items()}
        assert set(statuses.values()) - {405}, statuses


def test_capability_urls_work_with_the_real_token(world: World):
    """The calendar feed and the shared page open for anyone with the token, and show no notes."""
    names = {r.name for r in PLANNER_ROUTES if r.is_token_url}
    assert {"planner:calendar", "planner:shared"} <= names
    client = Client()
    feed = client.get(
        reverse("planner:calendar", kwargs={"token": world.plan.calendar_token})
    )
    assert feed.status_code == 200
    assert feed["Content-Type"].startswith("text/calendar")
    assert SECRET not in feed.content.decode()
    shared = client.get(
        reverse("planner:shared", kwargs={"token": world.plan.share_token})
    )
    assert shared.status_code == 200
    assert "Pass the MLT exam" in shared.content.decode()
    assert SECRET not in shared.content.decode()


# --- the admin ------------------------------------------------------------------------------

EDITOR_DENIED = {
    ("accounts", "user"),
    ("auth", "group"),
    ("knox", "authtoken"),
    ("account", "emailaddress"),
    ("planner", "plan"),
    ("planner", "milestone"),
    ("planner", "checklistitem"),
    ("planner", "continuingeducationentry"),
}


def admin_urls(model: Any, obj: Any | None) -> list[str]:
    meta = model._meta
    base = f"admin:{meta.app_label}_{meta.model_name}"
    urls = [reverse(f"{base}_changelist"), reverse(f"{base}_add")]
    if obj is not None:
        for view in ("change", "delete", "history"):
            urls.append(reverse(f"{base}_{view}", args=[obj.pk]))
    return urls


@pytest.fixture
def admin_world(world: World) -> dict[Any, Any]:
    objects = {}
    for model in admin.site._registry:
        objects[model] = model._default_manager.order_by("pk").first()
    return objects


def test_admin_walk_covers_the_registered_models(admin_world):
    labels = {(m._meta.app_label, m._meta.model_name) for m in admin_world}
    assert len(labels) >= MIN_ADMIN_MODELS, labels
    assert ("accounts", "user") in labels


def test_a_planner_cannot_open_any_admin_page(admin_world, world: World):
    client = Client()
    client.force_login(world.owner)
    index = client.get(reverse("admin:index"))
    assert index.status_code == 302
    assert reverse("admin:login") in index["Location"]
    before = world.snapshot()
    walked = 0
    for model, obj in admin_world.items():
        for url in admin_urls(model, obj):
            response = client.get(url)
            assert response.status_code == 302, (url, response.status_code)
            assert reverse("admin:login") in response["Location"], url
            assert client.post(url, {"post": "yes"}).status_code == 302, url
            walked += 1
    assert walked >= 2 * MIN_ADMIN_MODELS
    assert world.snapshot() == before


def test_an_editor_sees_content_but_not_users_or_plans(admin_world, world: World):
    editor = UserFactory(email="editor@example.com", is_staff=True)
    editor.groups.add(Group.objects.get(name="Editors"))
    client = Client()
    client.force_login(editor)
    index = client.get(reverse("admin:index"))
    assert index.status_code == 200
    index_html = index.content.decode()
    assert reverse("admin:accounts_user_changelist") not in index_html
    assert reverse("admin:planner_plan_changelist") not in index_html
    before = world.snapshot()
    content_models = 0
    for model, obj in admin_world.items():
        meta = model._meta
        key = (meta.app_label, meta.model_name)
        can_view = editor.has_perm(f"{meta.app_label}.view_{meta.model_name}")
        for url in admin_urls(model, obj):
            get = client.get(url)
            assert get.status_code < 500, (url, get.status_code)
            if key in EDITOR_DENIED:
                assert not can_view, key
                assert get.status_code == 403, (url, get.status_code)
                assert SECRET not in get.content.decode()
                assert client.post(url, {"post": "yes"}).status_code == 403, url
            elif (
                meta.app_label == "content"
                and can_view
                and url.endswith(("/", "/change/", "/history/"))
                and "/add/" not in url
                and "/delete/" not in url
            ):
                assert get.status_code == 200, (url, get.status_code)
        if meta.app_label == "content" and can_view:
            content_models += 1
    assert content_models >= 5
    assert world.snapshot() == before
