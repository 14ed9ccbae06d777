"""Interactive API docs (Swagger UI and ReDoc) from vendored assets, under the site's CSP.

The assets come from drf-spectacular-sidecar (served by whitenoise like every static file),
never from a CDN. Neither page has an inline script: the settings travel as a JSON data
block (`json_script`, not executed) and small static scripts start the viewers. ReDoc adds
its styles at run time (styled-components) and builds its search worker from a blob, so its
page alone allows styles carrying the request's nonce and `blob:` workers.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.middleware.csp import get_nonce
from django.middleware.csrf import get_token
from django.utils.csp import CSP
from drf_spectacular.utils import extend_schema
from drf_spectacular.views import SpectacularRedocView, SpectacularSwaggerView
from rest_framework.request import Request
from rest_framework.response import Response

TITLE = "CareerPath API"


def docs_csp(**extra: list[str]) -> dict[str, list[str]]:
    """The site's policy with some directives widened for one page."""
    policy: dict[str, list[str]] = {k: list(v) for k, v in settings.SECURE_CSP.items()}
    for directive, sources in extra.items():
        policy[directive.replace("_", "-")] = [
            *policy.get(directive.replace("_", "-"), []),
            *sources,
        ]
    return policy


def docs_page(
    view: SpectacularSwaggerView | SpectacularRedocView,
    request: Request,
    viewer: str,
    config: dict[str, Any],
    **assets: str,
) -> Response:
    """One viewer's page: its title, its settings (after the schema's address) and the
    addresses of its vendored assets."""
    return Response(
        {
            "title": f"{TITLE} · {viewer}",
            "config": {"schemaUrl": view._get_schema_url(request), **config},
            **assets,
        },
        template_name=view.template_name,
    )


class SwaggerView(SpectacularSwaggerView):
    """Swagger UI: try the API from the browser (session or `Token` authorization)."""

    template_name = "api/swagger_ui.html"
    title = TITLE

    @extend_schema(exclude=True)
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        config = {
            "settings": {
                "deepLinking": True,
                # The default badge loads an image from validator.swagger.io.
                "validatorUrl": None,
            },
            "csrfHeader": self._get_csrf_header_name(),
            "csrfToken": get_token(request._request),
        }
        return docs_page(
            self,
            request,
            "Swagger UI",
            config,
            swagger_ui_css=self._swagger_ui_resource("swagger-ui.css"),
            swagger_ui_bundle=self._swagger_ui_resource("swagger-ui-bundle.js"),
            swagger_ui_standalone=self._swagger_ui_resource(
                "swagger-ui-standalone-preset.js"
            ),
        )


class RedocView(SpectacularRedocView):
    """ReDoc: the reference, one page per tag, searchable."""

    template_name = "api/redoc.html"
    title = TITLE

    @extend_schema(exclude=True)
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        config = {
            "settings": {
                # styled-components stamps this nonce on the <style> elements it adds.
                "nonce": str(get_nonce(request._request)),
            },
            # An empty image instead of the footer logo ReDoc loads from its CDN.
            "logoUrl": "data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg'/%3E",
        }
        response = docs_page(
            self,
            request,
            "ReDoc",
            config,
            redoc_standalone=self._redoc_standalone(),
        )
        response._csp_config = docs_csp(  # type: ignore[attr-defined]
            style_src=[CSP.NONCE], worker_src=[CSP.SELF, "blob:"]
        )
        return response
