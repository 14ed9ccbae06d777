"""The OpenAPI schema's project-wide rules: every error status an operation can answer.

Its own module, not careerpath.api: drf-spectacular imports DRF's generic views, which
import the pagination class from careerpath.api.
"""

from __future__ import annotations

from typing import Any

from drf_spectacular import openapi
from drf_spectacular.plumbing import ResolvedComponent
from rest_framework.authentication import SessionAuthentication
from rest_framework.permissions import SAFE_METHODS


def error_component(name: str, **schema: Any) -> ResolvedComponent:
    """An error body's schema, registered under `name`."""
    return ResolvedComponent(
        name=name,
        type=ResolvedComponent.SCHEMA,
        object=name,
        schema={"type": "object", **schema},
    )


ERROR = error_component(
    "Error",
    description="What went wrong, in words.",
    properties={"detail": {"type": "string"}},
    required=["detail"],
)
FIELD_ERRORS = error_component(
    "FieldErrors",
    description=(
        "Each invalid field (or `non_field_errors`) with a list of messages; "
        'malformed JSON gets `{"detail": "..."}`. Nothing was created or changed.'
    ),
    additionalProperties={},
    example={"education_level": ['"phd" is not a valid choice.']},
)
RETRY_AFTER = {
    "Retry-After": {
        "description": "Seconds to wait before the next request.",
        "required": True,
        "schema": {"type": "integer", "minimum": 0},
    }
}

# The language of messages (error details, validation messages): careerpath.middleware.
# `?lang=` is described here and in the API description rather than added to every
# operation: it never fails (any other value means the default), while a query parameter
# in this schema means the operation can answer 400.
ACCEPT_LANGUAGE = {
    "name": "Accept-Language",
    "in": "header",
    "required": False,
    "description": (
        "Language of the messages (error details, validation messages): the first of "
        "`en` (default) and `es` in this list (RFC 9110), e.g. `es-MX,es;q=0.9`. The query "
        "parameter `?lang=es` (or `lang=en`), accepted by every operation, wins over this "
        "header; any other value means English. `Content-Language` names the language used."
    ),
    "schema": {"type": "string"},
    "example": "es",
}
CONTENT_LANGUAGE = {
    "Content-Language": {
        "description": "The language of the messages in this response (`en` or `es`).",
        "schema": {"type": "string"},
    }
}


class AutoSchema(openapi.AutoSchema):
    """drf-spectacular's schema plus every error status the API can answer, per operation.

    Views document their own answers (and may describe an error better); this fills in,
    from what the view is made of, what DRF and the project add to every view of that kind,
    so no view repeats them and none forgets one:

    - 400 field errors: the operation takes a request body or query parameters.
    - 401: the view authenticates (a bad or expired token is refused even where anonymous
      access is allowed); 403: unsafe methods with session authentication (CSRF).
    - 404: path parameters (unknown or not yours) or pages (past the end).
    - 406: every operation (an `Accept` header the API cannot satisfy); 415: request bodies.
    - 412: the operation takes `If-Match`; 429 with `Retry-After`: the view is throttled.

    Optional query parameters allow an empty value, which means the same as leaving them out.

    405 is not per operation: an operation is one method; other methods of a path get 405
    with an `Allow` header.

    Every operation takes `Accept-Language` (and `?lang=`, described with it) and answers
    `Content-Language`.
    """

    def get_operation(
        self,
        path: str,
        path_regex: str,
        path_prefix: str,
        method: str,
        registry: Any,
    ) -> dict[str, Any] | None:
        operation = super().get_operation(
            path, path_regex, path_prefix, method, registry
        )
        if operation is None:
            return None
        for parameter in operation.get("parameters", []):
            # DRF's page number and django-filter's filters treat `?role=` as no filter.
            if parameter["in"] == "query" and not parameter.get("required"):
                parameter["allowEmptyValue"] = True
        responses: dict[str, Any] = operation["responses"]
        for code, description in self._error_statuses(operation):
            response = responses.setdefault(code, {"description": description})
            response["description"] = response.get("description") or description
        for code, response in responses.items():
            if not code.startswith("4"):
                continue
            # Views describe an error in words; its body is always the API's error format:
            # field errors for invalid input (400) and for input the resource's state does
            # not allow (409), `detail` otherwise.
            schema = FIELD_ERRORS if code in ("400", "409") else ERROR
            self.registry.register_on_missing(schema)
            response.setdefault("content", {"application/json": {"schema": schema.ref}})
            if code == "429":
                response["headers"] = {**response.get("headers", {}), **RETRY_AFTER}
        for response in responses.values():
            response["headers"] = {**response.get("headers", {}), **CONTENT_LANGUAGE}
        operation["parameters"] = [
            *operation.get("parameters", []),
            dict(ACCEPT_LANGUAGE),
        ]
        operation["responses"] = dict(sorted(responses.items()))
        return operation

    def _error_statuses(self, operation: dict[str, Any]) -> list[tuple[str, str]]:
        parameters = operation.get("parameters", [])
        where = {p["in"] for p in parameters}
        headers = {p["name"].lower() for p in parameters if p["in"] == "header"}
        has_body = "requestBody" in operation
        authenticators = self.view.get_authenticators()
        statuses = []
        if has_body or "query" in where:
            statuses.append(("400", "Invalid input: field errors; nothing changed."))
        if authenticators:
            statuses.append(("401", "Not signed in, or the token is not valid."))
        if self.method not in SAFE_METHODS and any(
            isinstance(a, SessionAuthentication) for a in authenticators
        ):
            statuses.append(("403", "Session requests need a valid CSRF token."))
        if "path" in where or self._paginates():
            statuses.append(("404", "Not found."))
        statuses.append(("406", "The Accept header asks for a format the API lacks."))
        if "if-match" in headers:
            statuses.append(("412", "If-Match is stale: re-read and retry."))
        if has_body:
            statuses.append(("415", "The request body must be application/json."))
        if self.view.get_throttles():
            statuses.append(("429", "Too many requests: wait Retry-After seconds."))
        return statuses

    def _paginates(self) -> bool:
        return bool(self._get_pagination_parameters())
