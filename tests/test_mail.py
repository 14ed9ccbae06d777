"""Development email is printed readably: links can be copied from the console."""

from __future__ import annotations

import io

from django.core.mail import EmailMessage

from careerpath.mail import ConsoleEmailBackend
from tests import servers

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
    code = (
        "from django.core.mail import send_mail; "
        f"send_mail('Confirm', {BODY!r}, 'a@example.com', ['b@example.com'])"
    )
    result = servers.manage("shell", "-c", code, DJANGO_DEBUG="true")
    assert result.returncode == 0, result.stderr
    assert f"go to {LINK}\n" in result.stdout
    assert "quoted-printable" not in result.stdout
