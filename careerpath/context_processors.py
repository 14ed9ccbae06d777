from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from careerpath import i18n


def languages(request: HttpRequest) -> dict[str, Any]:
    """The page in each language (header switcher, hreflang links) and its path without the
    language prefix (the navigation's "current page" marks)."""
    return {
        "language_alternates": i18n.alternates(request),
        "unprefixed_path": i18n.strip_language_prefix(request.path),
    }
