from __future__ import annotations

import logging
import sys

from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.template import loader
from django.templatetags.static import static
from django.utils import translation
from django.utils.translation import gettext as _
from django.views import i18n as django_i18n
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST, require_safe

API_PREFIX = "/api/"

logger = logging.getLogger("careerpath.outage")
# Seconds a client should wait before trying again while the database is unreachable.
OUTAGE_RETRY_AFTER = 30


def page_not_found(
    request: HttpRequest, exception: Exception | None = None
) -> HttpResponse:
    # API clients get the API's error format even for a path no view matches (e.g. a state
    # code that is not two letters), as the schema documents for every 404.
    if request.path.startswith(API_PREFIX):
        return JsonResponse({"detail": _("Not found.")}, status=404)
    return render(request, "404.html", status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    """500, or 503 with Retry-After when the database cannot be reached (an outage, not a bug).

    Django calls this inside its `except` block, so the exception is `sys.exc_info()`.
    No context processors or database here: the error may be the database itself.
    """
    error = sys.exc_info()[1]
    if isinstance(error, (OperationalError, InterfaceError)):
        return database_unavailable(request, error)
    if request.path.startswith(API_PREFIX):
        return JsonResponse({"detail": _("Server error.")}, status=500)
    page = loader.get_template("500.html").render({"reported": bool(settings.ADMINS)})
    return HttpResponse(page, status=500)


def database_unavailable(request: HttpRequest, error: Exception) -> HttpResponse:
    # A warning with the cause, once per request; Django's own 5xx log line (and the error
    # emails it may send) is skipped, or an outage would mail ops once per request.
    logger.warning(
        "Database unavailable: %s %s: %s",
        request.method,
        request.path,
        str(error).strip().splitlines()[0]
        if str(error).strip()
        else type(error).__name__,
    )
    response: HttpResponse
    if request.path.startswith("/api/"):
        response = JsonResponse(
            {"detail": _("The service is temporarily unavailable. Try again shortly.")},
            status=503,
        )
    else:
        response = HttpResponse(loader.get_template("503.html").render(), status=503)
    response["Retry-After"] = str(OUTAGE_RETRY_AFTER)
    response["Cache-Control"] = "no-store"
    response._has_been_logged = True  # type: ignore[attr-defined]
    return response


@require_safe
def favicon(request: HttpRequest) -> HttpResponseRedirect:
    """For clients that ask for /favicon.ico without reading a page's <link rel="icon">."""
    # Not permanent: the target is the hashed file name, which changes with the icon.
    return HttpResponseRedirect(static("icons/favicon-32.png"))


@csrf_exempt
@require_POST
def set_language(request: HttpRequest) -> HttpResponse:
    """The header's language switcher: Django's `set_language` (cookie, then the same page
    in the chosen language), and the choice saved on a signed-in person's account.

    No CSRF token: the form is on every page, and a token would make every anonymous page
    that person's own (never cached). A forged cross-site POST carries no session cookie
    (SameSite=Lax), so at most it sets the language cookie; only a same-site request of a
    signed-in person changes their account.
    """
    from careerpath.accounts import services

    # Django translates `next` to the chosen language by resolving it, which only works
    # while the language `next` is in is active.
    next_url = request.POST.get("next", "")
    translation.activate(
        translation.get_language_from_path(next_url) or settings.LANGUAGE_CODE
    )
    response = django_i18n.set_language(request)
    language = request.POST.get("language", "")
    if request.user.is_authenticated and language in dict(settings.LANGUAGES):
        services.set_language(user=request.user, language=language)
    return response
