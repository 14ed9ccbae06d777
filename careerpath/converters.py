"""URL converters for free-text path parameters."""

from __future__ import annotations

from django.urls import register_converter


class TokenConverter:
    """A capability token or key id: URL-safe base64, hex, or a signed value (`:` and `.`).

    Anything else, NUL and other control characters above all, does not match the route, so
    it is a 404 before a view asks the database (PostgreSQL refuses NUL in a string).
    """

    regex = r"[A-Za-z0-9_\-:.]{1,200}"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


# Registered on import: every urls.py that uses `<token:…>` imports this module first.
register_converter(TokenConverter, "token")
