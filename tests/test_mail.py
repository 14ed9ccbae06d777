"""Development email is printed readably: links can be copied from the console."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

from django.core.mail import EmailMessage

from careerpath.mail import ConsoleEmailBackend

ROOT = Path(__file__).resolve().parent.parent
LINK = "http://127.0.0.1:8123/accounts/confirm-email/MTA:1xYWRs:ftva0QnGplMWLPCHnRDEpiZ1xIvmK4Ek7nf3pDU8soM/"
BODY = f"Willkommen — to confirm this is correct, go to {LINK}\n\nThank you."


def test_console_backend_prints_bodies_and_headers_as_plain_text():
    stream = io.StringIO()
    message = EmailMessage(
        "Bestätigen Sie, Zoë", BODY, "a@example.com", ["b@example.com"]
    )
    assert ConsoleEmailBackend(stream=stream).send_messages([message]) == 1
    printed = stream.getvalue()
    assert "quoted-printable" not in printed
    assert "base64" not in printed
    assert "Content-Transfer-Encoding: 8bit" in printed
    assert f"go to {LINK}\n" in printed  # the whole link on one line, unescaped
    assert "Subject: Bestätigen Sie, Zoë" in printed


def test_development_settings_use_the_readable_console_backend():
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("DJANGO_", "CAREERPATH_"))
    }
    env.update({"DJANGO_DEBUG": "true", "CAREERPATH_NO_DOTENV": "1"})
    if os.environ.get("DATABASE_URL"):
        env["DATABASE_URL"] = os.environ["DATABASE_URL"]
    code = (
        "from django.core.mail import send_mail; "
        f"send_mail('Confirm', {BODY!r}, 'a@example.com', ['b@example.com'])"
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", code],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert f"go to {LINK}\n" in result.stdout
    assert "quoted-printable" not in result.stdout
