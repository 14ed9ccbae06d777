"""Plans, milestones and the editor-maintained pathway templates they are generated from."""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Iterable
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Any, Self

from django.conf import settings
from django.contrib.postgres.aggregates import JSONBAgg
from django.contrib.postgres.fields import ArrayField
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Count, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce, JSONObject, NullIf
from django.urls import reverse
from django.utils.translation import get_language

from careerpath.choices import ChoiceLabels
from planner import changes, planning
from planner.eligibility import CompletedProgram
from planner.planning import (
    CE_ACTIVITY_MAX_LENGTH,
    CE_CATEGORY_MAX_LENGTH,
    PLACEHOLDERS,
    Anchor,
    CertifyingBodyChoice,
    EducationLevel,
    MilestoneKind,
    MilestoneStatus,
    PlanAnswers,
    RouteNeed,
    StepLink,
    StudyPace,
    TemplateStep,
    template_placeholders,
)

if TYPE_CHECKING:
    from careerpath.accounts.models import User


def new_token() -> str:
    return secrets.token_urlsafe(24)


CLOSED_STATUSES = (MilestoneStatus.DONE, MilestoneStatus.SKIPPED)
# The content columns plan pages read; `only()` leaves the long cited text unfetched.
# `program`: the plan cost card reads which program types the role needs.
ROLE_FIELDS = ("id", "slug", "title", "short_title", "program")
STATE_FIELDS = ("id", "code", "name", "requires_license", "board_name", "board_url")
CERTIFICATION_FIELDS = ("id", "slug", "name", "abbreviation")
# What the API shows of a checklist line (see MilestoneQuerySet.with_checklist_rows).
CHECKLIST_ROW_FIELDS = ("id", "text", "done")


def text_language() -> str:
    """The active language if plans have text in it (en, es), else English."""
    language = (get_language() or "en").split("-")[0]
    return language if language in ("en", "es") else "en"


class PlanQuerySet(models.QuerySet["Plan"]):
    def for_user(self, user: User | Any) -> Self:
        if not getattr(user, "is_authenticated", False):
            return self.none()
        return self.filter(owner=user)

    def with_progress(self) -> Self:
        """Annotate the counts `Plan.progress` uses, so lists need no query per plan."""
        counted = Q(milestones__archived=False) & ~Q(
            milestones__status=MilestoneStatus.SKIPPED
        )
        return self.annotate(
            milestones_counted=Count("milestones", filter=counted),
            milestones_done=Count(
                "milestones",
                filter=counted & Q(milestones__status=MilestoneStatus.DONE),
            ),
        )

    def with_slim_content(self) -> Self:
        """Role and state joined with only the columns plan pages print (title, name, links),
        not their long cited text: the wide rows cost more to fetch and build than the query."""
        plan_fields = [f.attname for f in Plan._meta.concrete_fields]
        return self.select_related("target_role", "state").only(
            *plan_fields,
            *(f"target_role__{name}" for name in ROLE_FIELDS),
            *(f"state__{name}" for name in STATE_FIELDS),
        )


class Plan(ChoiceLabels, models.Model):
    if TYPE_CHECKING:  # one column per language, added by django-modeltranslation
        warnings_en: list[str] | None
        warnings_es: list[str] | None
        body_reason_en: str | None
        body_reason_es: str | None
        route_summary_en: str | None
        route_summary_es: str | None
        routes_en: list[dict[str, Any]] | None
        routes_es: list[dict[str, Any]] | None
        cost_as_of_en: str | None
        cost_as_of_es: str | None

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="plans"
    )
    target_role = models.ForeignKey(
        "content.Role", on_delete=models.PROTECT, related_name="plans"
    )
    state = models.ForeignKey(
        "content.StateLicensure",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="plans",
    )
    education_level = models.CharField(max_length=20, choices=EducationLevel.choices)
    certifying_body = models.CharField(
        max_length=10,
        choices=CertifyingBodyChoice.choices,
        blank=True,
        help_text="Blank: the planner chose one (help me choose).",
    )
    chosen_body = models.CharField(
        max_length=10, choices=CertifyingBodyChoice.choices, blank=True
    )
    body_reason = models.TextField(blank=True)
    study_pace = models.CharField(
        max_length=10, choices=StudyPace.choices, default=StudyPace.FULL_TIME
    )
    start_date = models.DateField()
    estimated_finish = models.DateField(null=True, blank=True)
    total_cost_usd = models.DecimalField(
        max_digits=10, decimal_places=2, null=True, blank=True
    )
    cost_as_of = models.CharField(max_length=300, blank=True)
    route_summary = models.TextField(blank=True)
    warnings = models.JSONField(default=list, blank=True)
    # Background answers (what the person already has); validated by services.validate_answers.
    credentials_held = ArrayField(
        models.CharField(max_length=40), blank=True, default=list
    )
    experience = models.JSONField(
        default=dict, blank=True, help_text="Discipline -> months of full-time work."
    )
    coursework = models.JSONField(
        default=dict, blank=True, help_text="Subject -> semester hours."
    )
    programs_completed = models.JSONField(
        default=list, blank=True, help_text='[{"kind": "mlt", "year": 2022}, ...]'
    )
    degree_field = models.CharField(max_length=30, blank=True)
    preferred_route = models.CharField(max_length=80, blank=True)
    # Every route of the plan's credential as the planner weighed it (planning.RouteOption).
    routes = models.JSONField(default=list, blank=True)
    calendar_token = models.CharField(max_length=64, unique=True, default=new_token)
    share_token = models.CharField(max_length=64, unique=True, null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = PlanQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.owner} → {self.target_role}"

    @property
    def name(self) -> str:
        """A readable name that tells the person's plans apart: "MLT in Florida, part time"."""
        role = self.target_role
        return changes.plan_name(
            role=planning.role_short_title(role.short_title) or role.title,
            state=self.state.name if self.state else None,
            pace=self.study_pace,
        )

    @property
    def answers(self) -> PlanAnswers:
        return PlanAnswers(
            target_role=self.target_role.slug,
            education_level=self.education_level,
            state=self.state.code if self.state else None,
            certifying_body=self.certifying_body or None,
            study_pace=self.study_pace,
            start_date=self.start_date,
            credentials_held=frozenset(self.credentials_held),
            experience={k: int(v) for k, v in self.experience.items()},
            coursework={k: Decimal(str(v)) for k, v in self.coursework.items()},
            programs_completed=tuple(
                CompletedProgram(kind=p["kind"], year=p.get("year"))
                for p in self.programs_completed
            ),
            degree_field=self.degree_field or None,
            preferred_route=self.preferred_route or None,
        )

    @property
    def progress(self) -> int:
        """Done milestones as a share (0-100) of non-archived, non-skipped ones."""
        counted = getattr(self, "milestones_counted", None)
        done = getattr(self, "milestones_done", None)
        if counted is None or done is None:
            current = [
                m
                for m in self.visible_milestones
                if m.status != MilestoneStatus.SKIPPED
            ]
            counted = len(current)
            done = sum(1 for m in current if m.status == MilestoneStatus.DONE)
        return round(100 * done / counted) if counted else 0

    @property
    def visible_milestones(self) -> list[Milestone]:
        """Non-archived milestones in order (`current_milestones` when read with the plan)."""
        current = getattr(self, "current_milestones", None)
        if current is None:
            current = list(self.milestones.filter(archived=False))
        return sorted(current, key=lambda m: (m.order, m.pk or 0))

    @property
    def is_complete(self) -> bool:
        milestones = self.visible_milestones
        return bool(milestones) and all(m.status in CLOSED_STATUSES for m in milestones)

    @property
    def etag(self) -> str:
        return f'"plan-{self.pk}-{self.updated_at.timestamp():.6f}"'

    def get_calendar_url(self) -> str:
        return reverse("planner:calendar", kwargs={"token": self.calendar_token})


class MilestoneQuerySet(models.QuerySet["Milestone"]):
    def with_checklist_rows(self) -> Self:
        """Annotate `checklist_rows`: the checklist as `{id, text, done}` objects in order
        (None when it has none), read in the milestones' own query instead of a second one."""
        items = (
            ChecklistItem.objects.filter(milestone=OuterRef("pk"))
            .order_by()
            .values("milestone")
            .annotate(
                rows=JSONBAgg(
                    JSONObject(
                        **{name: name for name in CHECKLIST_ROW_FIELDS}
                        | {
                            # The line in the active language, or its English (see
                            # translation.py): the fallback reading `item.text` has.
                            "text": Coalesce(
                                NullIf(f"text_{text_language()}", Value("")), "text_en"
                            )
                        }
                    ),
                    order_by=("order", "id"),
                )
            )
            .values("rows")
        )
        return self.annotate(
            checklist_rows=Subquery(items, output_field=models.JSONField())
        )


class Milestone(ChoiceLabels, models.Model):
    if TYPE_CHECKING:  # one column per language, added by django-modeltranslation
        title_en: str | None
        title_es: str | None
        phase_en: str | None
        phase_es: str | None
        description_en: str | None
        description_es: str | None
        cost_as_of_en: str | None
        cost_as_of_es: str | None

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="milestones")
    key = models.SlugField(
        max_length=80,
        help_text="The pathway step this came from; re-planning matches on it.",
    )
    kind = models.CharField(max_length=30, choices=MilestoneKind.choices)
    phase = models.CharField(max_length=100, blank=True)
    title = models.CharField(max_length=300)
    description = models.TextField(blank=True)
    status = models.CharField(
        max_length=20,
        choices=MilestoneStatus.choices,
        default=MilestoneStatus.NOT_STARTED,
    )
    order = models.PositiveIntegerField(default=0)
    start_date = models.DateField(null=True, blank=True)
    due_date = models.DateField(null=True, blank=True)
    duration_weeks = models.DecimalField(
        max_digits=7, decimal_places=1, null=True, blank=True
    )
    cost_usd = models.DecimalField(
        max_digits=10, decimal_places=2, null=True, blank=True
    )
    cost_as_of = models.CharField(max_length=200, blank=True)
    completed_on = models.DateField(null=True, blank=True)
    notes = models.TextField(blank=True)
    archived = models.BooleanField(
        default=False, help_text="No longer applies after re-planning; kept, hidden."
    )
    certification = models.ForeignKey(
        "content.Certification",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    state = models.ForeignKey(
        "content.StateLicensure",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    links = models.JSONField(default=list, blank=True)
    is_exam = models.BooleanField(
        default=False,
        help_text="Passing this certification's exam: done means the credential is held.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = MilestoneQuerySet.as_manager()

    class Meta:
        ordering = ["order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "key"], name="milestone_unique_key")
        ]
        indexes = [models.Index(fields=["plan", "archived", "order"])]

    def __str__(self) -> str:
        return self.title

    def is_overdue(self, today: date) -> bool:
        return (
            not self.archived
            and self.due_date is not None
            and self.due_date < today
            and self.status not in CLOSED_STATUSES
        )

    @property
    def etag(self) -> str:
        return f'"milestone-{self.pk}-{self.updated_at.timestamp():.6f}"'

    @property
    def is_passed_exam(self) -> bool:
        """A passed certification exam: the credential is held."""
        return self.status == MilestoneStatus.DONE and self.is_exam

    def as_anchor(self) -> Anchor:
        """What re-planning keeps of this milestone's record."""
        return Anchor(
            status=self.status,
            start_date=self.start_date,
            due_date=self.due_date,
            completed_on=self.completed_on,
        )


class ChecklistItem(models.Model):
    if TYPE_CHECKING:  # one column per language, added by django-modeltranslation
        text_en: str | None
        text_es: str | None

    milestone = models.ForeignKey(
        Milestone, on_delete=models.CASCADE, related_name="checklist"
    )
    order = models.PositiveIntegerField(default=0)
    text = models.CharField(max_length=500)
    done = models.BooleanField(default=False)

    class Meta:
        ordering = ["order", "id"]

    def __str__(self) -> str:
        return self.text


class ContinuingEducationEntry(models.Model):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="ce_entries")
    certification = models.ForeignKey(
        "content.Certification", on_delete=models.PROTECT, related_name="+"
    )
    activity = models.CharField(max_length=CE_ACTIVITY_MAX_LENGTH)
    completed_on = models.DateField()
    points = models.DecimalField(max_digits=6, decimal_places=2)
    category = models.CharField(
        max_length=CE_CATEGORY_MAX_LENGTH,
        blank=True,
        help_text="e.g. laboratory or patient safety, blood banking, chemistry.",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-completed_on", "-id"]
        verbose_name_plural = "continuing education entries"

    def __str__(self) -> str:
        return f"{self.activity} ({self.points} points)"

    @property
    def etag(self) -> str:
        """A version of the entry's content (it has no timestamp of its own): an edit made
        from a page showing an older version is refused (see `services.update_ce_entry`)."""
        text = "|".join(
            str(value)
            for value in (
                self.pk,
                self.certification_id,
                self.activity,
                self.completed_on,
                self.points,
                self.category,
            )
        )
        return f'"ce-{hashlib.sha256(text.encode()).hexdigest()[:20]}"'


class PathwayTemplate(models.Model):
    """A named group of steps; every active template's steps are candidates for every plan."""

    slug = models.SlugField(max_length=80, unique=True)
    name = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    order = models.PositiveIntegerField(default=0)
    is_active = models.BooleanField(default=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["order", "name"]

    def __str__(self) -> str:
        return self.name


class PathwayStep(models.Model):
    if TYPE_CHECKING:  # one column per language, added by django-modeltranslation
        title_en: str | None
        title_es: str | None
        phase_en: str | None
        phase_es: str | None
        guidance_en: str | None
        guidance_es: str | None
        checklist_en: str | None
        checklist_es: str | None

    template = models.ForeignKey(
        PathwayTemplate, on_delete=models.CASCADE, related_name="steps"
    )
    key = models.SlugField(
        max_length=80,
        unique=True,
        help_text="Stable identity: plans match milestones on it when re-planning. Do not reuse.",
    )
    order = models.PositiveIntegerField(default=0)
    kind = models.CharField(max_length=30, choices=MilestoneKind.choices)
    phase = models.CharField(max_length=100, blank=True)
    title = models.CharField(
        max_length=300,
        help_text="May use {role}, {role_short}, {certification}, {body}, {route}, "
        "{route_requirements}, {accreditors}, {prerequisite}, {experience_months}, {program}, "
        "{degree}, {coursework}, {missing}, {state}, {board}, {renewal_program}, "
        "{renewal_points}, {renewal_cycle_years}, {renewal_categories}.",
    )
    guidance = models.TextField(blank=True, help_text="Same placeholders as the title.")
    duration_weeks = models.DecimalField(
        max_digits=6,
        decimal_places=1,
        null=True,
        blank=True,
        help_text="Full-time basis. Empty on an experience step: the route's months are used.",
    )
    cost_usd = models.DecimalField(
        max_digits=10,
        decimal_places=2,
        null=True,
        blank=True,
        help_text="Empty: the certification's exam fee or the state's application fee.",
    )
    cost_as_of = models.CharField(max_length=200, blank=True)
    link_to = models.CharField(
        max_length=20, choices=StepLink.choices, blank=True, default=StepLink.NONE
    )
    checklist = models.TextField(blank=True, help_text="One checklist line per line.")
    alongside_previous = models.BooleanField(
        default=False, help_text="Starts together with the step before it."
    )
    when_target_roles = models.ManyToManyField(
        "content.Role",
        blank=True,
        related_name="+",
        help_text="Only for these target roles (empty: any role).",
    )
    when_education_levels = ArrayField(
        models.CharField(max_length=20, choices=EducationLevel.choices),
        blank=True,
        default=list,
        help_text="Only for these education levels (empty: any).",
    )
    when_body = models.CharField(
        max_length=10,
        choices=CertifyingBodyChoice.choices,
        blank=True,
        help_text="Only when this certifying body is chosen (empty: any).",
    )
    when_state_requires_license = models.BooleanField(
        null=True,
        blank=True,
        help_text="Yes: only when the chosen state requires a license; No: only when it does "
        "not; empty: always (an undecided state matches only empty).",
    )
    when_route_needs = models.CharField(
        max_length=20,
        choices=RouteNeed.choices,
        blank=True,
        default=RouteNeed.ANY,
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["template__order", "order", "id"]

    def __str__(self) -> str:
        return f"{self.template}: {self.title}"

    @property
    def checklist_lines(self) -> list[str]:
        return [line.strip() for line in self.checklist.splitlines() if line.strip()]

    def as_info(self, target_roles: Iterable[str] | None = None) -> TemplateStep:
        """The planner's view of this step. `target_roles` (slugs) stands in for the
        many-to-many when the step is not saved yet (an editor's impact preview); otherwise
        the roles are read from `when_target_roles` (prefetch it)."""
        roles = (
            frozenset(target_roles)
            if target_roles is not None
            else frozenset(r.slug for r in self.when_target_roles.all())
        )
        return TemplateStep(
            key=self.key,
            kind=self.kind,
            title=self.title,
            phase=self.phase,
            guidance=self.guidance,
            duration_weeks=self.duration_weeks,
            cost_usd=self.cost_usd,
            cost_as_of=self.cost_as_of,
            link_to=self.link_to,
            checklist=tuple(self.checklist_lines),
            alongside_previous=self.alongside_previous,
            when_target_roles=roles,
            when_education_levels=frozenset(self.when_education_levels),
            when_body=self.when_body,
            when_state_requires_license=self.when_state_requires_license,
            when_route_needs=self.when_route_needs,
        )

    def clean(self) -> None:
        """Editors' text may use only the placeholders the planner fills (no stray braces);
        a step tied to the chosen route cannot be a job search or a license step."""
        errors: dict[str, list[str]] = {}
        known = ", ".join("{" + name + "}" for name in sorted(PLACEHOLDERS))
        # The Spanish text fills the same placeholders (the `_es` fields; see translation.py).
        checked = [(name, f"{name}_en") for name in ("title", "guidance", "checklist")]
        checked += [
            (f"{name}_es", f"{name}_es") for name in ("title", "guidance", "checklist")
        ]
        for name, column in checked:
            try:
                used = template_placeholders(getattr(self, column, None) or "")
            except ValueError:
                errors[name] = [
                    "Unbalanced braces: write {placeholder} or remove the brace."
                ]
                continue
            unknown = sorted(used - PLACEHOLDERS)
            if unknown:
                errors[name] = [
                    f"Unknown placeholder{'s' if len(unknown) > 1 else ''} "
                    + ", ".join("{" + u + "}" for u in unknown)
                    + f". Use: {known}."
                ]
        if self.when_route_needs and self.kind in (
            MilestoneKind.JOB_SEARCH,
            MilestoneKind.LICENSURE,
        ):
            errors.setdefault("when_route_needs", []).append(
                "Job-search and license steps belong to the whole plan: leave the route "
                "condition empty."
            )
        if errors:
            raise ValidationError(errors)


class ReminderLog(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    date = models.DateField()
    milestone_count = models.PositiveIntegerField(default=0)
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-date"]
        constraints = [
            # One digest per user per day: a restarted worker cannot send twice.
            models.UniqueConstraint(fields=["user", "date"], name="one_digest_per_day")
        ]

    def __str__(self) -> str:
        return f"{self.user} {self.date}"
