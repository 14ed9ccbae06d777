"""Key-based caching of a plan's rendered sections and API representation.

Every write to a plan, its milestones, checklists or CE log goes through `planner.services`,
which bumps `Plan.updated_at` in the same transaction (it is also the plan's ETag). Content
changes bump the content version. So a key built from the plan's id and `updated_at`, the
content version, the language and the day is never reused for different data: nothing is ever invalidated
by hand, a change simply makes a new key and the old entry ages out of the cache.

Cached HTML holds a placeholder where the CSRF token goes; each response gets the requesting
session's own token, so one user's cached page never carries a token another could reuse.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from typing import Any

from django.core.cache import cache
from django.http import HttpRequest
from django.middleware.csrf import get_token
from django.utils.crypto import salted_hmac
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from content import versioning
from planner.models import Plan

CACHE_SECONDS = 600


def plan_key(
    kind: str, plan: Plan, *parts: object, content_version: int | None = None
) -> str:
    """A cache key for one representation of one version of a plan (and of the content)."""
    if content_version is None:
        content_version, _ = versioning.current()
    raw = "|".join(
        str(part)
        for part in (
            kind,
            plan.pk,
            plan.owner_id,
            plan.updated_at.isoformat(),
            content_version,
            # One plan page in two languages is two entries.
            get_language(),
            *parts,
        )
    )
    return f"planner:{kind}:{hashlib.sha256(raw.encode()).hexdigest()[:40]}"


def csrf_placeholder() -> str:
    """Stands for the CSRF token in cached HTML. The same in every process (derived from the
    secret key), so fragments cached by one render fit into any other."""
    return (
        "csrf-"
        + salted_hmac(
            "planner.caching", "csrf-placeholder", algorithm="sha256"
        ).hexdigest()[:32]
    )


def cached_html(
    request: HttpRequest, key: str, render: Callable[[str], dict[str, str]]
) -> dict[str, SafeString]:
    """The HTML parts `render(csrf_placeholder())` returns, from the cache when this version
    has been rendered before; the placeholder is replaced by this request's CSRF token."""
    placeholder = csrf_placeholder()
    parts = cache.get_or_set(key, lambda: render(placeholder), CACHE_SECONDS)
    token = get_token(request)
    # Rendered (and escaped) by our own templates; the token is URL-safe text.
    return {
        name: mark_safe(html.replace(placeholder, token))
        for name, html in parts.items()
    }


def cached_data(key: str, build: Callable[[], Any]) -> Any:
    """`build()` (plain JSON-ready data) from the cache when this version was built before."""
    return cache.get_or_set(key, build, CACHE_SECONDS)
