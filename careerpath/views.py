from __future__ import annotations

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.template import loader
from django.templatetags.static import static
from django.views.decorators.http import require_safe


def page_not_found(
    request: HttpRequest, exception: Exception | None = None
) -> HttpResponse:
    return render(request, "404.html", status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    # No context processors or database: the error may be the database itself.
    return HttpResponse(loader.get_template("500.html").render(), status=500)


@require_safe
def favicon(request: HttpRequest) -> HttpResponseRedirect:
    """For clients that ask for /favicon.ico without reading a page's <link rel="icon">."""
    # Not permanent: the target is the hashed file name, which changes with the icon.
    return HttpResponseRedirect(static("icons/favicon-32.png"))
