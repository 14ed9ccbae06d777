"""Project-wide API pieces: the JSON parser, pagination and the error format (documented by
careerpath.schema)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import IO, Any

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from rest_framework import exceptions, parsers, status
from rest_framework.pagination import PageNumberPagination
from rest_framework.request import Request
from rest_framework.response import Response

POSITIVE_INTEGER = re.compile(r"[1-9][0-9]*", re.ASCII)


class RequestTooLarge(exceptions.APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_code = "request_too_large"


class JSONParser(parsers.JSONParser):
    """The API's only parser. DRF's lets a RecursionError (50,000 `[`) through as a 500."""

    def parse(
        self,
        stream: IO[Any],
        media_type: str | None = None,
        parser_context: Mapping[str, Any] | None = None,
    ) -> Any:
        try:
            return super().parse(stream, media_type, parser_context)
        except RecursionError:
            raise exceptions.ParseError(
                _("JSON parse error - the body is nested too deeply.")
            ) from None


class Pagination(PageNumberPagination):
    """`{"count", "next", "previous", "results"}`; `?page=` and `?page_size=` (at most 100).

    A `page_size` that is not a positive integer is a 400 (DRF would silently use the
    default), so that the schema's "integer, at least 1" is what the server accepts; larger
    values are capped, and an empty one means the default. A page that does not exist (past
    the end, not a number) is a 404.
    """

    page_size: int  # DRF's default, REST_FRAMEWORK["PAGE_SIZE"] (set in settings)
    page_size_query_param = "page_size"
    max_page_size = 100

    def get_page_size(self, request: Request) -> int:
        raw = request.query_params.get(self.page_size_query_param)
        if not raw:  # absent or empty, as DRF treats `?page=`
            return self.page_size
        if not POSITIVE_INTEGER.fullmatch(raw):
            raise exceptions.ValidationError(
                {
                    self.page_size_query_param: [
                        _("A positive whole number is required.")
                    ]
                }
            )
        # Compare lengths first: int() refuses strings of more than 4,300 digits.
        if len(raw) > len(str(self.max_page_size)):
            return self.max_page_size
        return min(int(raw), self.max_page_size)

    def get_schema_operation_parameters(self, view: Any) -> list[dict[str, Any]]:
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            parameter["schema"]["minimum"] = 1
            if parameter["name"] == self.page_size_query_param:
                parameter["description"] = (
                    f"Results per page (default {self.page_size}); "
                    f"values above {self.max_page_size} are capped at {self.max_page_size}."
                )
        return parameters


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    """DRF's handler, plus Django validation errors as 400 with field errors and an
    oversized body (Django refuses to read it) as a JSON 413."""
    if isinstance(exc, RequestDataTooBig):
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        exc = RequestTooLarge(
            _("Request bodies are limited to %(size)s MB.")
            % {"size": f"{limit / 1_048_576:g}"}
        )
    elif isinstance(exc, DjangoValidationError):
        detail = (
            exc.message_dict
            if hasattr(exc, "error_dict")
            else {"non_field_errors": exc.messages}
        )
        exc = exceptions.ValidationError(detail=detail)
    elif isinstance(exc, Http404):
        exc = exceptions.NotFound()
    # Imported here, not at the top: rest_framework.views reads DEFAULT_PARSER_CLASSES (this
    # module) when it is first imported, so a top-level import is circular whenever DRF's
    # settings load this module before anything else has imported rest_framework.views (for
    # example when DRF's pagination system check happens to run first).
    from rest_framework.views import exception_handler as drf_exception_handler

    return drf_exception_handler(exc, context)
