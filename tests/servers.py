"""Real servers for tests that need more than one process: redis-server and gunicorn.

Both listen on a free 127.0.0.1 port, keep their files under /tmp and are stopped when the
`with` block ends, however it ends. gunicorn runs production settings against the test
database; `make test` installs redis-server (`make redis`).
"""

from __future__ import annotations

import contextlib
import http.client
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.parse
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.db import connection

from careerpath.loopback import LOOPBACK_PRODUCTION_ENV, free_port, stop_server

ROOT = Path(__file__).resolve().parent.parent
GUNICORN = Path(sys.executable).with_name("gunicorn")
# How long a server may take to accept connections: generous, a loaded CI box boots slowly.
START_TIMEOUT = 120.0


@contextlib.contextmanager
def redis_server() -> Iterator[str]:
    """A private, memory-only redis-server; yields its URL."""
    binary = shutil.which("redis-server")
    if binary is None:
        raise RuntimeError("redis-server is missing: `make redis` installs it")
    import redis

    port = free_port()
    folder = tempfile.mkdtemp(prefix="careerpath-redis-")
    process = subprocess.Popen(
        [
            binary,
            "--bind",
            "127.0.0.1",
            "--port",
            str(port),
            "--dir",
            folder,
            "--save",
            "",
            "--appendonly",
            "no",
            "--daemonize",
            "no",
            "--logfile",
            str(Path(folder) / "redis.log"),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    url = f"redis://127.0.0.1:{port}/0"
    try:
        client = redis.Redis.from_url(url, socket_connect_timeout=1)
        deadline = time.monotonic() + START_TIMEOUT
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"redis-server exited early; see {folder}/redis.log")
            with contextlib.suppress(redis.exceptions.ConnectionError):
                if client.ping():
                    break
            if time.monotonic() > deadline:
                raise RuntimeError("redis-server did not answer PING in time")
            time.sleep(0.05)
        client.close()
        yield url
    finally:
        stop_server(process)
        shutil.rmtree(folder, ignore_errors=True)


def database_url() -> str:
    """The database the running test uses, as a URL for another process."""
    params = connection.settings_dict
    user = urllib.parse.quote(params["USER"] or "")
    password = params["PASSWORD"]
    auth = f"{user}:{urllib.parse.quote(password)}@" if password else f"{user}@"
    return (
        f"postgres://{auth}{params['HOST'] or '127.0.0.1'}:{params['PORT'] or 5432}"
        f"/{params['NAME']}"
    )


def clean_env(**settings: str) -> dict[str, str]:
    """This process's environment with none of the project's variables but DATABASE_URL
    (and no developer's .env), then `settings`: another process sees only what a test sets."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "CAREERPATH_"))
    }
    env["CAREERPATH_NO_DOTENV"] = "1"
    if os.environ.get("DATABASE_URL"):
        env["DATABASE_URL"] = os.environ["DATABASE_URL"]
    env.update(settings)
    return env


def manage(*args: str, **settings: str) -> subprocess.CompletedProcess[str]:
    """`manage.py *args` in another process, configured by `settings` alone (clean_env)."""
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=clean_env(**settings),
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )


def shell_output(code: str, **settings: str) -> str:
    """The last line `code` prints in `manage.py shell` configured by `settings` alone."""
    result = manage("shell", "--no-imports", "-c", code, **settings)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip().splitlines()[-1]


def production_env(**extra: str) -> dict[str, str]:
    """Production settings on plain-HTTP loopback, against the test database."""
    env = clean_env()
    env.update(
        {
            **LOOPBACK_PRODUCTION_ENV,
            "DATABASE_URL": database_url(),
            "DJANGO_SECRET_KEY": "test-only-not-secret-" + "k" * 40,
            "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        }
    )
    env.update(extra)
    return env


@dataclass
class Answer:
    status: int
    headers: http.client.HTTPMessage
    body: bytes

    def json(self) -> Any:
        return json.loads(self.body)


@dataclass
class Gunicorn:
    port: int
    env: dict[str, str]
    workers: int = 1
    process: subprocess.Popen[bytes] | None = None
    log: Path | None = None

    def start(self) -> None:
        log = tempfile.NamedTemporaryFile(  # noqa: SIM115 - open for gunicorn's whole life
            prefix="careerpath-gunicorn-", suffix=".log", delete=False
        )
        self.log = Path(log.name)
        self.process = subprocess.Popen(
            [
                str(GUNICORN),
                "careerpath.wsgi",
                "--bind",
                f"127.0.0.1:{self.port}",
                "--workers",
                str(self.workers),
                "--worker-class",
                "sync",
                "--log-level",
                "warning",
                # Its control socket goes here, not under ~/.gunicorn of whoever runs tests.
                "--control-socket",
                str(self.log.with_suffix(".ctl")),
            ],
            cwd=ROOT,
            env=self.env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        log.close()
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited early:\n{self.log_text()}")
            with contextlib.suppress(OSError):
                if self.request("GET", "/livez").status == 200:
                    return
            time.sleep(0.1)
        raise RuntimeError(
            f"gunicorn did not answer /livez in time:\n{self.log_text()}"
        )

    def stop(self) -> None:
        if self.process is not None:
            stop_server(self.process)
            self.process = None

    def log_text(self) -> str:
        return self.log.read_text(errors="replace") if self.log else ""

    def request(
        self,
        method: str,
        path: str,
        body: bytes | str | dict[str, Any] | None = None,
        headers: dict[str, str] | None = None,
    ) -> Answer:
        headers = dict(headers or {})
        if isinstance(body, dict):
            body = json.dumps(body)
            headers.setdefault("Content-Type", "application/json")
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=20)
        try:
            conn.request(method, path, body=body, headers=headers)
            response = conn.getresponse()
            return Answer(response.status, response.headers, response.read())
        finally:
            conn.close()


@contextlib.contextmanager
def gunicorn(env: dict[str, str], *, workers: int = 1) -> Iterator[Gunicorn]:
    server = Gunicorn(port=free_port(), env=env, workers=workers)
    try:
        server.start()
        yield server
    finally:
        server.stop()
        if server.log is not None:
            server.log.unlink(missing_ok=True)
            server.log.with_suffix(".ctl").unlink(missing_ok=True)
