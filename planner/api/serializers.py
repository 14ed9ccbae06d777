"""Planner API serializers: input serializers validate, services write, output serializers render."""

from __future__ import annotations

import functools
import threading
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from django.db import DatabaseError
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from content.models import (
    Certification,
    EligibilityRoute,
    PublishStatus,
    Role,
    StateLicensure,
)
from planner import eligibility, planning
from planner.api.fields import (
    ContentChoiceField,
    KeyedDictField,
    PointsField,
    PublishedSlugField,
    TenthsField,
    WindowedDateField,
)
from planner.eligibility import CompletedProgram
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

PREFERRED_ROUTE = r"^[a-z0-9-]+:[A-Za-z0-9 ,.()?-]+$"


def _published(model: Any, field: str) -> list[str]:
    """The published values of a content field (none while the tables do not exist yet,
    e.g. `makemigrations --check` on a fresh database)."""
    try:
        return list(
            model.objects.published().order_by(field).values_list(field, flat=True)
        )
    except DatabaseError:
        return []


def _active_routes() -> list[str]:
    """`<certification slug>:<route code>` of every route a plan may be asked to follow."""
    try:
        return [
            f"{slug}:{code}"
            for slug, code in EligibilityRoute.objects.published()
            .filter(is_active=True, certification__status=PublishStatus.PUBLISHED)
            .order_by("certification__slug", "code")
            .values_list("certification__slug", "code")
        ]
    except DatabaseError:
        return []


class CompletedProgramSerializer(serializers.Serializer[CompletedProgram]):
    kind = serializers.ChoiceField(choices=eligibility.ProgramKind.choices)

    def get_fields(self) -> dict[str, serializers.Field[Any, Any, Any, Any]]:
        fields = super().get_fields()
        # Up to this year: built with the fields, so the schema says it as the server does.
        fields["year"] = serializers.IntegerField(
            min_value=eligibility.EARLIEST_PROGRAM_YEAR,
            max_value=timezone.localdate().year,
            allow_null=True,
            required=False,
            default=None,
            help_text="The year it was finished (recency matters for some routes).",
        )
        return fields

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        # A partial PATCH makes nested fields optional; a program without its kind is not
        # an answer at all.
        if "kind" not in attrs:
            raise serializers.ValidationError(
                {"kind": [gettext("This field is required.")]}
            )
        return attrs


def _credentials_field(
    child: serializers.Field[Any, Any, Any, Any],
) -> serializers.ListField:
    """The credentials held: slugs before the content tables exist, published ones after."""
    return serializers.ListField(
        child=child,
        required=False,
        default=list,
        max_length=30,
        help_text="Certification slugs the person holds (see /api/v1/certifications/).",
    )


class RouteSerializer(serializers.Serializer[dict[str, Any]]):
    """One eligibility route of the plan's credential, as the planner weighed it."""

    certification = serializers.CharField(help_text='Abbreviation, e.g. "MLS(ASCP)".')
    code = serializers.CharField()
    met = serializers.BooleanField(
        help_text="Every requirement is met and the route is confirmed from a source."
    )
    missing = serializers.ListField(child=serializers.CharField())
    estimated_finish = serializers.DateField(allow_null=True)
    total_cost_usd = serializers.DecimalField(
        max_digits=10, decimal_places=2, allow_null=True
    )
    verified = serializers.BooleanField()
    chosen = serializers.BooleanField()


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
    start_date = WindowedDateField(
        window=planning.start_date_window,
        outside=planning.start_date_error,
        allow_null=True,
        required=False,
        default=None,
        help_text="Default: today. Within the last ten years or the next five.",
    )
    credentials_held = _credentials_field(serializers.SlugField(max_length=40))
    experience = KeyedDictField(
        keys=list(eligibility.Discipline.values),
        child=serializers.IntegerField(
            min_value=0, max_value=eligibility.MAX_EXPERIENCE_MONTHS
        ),
        required=False,
        default=dict,
        help_text="Discipline -> months of full-time clinical laboratory work. Disciplines: "
        + ", ".join(eligibility.Discipline.values)
        + ".",
    )
    coursework = KeyedDictField(
        keys=list(eligibility.Subject.values),
        child=TenthsField(
            max_digits=5,
            decimal_places=1,
            min_value=Decimal(0),
            max_value=eligibility.MAX_SEMESTER_HOURS,
            coerce_to_string=False,
        ),
        required=False,
        default=dict,
        help_text="Subject -> semester hours. Subjects: "
        + ", ".join(eligibility.Subject.values)
        + ".",
    )
    programs_completed = CompletedProgramSerializer(
        many=True, required=False, default=list
    )
    degree_field = serializers.ChoiceField(
        choices=eligibility.ANSWER_DEGREE_FIELD_CHOICES,
        allow_null=True,
        required=False,
        default=None,
        help_text="The field of a degree that is not in laboratory science, or null.",
    )
    preferred_route = serializers.RegexField(
        PREFERRED_ROUTE,
        max_length=80,
        allow_null=True,
        required=False,
        default=None,
        help_text='"<certification slug>:<route code>" to follow another route, or null.',
    )

    def get_fields(self) -> dict[str, serializers.Field[Any, Any, Any, Any]]:
        # The published roles and jurisdictions, read when the fields are first needed (DRF
        # builds them lazily, not at import): the schema lists exactly what the server takes.
        fields = super().get_fields()
        roles = _published(Role, "slug")
        states = _published(StateLicensure, "code")
        if roles:  # none before the content tables exist: then the plain fields stay
            fields["target_role"] = serializers.ChoiceField(
                choices=roles,
                help_text="A role slug, as in /api/v1/roles/.",
                error_messages={"invalid_choice": "Unknown role."},
            )
        credentials = _published(Certification, "slug")
        if credentials:
            fields["credentials_held"] = _credentials_field(
                ContentChoiceField(
                    component="CertificationSlug",
                    choices=credentials,
                    error_messages={"invalid_choice": "Unknown certification."},
                )
            )
        routes = _active_routes()
        if routes:
            fields["preferred_route"] = ContentChoiceField(
                component="RouteId",
                choices=routes,
                allow_null=True,
                required=False,
                default=None,
                help_text='"<certification slug>:<route code>" of an active route to follow, '
                "or null.",
                error_messages={"invalid_choice": "Unknown route."},
            )
        if states:
            fields["state"] = serializers.ChoiceField(
                choices=states,
                allow_null=True,
                required=False,
                default=None,
                help_text="Two-letter code (e.g. CA), or null when undecided.",
                error_messages={"invalid_choice": "Unknown state code."},
            )
        return fields

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        values = answer_values(attrs)
        errors = eligibility.validate_background(
            experience=values.get("experience", {}),
            coursework=values.get("coursework", {}),
            programs=values.get("programs_completed", ()),
            degree_field=values.get("degree_field"),
            year=timezone.localdate().year,
        )
        if errors:
            raise serializers.ValidationError(errors)
        return attrs


def answer_values(data: dict[str, Any]) -> dict[str, Any]:
    """Validated input as PlanAnswers field values (only the fields given)."""
    values = dict(data)
    if "credentials_held" in values:
        values["credentials_held"] = frozenset(values["credentials_held"])
    if "programs_completed" in values:
        values["programs_completed"] = tuple(
            CompletedProgram(kind=p["kind"], year=p.get("year"))
            for p in values["programs_completed"]
        )
    if "coursework" in values:
        values["coursework"] = {k: Decimal(v) for k, v in values["coursework"].items()}
    return values


def answers_from(data: dict[str, Any], base: PlanAnswers | None = None) -> PlanAnswers:
    """Validated input (possibly partial) merged over the plan's current answers."""
    values: dict[str, Any] = dict(base.__dict__) if base else {}
    values.update(answer_values(data))
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
        allow_blank=True,
        max_length=planning.NOTES_MAX_LENGTH,
        required=False,
        trim_whitespace=False,
    )
    completed_on = WindowedDateField(
        window=planning.completion_date_window,
        outside=planning.completion_date_error,
        allow_null=True,
        required=False,
    )


class PlanSummarySerializer(serializers.ModelSerializer[Plan]):
    target_role = serializers.SlugRelatedField[Role](slug_field="slug", read_only=True)
    state = serializers.SlugRelatedField[StateLicensure](
        slug_field="code", read_only=True, allow_null=True
    )
    certifying_body = serializers.SerializerMethodField()
    chosen_body = serializers.SerializerMethodField()
    progress = serializers.IntegerField(read_only=True, min_value=0, max_value=100)
    credentials_held = serializers.ListField(
        child=serializers.CharField(), read_only=True
    )
    experience = serializers.DictField(child=serializers.IntegerField(), read_only=True)
    coursework = serializers.DictField(
        child=serializers.DecimalField(max_digits=5, decimal_places=1), read_only=True
    )
    programs_completed = CompletedProgramSerializer(many=True, read_only=True)
    degree_field = serializers.SerializerMethodField()
    preferred_route = serializers.SerializerMethodField()
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
            "credentials_held",
            "experience",
            "coursework",
            "programs_completed",
            "degree_field",
            "preferred_route",
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

    @extend_schema_field(
        serializers.ChoiceField(
            choices=eligibility.ANSWER_DEGREE_FIELD_CHOICES, allow_null=True
        )
    )
    def get_degree_field(self, plan: Plan) -> str | None:
        return plan.degree_field or None

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_preferred_route(self, plan: Plan) -> str | None:
        return plan.preferred_route or None

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
    routes = serializers.SerializerMethodField()
    milestones = serializers.SerializerMethodField()

    class Meta(PlanSummarySerializer.Meta):
        fields = [*PlanSummarySerializer.Meta.fields, "routes", "milestones"]
        read_only_fields = fields

    @extend_schema_field(RouteSerializer(many=True))
    def get_routes(self, plan: Plan) -> list[dict[str, Any]]:
        return [
            {name: route.get(name) for name in RouteSerializer._declared_fields}
            for route in plan.routes
        ]

    @extend_schema_field(MilestoneSerializer(many=True))
    def get_milestones(self, plan: Plan) -> list[dict[str, Any]]:
        # One shared, read-only child: building a ModelSerializer's fields per request
        # (and per nested checklist) cost more than rendering the milestones themselves.
        return [milestone_data(m) for m in plan.visible_milestones]


def plan_data(plan: Plan, context: Mapping[str, Any]) -> dict[str, Any]:
    """A plan's representation (`PlanSerializer`) in `context` (the request, for absolute
    links), from a serializer whose fields are built once per thread: building them was a
    fifth of the plan GET's time after a change. Each thread has its own, so a context is
    never seen by another request."""
    renderer = getattr(_renderers, "plan", None)
    if renderer is None:
        renderer = PlanSerializer()
        renderer.fields  # noqa: B018 - build the fields once
        _renderers.plan = renderer
    renderer._context = dict(context)  # what `serializer.context` and its fields read
    try:
        return dict(renderer.to_representation(plan))
    finally:
        renderer._context = {}


_renderers = threading.local()


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
    certification = PublishedSlugField(
        component="CertificationSlug",
        slug_field="slug",
        queryset=Certification.objects.published(),
    )
    activity = serializers.RegexField(
        # Some text that is not white space (the server trims, and refuses blank), and no
        # NUL (refused by every text field).
        r"^[^\x00]*\S[^\x00]*$",
        max_length=planning.CE_ACTIVITY_MAX_LENGTH,
        error_messages={"invalid": planning.CE_ACTIVITY_BLANK},
    )
    completed_on = WindowedDateField(
        window=planning.completion_date_window,
        outside=planning.completion_date_error,
    )
    points = PointsField(
        max_digits=6,
        decimal_places=2,
        min_value=planning.CE_POINTS_MIN,
        max_value=planning.CE_POINTS_MAX,
    )
    category = serializers.CharField(
        max_length=planning.CE_CATEGORY_MAX_LENGTH,
        allow_blank=True,
        required=False,
        default="",
    )


class CEEntrySerializer(serializers.ModelSerializer[ContinuingEducationEntry]):
    certification = serializers.SlugRelatedField[Certification](
        slug_field="slug", read_only=True
    )

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
