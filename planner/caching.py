"""Key-based caching of a plan's rendered sections and API representation.

Every write to a plan, its milestones, checklists or CE log goes through `planner.services`,
which bumps `Plan.updated_at` in the same transaction (it is also the plan's ETag). Content
changes bump the content version. So a key built from the plan's id and `updated_at`, the
content version, the language and the day is never reused for different data: nothing is ever invalidated
by hand, a change simply makes a new key and the old entry ages out of the cache.

Cached HTML holds a placeholder where the CSRF token goes; each response gets the requesting
session's own token, so one user's cached page never carries a token another could reuse.
A whole cached page also holds a placeholder for the CSP nonce, which every response draws
afresh (a nonce that repeats is no nonce).
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable
from typing import Any, Protocol

from django.core.cache import cache
from django.http import HttpRequest
from django.middleware.csrf import get_token
from django.utils.crypto import salted_hmac
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from content import versioning

# A key names the version it holds, so an entry is never stale and the timeout only bounds
# memory (as MAX_ENTRIES and Redis's maxmemory do). Today's date is in every key, so an entry
# is of no use after a day. Ten minutes had been too short for a signed-in user's session: a
# visitor coming back after a quarter of an hour found every render gone, and under `make
# bench`'s 1,000-user rows whole rounds were cold renders (30 req/s against 290 in the first).
CACHE_SECONDS = 24 * 60 * 60


class PlanHead(Protocol):
    """What a key needs of a plan (a `Plan`, or a `selectors.PlanVersion`)."""

    @property
    def pk(self) -> Any: ...
    @property
    def owner_id(self) -> Any: ...
    @property
    def updated_at(self) -> dt.datetime: ...


def plan_key(
    kind: str, plan: PlanHead, *parts: object, content_version: int | None = None
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


def nonce_placeholder() -> str:
    """Stands for the CSP nonce in a cached page; like the CSRF placeholder, the same in every
    process."""
    return (
        "nonce-"
        + salted_hmac(
            "planner.caching", "nonce-placeholder", algorithm="sha256"
        ).hexdigest()[:32]
    )


def cached_page(
    request: HttpRequest, key: str, render: Callable[[str, str], str]
) -> str:
    """A whole page `render(csrf_placeholder(), nonce_placeholder())` returns, from the cache
    when this version was rendered before, with this request's CSRF token and CSP nonce.

    Only for pages with nothing of one visit in them beyond those two (no flash message,
    no echo of the query string): the caller decides that."""
    csrf, nonce = csrf_placeholder(), nonce_placeholder()
    html: str | None = cache.get(key)
    if html is None:
        html = render(csrf, nonce)
        cache.set(key, html, CACHE_SECONDS)
    return html.replace(csrf, get_token(request)).replace(
        nonce,
        str(request._csp_nonce),  # type: ignore[attr-defined]
    )


def body_placeholder() -> str:
    """Stands for a page's body in its cached shell (see `around`)."""
    return (
        "body-"
        + salted_hmac(
            "planner.caching", "body-placeholder", algorithm="sha256"
        ).hexdigest()[:32]
    )


def shell_key(request: HttpRequest, *parts: object) -> str:
    """A key for a page's shell (header, menu, footer) for this user, language, host and
    path: what the shell prints besides `parts` (its title) and the placeholders."""
    raw = "|".join(
        str(part)
        for part in (
            request.user.pk,
            get_language(),
            request.get_host(),
            request.path,
            *parts,
        )
    )
    return f"planner:shell:{hashlib.sha256(raw.encode()).hexdigest()[:40]}"


def around(key: str, body: str, render: Callable[[str], str]) -> str:
    """`body` inside the shell `render(body_placeholder())` gives, the shell from the cache
    when it was rendered before: after a change to a plan only its body is rendered again,
    not the header and menu around it (a tenth of the page's template time)."""
    placeholder = body_placeholder()
    shell: str | None = cache.get(key)
    if shell is None:
        shell = render(placeholder)
        cache.set(key, shell, CACHE_SECONDS)
    before, found, after = shell.partition(placeholder)
    if not found:  # a shell that lost its body: never serve it
        raise ValueError("the page shell has no body placeholder")
    return before + body + after


def cached_html(
    request: HttpRequest, key: str, render: Callable[[str], dict[str, str]]
) -> dict[str, SafeString]:
    """The HTML parts `render(csrf_placeholder())` returns, from the cache when this version
    has been rendered before; the placeholder is replaced by this request's CSRF token."""
    placeholder = csrf_placeholder()
    parts = cached_parts(key, render)
    token = get_token(request)
    # Rendered (and escaped) by our own templates; the token is URL-safe text.
    return {
        name: mark_safe(html.replace(placeholder, token))
        for name, html in parts.items()
    }


def cached_parts(key: str, render: Callable[[str], dict[str, str]]) -> dict[str, str]:
    """Like `cached_html`, but with the CSRF placeholder still in: for HTML that goes into a
    page which is itself cached."""
    # get_or_set answers None only if a cache backend stored None; render then.
    parts: dict[str, str] = cache.get_or_set(
        key, lambda: render(csrf_placeholder()), CACHE_SECONDS
    ) or render(csrf_placeholder())
    return parts


def cached_data(key: str, build: Callable[[], Any]) -> Any:
    """`build()` (plain JSON-ready data) from the cache when this version was built before."""
    return cache.get_or_set(key, build, CACHE_SECONDS)
