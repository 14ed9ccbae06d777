"""Concurrency tests: real HTTP clients on threads against gunicorn with several workers.

The server is the production WSGI app (`careerpath.wsgi`) on the test database, started once
per test with committed (transactional) data, so requests really run in parallel in separate
processes and database sessions, as in production.
"""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import requests
from django.db import connections

from careerpath import loopback
from tests import servers

WORKERS = 3
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def server(migration_data_restored: None) -> Iterator[str]:
    """Base URL of gunicorn (WORKERS sync workers) serving the test database."""
    port = loopback.free_port()
    env = {
        **os.environ,
        "DATABASE_URL": servers.database_url(),
        "CAREERPATH_NO_DOTENV": "1",
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "CAREERPATH_THROTTLE_USER": "100000/min",
        "CAREERPATH_THROTTLE_ANON": "100000/min",
    }
    gunicorn = Path(sys.executable).with_name("gunicorn")
    process = subprocess.Popen(
        [
            str(gunicorn),
            "careerpath.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(WORKERS),
            "--worker-class",
            "gthread",
            "--threads",
            "4",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
    )
    base = f"http://127.0.0.1:{port}"
    # Generous: a loaded CI box can take a while to boot four workers; waiting is not timing.
    deadline = time.monotonic() + 120
    while True:
        try:
            if requests.get(f"{base}/livez", timeout=2).status_code == 200:
                break
        except requests.RequestException:  # not accepting yet, or workers still booting
            pass
        if process.poll() is not None or time.monotonic() > deadline:
            process.kill()
            pytest.fail("gunicorn did not start")
        time.sleep(0.2)
    try:
        yield base
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()


def run_together(*jobs: Callable[[], Any]) -> list[Any]:
    """Start the jobs at the same moment on their own threads; return their results in order."""
    barrier = threading.Barrier(len(jobs))
    results: list[Any] = [None] * len(jobs)
    failures: list[BaseException] = []

    def run(index: int, job: Callable[[], Any]) -> None:
        try:
            barrier.wait()
            results[index] = job()
        except BaseException as error:  # a 500 raises in the test client
            failures.append(error)
        finally:
            connections.close_all()  # the thread's own database connection, if it opened one

    threads = [
        threading.Thread(target=run, args=(i, job)) for i, job in enumerate(jobs)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not any(t.is_alive() for t in threads), "a client hung"
    assert not failures, failures
    return results
