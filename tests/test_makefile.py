"""`make run` configures the development server consistently (checked with `make -n`)."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

pytestmark = pytest.mark.skipif(shutil.which("make") is None, reason="needs make")


def runserver_line(*args: str, **env: str) -> str:
    clean = {
        k: v for k, v in os.environ.items() if k not in {"PORT", "CAREERPATH_SITE_URL"}
    }
    result = subprocess.run(
        ["make", "-n", "run", *args],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        check=True,
        timeout=30,
    )
    return next(line for line in result.stdout.splitlines() if "runserver" in line)


def test_make_run_points_site_links_at_the_port_it_serves_on():
    line = runserver_line("PORT=8123")
    assert line.endswith(" 127.0.0.1:8123")
    assert " CAREERPATH_SITE_URL=http://127.0.0.1:8123 " in line
    assert " CAREERPATH_SITE_URL=http://127.0.0.1:8000 " in runserver_line()


def test_a_site_url_from_the_environment_wins():
    line = runserver_line("PORT=8123", CAREERPATH_SITE_URL="https://dev.example.org")
    assert " CAREERPATH_SITE_URL=https://dev.example.org " in line


def test_make_test_type_checks_before_running_the_tests():
    result = subprocess.run(
        ["make", "-n", "test"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
        timeout=30,
    )
    lines = result.stdout.splitlines()
    mypy_at = next(i for i, line in enumerate(lines) if line.endswith(".venv/bin/mypy"))
    tests_at = next(i for i, line in enumerate(lines) if line == ".venv/bin/pytest")
    assert mypy_at < tests_at
    # The settings import in a clean clone (no .env): the target supplies what they need.
    assert lines[mypy_at].startswith("DJANGO_DEBUG=true CAREERPATH_NO_DOTENV=1 ")
