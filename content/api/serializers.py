from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from content import licensure, outlook
from content import models as m
from content.search import Hit


class SourceSerializer(serializers.ModelSerializer[m.Source]):
    date_label = serializers.CharField(
        read_only=True, help_text='The source\'s date as cited, or "undated".'
    )

    class Meta:
        model = m.Source
        fields = [
            "title",
            "publisher",
            "url",
            "as_of",
            "as_of_label",
            "date_label",
            "is_copy",
        ]


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


@extend_schema_field(OpenApiTypes.URI)
class HtmlUrlField(serializers.Field[Any, str, str, Any]):
    def __init__(self, **kwargs: Any) -> None:
        kwargs["source"] = "*"
        kwargs["read_only"] = True
        super().__init__(**kwargs)

    def to_representation(self, value: Any) -> str:
        request = self.context.get("request")
        url: str = value.get_absolute_url()
        return request.build_absolute_uri(url) if request else url


class RoleSerializer(serializers.ModelSerializer[m.Role]):
    html_url = HtmlUrlField()
    duties = serializers.ListField(
        child=serializers.CharField(), source="duty_list", read_only=True
    )
    advances_to = serializers.SlugRelatedField[m.Role](
        many=True, read_only=True, slug_field="slug"
    )
    builds_on = serializers.SlugRelatedField[m.Role](
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
            "builds_on",
            "onet_code",
            "verified",
            "last_reviewed",
            "html_url",
            "sources",
        ]


REQUIREMENT_API_FIELDS = [
    "kind",
    "text",
    "option",
    "degree_level",
    "degree_fields",
    "subject",
    "semester_hours",
    "program_kind",
    "accreditors",
    "within_years",
    "months",
    "disciplines",
    "credentials",
    "verified",
]


class RouteRequirementSerializer(serializers.ModelSerializer[m.RouteRequirement]):
    class Meta:
        model = m.RouteRequirement
        fields = REQUIREMENT_API_FIELDS


class EligibilityRouteSerializer(serializers.ModelSerializer[m.EligibilityRoute]):
    requirement_items = RouteRequirementSerializer(many=True, read_only=True)

    class Meta:
        model = m.EligibilityRoute
        fields = [
            "code",
            "requirements",
            "is_active",
            "verified",
            "requirement_items",
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
    body = serializers.SlugRelatedField[m.CertifyingBody](
        read_only=True, slug_field="slug"
    )
    role = serializers.SlugRelatedField[m.Role](read_only=True, slug_field="slug")
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


class BlankAsNullCharField(serializers.CharField):
    """A text field whose empty value ("not stated") is sent as null."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("allow_null", True)
        kwargs.setdefault("read_only", True)
        super().__init__(**kwargs)

    # None for "not stated": CharField's stub promises a str.
    def to_representation(self, value: Any) -> str | None:  # type: ignore[override]
        return str(value) if value else None


class LicenseRequirementSerializer(serializers.ModelSerializer[m.LicenseRequirement]):
    class Meta:
        model = m.LicenseRequirement
        fields = REQUIREMENT_API_FIELDS


class CategoryBoardSerializer(serializers.Serializer[m.LicenseCategory]):
    name = serializers.CharField(
        source="board_label", help_text="The category's board, else the state's."
    )
    url = serializers.CharField(source="board_link")


class CategoryRenewalSerializer(serializers.Serializer[m.LicenseCategory]):
    cycle_years = serializers.IntegerField(
        source="renewal_cycle_years", allow_null=True
    )
    ce_hours = serializers.IntegerField(
        source="renewal_ce_hours",
        allow_null=True,
        help_text="Continuing-education hours per renewal cycle.",
    )
    notes = serializers.CharField(source="renewal_notes")


class LicenseCategorySerializer(serializers.ModelSerializer[m.LicenseCategory]):
    roles = serializers.SlugRelatedField[m.Role](
        many=True, read_only=True, slug_field="slug"
    )
    requirements = LicenseRequirementSerializer(
        source="requirement_items", many=True, read_only=True
    )
    steps = serializers.ListField(
        child=serializers.CharField(), source="step_list", read_only=True
    )
    fee_as_of = BlankAsNullCharField(help_text="As cited; null = date not stated.")
    fee_verified = serializers.BooleanField(
        read_only=True, help_text="False when the fee was not confirmed from a source."
    )
    renewal = CategoryRenewalSerializer(source="*", read_only=True)
    board = CategoryBoardSerializer(source="*", read_only=True)
    accepted_certifications = serializers.ListField(
        child=serializers.CharField(),
        source="accepted_certification_list",
        read_only=True,
        help_text="National certifications the board accepts, as cited; empty = not confirmed.",
    )
    html_url = serializers.SerializerMethodField()
    sources = PublishedSourcesField(read_only=True)

    class Meta:
        model = m.LicenseCategory
        fields = [
            "slug",
            "name",
            "kind",
            "roles",
            "summary",
            "requirements",
            "steps",
            "fee_usd",
            "fee_as_of",
            "fee_verified",
            "renewal",
            "board",
            "accepted_certifications",
            "processing_note",
            "notes",
            "verified",
            "last_reviewed",
            "html_url",
            "sources",
        ]

    @extend_schema_field(OpenApiTypes.URI)
    def get_html_url(self, obj: m.LicenseCategory) -> str:
        url = f"{obj.state.get_absolute_url()}#category-{obj.slug}"
        request = self.context.get("request")
        return request.build_absolute_uri(url) if request else url


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


class StateDetailSerializer(StateSerializer):
    license_categories = LicenseCategorySerializer(
        source="categories", many=True, read_only=True
    )

    class Meta(StateSerializer.Meta):
        fields = [*StateSerializer.Meta.fields, "license_categories"]


class SourceListField(serializers.ListField):
    child = SourceSerializer()


class StateCompareQuerySerializer(serializers.Serializer[Any]):
    a = serializers.CharField(
        help_text="Two-letter code of the first state or territory."
    )
    b = serializers.CharField(
        help_text="Two-letter code of the second state or territory."
    )
    role = serializers.CharField(help_text="A role slug, as in /api/v1/roles/.")


class CompareRoleSerializer(serializers.ModelSerializer[m.Role]):
    html_url = HtmlUrlField()

    class Meta:
        model = m.Role
        fields = ["slug", "title", "short_title", "html_url"]


class LicenseNeededSerializer(serializers.Serializer[Any]):
    answer = serializers.ChoiceField(
        source="licensing",
        choices=licensure.RoleLicensing.choices,
        help_text="required: a confirmed license category for the role; confirm: check "
        "with the board; none: no personnel license for the role.",
    )
    # DRF's metaclass moves declared fields off the class, so this hides no Field.label.
    label = serializers.CharField(source="licensing.label")  # type: ignore[assignment]
    text = serializers.CharField(source="licensing_text")
    sources = SourceListField(source="licensing_sources")


class AcceptedCertificationsSerializer(serializers.Serializer[Any]):
    items = serializers.ListField(
        child=serializers.CharField(),
        source="accepted_certifications",
        help_text="As cited; empty when no list is cited.",
    )
    text = serializers.CharField(
        source="accepted_certifications_text",
        help_text="What to show when `items` is empty.",
    )
    sources = SourceListField(source="accepted_certifications_sources")


class ProcessingNoteSerializer(serializers.Serializer[Any]):
    category = serializers.CharField(
        allow_null=True, help_text="Slug of the category it is about, or null."
    )
    text = serializers.CharField()

    def to_representation(self, instance: Any) -> dict[str, Any]:
        category, text = instance
        return {"category": category.slug if category else None, "text": text}


class ProcessingSerializer(serializers.Serializer[Any]):
    notes = ProcessingNoteSerializer(
        source="processing_notes", many=True, help_text="Empty = not stated."
    )
    sources = SourceListField(source="processing_sources")


class PaySerializer(serializers.Serializer[Any]):
    value_usd = serializers.SerializerMethodField(
        help_text="A cited state pay figure; null while none is cited."
    )
    as_of = serializers.SerializerMethodField()
    text = serializers.CharField(source="pay_text")
    sources = serializers.SerializerMethodField()

    @extend_schema_field({"type": "string", "format": "decimal", "nullable": True})
    def get_value_usd(self, obj: Any) -> None:
        return None

    @extend_schema_field({"type": "string", "nullable": True})
    def get_as_of(self, obj: Any) -> None:
        return None

    @extend_schema_field(SourceSerializer(many=True))
    def get_sources(self, obj: Any) -> list[Any]:
        return []


class ComparedBoardSerializer(serializers.Serializer[Any]):
    name = serializers.CharField(source="board_name")
    url = serializers.CharField(source="board_url")


class StateForRoleSerializer(serializers.Serializer[Any]):
    code = serializers.CharField(source="state.code")
    name = serializers.CharField(source="state.name")
    requires_license = serializers.BooleanField(
        source="state.requires_license",
        help_text="Whether the jurisdiction licenses laboratory personnel at all.",
    )
    license_needed = LicenseNeededSerializer(source="*")
    categories = LicenseCategorySerializer(
        many=True, help_text="The jurisdiction's categories that list this role."
    )
    accepted_certifications = AcceptedCertificationsSerializer(source="*")
    processing = ProcessingSerializer(source="*")
    board = ComparedBoardSerializer(source="*")
    pay = PaySerializer(source="*")
    html_url = serializers.SerializerMethodField()
    sources = SourceListField()

    @extend_schema_field(OpenApiTypes.URI)
    def get_html_url(self, obj: licensure.StateForRole) -> str:
        request = self.context.get("request")
        url = obj.state.get_absolute_url()
        return request.build_absolute_uri(url) if request else url


class StateComparisonSerializer(serializers.Serializer[licensure.Comparison]):
    role = CompareRoleSerializer()
    a = StateForRoleSerializer()
    b = StateForRoleSerializer()
    html_url = serializers.SerializerMethodField()

    @extend_schema_field(OpenApiTypes.URI)
    def get_html_url(self, obj: licensure.Comparison) -> str:
        query = urlencode(
            {"a": obj.a.state.code, "b": obj.b.state.code, "role": obj.role.slug}
        )
        url = f"{reverse('content:state_compare')}?{query}"
        request = self.context.get("request")
        return request.build_absolute_uri(url) if request else url


class OutlookFigureSerializer(serializers.ModelSerializer[m.OutlookFigure]):
    sources = PublishedSourcesField(read_only=True)

    class Meta:
        model = m.OutlookFigure
        fields = [
            "slug",
            "figure",
            "occupation_code",
            "occupation",
            "state_code",
            "measure",
            "value",
            "value_text",
            "unit",
            "as_of",
            "as_of_date",
            "quote",
            "notes",
            "verified",
            "last_reviewed",
            "sources",
        ]


class OutlookQuerySerializer(serializers.Serializer[Any]):
    state = serializers.ChoiceField(
        choices=outlook.STATE_CODES,
        required=False,
        help_text="Two-letter uppercase state code: only that state's figures.",
    )


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
        help_text="Plain text around the matches (no HTML, no markdown): escape it "
        "before putting it into HTML."
    )
    highlights = serializers.SerializerMethodField(
        help_text="[start, end) character offsets of the matched words in `snippet`."
    )
    html_url = serializers.SerializerMethodField()

    def get_snippet(self, obj: Hit) -> str:
        from content.search import snippet_text

        return snippet_text(obj.headline)

    @extend_schema_field(
        {"type": "array", "items": {"type": "array", "items": {"type": "integer"}}}
    )
    def get_highlights(self, obj: Hit) -> list[list[int]]:
        from content.search import snippet_highlights

        return snippet_highlights(obj.headline)

    @extend_schema_field(OpenApiTypes.URI)
    def get_html_url(self, obj: m.SearchDocument) -> str:
        request = self.context.get("request")
        return request.build_absolute_uri(obj.url) if request else obj.url
