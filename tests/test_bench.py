"""The load benchmark's many-user scenarios send what they claim (bench/run.py)."""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
from collections import Counter
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def bench() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "bench_run", ROOT / "bench" / "run.py"
    )
    assert spec
    assert spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules["bench_run"] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def users(count: int) -> list[dict[str, object]]:
    return [
        {"session": f"s{n}", "token": f"t{n}", "plan_id": n, "milestone_id": 100 + n}
        for n in range(count)
    ]


def kind(request) -> str:
    if request.method == "PATCH":
        return "write"
    if "Cookie" in request.headers:
        return "dashboard"
    if "Authorization" in request.headers:
        return "plan api"
    return "content"


def test_mixed_workload_is_70_20_10_with_every_user_reading_and_writing(bench):
    people = users(50)
    mixed = bench.mixed_workload(people, ["/", "/roles/", "/api/v1/roles/"])
    assert len(mixed) == 500
    assert Counter(kind(r) for r in mixed) == {
        "content": 350,
        "dashboard": 50,
        "plan api": 50,
        "write": 50,
    }
    assert all(not r.headers for r in mixed if kind(r) == "content")
    writes = [r for r in mixed if r.method == "PATCH"]
    assert {r.path for r in writes} == {
        f"/api/v1/plans/{n}/milestones/{100 + n}/" for n in range(50)
    }
    assert {r.headers["Cookie"] for r in mixed if kind(r) == "dashboard"} == {
        f"sessionid=s{n}" for n in range(50)
    }
    # Shuffled, not in blocks: the first tenth already mixes all kinds.
    assert {kind(r) for r in mixed[:50]} == {
        "content",
        "dashboard",
        "plan api",
        "write",
    }


def test_results_record_the_rotation_without_sessions_or_tokens(bench):
    endpoint = bench.Endpoint(
        "dashboard, 2 users",
        "/plan/",
        "many_users",
        rotation=[bench.session_read(u) for u in users(2)],
    )
    record = bench.endpoint_record(endpoint)
    assert record["rotation"] == {
        "requests": 2,
        "distinct_paths": 1,
        "methods": {"GET": 2},
    }
    assert "sessionid" not in repr(record)


def test_the_bench_sizes_the_memory_cache_for_its_users(bench):
    env = bench.bench_environment("postgres://bench@127.0.0.1:1/careerpath_bench")
    # Two groups of users, each plan up to 40 milestones (an entry each) plus its page and API.
    assert int(env["CAREERPATH_CACHE_MAX_ENTRIES"]) >= 2 * 42 * bench.MANY_USERS
    code = "from django.conf import settings; print(settings.CACHES['default'])"
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", code],
        cwd=ROOT,
        env={
            **{k: v for k, v in os.environ.items() if not k.startswith("CAREERPATH_")},
            "CAREERPATH_NO_DOTENV": "1",
            "CAREERPATH_CACHE_MAX_ENTRIES": env["CAREERPATH_CACHE_MAX_ENTRIES"],
        },
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert f"'MAX_ENTRIES': {env['CAREERPATH_CACHE_MAX_ENTRIES']}" in result.stdout
