"""Schema-driven fuzzing of the API with Schemathesis against the live server.

Runs the `schemathesis` CLI (installed with the dev dependencies) as a subprocess against
`/api/schema/`: anonymously for the content API, and with a planner's token for the plan API.
Every run is bounded by example count and wall-clock time, and talks to 127.0.0.1 only.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from rest_framework.throttling import SimpleRateThrottle

from tests.accounts.factories import UserFactory, api_token

pytestmark = [
    pytest.mark.fuzz,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

SCHEMATHESIS = Path(sys.executable).parent / "schemathesis"
# The required conformance checks, plus two authorisation checks. Not `all`: the positive/
# negative data checks judge the schema's looseness (e.g. a role slug typed as any string),
# which the conformance checks and tests/security cover more precisely.
CHECKS = ",".join(
    [
        "not_a_server_error",
        "status_code_conformance",
        "response_schema_conformance",
        "content_type_conformance",
        "response_headers_conformance",
        "ignored_auth",
        "use_after_free",
    ]
)
MAX_EXAMPLES = "25"
TIME_BUDGET_S = 40
CONTENT_PATHS = r"^/api/v1/(roles|certifications|states|outlook|faqs|search)"
PLAN_PATHS = r"^/api/v1/(plans|me)"


@pytest.fixture
def unthrottled(monkeypatch: pytest.MonkeyPatch) -> None:
    # Throttling is tested in tests/security; here it would only turn fuzz cases into 429s.
    rates = {
        **SimpleRateThrottle.THROTTLE_RATES,
        "anon": "100000/min",
        "user": "100000/min",
    }
    monkeypatch.setattr(SimpleRateThrottle, "THROTTLE_RATES", rates)


def run_schemathesis(
    base: str, *args: str, tmp_path: Path
) -> subprocess.CompletedProcess[str]:
    assert SCHEMATHESIS.exists(), "schemathesis is a dev dependency: run `make install`"
    command = [
        str(SCHEMATHESIS),
        "run",
        f"{base}/api/schema/",
        "--url",
        base,
        "--checks",
        CHECKS,
        "--max-examples",
        MAX_EXAMPLES,
        "--max-time",
        str(TIME_BUDGET_S),
        "--seed",
        "20261125",
        "--request-timeout",
        "10",
        "--workers",
        "2",
        "--no-color",
        "--report",
        "junit",
        "--report-dir",
        str(tmp_path),
        *args,
    ]
    env = {**os.environ, "NO_COLOR": "1", "SCHEMATHESIS_HOOKS": ""}
    return subprocess.run(
        command,
        capture_output=True,
        text=True,
        timeout=TIME_BUDGET_S + 60,
        env=env,
        check=False,
        cwd=tmp_path,
    )


def explain(result: subprocess.CompletedProcess[str]) -> str:
    return f"schemathesis exited {result.returncode}\n{result.stdout[-12000:]}\n{result.stderr[-3000:]}"


def test_content_api_survives_fuzzing_anonymously(
    seeded: Any, unthrottled: None, tmp_path
):
    result = run_schemathesis(
        seeded.url, "--include-path-regex", CONTENT_PATHS, tmp_path=tmp_path
    )
    assert result.returncode == 0, explain(result)
    assert "No issues found" in result.stdout or "passed" in result.stdout, explain(
        result
    )


def test_plan_api_survives_fuzzing_with_a_token(
    seeded: Any, unthrottled: None, tmp_path
):
    from django.test import Client

    user = UserFactory(email="fuzzer@example.com")
    token = api_token(user)
    client = Client(headers={"Authorization": f"Token {token}"})
    created = client.post(
        "/api/v1/plans/",
        {
            "target_role": "medical-laboratory-technician",
            "education_level": "high_school",
            "state": "CA",
            "certifying_body": "ascp",
        },
        content_type="application/json",
    )
    assert created.status_code == 201, created.content
    result = run_schemathesis(
        seeded.url,
        "--include-path-regex",
        PLAN_PATHS,
        "--header",
        f"Authorization: Token {token}",
        tmp_path=tmp_path,
    )
    assert result.returncode == 0, explain(result)
