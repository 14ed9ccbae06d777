"""Load benchmark: gunicorn with production settings on loopback, driven by wrk.

Run: `make bench` (or `.venv/bin/python bench/run.py [--duration 10] [--users 10000]`).

1. Creates (or reuses) the database `careerpath_bench` on the same PostgreSQL server as
   DATABASE_URL, or the project-local one when DATABASE_URL is unset; migrates, seeds the
   cited content and pathways, and fills it with users, each with a plan of 10-40 milestones.
2. Counts SQL queries per request in-process (Django test client + CaptureQueriesContext).
3. Starts gunicorn (DEBUG off, generated secret key; SSL redirect and Secure cookies off only
   because this is plain HTTP on 127.0.0.1) and drives every endpoint with wrk, 16 connections,
   a fixed time each, for several rounds (a shared 2-core box is noisy: the table shows each
   figure's median over the rounds, and each round's ratio is taken against that round's
   ceiling), then prints a table and PASS/FAIL per target and writes
   bench/results/<timestamp>.json. All traffic goes to 127.0.0.1; gunicorn is stopped on exit.

Besides one user reloading one plan, three rows rotate over many distinct users, each signed in
with a session of their own and a token of their own: 1,000 planners each loading their own
dashboard, the same 1,000 reading their own plan over the API, and a mixed workload (70%
anonymous content pages and API, 20% planner reads across the 1,000, 10% milestone PATCHes,
which change the plan and so its cached renders; another 1,000 users, so that these writes do
not re-key the other rows' renders). The memory cache is sized to hold them all.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import http.client
import json
import os
import random
import re
import secrets
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from careerpath.loopback import (  # noqa: E402 - the checkout is on the path from here
    LOOPBACK_PRODUCTION_ENV,
    free_port,
    stop_server,
)

RESULTS = ROOT / "bench" / "results"
BENCH_DB = "careerpath_bench"
BENCH_EMAIL = "bench-login@example.com"
BENCH_PASSWORD = "bench-password-" + "x" * 8
USER_PREFIX = "bench-user-"
CONNECTIONS = 16
TODAY = dt.date(2026, 11, 25)
MANY_USERS = 1000
# Each plan caches about 30 entries (page body, one per milestone, API representation), about
# 130 KB in each worker. The dashboard and API rows use 1,000 users and the mixed workload
# 1,000 others (its PATCHes would otherwise re-key the first rows' renders): 2,000 plans, the
# re-renders after the mixed workload's writes and the content fit in 100,000 entries.
CACHE_ENTRIES = 100_000
MIX = {"content": 70, "planner_read": 20, "planner_write": 10}  # percent of requests


# --- settings for everything below ----------------------------------------------------------


def bench_database_url() -> str:
    base = os.environ.get("DATABASE_URL")
    if not base:
        from careerpath import localdb

        localdb.start(quiet=True)
        base = localdb.url()
    parts = urllib.parse.urlsplit(base)
    return urllib.parse.urlunsplit(parts._replace(path=f"/{BENCH_DB}"))


def bench_environment(database_url: str) -> dict[str, str]:
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "CAREERPATH_"))
    }
    env.update(
        {
            **LOOPBACK_PRODUCTION_ENV,
            "CAREERPATH_NO_DOTENV": "1",
            "DATABASE_URL": database_url,
            "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
            "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
            # Per-worker memory caches: content is read-mostly and the bench measures the
            # application, not a cache server. Throttles are lifted, or the single bench user
            # would measure 429s; tests/security checks that the throttles bite. They still
            # run on every request, with a one-second window: DRF keeps one timestamp per
            # request in the window, so a per-minute window at bench rates grows a list of
            # tens of thousands of entries (pickled twice per request, ~3 ms each at 30,000)
            # that production limits (120/min, 600/min) never build. One second of bench
            # traffic is still more history than production ever keeps.
            "CAREERPATH_SHARED_CACHE": "false",
            "CAREERPATH_CACHE_MAX_ENTRIES": str(CACHE_ENTRIES),
            "CAREERPATH_THROTTLE_ANON": "10000000/s",
            "CAREERPATH_THROTTLE_USER": "10000000/s",
        }
    )
    return env


def create_database(database_url: str) -> None:
    import psycopg2
    from psycopg2 import sql

    parts = urllib.parse.urlsplit(database_url)
    admin_url = urllib.parse.urlunsplit(parts._replace(path="/postgres"))
    conn = psycopg2.connect(admin_url)
    conn.autocommit = True
    with conn.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [BENCH_DB])
        if cursor.fetchone() is None:
            print(f"creating database {BENCH_DB}")
            cursor.execute(
                sql.SQL("CREATE DATABASE {}").format(sql.Identifier(BENCH_DB))
            )
    conn.close()


# --- data ------------------------------------------------------------------------------------


def prepare_data(users: int) -> dict[str, Any]:
    """Migrate, seed and fill the bench database (reused when already filled)."""
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0, interactive=False)
    call_command("load_content", verbosity=0)
    call_command("load_pathways", verbosity=0)
    call_command("collectstatic", verbosity=0, interactive=False)
    fill(users)
    return bench_user_facts()


def _answers(role: str, education: str, state: str | None, body: str | None) -> Any:
    from planner.planning import PlanAnswers

    return PlanAnswers(
        target_role=role,
        education_level=education,
        state=state,
        certifying_body=body,
        study_pace="full_time",
        start_date=TODAY,
    )


def fill(users: int) -> None:
    from allauth.account.models import EmailAddress
    from django.contrib.auth.hashers import make_password
    from django.db import transaction

    from careerpath.accounts.models import User
    from planner import services
    from planner.models import Milestone, Plan

    existing = User.objects.filter(email__startswith=USER_PREFIX).count()
    bench_user = User.objects.filter(email=BENCH_EMAIL).first()
    if bench_user is None:
        bench_user = User.objects.create_user(BENCH_EMAIL, BENCH_PASSWORD)
        EmailAddress.objects.create(
            user=bench_user, email=BENCH_EMAIL, verified=True, primary=True
        )
        services.create_plan(
            owner=bench_user,
            answers=_answers(
                "medical-laboratory-technician", "high_school", "CA", "ascp"
            ),
            today=TODAY,
        )
    if existing >= users:
        print(f"reusing {existing} bench users")
        return

    # Real plans for a spread of answers: their milestones are the shapes the bulk plans copy.
    shapes: list[list[Milestone]] = []
    owner = User.objects.filter(email="bench-shapes@example.com").first() or (
        User.objects.create_user("bench-shapes@example.com", None)
    )
    for role in ("medical-laboratory-technician", "medical-laboratory-scientist"):
        for education in ("high_school", "associate", "associate_mlt", "bachelor"):
            for state in ("CA", "TX", "NY", None):
                with contextlib.suppress(Exception):
                    plan = services.create_plan(
                        owner=owner,
                        answers=_answers(role, education, state, "ascp"),
                        today=TODAY,
                    )
                    shapes.append(list(plan.milestones.all()))
    shapes = [s for s in shapes if s]
    if not shapes:
        raise SystemExit(
            "bench: the planner created no milestones; is load_pathways seeded?"
        )
    templates = list(
        Plan.objects.filter(owner=owner).select_related("target_role", "state")
    )

    started = time.monotonic()
    rng = random.Random(20261125)
    password = make_password(None)  # unusable: bulk users never log in
    statuses = ["done", "done", "in_progress", "not_started", "not_started", "skipped"]
    batch = 1000
    for start in range(existing, users, batch):
        count = min(batch, users - start)
        with transaction.atomic():
            new_users = User.objects.bulk_create(
                User(email=f"{USER_PREFIX}{n}@example.com", password=password)
                for n in range(start, start + count)
            )
            plans = []
            for user in new_users:
                template = rng.choice(templates)
                plans.append(
                    Plan(
                        owner=user,
                        target_role=template.target_role,
                        state=template.state,
                        education_level=template.education_level,
                        certifying_body=template.certifying_body,
                        chosen_body=template.chosen_body,
                        study_pace=template.study_pace,
                        start_date=template.start_date,
                        estimated_finish=template.estimated_finish,
                        route_summary=template.route_summary,
                    )
                )
            plans = Plan.objects.bulk_create(plans)
            milestones = []
            for plan in plans:
                shape = rng.choice(shapes)
                wanted = rng.randint(10, 40)
                for i in range(wanted):
                    source = shape[i % len(shape)]
                    milestones.append(
                        Milestone(
                            plan=plan,
                            key=f"{source.key}-{i}",
                            kind=source.kind,
                            phase=source.phase,
                            title=source.title,
                            description=source.description,
                            status=rng.choice(statuses)
                            if i < wanted // 2
                            else "not_started",
                            order=i,
                            start_date=source.start_date,
                            due_date=(source.due_date or TODAY)
                            + dt.timedelta(days=30 * (i // len(shape))),
                            duration_weeks=source.duration_weeks,
                            cost_usd=source.cost_usd,
                        )
                    )
            Milestone.objects.bulk_create(milestones, batch_size=5000)
        done = start + count
        if done % 2000 == 0 or done == users:
            print(
                f"  {done}/{users} users with plans ({time.monotonic() - started:.0f} s)"
            )
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def bench_user_facts() -> dict[str, Any]:
    from careerpath.accounts import services as account_services
    from careerpath.accounts.models import User
    from content.models import Role, StateLicensure
    from planner.models import Milestone, Plan

    user = User.objects.get(email=BENCH_EMAIL)
    plan = Plan.objects.filter(owner=user).order_by("pk").first()
    milestone = (
        Milestone.objects.filter(plan=plan, archived=False).order_by("order").first()
    )
    role = Role.objects.published().order_by("pk").first()
    state = StateLicensure.objects.published().filter(code="CA").first()
    return {
        # Only a digest is stored: a fresh token each run (older ones beyond the cap go).
        "token": account_services.issue_api_token(user=user),
        "plan_id": plan.pk if plan else None,
        "milestone_id": milestone.pk if milestone else None,
        "role_slug": role.slug if role else "medical-laboratory-technician",
        "state_code": state.code if state else "CA",
        "users": User.objects.count(),
        "plans": Plan.objects.count(),
        "milestones": Milestone.objects.count(),
    }


def many_user_facts(count: int) -> list[dict[str, Any]]:
    """`count` bulk users, each with a fresh session, a token, their plan and a milestone."""
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.base import SessionBase
    from django.utils.module_loading import import_string

    from careerpath.accounts import services as account_services
    from careerpath.accounts.models import User
    from planner.models import Milestone, Plan

    users = list(
        User.objects.filter(email__startswith=USER_PREFIX).order_by("pk")[:count]
    )
    plans = dict(
        Plan.objects.filter(owner__in=users)
        .order_by("owner_id", "pk")
        .distinct("owner_id")
        .values_list("owner_id", "pk")
    )
    milestones = dict(
        Milestone.objects.filter(plan_id__in=plans.values(), archived=False)
        .order_by("plan_id", "order", "pk")
        .distinct("plan_id")
        .values_list("plan_id", "pk")
    )
    # Tokens are stored hashed (knox): a new one per user, its key known only here.
    tokens = {user.pk: account_services.issue_api_token(user=user) for user in users}
    facts = []
    for user in users:
        # What django.contrib.auth.login() stores; the session is checked against the same
        # secret key by gunicorn, which runs with this environment.
        session: SessionBase = import_string(
            f"{settings.SESSION_ENGINE}.SessionStore"
        )()
        session[SESSION_KEY] = str(user.pk)
        session[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
        session[HASH_SESSION_KEY] = user.get_session_auth_hash()
        session.create()
        plan = plans[user.pk]
        facts.append(
            {
                "session": session.session_key,
                "token": tokens[user.pk],
                "plan_id": plan,
                "milestone_id": milestones[plan],
            }
        )
    return facts


# --- endpoints -------------------------------------------------------------------------------


@dataclass
class Request:
    method: str
    path: str
    headers: dict[str, str]
    body: str = ""


@dataclass
class Endpoint:
    name: str
    path: str
    group: str  # trivial | content | planner_read | planner_write | many_users | mixed
    method: str = "GET"
    auth: str = ""  # "" | session | token
    body: str = ""
    # Requests cycled through in this order instead of one request (many distinct users).
    rotation: list[Request] = field(default_factory=list, repr=False)
    result: dict[str, Any] = field(default_factory=dict)


def session_read(user: dict[str, Any]) -> Request:
    return Request("GET", "/plan/", {"Cookie": f"sessionid={user['session']}"})


def token_read(user: dict[str, Any]) -> Request:
    path = f"/api/v1/plans/{user['plan_id']}/"
    return Request("GET", path, {"Authorization": f"Token {user['token']}"})


def token_patch(user: dict[str, Any], n: int) -> Request:
    path = f"/api/v1/plans/{user['plan_id']}/milestones/{user['milestone_id']}/"
    return Request(
        "PATCH",
        path,
        {"Authorization": f"Token {user['token']}"},
        json.dumps({"notes": f"Benchmark note {n}."}),
    )


def mixed_workload(
    users: list[dict[str, Any]], content_paths: list[str]
) -> list[Request]:
    """MIX of requests, 10 per user: every user reads (dashboard and API) and writes once."""
    total = 10 * len(users)
    content = [
        Request("GET", content_paths[i % len(content_paths)], {})
        for i in range(total * MIX["content"] // 100)
    ]
    reads = [
        read(user)
        for _ in range(MIX["planner_read"] * total // 100 // (2 * len(users)))
        for user in users
        for read in (session_read, token_read)
    ]
    writes = [
        token_patch(user, n)
        for n in range(MIX["planner_write"] * total // 100 // len(users))
        for user in users
    ]
    mixed = content + reads + writes
    random.Random(20261125).shuffle(mixed)
    return mixed


def endpoints(facts: dict[str, Any]) -> list[Endpoint]:
    plan, milestone = facts["plan_id"], facts["milestone_id"]
    users = facts["many_users"]
    content_paths = [
        "/",
        f"/roles/{facts['role_slug']}/",
        "/roles/",
        "/roles/compare/",
        "/certifications/",
        "/licensure/",
        f"/licensure/{facts['state_code']}/",
        "/outlook/",
        "/faq/",
        "/search/?q=phlebotomy",
        "/api/v1/roles/",
        "/api/v1/certifications/",
        f"/api/v1/states/{facts['state_code']}/",
    ]
    many = f"{len(users):,} users"
    return [
        Endpoint("livez (ceiling)", "/livez", "trivial"),
        Endpoint("home", "/", "content"),
        Endpoint("role page", f"/roles/{facts['role_slug']}/", "content"),
        Endpoint("licensure map", "/licensure/", "content"),
        Endpoint("state page", f"/licensure/{facts['state_code']}/", "content"),
        Endpoint("search", "/search/?q=phlebotomy", "content"),
        Endpoint("API roles list", "/api/v1/roles/", "content"),
        Endpoint("dashboard (session)", "/plan/", "planner_read", auth="session"),
        Endpoint(
            "API plan GET (token)",
            f"/api/v1/plans/{plan}/",
            "planner_read",
            auth="token",
        ),
        Endpoint(
            "API milestone PATCH (token)",
            f"/api/v1/plans/{plan}/milestones/{milestone}/",
            "planner_write",
            method="PATCH",
            auth="token",
            body=json.dumps({"notes": "Benchmark note."}),
        ),
        Endpoint(
            f"dashboard, {many}",
            "/plan/",
            "many_users",
            auth="session",
            rotation=[session_read(user) for user in users],
        ),
        Endpoint(
            f"API plan GET, {many}",
            token_read(users[0]).path,
            "many_users",
            auth="token",
            rotation=[token_read(user) for user in users],
        ),
        Endpoint(
            f"mixed 70/20/10, {many}",
            "/",
            "mixed",
            rotation=mixed_workload(facts["mixed_users"], content_paths),
        ),
    ]


def measure_queries(eps: list[Endpoint], facts: dict[str, Any]) -> None:
    """SQL queries per request, in-process against the bench database."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import Resolver404, resolve

    from careerpath.accounts.models import User

    user = User.objects.get(email=BENCH_EMAIL)
    for ep in eps:
        if ep.rotation:
            measure_rotation(ep)
            continue
        try:
            resolve(ep.path.split("?")[0])
        except Resolver404:
            ep.result["skipped"] = "not built yet"
            continue
        client = Client()
        headers: dict[str, str] = {}
        if ep.auth == "session":
            client.force_login(user)
        elif ep.auth == "token":
            headers["Authorization"] = f"Token {facts['token']}"
        call = getattr(client, ep.method.lower())
        kwargs: dict[str, Any] = {"headers": headers}
        if ep.body:
            kwargs.update(data=ep.body, content_type="application/json")
        call(ep.path, **kwargs)  # warm caches, like the load run does
        with CaptureQueriesContext(connection) as queries:
            response = call(ep.path, **kwargs)
        if response.status_code == 404:
            ep.result["skipped"] = "not built yet (404)"
            continue
        ep.result["status_in_process"] = response.status_code
        ep.result["queries"] = len(queries)


def call_in_process(client: Any, request: Request) -> Any:
    from http.cookies import SimpleCookie

    headers = dict(request.headers)
    if cookie := headers.pop("Cookie", None):
        client.cookies = SimpleCookie(cookie)
    kwargs: dict[str, Any] = {"headers": headers}
    if request.body:
        kwargs.update(data=request.body, content_type="application/json")
    return getattr(client, request.method.lower())(request.path, **kwargs)


def measure_rotation(ep: Endpoint) -> None:
    """Queries for the first request, cold (nothing cached) and warm; the first 50 must work."""
    from django.core.cache import cache
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    cache.clear()
    first = ep.rotation[0]
    if ep.group != "mixed":
        with CaptureQueriesContext(connection) as cold:
            call_in_process(Client(), first)
        with CaptureQueriesContext(connection) as warm:
            call_in_process(Client(), first)
        ep.result["queries_cold"] = len(cold)
        ep.result["queries"] = len(warm)
    statuses = [call_in_process(Client(), r).status_code for r in ep.rotation[:50]]
    ep.result["status_in_process"] = sorted(set(statuses))
    if any(not 200 <= code < 300 for code in statuses):
        raise SystemExit(f"bench: {ep.name} answers {statuses} in-process")


# --- gunicorn and wrk ------------------------------------------------------------------------


@contextlib.contextmanager
def gunicorn(
    env: dict[str, str], port: int, workers: int
) -> Iterator[subprocess.Popen[bytes]]:
    log = tempfile.NamedTemporaryFile(  # noqa: SIM115 - open for gunicorn's whole life
        prefix="bench-gunicorn-", suffix=".log", delete=False
    )
    process = subprocess.Popen(
        [
            str(ROOT / ".venv" / "bin" / "gunicorn"),
            "careerpath.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(workers),
            # Sync workers, as `make serve` runs them: each takes the next connection
            # from the shared socket, so the load spreads over every worker. (gthread
            # workers keep each keep-alive connection on the worker that accepted it:
            # measured here, one worker took all 16 wrk connections while the other
            # idled, and which endpoint got unlucky changed from run to run.)
            "--worker-class",
            "sync",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if process.poll() is not None:
                raise SystemExit(f"gunicorn exited early; see {log.name}")
            with contextlib.suppress(OSError):
                status, _, _ = http_request(port, "GET", "/healthz")
                if status == 200:
                    break
            time.sleep(0.2)
        else:
            raise SystemExit(
                f"gunicorn did not answer /healthz in 30 s; see {log.name}"
            )
        yield process
    finally:
        stop_server(process)
        log.close()


def http_request(
    port: int,
    method: str,
    path: str,
    body: str = "",
    headers: dict[str, str] | None = None,
) -> tuple[int, http.client.HTTPMessage, bytes]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        conn.request(method, path, body=body or None, headers=headers or {})
        response = conn.getresponse()
        return response.status, response.headers, response.read()
    finally:
        conn.close()


def log_in(port: int) -> str:
    """A real sign-in through the login form; returns the session cookie header."""
    status, headers, body = http_request(port, "GET", "/accounts/login/")
    cookies = dict(
        c.split(";")[0].split("=", 1) for c in headers.get_all("Set-Cookie") or []
    )
    match = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', body)
    if status != 200 or not match or "csrftoken" not in cookies:
        raise SystemExit(f"bench: could not load the login form (HTTP {status})")
    form = urllib.parse.urlencode(
        {
            "login": BENCH_EMAIL,
            "password": BENCH_PASSWORD,
            "csrfmiddlewaretoken": match.group(1).decode(),
        }
    )
    status, headers, _ = http_request(
        port,
        "POST",
        "/accounts/login/",
        body=form,
        headers={
            "Content-Type": "application/x-www-form-urlencoded",
            "Cookie": f"csrftoken={cookies['csrftoken']}",
            "Referer": f"http://127.0.0.1:{port}/accounts/login/",
        },
    )
    for raw in headers.get_all("Set-Cookie") or []:
        name, _, rest = raw.partition("=")
        if name == "sessionid":
            return f"sessionid={rest.split(';')[0]}"
    raise SystemExit(f"bench: logging in failed (HTTP {status})")


LUA = """
wrk.method = %(method)s
wrk.body = %(body)s
%(headers)s
local counters = {}
function setup(thread)
  table.insert(counters, thread)
end
function init(args)
  non2xx = 0
end
function response(status, headers, body)
  if status < 200 or status > 299 then non2xx = non2xx + 1 end
end
function done(summary, latency, requests)
  local bad = 0
  for _, thread in ipairs(counters) do bad = bad + thread:get("non2xx") end
  io.write(string.format(
    'BENCHJSON {"requests": %%d, "duration_us": %%d, "non2xx": %%d, "connect": %%d, "read": %%d, "write": %%d, "timeout": %%d, "p50_ms": %%.3f, "p95_ms": %%.3f, "p99_ms": %%.3f}\\n',
    summary.requests, summary.duration, bad, summary.errors.connect, summary.errors.read,
    summary.errors.write, summary.errors.timeout,
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000))
end
"""


LUA_ROTATING = """
-- Cycles through the requests in %(path)s, one per line: method, path, header name,
-- header value, body (tab-separated). Each thread starts at its own place in the list,
-- shifted by %(offset)s of the list: a warm-up run continues where the last one stopped.
local requests = {}
local next_request = 1
local counters = {}
function setup(thread)
  table.insert(counters, thread)
  thread:set("start_fraction", ((#counters - 1) / 2 + %(offset)s) %% 1)
end
function init(args)
  non2xx = 0
  for line in io.lines(%(path_literal)s) do
    local method, path, name, value, body =
      line:match("^([^\t]*)\t([^\t]*)\t([^\t]*)\t([^\t]*)\t(.*)$")
    local headers = {}
    if name ~= "" then headers[name] = value end
    if body == "" then body = nil else headers["Content-Type"] = "application/json" end
    table.insert(requests, wrk.format(method, path, headers, body))
  end
  next_request = math.floor(#requests * (start_fraction or 0)) + 1
end
function request()
  local r = requests[next_request]
  next_request = next_request %% #requests + 1
  return r
end
function response(status, headers, body)
  if status < 200 or status > 299 then non2xx = non2xx + 1 end
end
""" + LUA[LUA.index("function done") :]


def lua_string(value: str) -> str:
    return json.dumps(value)  # a JSON string literal is a valid Lua string literal here


def run_wrk(
    ep: Endpoint,
    port: int,
    duration: int,
    headers: dict[str, str],
    offset: float = 0.0,
) -> dict[str, Any]:
    """One wrk run; a rotation starts `offset` (a fraction) of the way into its list."""
    requests_file = None
    if ep.rotation:
        with tempfile.NamedTemporaryFile(
            "w", suffix=".tsv", delete=False
        ) as requests_file:
            for r in ep.rotation:
                (name, value), *_ = [*r.headers.items(), ("", "")]
                requests_file.write(
                    "\t".join([r.method, r.path, name, value, r.body]) + "\n"
                )
        script = LUA_ROTATING % {
            "path": requests_file.name,
            "path_literal": lua_string(requests_file.name),
            "offset": f"{offset % 1:.6f}",
        }
    else:
        header_lines = "\n".join(
            f"wrk.headers[{lua_string(k)}] = {lua_string(v)}"
            for k, v in headers.items()
        )
        script = LUA % {
            "method": lua_string(ep.method),
            "body": lua_string(ep.body) if ep.body else "nil",
            "headers": header_lines,
        }
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as handle:
        handle.write(script)
    try:
        result = subprocess.run(
            [
                "wrk",
                "--threads",
                "2",
                "--connections",
                str(CONNECTIONS),
                "--duration",
                f"{duration}s",
                "--timeout",
                "5s",
                "--script",
                handle.name,
                f"http://127.0.0.1:{port}{ep.path}",
            ],
            capture_output=True,
            text=True,
            timeout=duration + 30,
            check=False,
        )
    finally:
        os.unlink(handle.name)
        if requests_file is not None:
            os.unlink(requests_file.name)
    line = next(
        (row for row in result.stdout.splitlines() if row.startswith("BENCHJSON ")),
        None,
    )
    if line is None:
        raise SystemExit(f"wrk failed for {ep.path}:\n{result.stdout}\n{result.stderr}")
    data: dict[str, Any] = json.loads(line.removeprefix("BENCHJSON "))
    data["rps"] = data["requests"] / (data["duration_us"] / 1_000_000)
    data["errors"] = (
        data["non2xx"]
        + data["connect"]
        + data["read"]
        + data["write"]
        + data["timeout"]
    )
    return data


WARM_UP_PASS_S = 5
# Long enough for every (user, worker) pair of 1,000 users to be rendered once when a cold
# plan page takes ~100 ms (a slow machine); the loop stops as soon as the target is reached.
WARM_UP_MAX_S = 300


def warm_up_rotation(
    ep: Endpoint, port: int, headers: dict[str, str], workers: int
) -> None:
    """Run the rotation until the caches hold it, so the rounds measure the steady state.

    Every gunicorn worker has its own memory cache and each request lands on any worker, so
    each user's pages are rendered once per worker before they are served from the cache.
    After 4 x workers passes over a rotation, a given (user, worker) pair has gone unvisited
    with probability e^-4 (under 2%). The mixed workload never settles completely (its
    PATCHes change plans all the time): two passes. The first 5 s, mostly cold renders,
    are kept as `cold_rps`; none of it is in the rounds.
    """
    passes = 2 if ep.group == "mixed" else 4 * workers
    target = passes * len(ep.rotation)
    rates: list[float] = []
    done = 0
    while done < target and len(rates) * WARM_UP_PASS_S < WARM_UP_MAX_S:
        # Each run picks up where the last stopped: restarting at the top of the list would
        # warm only its first users when cold renders are slow, and leave the rest cold for
        # the rounds (each of the two wrk threads covers its half of the list).
        result = run_wrk(
            ep, port, WARM_UP_PASS_S, headers, offset=done / 2 / len(ep.rotation)
        )
        rates.append(result["rps"])
        done += result["requests"]
    ep.result["cold_rps"] = rates[0]
    ep.result["warm_up"] = {"rps": rates, "requests": done, "target": target}
    print(
        f"  warm-up   {ep.name:30} {' -> '.join(f'{r:.0f}' for r in rates)} req/s"
        f" ({done:,} of {target:,} requests)",
        flush=True,
    )


# --- report ----------------------------------------------------------------------------------

TARGET_RATIO = {
    "content": 0.40,
    "planner_read": 0.12,
    "planner_write": 0.08,
    "many_users": 0.05,
}
P95_LIMIT_MS = 100.0


def summarise(eps: list[Endpoint]) -> None:
    """Median over the rounds of each figure; each round's ratio uses that round's ceiling."""
    ceiling = next(e for e in eps if e.group == "trivial")
    for ep in eps:
        rounds = ep.result.get("rounds")
        if not rounds:
            continue
        for i, r in enumerate(rounds):
            base = ceiling.result["rounds"][i]["rps"]
            r["ratio"] = r["rps"] / base if base else 0
        for key in ("rps", "p50_ms", "p95_ms", "p99_ms", "ratio"):
            ep.result[key] = statistics.median(r[key] for r in rounds)
        ep.result["errors"] = sum(r["errors"] for r in rounds)
        ep.result["requests"] = sum(r["requests"] for r in rounds)


def judge(eps: list[Endpoint]) -> list[tuple[str, bool]]:
    verdicts = []
    for ep in eps:
        r = ep.result
        if "rps" not in r:
            continue
        verdicts.append((f"{ep.name}: zero errors", r["errors"] == 0))
        verdicts.append(
            (f"{ep.name}: p95 < {P95_LIMIT_MS:.0f} ms", r["p95_ms"] < P95_LIMIT_MS)
        )
        if ep.group in TARGET_RATIO:
            need = TARGET_RATIO[ep.group]
            verdicts.append(
                (f"{ep.name}: >= {need:.0%} of ceiling", r["ratio"] >= need)
            )
    return verdicts


def endpoint_record(ep: Endpoint) -> dict[str, Any]:
    """The endpoint for the results file: the rotation's size, not its sessions and tokens."""
    record = {f.name: getattr(ep, f.name) for f in fields(ep) if f.name != "rotation"}
    if ep.rotation:
        record["rotation"] = {
            "requests": len(ep.rotation),
            "distinct_paths": len({r.path for r in ep.rotation}),
            "methods": dict(Counter(r.method for r in ep.rotation)),
        }
    return record


def print_table(eps: list[Endpoint]) -> None:
    header = f"{'endpoint':30} {'req/s':>8} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'errors':>7} {'SQL/req':>8} {'ratio':>7}"
    print(header)
    print("-" * len(header))
    for ep in eps:
        r = ep.result
        if "skipped" in r:
            print(f"{ep.name:30} skipped ({r['skipped']})")
            continue
        print(
            f"{ep.name:30} {r['rps']:8.1f} {r['p50_ms']:8.2f} {r['p95_ms']:8.2f} {r['p99_ms']:8.2f}"
            f" {r['errors']:7d} {r.get('queries', 'mix' if ep.rotation else '?')!s:>8}"
            f" {r.get('ratio', 0):7.1%}"
        )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=int, default=10, help="seconds per endpoint")
    parser.add_argument(
        "--rounds",
        type=int,
        default=3,
        help="passes over every endpoint; the table shows the median of the rounds",
    )
    parser.add_argument(
        "--only",
        default="",
        help="only endpoints whose name contains this (and the ceiling)",
    )
    parser.add_argument("--users", type=int, default=10_000)
    # CPU-bound Python on a small box that also runs wrk and PostgreSQL: one process per core.
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 2)
    args = parser.parse_args()

    if shutil.which("wrk") is None:
        if os.geteuid() == 0 and shutil.which("apt-get"):
            print("installing wrk (Debian package) ...")
            subprocess.run(
                ["apt-get", "install", "-y", "-qq", "wrk"],
                check=False,
                env={**os.environ, "DEBIAN_FRONTEND": "noninteractive"},
                capture_output=True,
            )
        if shutil.which("wrk") is None:
            print(
                "bench needs wrk: `sudo apt-get install wrk` (Debian/Ubuntu), then retry."
            )
            return 2

    database_url = bench_database_url()
    env = bench_environment(database_url)
    create_database(database_url)
    os.environ.update(env)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "careerpath.settings")
    print(f"preparing {BENCH_DB} ({args.users} users) ...")
    started = time.monotonic()
    facts = prepare_data(args.users)
    rotating = many_user_facts(min(2 * MANY_USERS, args.users))
    facts["many_users"], facts["mixed_users"] = (
        rotating[: len(rotating) // 2],
        rotating[len(rotating) // 2 :],
    )
    print(
        f"data ready in {time.monotonic() - started:.0f} s: {facts['users']} users, "
        f"{facts['plans']} plans, {facts['milestones']} milestones"
    )
    eps = [
        ep
        for ep in endpoints(facts)
        if ep.group == "trivial" or args.only.lower() in ep.name.lower()
    ]
    measure_queries(eps, facts)
    import bench_render  # beside this script

    rendered = bench_render.measure()
    from django.db import connections

    connections.close_all()

    port = free_port()
    print(
        f"gunicorn: {args.workers} sync workers on 127.0.0.1:{port}; wrk: {CONNECTIONS} "
        f"connections, {args.duration} s per endpoint, {args.rounds} rounds"
    )
    with gunicorn(env, port, args.workers):
        session = log_in(port)
        for number in range(1, args.rounds + 1):
            for ep in eps:
                if "skipped" in ep.result:
                    continue
                headers: dict[str, str] = {}
                if ep.auth == "session":
                    headers["Cookie"] = session
                elif ep.auth == "token":
                    headers["Authorization"] = f"Token {facts['token']}"
                if ep.body:
                    headers["Content-Type"] = "application/json"
                if number == 1 and ep.rotation:
                    warm_up_rotation(ep, port, headers, args.workers)
                elif number == 1:
                    run_wrk(ep, port, 2, headers)  # warm-up, not recorded
                result = run_wrk(ep, port, args.duration, headers)
                ep.result.setdefault("rounds", []).append(result)
                print(
                    f"  round {number}/{args.rounds} {ep.name:30} {result['rps']:8.1f} req/s"
                    f"  p95 {result['p95_ms']:7.2f} ms  errors {result['errors']}",
                    flush=True,
                )

    summarise(eps)
    verdicts = judge(eps)
    verdicts.append(bench_render.report(rendered))
    print()
    print(f"median of {args.rounds} rounds:")
    print_table(eps)
    for ep in eps:
        if "cold_rps" in ep.result:
            print(
                f"  {ep.name}: first {WARM_UP_PASS_S} s with cold caches"
                f" {ep.result['cold_rps']:.1f} req/s (not in the rounds)"
            )
    print()
    for label, ok in verdicts:
        print(f"{'PASS' if ok else 'FAIL'}  {label}")
    RESULTS.mkdir(parents=True, exist_ok=True)
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    out = RESULTS / f"{stamp}.json"
    out.write_text(
        json.dumps(
            {
                "when": stamp,
                "connections": CONNECTIONS,
                "duration_s": args.duration,
                "rounds": args.rounds,
                "workers": args.workers,
                "worker_class": "sync",
                "cpus": os.cpu_count(),
                "data": {k: facts[k] for k in ("users", "plans", "milestones")},
                "endpoints": [endpoint_record(ep) for ep in eps],
                "render": rendered,
                "verdicts": [{"target": label, "pass": ok} for label, ok in verdicts],
            },
            indent=2,
        )
    )
    print(f"\nresults: {out.relative_to(ROOT)}")
    return 0 if all(ok for _, ok in verdicts) else 1


if __name__ == "__main__":
    sys.exit(main())
