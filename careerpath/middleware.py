"""Response headers that depend on what a URL serves, set in one place for the whole site."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponseBase

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
        path = request.path
        if path.startswith(PRIVATE_PREFIXES) and not path.startswith(
            CACHEABLE_PRIVATE_PREFIXES
        ):
            # Replaces whatever a view set: nothing private may be stored or revalidated.
            response.headers["Cache-Control"] = "private, no-store"
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        return response
