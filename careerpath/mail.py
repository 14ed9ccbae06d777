"""Development email: the console backend, printing mail the way a person reads it."""

from __future__ import annotations

import email.policy
from typing import Any

from django.core.mail.backends import console

# Bodies as plain 7- or 8-bit text: Python's default policy turns any body with a line over
# 78 characters (every confirmation link) into quoted-printable, whose soft line breaks and
# "=3D" escapes make the link impossible to copy. 998 is RFC 5322's line limit; headers are
# printed as UTF-8 too, not as RFC 2047 encoded words.
READABLE = email.policy.default.clone(cte_type="8bit", max_line_length=998, utf8=True)


class ConsoleEmailBackend(console.EmailBackend):
    """Django's console backend, with readable (not quoted-printable) bodies."""

    def write_message(self, message: Any) -> None:
        msg = message.message(policy=READABLE)
        self.stream.write(msg.as_bytes().decode("utf-8", errors="replace") + "\n")
        self.stream.write("-" * 79 + "\n")
