from __future__ import annotations

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.template import loader
from django.templatetags.static import static
from django.views.decorators.http import require_safe

API_PREFIX = "/api/"


def page_not_found(
    request: HttpRequest, exception: Exception | None = None
) -> HttpResponse:
    # API clients get the API's error format even for a path no view matches (e.g. a state
    # code that is not two letters), as the schema documents for every 404.
    if request.path.startswith(API_PREFIX):
        return JsonResponse({"detail": "Not found."}, status=404)
    return render(request, "404.html", status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    if request.path.startswith(API_PREFIX):
        return JsonResponse({"detail": "Server error."}, status=500)
    # No context processors or database: the error may be the database itself.
    return HttpResponse(loader.get_template("500.html").render(), status=500)


@require_safe
def favicon(request: HttpRequest) -> HttpResponseRedirect:
    """For clients that ask for /favicon.ico without reading a page's <link rel="icon">."""
    # Not permanent: the target is the hashed file name, which changes with the icon.
    return HttpResponseRedirect(static("icons/favicon-32.png"))
