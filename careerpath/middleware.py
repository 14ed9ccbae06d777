"""Response headers that depend on what a URL serves, set in one place for the whole site."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponseBase, HttpResponseRedirect
from django.urls import get_script_prefix
from django.utils import translation
from django.utils.cache import patch_vary_headers

from careerpath import i18n

# A person's own data: plans (pages and API), the account pages and the account API.
PRIVATE_PREFIXES = (
    "/plan/",
    "/accounts/",
    "/api/v1/plans",
    "/api/v1/me/",
    "/api/v1/auth/",
)
# The calendar feed is fetched by calendar apps on a schedule: it stays privately cacheable.
CACHEABLE_PRIVATE_PREFIXES = ("/plan/calendar/",)
# Browser features the site never uses; a page (or anything injected into it) cannot ask.
PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in (
        "accelerometer",
        "autoplay",
        "bluetooth",
        "camera",
        "display-capture",
        "encrypted-media",
        "fullscreen",
        "geolocation",
        "gyroscope",
        "hid",
        "idle-detection",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "picture-in-picture",
        "publickey-credentials-get",
        "screen-wake-lock",
        "serial",
        "usb",
        "xr-spatial-tracking",
    )
)


class PrivacyHeadersMiddleware:
    """`Cache-Control: private, no-store` on private answers; a Permissions-Policy on all."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        # /es/plan/… is as private as /plan/….
        path = i18n.strip_language_prefix(request.path)
        if path.startswith(PRIVATE_PREFIXES) and not path.startswith(
            CACHEABLE_PRIVATE_PREFIXES
        ):
            # Replaces whatever a view set: nothing private may be stored or revalidated.
            response.headers["Cache-Control"] = "private, no-store"
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        return response


class LanguageMiddleware:
    """What Django's LocaleMiddleware (just before this one) leaves out.

    With `prefix_default_language=False` it treats every unprefixed path as English. Pages:
    a browser's first visit (no language cookie yet, `Accept: text/html`) that prefers another
    language is sent to that language's URL; the switcher sets the cookie, so choosing English sticks. The API:
    `?lang=` or `Accept-Language` choose the language of the messages, and LocaleMiddleware
    reports it in `Content-Language`. The admin and the health checks stay in English.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        path = request.path_info
        prefixed = translation.get_language_from_path(path) is not None
        localized = i18n.is_localized_path(path)
        # The context processor's switcher and hreflang links need the same answer.
        request.is_localized_page = localized  # type: ignore[attr-defined]
        if not prefixed and localized:
            # Only a browser opening a page: never a calendar app fetching the feed, an
            # htmx request or a form post.
            if (
                request.method in ("GET", "HEAD")
                and settings.LANGUAGE_COOKIE_NAME not in request.COOKIES
                and "text/html" in request.headers.get("Accept", "")
                and not request.headers.get("HX-Request")
            ):
                wanted = i18n.language_from_headers(request)
                if wanted != settings.LANGUAGE_CODE and i18n.has_page_in(path, wanted):
                    query = request.META.get("QUERY_STRING", "")
                    response: HttpResponseBase = HttpResponseRedirect(
                        get_script_prefix().rstrip("/")
                        + f"/{wanted}{path}"
                        + (f"?{query}" if query else "")
                    )
                    patch_vary_headers(response, ["Accept-Language", "Cookie"])
                    return response
        elif path.startswith(i18n.API_PREFIX):
            language = i18n.api_language(request)
            translation.activate(language)
            request.LANGUAGE_CODE = language
        response = self.get_response(request)
        if not prefixed and localized:
            # Which answer a first visit gets depends on these (the redirect above).
            patch_vary_headers(response, ["Accept-Language", "Cookie"])
        return response
