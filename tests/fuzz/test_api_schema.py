"""Schema-driven fuzzing of the API with Schemathesis against the live server.

Runs the `schemathesis` CLI (installed with the dev dependencies) as a subprocess against
`/api/schema/` with every check enabled (conformance, data acceptance and rejection, auth,
methods, stateful links): anonymously over the whole API, and with a planner's token over
the plan API. Every run is bounded by example count and wall-clock time, and talks to
127.0.0.1 only. Nothing is left out: the schema is as strict as the server (dates within
their windows, published slugs and route ids as enums, map keys named) and the server takes
everything the schema allows.
"""

from __future__ import annotations

import os
import re
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
MAX_EXAMPLES = "25"
TIME_BUDGET_S = 60
API_PATHS = r"^/api/v1/"
PLAN_PATHS = r"^/api/v1/(plans|me)"

# A stale If-Match answers 412 and changes nothing: for a well-formed request that is the
# expected answer (as 409 is, which Schemathesis already expects), and it is a rejection.
POSITIVE_EXPECTED = ["2xx", "3xx", "401", "403", "404", "409", "412", "429", "5xx"]
NEGATIVE_EXPECTED = [
    *("400", "401", "403", "404", "405", "406", "409", "412", "415", "422", "428"),
    *("429", "5xx"),
]


@pytest.fixture
def unthrottled(monkeypatch: pytest.MonkeyPatch) -> None:
    # Throttling is tested in tests/security (and its 429s are in the schema); here it would
    # only turn fuzz cases into 429s.
    rates = {
        **SimpleRateThrottle.THROTTLE_RATES,
        "anon": "100000/min",
        "user": "100000/min",
        "token": "100000/min",
    }
    monkeypatch.setattr(SimpleRateThrottle, "THROTTLE_RATES", rates)


@pytest.fixture
def token(seeded: Any) -> str:
    """A planner's token, with one plan so that the plan operations have data to find."""
    from django.test import Client

    user = UserFactory(email="fuzzer@example.com")
    key = api_token(user)
    client = Client(headers={"Authorization": f"Token {key}"})
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
    return key


def toml_list(values: list[str]) -> str:
    return "[" + ", ".join(f'"{v}"' for v in values) + "]"


def write_config(tmp_path: Path) -> Path:
    """Every check, with the expected statuses above."""
    sections: dict[str, list[str]] = {
        "checks": ["enabled = true"],
        "checks.positive_data_acceptance": [
            f"expected-statuses = {toml_list(POSITIVE_EXPECTED)}"
        ],
        "checks.negative_data_rejection": [
            f"expected-statuses = {toml_list(NEGATIVE_EXPECTED)}"
        ],
    }
    lines = [line for name, body in sections.items() for line in (f"[{name}]", *body)]
    path = tmp_path / "schemathesis.toml"
    path.write_text("\n".join(lines) + "\n")
    return path


def run_schemathesis(
    base: str,
    config: Path,
    *args: str,
    tmp_path: Path,
    budget_s: int = TIME_BUDGET_S,
) -> subprocess.CompletedProcess[str]:
    assert SCHEMATHESIS.exists(), "schemathesis is a dev dependency: run `make install`"
    command = [
        str(SCHEMATHESIS),
        "--config-file",
        str(config),
        "run",
        f"{base}/api/schema/",
        "--url",
        base,
        "--max-examples",
        MAX_EXAMPLES,
        "--max-time",
        str(budget_s),
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
        timeout=budget_s + 90,
        env=env,
        check=False,
        cwd=tmp_path,
    )


def explain(result: subprocess.CompletedProcess[str]) -> str:
    return f"schemathesis exited {result.returncode}\n{result.stdout[-12000:]}\n{result.stderr[-3000:]}"


def assert_clean(result: subprocess.CompletedProcess[str]) -> None:
    assert result.returncode == 0, explain(result)
    assert "Failures:" not in result.stdout, explain(result)
    # Within the time budget, every selected operation was exercised.
    counts = re.search(r"Selected: (\d+)/\d+\s+Tested: (\d+)", result.stdout)
    assert counts, explain(result)
    selected, tested = map(int, counts.groups())
    assert selected == tested > 0, explain(result)


def test_whole_api_survives_every_check_anonymously(
    seeded: Any, unthrottled: None, tmp_path: Path
):
    result = run_schemathesis(
        seeded.url,
        write_config(tmp_path),
        "--include-path-regex",
        API_PATHS,
        tmp_path=tmp_path,
    )
    assert_clean(result)


def test_plan_api_survives_every_check_with_a_token(
    seeded: Any, unthrottled: None, token: str, tmp_path: Path
):
    result = run_schemathesis(
        seeded.url,
        write_config(tmp_path),
        "--include-path-regex",
        PLAN_PATHS,
        "--header",
        f"Authorization: Token {token}",
        tmp_path=tmp_path,
    )
    assert_clean(result)
