"""Planner API serializers: input serializers validate, services write, output serializers render."""

from __future__ import annotations

import functools
import re
from decimal import Decimal
from typing import Any

from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from content.models import Certification, Role, StateLicensure
from planner.models import (
    CHECKLIST_ROW_FIELDS,
    ChecklistItem,
    ContinuingEducationEntry,
    Milestone,
    Plan,
)
from planner.planning import (
    CertifyingBodyChoice,
    EducationLevel,
    MilestoneStatus,
    PlanAnswers,
    StudyPace,
)

STATE_CODE = re.compile(r"^[A-Z]{2}$")


class PlanAnswersInputSerializer(serializers.Serializer[PlanAnswers]):
    target_role = serializers.SlugField(max_length=80, help_text="A role slug.")
    education_level = serializers.ChoiceField(choices=EducationLevel.choices)
    state = serializers.CharField(
        max_length=2,
        allow_null=True,
        required=False,
        default=None,
        help_text="Two-letter code (e.g. CA), or null when undecided.",
    )
    certifying_body = serializers.ChoiceField(
        choices=CertifyingBodyChoice.choices,
        allow_null=True,
        required=False,
        default=None,
        help_text="ascp, amt, or null to let the planner choose (with a reason).",
    )
    study_pace = serializers.ChoiceField(
        choices=StudyPace.choices, required=False, default=StudyPace.FULL_TIME
    )
    start_date = serializers.DateField(
        allow_null=True, required=False, default=None, help_text="Default: today."
    )

    def validate_target_role(self, value: str) -> str:
        if not Role.objects.published().filter(slug=value).exists():
            raise serializers.ValidationError("Unknown role.")
        return value

    def validate_state(self, value: str | None) -> str | None:
        if value is None:
            return None
        value = value.strip().upper()
        if not STATE_CODE.match(value) or (
            not StateLicensure.objects.published().filter(code=value).exists()
        ):
            raise serializers.ValidationError("Unknown state code.")
        return value


def answers_from(data: dict[str, Any], base: PlanAnswers | None = None) -> PlanAnswers:
    """Validated input (possibly partial) merged over the plan's current answers."""
    values: dict[str, Any] = dict(base.__dict__) if base else {}
    values.update(data)
    return PlanAnswers(**values)


class ChecklistItemSerializer(serializers.ModelSerializer[ChecklistItem]):
    class Meta:
        model = ChecklistItem
        fields = list(CHECKLIST_ROW_FIELDS)
        read_only_fields = fields


class MilestoneSerializer(serializers.ModelSerializer[Milestone]):
    checklist = serializers.SerializerMethodField()
    links = serializers.SerializerMethodField()

    class Meta:
        model = Milestone
        fields = [
            "id",
            "key",
            "kind",
            "phase",
            "title",
            "description",
            "status",
            "order",
            "start_date",
            "due_date",
            "completed_on",
            "notes",
            "archived",
            "cost_usd",
            "cost_as_of",
            "links",
            "checklist",
            "updated_at",
        ]
        read_only_fields = fields

    @extend_schema_field(ChecklistItemSerializer(many=True))
    def get_checklist(self, milestone: Milestone) -> list[dict[str, Any]]:
        if hasattr(milestone, "checklist_rows"):  # read with the milestone, as JSON
            return milestone.checklist_rows or []
        return [
            {name: getattr(item, name) for name in CHECKLIST_ROW_FIELDS}
            for item in milestone.checklist.all()
        ]

    @extend_schema_field(
        {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {"label": {"type": "string"}, "url": {"type": "string"}},
            },
        }
    )
    def get_links(self, milestone: Milestone) -> list[dict[str, str]]:
        return [
            {"label": str(link.get("label", "")), "url": str(link.get("url", ""))}
            for link in milestone.links
            if isinstance(link, dict)
        ]


class MilestoneUpdateSerializer(serializers.Serializer[Milestone]):
    status = serializers.ChoiceField(choices=MilestoneStatus.choices, required=False)
    notes = serializers.CharField(
        allow_blank=True, max_length=10_000, required=False, trim_whitespace=False
    )
    completed_on = serializers.DateField(allow_null=True, required=False)


class PlanSummarySerializer(serializers.ModelSerializer[Plan]):
    target_role = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    state = serializers.SlugRelatedField(
        slug_field="code", read_only=True, allow_null=True
    )
    certifying_body = serializers.SerializerMethodField()
    chosen_body = serializers.SerializerMethodField()
    progress = serializers.IntegerField(read_only=True, min_value=0, max_value=100)
    calendar_url = serializers.SerializerMethodField()
    milestones_url = serializers.SerializerMethodField()

    class Meta:
        model = Plan
        fields = [
            "id",
            "target_role",
            "state",
            "education_level",
            "certifying_body",
            "chosen_body",
            "study_pace",
            "start_date",
            "progress",
            "estimated_finish",
            "total_cost_usd",
            "cost_as_of",
            "route_summary",
            "body_reason",
            "warnings",
            "calendar_url",
            "milestones_url",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields

    @extend_schema_field(
        serializers.ChoiceField(choices=CertifyingBodyChoice.choices, allow_null=True)
    )
    def get_certifying_body(self, plan: Plan) -> str | None:
        return plan.certifying_body or None

    @extend_schema_field(
        serializers.ChoiceField(choices=CertifyingBodyChoice.choices, allow_null=True)
    )
    def get_chosen_body(self, plan: Plan) -> str | None:
        return plan.chosen_body or None

    def _absolute(self, path: str) -> str:
        request = self.context.get("request")
        return request.build_absolute_uri(path) if request else path

    @extend_schema_field(OpenApiTypes.URI)
    def get_calendar_url(self, plan: Plan) -> str:
        return self._absolute(plan.get_calendar_url())

    @extend_schema_field(OpenApiTypes.URI)
    def get_milestones_url(self, plan: Plan) -> str:
        return self._absolute(
            reverse("api:plan-milestone-list", kwargs={"plan_pk": plan.pk})
        )


class PlanSerializer(PlanSummarySerializer):
    milestones = serializers.SerializerMethodField()

    class Meta(PlanSummarySerializer.Meta):
        fields = [*PlanSummarySerializer.Meta.fields, "milestones"]
        read_only_fields = fields

    @extend_schema_field(MilestoneSerializer(many=True))
    def get_milestones(self, plan: Plan) -> list[dict[str, Any]]:
        # One shared, read-only child: building a ModelSerializer's fields per request
        # (and per nested checklist) cost more than rendering the milestones themselves.
        return [milestone_data(m) for m in plan.visible_milestones]


def milestone_data(milestone: Milestone) -> dict[str, Any]:
    """One milestone's representation, from the shared read-only serializer."""
    return _milestone_renderer().to_representation(milestone)


@functools.cache
def _milestone_renderer() -> MilestoneSerializer:
    """A MilestoneSerializer whose fields are built once per process; it holds no request
    state (no context), so sharing it across requests and threads is safe."""
    serializer = MilestoneSerializer()
    serializer.fields  # noqa: B018 - build the fields now, not on a request thread
    return serializer


class CEEntryInputSerializer(serializers.Serializer[ContinuingEducationEntry]):
    certification = serializers.SlugRelatedField(
        slug_field="slug", queryset=Certification.objects.published()
    )
    activity = serializers.CharField(max_length=300)
    completed_on = serializers.DateField()
    points = serializers.DecimalField(
        max_digits=6,
        decimal_places=2,
        min_value=Decimal("0.01"),
        max_value=Decimal(100),
    )
    category = serializers.CharField(
        max_length=100, allow_blank=True, required=False, default=""
    )


class CEEntrySerializer(serializers.ModelSerializer[ContinuingEducationEntry]):
    certification = serializers.SlugRelatedField(slug_field="slug", read_only=True)

    class Meta:
        model = ContinuingEducationEntry
        fields = [
            "id",
            "certification",
            "activity",
            "completed_on",
            "points",
            "category",
        ]
        read_only_fields = fields
