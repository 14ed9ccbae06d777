"""A project-local PostgreSQL cluster for development and tests.

Used when ``DATABASE_URL`` is unset. ``python -m careerpath.localdb start|stop|status|url``.
The cluster listens on 127.0.0.1 only (no Unix socket: deep checkout paths overflow the
107-byte socket limit) with ``trust`` auth, and is tuned for speed over durability.
"""

from __future__ import annotations

import contextlib
import fcntl
import glob
import hashlib
import os
import shutil
import socket
import stat
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
DB_NAME = "careerpath"
DB_USER = "careerpath"
PORT_FILE = "careerpath.port"
SERVER_SETTINGS = """
# careerpath: throwaway development cluster, speed over durability
listen_addresses = '127.0.0.1'
unix_socket_directories = ''
fsync = off
synchronous_commit = off
full_page_writes = off
max_connections = 200
"""


def _is_root() -> bool:
    return os.geteuid() == 0


def _others_can_enter(path: Path) -> bool:
    """True when a different system user (``postgres``) can reach ``path``."""
    for folder in [path, *path.parents]:
        mode = folder.stat().st_mode
        if not mode & stat.S_IXOTH:
            return False
    return True


def _digest() -> str:
    return hashlib.sha1(str(BASE_DIR).encode()).hexdigest()[:10]


def data_dir() -> Path:
    if override := os.environ.get("CAREERPATH_PGDATA"):
        return Path(override)
    if not _is_root() or _others_can_enter(BASE_DIR):
        return BASE_DIR / ".pgdata"
    # Root's home is 0700, so the postgres user could not reach a data folder in the checkout.
    return Path("/tmp") / f"careerpath-pg-{_digest()}"


def _default_port() -> int:
    return 54320 + int(_digest(), 16) % 600


def port() -> int:
    try:
        return int((data_dir() / PORT_FILE).read_text())
    except (OSError, ValueError):
        return _default_port()


def url() -> str:
    return f"postgres://{DB_USER}@127.0.0.1:{port()}/{DB_NAME}"


def _port_open(number: int) -> bool:
    with (
        contextlib.suppress(OSError),
        socket.create_connection(("127.0.0.1", number), timeout=0.2),
    ):
        return True
    return False


def _free_port(preferred: int) -> int:
    for candidate in range(preferred, preferred + 200):
        if not _port_open(candidate):
            return candidate
    raise SystemExit(f"localdb: no free port near {preferred}")


def _candidate_bindirs() -> Iterator[Path]:
    if os.environ.get(
        "CAREERPATH_PG_FROM_WHEEL"
    ):  # exercise the fallback on a machine with PostgreSQL
        yield from _wheel_bindirs()
        return
    if env := os.environ.get("PG_BINDIR"):
        yield Path(env)
    if found := shutil.which("pg_ctl"):
        yield Path(os.path.realpath(found)).parent
    patterns = [
        "/usr/lib/postgresql/*/bin",
        "/usr/pgsql-*/bin",
        "/usr/local/pgsql/bin",
        "/opt/homebrew/opt/postgresql*/bin",
        "/usr/local/opt/postgresql*/bin",
    ]
    for pattern in patterns:
        yield from sorted(
            (Path(p) for p in glob.glob(pattern)),
            key=lambda p: (
                [int(x) for x in p.parent.name.split("-")[-1].split(".") if x.isdigit()]
                or [0]
            ),
            reverse=True,
        )
    yield from _wheel_bindirs()


def _wheel_bindirs() -> Iterator[Path]:
    prefix = Path(sys.prefix)
    yield from (
        Path(p)
        for p in glob.glob(
            str(prefix / "lib/python*/site-packages/*pgserver/pginstall*/bin")
        )
    )


def bindir() -> Path:
    for candidate in _candidate_bindirs():
        if (candidate / "initdb").exists() and (candidate / "pg_ctl").exists():
            return candidate
    _install_wheel_binaries()
    for candidate in _wheel_bindirs():
        if (candidate / "initdb").exists():
            return candidate
    raise SystemExit(
        "localdb: no PostgreSQL server binaries found. Install PostgreSQL "
        "(e.g. `apt-get install postgresql`) or set DATABASE_URL."
    )


def _install_wheel_binaries() -> None:
    """Last resort: PostgreSQL binaries from a PyPI wheel (only its bin/ folder is used)."""
    lock = BASE_DIR / "requirements-pgserver.lock"
    print(
        "localdb: no PostgreSQL binaries on this machine; installing them from PyPI into .venv",
        flush=True,
    )
    subprocess.run(
        [
            "python3",
            "-m",
            "uv",
            "pip",
            "install",
            "--python",
            sys.executable,
            "--require-hashes",
            "-r",
            str(lock),
        ],
        check=True,
        cwd=BASE_DIR,
    )


def _as_server_user(args: list[str]) -> list[str]:
    # initdb and postgres refuse to run as root.
    if _is_root():
        return ["runuser", "-u", "postgres", "--", *args]
    return args


@contextlib.contextmanager
def _lock() -> Iterator[None]:
    path = Path("/tmp") / f"careerpath-pg-{_digest()}.lock"
    with path.open("w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        yield


def is_running() -> bool:
    return (data_dir() / "postmaster.pid").exists() and _port_open(port())


def _init(bins: Path, data: Path) -> None:
    data.mkdir(parents=True, exist_ok=True)
    if _is_root():
        shutil.chown(data, user="postgres", group="postgres")
    data.chmod(0o700)
    subprocess.run(
        _as_server_user(
            [
                str(bins / "initdb"),
                "-D",
                str(data),
                "-U",
                DB_USER,
                "--auth=trust",
                "-E",
                "UTF8",
                "--no-locale",
            ]
        ),
        check=True,
        stdout=subprocess.DEVNULL,
        cwd="/",
    )
    with (data / "postgresql.conf").open("a") as conf:
        conf.write(SERVER_SETTINGS)
    (data / PORT_FILE).write_text(str(_free_port(_default_port())))


def _tail(log: Path, size: int = 4000) -> str:
    try:
        return log.read_text(errors="replace")[-size:]
    except OSError:
        return ""


def _create_database() -> None:
    import psycopg2

    connection = psycopg2.connect(
        host="127.0.0.1", port=port(), user=DB_USER, dbname="postgres"
    )
    connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [DB_NAME])
        if cursor.fetchone() is None:
            cursor.execute(f'CREATE DATABASE "{DB_NAME}"')
    connection.close()


def start(*, quiet: bool = False) -> None:
    with _lock():
        data = data_dir()
        if is_running():
            return
        bins = bindir()
        if not (data / "PG_VERSION").exists():
            _init(bins, data)
        log = data / "server.log"
        for attempt in range(3):
            started = subprocess.run(
                _as_server_user(
                    [
                        str(bins / "pg_ctl"),
                        "-D",
                        str(data),
                        "-l",
                        str(log),
                        "-o",
                        f"-p {port()}",
                        "-w",
                        "-t",
                        "30",
                        "start",
                    ]
                ),
                stdout=subprocess.DEVNULL,
                cwd="/",  # the server user may not be able to enter the checkout
            )
            if started.returncode == 0:
                break
            # The port was free when chosen, but another process on the machine may have
            # taken it since (an ephemeral port): choose another and try again.
            if attempt == 2 or "Address already in use" not in _tail(log):
                raise subprocess.CalledProcessError(started.returncode, started.args)
            (data / PORT_FILE).write_text(str(_free_port(port() + 1)))
        for _ in range(100):
            if _port_open(port()):
                break
            time.sleep(0.05)
        _create_database()
        if not quiet:
            print(
                f"localdb: PostgreSQL running on 127.0.0.1:{port()} (data in {data})",
                flush=True,
            )


def stop() -> None:
    with _lock():
        data = data_dir()
        if not (data / "postmaster.pid").exists():
            print("localdb: not running")
            return
        subprocess.run(
            _as_server_user(
                [str(bindir() / "pg_ctl"), "-D", str(data), "-m", "fast", "-w", "stop"]
            ),
            check=False,
            stdout=subprocess.DEVNULL,
            cwd="/",
        )
        print("localdb: stopped")


def main(argv: list[str]) -> None:
    command = argv[1] if len(argv) > 1 else "status"
    if command == "start":
        start()
    elif command == "stop":
        stop()
    elif command == "url":
        print(url())
    elif command == "status":
        print(
            f"{'running' if is_running() else 'stopped'} on 127.0.0.1:{port()} (data in {data_dir()})"
        )
    else:
        raise SystemExit(
            f"usage: python -m careerpath.localdb start|stop|status|url (got {command!r})"
        )


if __name__ == "__main__":
    main(sys.argv)
