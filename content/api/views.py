from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any, cast, overload

import django_filters
from django.db import DatabaseError
from django.db.models import Prefetch, QuerySet
from django.http import HttpResponseBase
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
)
from rest_framework import mixins, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.serializers import Serializer
from rest_framework.views import APIView

from content import licensure, outlook, search
from content import models as m
from content.api import serializers as s
from content.caching import public_api_response

SLUG = "[-a-zA-Z0-9_]+"
NOT_FOUND = OpenApiResponse(description="Not found (unknown or unpublished).")
PAGE_NOT_FOUND = OpenApiResponse(description="No such page of results.")
BAD_REQUEST = OpenApiResponse(description="Invalid query parameters; field errors.")


def list_responses(serializer: type[Serializer[Any]]) -> dict[int, Any]:
    """A page of records, invalid query parameters, or a page past the end."""
    return {200: serializer(many=True), 400: BAD_REQUEST, 404: PAGE_NOT_FOUND}


class PublishedValues(Sequence[str]):
    """The values of `field` over a content model's published records, as a schema `enum`.

    Read whenever the schema is generated, so the schema accepts exactly what the filter
    accepts (any other value is a 400). Empty, so no `enum` at all, when the table cannot be
    read (e.g. `spectacular --validate` against a database that is not migrated yet).
    """

    def __init__(self, model: type[m.ContentRecord], field: str = "slug") -> None:
        self.model, self.field = model, field

    def values(self) -> list[str]:
        try:
            # Every content model's default manager is a ContentQuerySet's.
            records = cast("m.ContentQuerySet[Any]", self.model._default_manager.all())
            return list(
                records.published()
                .order_by(self.field)
                .values_list(self.field, flat=True)
            )
        except DatabaseError:
            return []

    def __bool__(self) -> bool:
        return bool(self.values())

    def __iter__(self) -> Iterator[str]:
        return iter(self.values())

    def __len__(self) -> int:
        return len(self.values())

    @overload
    def __getitem__(self, index: int) -> str: ...
    @overload
    def __getitem__(self, index: slice) -> list[str]: ...
    def __getitem__(self, index: int | slice) -> str | list[str]:
        return self.values()[index]


class CachedListMixin(mixins.ListModelMixin, APIView):
    """Lists of published content: the data is cached per content version and URL."""

    # The cached answer is a plain HttpResponse of the rendered bytes (DRF's
    # finalize_response takes any HttpResponseBase); ListModelMixin's stub says Response.
    def list(  # type: ignore[override]
        self, request: Request, *args: Any, **kwargs: Any
    ) -> HttpResponseBase:
        return public_api_response(
            self,
            request,
            lambda: super(CachedListMixin, self).list(request, *args, **kwargs).data,
        )


class CachedRetrieveMixin(mixins.RetrieveModelMixin, APIView):
    """One published record: the data is cached per content version and URL."""

    # A plain HttpResponse too (see CachedListMixin.list).
    def retrieve(  # type: ignore[override]
        self, request: Request, *args: Any, **kwargs: Any
    ) -> HttpResponseBase:
        return public_api_response(
            self,
            request,
            lambda: (
                super(CachedRetrieveMixin, self).retrieve(request, *args, **kwargs).data
            ),
        )


class ContentViewSet[M: m.ContentRecord](
    CachedListMixin, CachedRetrieveMixin, viewsets.GenericViewSet[M]
):
    permission_classes = [AllowAny]


@extend_schema_view(
    list=extend_schema(responses=list_responses(s.RoleSerializer)),
    retrieve=extend_schema(responses={200: s.RoleSerializer, 404: NOT_FOUND}),
)
class RoleViewSet(ContentViewSet[m.Role]):
    """Roles on the medical laboratory career ladder (published records only)."""

    serializer_class = s.RoleSerializer
    lookup_field = "slug"
    lookup_value_regex = SLUG

    def get_queryset(self) -> QuerySet[m.Role]:
        # cast: modeltranslation patches translated models' managers at run time, and the
        # checker sees them as Any; the querysets are restated (here and below).
        return cast(QuerySet[m.Role], m.Role.objects.published().for_api())


class CertificationFilter(django_filters.FilterSet):
    role = django_filters.ModelChoiceFilter(
        queryset=m.Role.objects.published(),
        to_field_name="slug",
        help_text="A role slug.",
    )
    body = django_filters.ModelChoiceFilter(
        queryset=m.CertifyingBody.objects.published(),
        to_field_name="slug",
        help_text="A certifying body: ascp or amt.",
    )

    class Meta:
        model = m.Certification
        fields = ["role", "body"]


@extend_schema_view(
    list=extend_schema(
        parameters=[
            OpenApiParameter(
                "role", str, enum=PublishedValues(m.Role), description="A role slug."
            ),
            OpenApiParameter(
                "body",
                str,
                enum=PublishedValues(m.CertifyingBody),
                description="A certifying body.",
            ),
        ],
        responses=list_responses(s.CertificationSerializer),
    ),
    retrieve=extend_schema(responses={200: s.CertificationSerializer, 404: NOT_FOUND}),
)
class CertificationViewSet(ContentViewSet[m.Certification]):
    """Certifications with their eligibility routes, exam and renewal rules, and sources."""

    serializer_class = s.CertificationSerializer
    lookup_field = "slug"
    lookup_value_regex = SLUG
    filterset_class = CertificationFilter

    def get_queryset(self) -> QuerySet[m.Certification]:
        return cast(
            QuerySet[m.Certification], m.Certification.objects.published().for_detail()
        )


@extend_schema_view(
    list=extend_schema(responses=list_responses(s.StateSerializer)),
    retrieve=extend_schema(responses={200: s.StateDetailSerializer, 404: NOT_FOUND}),
)
class StateViewSet(ContentViewSet[m.StateLicensure]):
    """State and territory licensure for laboratory personnel: confirm with the board."""

    serializer_class = s.StateSerializer
    lookup_field = "code"
    lookup_value_regex = "[A-Za-z]{2}"

    def get_queryset(self) -> QuerySet[m.StateLicensure]:
        states = cast(
            m.StateLicensureQuerySet, m.StateLicensure.objects.published().for_detail()
        )
        if self.action == "retrieve":
            states = states.with_categories()
        return states

    def get_serializer_class(self) -> type[Serializer[Any]]:
        if self.action == "retrieve":
            return s.StateDetailSerializer
        return s.StateSerializer

    def get_object(self) -> m.StateLicensure:
        self.kwargs["code"] = self.kwargs["code"].upper()
        return super().get_object()

    @extend_schema(
        summary="Two jurisdictions side by side for one role",
        description=(
            "For one role: whether each jurisdiction requires a license, the categories that "
            "apply, their requirements, fees with as-of dates, national certifications "
            "accepted, processing notes, the board and pay where a cited state figure exists; "
            "each fact with its sources. Any two of the 50 states, DC and Puerto Rico."
        ),
        parameters=[
            OpenApiParameter(
                name,
                str,
                required=True,
                enum=PublishedValues(m.StateLicensure, "code"),
                description=f"Two-letter code of the {which} state or territory, e.g. CA.",
            )
            for name, which in (("a", "first"), ("b", "second"))
        ]
        + [
            OpenApiParameter(
                "role",
                str,
                required=True,
                enum=PublishedValues(m.Role),
                description="A role slug, as in /api/v1/roles/.",
            )
        ],
        responses={
            200: s.StateComparisonSerializer,
            400: OpenApiResponse(
                description="Unknown or malformed code or role; field errors under a, b, role."
            ),
        },
    )
    @action(
        detail=False,
        methods=["get"],
        url_path="compare",
        filter_backends=[],
        pagination_class=None,
    )
    def compare(self, request: Request) -> HttpResponseBase:
        query = s.StateCompareQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)

        # The API takes codes exactly as the schema's enum lists them (upper case); the
        # comparison page is lenient. Every field's problem is reported at once.
        case_errors = {
            name: ["Use the two-letter upper-case code, e.g. CA."]
            for name in ("a", "b")
            if query.validated_data[name] != query.validated_data[name].upper()
        }

        def compute() -> Any:
            try:
                comparison = licensure.compare_states(**query.validated_data)
            except licensure.InvalidComparison as invalid:
                raise ValidationError({**invalid.errors, **case_errors}) from invalid
            if case_errors:
                raise ValidationError(case_errors)
            return s.StateComparisonSerializer(
                comparison, context=self.get_serializer_context()
            ).data

        return public_api_response(self, request, compute)


@extend_schema_view(
    list=extend_schema(
        parameters=[
            OpenApiParameter(
                "state",
                {"type": "string", "enum": list(outlook.STATE_CODES)},
                required=False,
                description="Two-letter state code: only that state's figures (none "
                "when the cited releases have no figure for it). Without it: every figure, "
                "national ones with an empty `state_code`.",
            )
        ],
        responses=list_responses(s.OutlookFigureSerializer),
    ),
)
class OutlookViewSet(CachedListMixin, viewsets.GenericViewSet[m.OutlookFigure]):
    """Pay and outlook figures, each with the occupation it is for, its release (as of),
    its state (empty = national) and its sources."""

    permission_classes = [AllowAny]
    serializer_class = s.OutlookFigureSerializer

    def get_queryset(self) -> QuerySet[m.OutlookFigure]:
        figures = cast(
            QuerySet[m.OutlookFigure],
            m.OutlookFigure.objects.published().prefetch_related(Prefetch("sources")),
        )
        query = s.OutlookQuerySerializer(data=self.request.query_params)
        query.is_valid(raise_exception=True)
        state = query.validated_data.get("state")
        return figures.filter(state_code=state) if state else figures


@extend_schema_view(
    list=extend_schema(responses=list_responses(s.FAQSerializer)),
)
class FAQViewSet(CachedListMixin, viewsets.GenericViewSet[m.FAQ]):
    """Frequently asked questions, with sources."""

    permission_classes = [AllowAny]
    serializer_class = s.FAQSerializer

    def get_queryset(self) -> QuerySet[m.FAQ]:
        return cast(
            QuerySet[m.FAQ], m.FAQ.objects.published().prefetch_related("sources")
        )


class SearchViewSet(viewsets.GenericViewSet[m.SearchDocument]):
    """Ranked full-text hits over roles, certifications, states, FAQs and guides."""

    permission_classes = [AllowAny]
    serializer_class = s.SearchHitSerializer
    filter_backends: list[Any] = []
    queryset = m.SearchDocument.objects.none()

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "q",
                s.SEARCH_QUERY_SCHEMA,
                required=True,
                description=f"Search words (at most {s.SEARCH_QUERY_MAX_LENGTH} characters).",
            )
        ],
        responses=list_responses(s.SearchHitSerializer),
    )
    def list(self, request: Request) -> HttpResponseBase:
        query = s.SearchQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)

        def compute() -> Any:
            hits = search.search(query.validated_data["q"]).hits
            page = self.paginate_queryset(hits)
            return self.get_paginated_response(
                self.get_serializer(page, many=True).data
            ).data

        return public_api_response(self, request, compute)
