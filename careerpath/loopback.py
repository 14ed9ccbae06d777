"""Production settings served over plain HTTP on 127.0.0.1, for the bench and the tests' servers.

Both run the real production configuration (``DJANGO_DEBUG=false``) against a local gunicorn with
no TLS in front of it, so the settings that assume HTTPS are switched off here, in one place.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess

LOOPBACK_PRODUCTION_ENV: dict[str, str] = {
    "DJANGO_DEBUG": "false",
    # Plain HTTP on loopback only: no TLS in front of this gunicorn.
    "DJANGO_SECURE_SSL_REDIRECT": "false",
    "DJANGO_SESSION_COOKIE_SECURE": "false",
    "DJANGO_CSRF_COOKIE_SECURE": "false",
    "DJANGO_SECURE_HSTS_SECONDS": "0",
    "DJANGO_EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
    "DJANGO_LOG_LEVEL": "WARNING",
    # Background work runs in the request, so nothing waits for a worker that isn't there.
    "CAREERPATH_TASKS_BACKEND": "django.tasks.backends.immediate.ImmediateBackend",
}


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on at the moment."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def stop_server(process: subprocess.Popen[bytes]) -> None:
    """Stop a server started with `start_new_session=True`, and whatever it forked."""
    if process.poll() is not None:
        return
    os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()
