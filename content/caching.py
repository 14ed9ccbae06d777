"""Conditional GET and page caching for public content pages.

ETag and Last-Modified derive from the content version (changes whenever any content is
saved), the full path and who is asking (the navigation differs for signed-in users).
Anonymous pages are cached under a key that includes the version, so publishing or editing
anything invalidates them. Staff with content permissions can add `?preview=1` to see drafts: records not yet
published, and published records with their pending drafts applied (content.drafts).

Only bodies that are the same for every anonymous visitor are cached: a request with a flash
message waiting ("You have signed out.") or whose render drew a CSRF token carries state of
that one visitor, so it is rendered for them alone and never stored or answered with a 304.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.middleware.csp import get_nonce
from django.utils.cache import (
    add_never_cache_headers,
    get_conditional_response,
    patch_cache_control,
    patch_vary_headers,
)
from django.utils.http import http_date
from django.utils.translation import get_language
from rest_framework.renderers import JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from content import drafts, versioning

PAGE_CACHE_SECONDS = 600
API_CACHE_SECONDS = 600

View = Callable[..., HttpResponseBase]


def can_preview(request: HttpRequest) -> bool:
    user = request.user
    return bool(
        user.is_authenticated
        and user.is_active
        and user.is_staff
        and (user.is_superuser or user.has_module_perms("content"))
    )


def is_preview(request: HttpRequest) -> bool:
    return getattr(request, "content_preview", False)


def has_visitor_state(request: HttpRequest) -> bool:
    """True when the page rendered for this request would differ from another visitor's."""
    # len() counts queued and stored messages without marking them as read.
    return bool(len(messages.get_messages(request))) or bool(
        request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
    )


def content_page(view: View) -> View:
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if request.GET.get("preview") == "1" and can_preview(request):
            request.content_preview = True  # type: ignore[attr-defined]
            with drafts.previewing():  # each record as its pending draft has it
                response = view(request, *args, **kwargs)
                if hasattr(response, "render"):
                    response.render()
            add_never_cache_headers(response)
            return response
        if has_visitor_state(request):
            response = view(request, *args, **kwargs)
            patch_vary_headers(response, ["Cookie"])
            add_never_cache_headers(response)
            return response
        version, changed_at = versioning.current()
        anonymous = not request.user.is_authenticated
        who = "anon" if anonymous else f"user-{request.user.pk}"
        path = request.get_full_path()
        # The language too: never one language's HTML (or ETag) for the other's page.
        language = get_language()
        digest = hashlib.sha256(
            f"{version}|{who}|{language}|{path}".encode()
        ).hexdigest()[:32]
        etag = f'"{digest}"'
        last_modified = int(changed_at.timestamp())
        not_modified = get_conditional_response(
            request, etag=etag, last_modified=last_modified
        )
        if not_modified is not None:
            _stamp(not_modified, etag, last_modified, anonymous=anonymous)
            return not_modified

        key = f"content-page:{digest}"
        cached = cache.get(key) if anonymous else None
        if cached is not None:
            content, nonce = cached
            if nonce:
                # The cached HTML carries the nonce of the request that rendered it.
                content = content.replace(
                    nonce.encode(), str(get_nonce(request)).encode()
                )
            response = HttpResponse(content)
        else:
            response = view(request, *args, **kwargs)
            if (
                anonymous
                and response.status_code == 200
                and isinstance(response, HttpResponse)
            ):
                if hasattr(response, "render"):
                    response.render()
                if has_visitor_state(request):
                    # Rendering drew a CSRF token (a form): this body is the visitor's own.
                    add_never_cache_headers(response)
                    return response
                nonce = get_nonce(request)
                cache.set(
                    key,
                    (response.content, str(nonce) if nonce else ""),
                    PAGE_CACHE_SECONDS,
                )
        if response.status_code == 200:
            _stamp(response, etag, last_modified, anonymous=anonymous)
        return response

    return wrapper


def _stamp(
    response: HttpResponseBase, etag: str, last_modified: int, *, anonymous: bool
) -> None:
    response.headers["ETag"] = etag
    response.headers["Last-Modified"] = http_date(last_modified)
    patch_vary_headers(response, ["Cookie"])
    if anonymous:
        patch_cache_control(response, max_age=0, must_revalidate=True)
    else:
        patch_cache_control(response, private=True, max_age=0, must_revalidate=True)


def public_api_response(
    view: APIView, request: Request, compute: Callable[[], Any]
) -> HttpResponseBase:
    """A public content API response, cached per content version, URL and format.

    The data is the same for every caller (published content only, no per-user fields), so
    it is shared by anonymous and signed-in callers. The key holds the content version and the language, so
    publishing or editing anything invalidates it in every process, and the absolute URL
    (scheme, host, path and query), because the data carries absolute `html_url`s. JSON (the
    default format) is cached as the bytes sent; other formats (the browsable API) as data.
    Only successful results are cached: `compute` raising (404, 400) caches nothing.
    """
    version, _ = versioning.current()
    renderer = request.accepted_renderer
    media_type = request.accepted_media_type
    url = request.build_absolute_uri()  # the host was validated by CommonMiddleware
    # Accept-Language (not in the URL) chooses the language of translated fields.
    language = get_language()
    digest = hashlib.sha256(
        f"{version}|{url}|{media_type}|{language}".encode()
    ).hexdigest()[:32]
    key = f"content-api:{digest}"
    if not isinstance(renderer, JSONRenderer):
        response: HttpResponseBase = Response(
            cache.get_or_set(key, compute, API_CACHE_SECONDS)
        )
    else:
        content = cache.get_or_set(
            key,
            lambda: renderer.render(compute(), media_type, view.get_renderer_context()),
            API_CACHE_SECONDS,
        )
        response = HttpResponse(content, content_type=renderer.media_type)
    patch_vary_headers(response, ["Accept-Language"])
    return response
