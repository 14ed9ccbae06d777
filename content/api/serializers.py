from __future__ import annotations

from typing import Any

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from content import models as m


class SourceSerializer(serializers.ModelSerializer[m.Source]):
    class Meta:
        model = m.Source
        fields = ["title", "publisher", "url", "as_of", "as_of_label"]


class PublishedSourcesField(serializers.ListField):
    """Published sources from the prefetched `sources` relation."""

    child = SourceSerializer()

    def to_representation(self, data: Any) -> list[Any]:
        # One child serializer for every source: building a serializer per source
        # (its fields from the model) was most of the time of a list response.
        return [
            self.child.to_representation(s)
            for s in data.all()
            if s.status == m.PublishStatus.PUBLISHED
        ]


class HtmlUrlField(serializers.Field[Any, str, str, Any]):
    def __init__(self, **kwargs: Any) -> None:
        kwargs["source"] = "*"
        kwargs["read_only"] = True
        super().__init__(**kwargs)

    def to_representation(self, value: Any) -> str:
        request = self.context.get("request")
        url = value.get_absolute_url()
        return request.build_absolute_uri(url) if request else url


HtmlUrlField = extend_schema_field(OpenApiTypes.URI)(HtmlUrlField)  # type: ignore[misc]


class RoleSerializer(serializers.ModelSerializer[m.Role]):
    html_url = HtmlUrlField()
    duties = serializers.ListField(
        child=serializers.CharField(), source="duty_list", read_only=True
    )
    advances_to = serializers.SlugRelatedField(
        many=True, read_only=True, slug_field="slug"
    )
    sources = PublishedSourcesField(read_only=True)

    class Meta:
        model = m.Role
        fields = [
            "slug",
            "title",
            "short_title",
            "summary",
            "duties",
            "typical_education",
            "supervision",
            "career_level",
            "advances_to",
            "onet_code",
            "verified",
            "last_reviewed",
            "html_url",
            "sources",
        ]


class EligibilityRouteSerializer(serializers.ModelSerializer[m.EligibilityRoute]):
    prerequisite_certification = serializers.SlugRelatedField(
        read_only=True, slug_field="slug", allow_null=True
    )

    class Meta:
        model = m.EligibilityRoute
        fields = [
            "code",
            "requirements",
            "is_active",
            "verified",
            "min_education",
            "program",
            "accreditors",
            "experience_months",
            "recency_years",
            "prerequisite_certification",
        ]


class ExamSerializer(serializers.Serializer[m.Certification]):
    format = serializers.CharField(source="exam_format")
    questions = serializers.IntegerField(source="exam_questions", allow_null=True)
    time = serializers.CharField(source="exam_time")
    content_areas = serializers.ListField(
        child=serializers.CharField(), source="content_area_list"
    )
    fee_usd = serializers.DecimalField(
        source="exam_fee_usd", max_digits=8, decimal_places=2, allow_null=True
    )
    fee_as_of = serializers.CharField(source="exam_fee_as_of")
    notes = serializers.CharField(source="exam_notes")
    verified = serializers.BooleanField(source="exam_verified")


class RenewalSerializer(serializers.Serializer[m.Certification]):
    program = serializers.CharField(source="renewal_program")
    cycle_years = serializers.IntegerField(
        source="renewal_cycle_years", allow_null=True
    )
    points = serializers.IntegerField(source="renewal_points", allow_null=True)
    required_categories = serializers.CharField(source="renewal_required_categories")
    notes = serializers.CharField(source="renewal_notes")
    verified = serializers.BooleanField(source="renewal_verified")


class CertificationSerializer(serializers.ModelSerializer[m.Certification]):
    html_url = HtmlUrlField()
    body = serializers.SlugRelatedField(read_only=True, slug_field="slug")
    role = serializers.SlugRelatedField(read_only=True, slug_field="slug")
    eligibility_routes = EligibilityRouteSerializer(
        source="routes", many=True, read_only=True
    )
    exam = ExamSerializer(source="*", read_only=True)
    renewal = RenewalSerializer(source="*", read_only=True)
    sources = PublishedSourcesField(read_only=True)

    class Meta:
        model = m.Certification
        fields = [
            "slug",
            "name",
            "abbreviation",
            "body",
            "role",
            "eligibility_routes",
            "exam",
            "renewal",
            "verified",
            "last_reviewed",
            "html_url",
            "sources",
        ]


class BoardSerializer(serializers.Serializer[m.StateLicensure]):
    name = serializers.CharField(source="board_name")
    url = serializers.CharField(source="board_url")


class LicenseStepSerializer(serializers.ModelSerializer[m.LicenseStep]):
    class Meta:
        model = m.LicenseStep
        fields = ["order", "kind", "title", "description", "verified"]


class StateSerializer(serializers.ModelSerializer[m.StateLicensure]):
    html_url = HtmlUrlField()
    board = BoardSerializer(source="*", read_only=True)
    steps = LicenseStepSerializer(many=True, read_only=True)
    license_levels = serializers.ListField(
        child=serializers.CharField(), source="license_level_list", read_only=True
    )
    sources = PublishedSourcesField(read_only=True)

    class Meta:
        model = m.StateLicensure
        fields = [
            "code",
            "name",
            "requires_license",
            "board",
            "law_url",
            "mlt_license_available",
            "license_levels",
            "notes",
            "steps",
            "verified",
            "last_reviewed",
            "html_url",
            "sources",
        ]


class OutlookFigureSerializer(serializers.ModelSerializer[m.OutlookFigure]):
    sources = PublishedSourcesField(read_only=True)

    class Meta:
        model = m.OutlookFigure
        fields = [
            "slug",
            "figure",
            "value",
            "value_text",
            "unit",
            "as_of",
            "notes",
            "verified",
            "last_reviewed",
            "sources",
        ]


class FAQSerializer(serializers.ModelSerializer[m.FAQ]):
    html_url = HtmlUrlField()
    sources = PublishedSourcesField(read_only=True)

    class Meta:
        model = m.FAQ
        fields = [
            "slug",
            "question",
            "answer",
            "verified",
            "last_reviewed",
            "html_url",
            "sources",
        ]


SEARCH_QUERY_MAX_LENGTH = 200
# What SearchQuerySerializer accepts, for the schema: 1-200 characters, no NUL. Spaces are
# kept (not trimmed to a 400): the search treats any run of spaces as one separator.
SEARCH_QUERY_SCHEMA = {
    "type": "string",
    "minLength": 1,
    "maxLength": SEARCH_QUERY_MAX_LENGTH,
    "pattern": r"^[^\x00]*$",
}


class SearchQuerySerializer(serializers.Serializer[Any]):
    q = serializers.CharField(
        max_length=SEARCH_QUERY_MAX_LENGTH,
        trim_whitespace=False,
        help_text="Search words.",
    )


class SearchHitSerializer(serializers.Serializer[m.SearchDocument]):
    type = serializers.CharField(source="kind")
    title = serializers.CharField()
    snippet = serializers.SerializerMethodField(
        help_text="Escaped text; matches are wrapped in <mark> elements."
    )
    html_url = serializers.SerializerMethodField()

    def get_snippet(self, obj: m.SearchDocument) -> str:
        from content.search import snippet_html

        return str(snippet_html(obj.headline))  # type: ignore[attr-defined]

    @extend_schema_field(OpenApiTypes.URI)
    def get_html_url(self, obj: m.SearchDocument) -> str:
        request = self.context.get("request")
        return request.build_absolute_uri(obj.url) if request else obj.url
