"""Languages of the interface: which URL, cookie or header chooses one, and the other-language
URLs of a page (the header switcher and the `hreflang` links)."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.http import HttpRequest
from django.urls import is_valid_path, translate_url
from django.utils import translation
from django.utils.translation import trans_real

API_PREFIX = "/api/"
# `?lang=es` on an API request (a browser link, a client that cannot set headers).
LANGUAGE_QUERY_PARAMETER = "lang"


def language_codes() -> list[str]:
    return [code for code, _name in settings.LANGUAGES]


def strip_language_prefix(path: str) -> str:
    """`/es/plan/` -> `/plan/`; a path without a language prefix is returned as it is."""
    language = translation.get_language_from_path(path)
    if language is None:
        return path
    return path[len(language) + 1 :] or "/"


def is_localized_path(path: str) -> bool:
    """True for a page that exists in every language (under `i18n_patterns`)."""
    return has_page_in(strip_language_prefix(path), _other_language())


def has_page_in(path: str, language: str) -> bool:
    """True when the unprefixed `path` resolves under `language`'s prefix. (Resolving
    depends on the active language: `/es/…` only matches while Spanish is active.)"""
    prefix = "" if language == settings.LANGUAGE_CODE else f"/{language}"
    with translation.override(language):
        return bool(is_valid_path(f"{prefix}{path}"))


def _other_language() -> str:
    return next(code for code in language_codes() if code != settings.LANGUAGE_CODE)


def _supported(code: str | None) -> str | None:
    if not code:
        return None
    try:
        return translation.get_supported_language_variant(code.strip().lower())
    except LookupError:
        return None


def language_from_headers(request: HttpRequest) -> str:
    """The best supported language of the request's `Accept-Language`, else the default."""
    header = request.META.get("HTTP_ACCEPT_LANGUAGE", "")
    for accept_lang, _quality in trans_real.parse_accept_lang_header(header):
        if accept_lang == "*":
            break
        if language := _supported(accept_lang):
            return language
    return settings.LANGUAGE_CODE


def api_language(request: HttpRequest) -> str:
    """`?lang=` when it names a supported language, else `Accept-Language`, else English."""
    return _supported(
        request.GET.get(LANGUAGE_QUERY_PARAMETER)
    ) or language_from_headers(request)


@dataclass(frozen=True)
class Alternate:
    code: str
    name: str
    url: str
    absolute_url: str
    current: bool


def alternates(request: HttpRequest) -> list[Alternate]:
    """This page in every language, for the switcher and `<link rel="alternate">`."""
    path = request.path
    localized = getattr(request, "is_localized_page", None)
    if localized is None:  # a request that did not pass the middleware (a test's)
        localized = is_localized_path(path)
    if not localized:
        return []
    current = translation.get_language()
    query = request.META.get("QUERY_STRING", "")
    result = []
    for code, name in settings.LANGUAGES:
        url = translate_url(path, code) + (f"?{query}" if query else "")
        result.append(
            Alternate(
                code=code,
                name=name,
                url=url,
                # The configured address, not the request's Host: cached pages are shared.
                absolute_url=settings.SITE_URL + url,
                current=code == current,
            )
        )
    return result
