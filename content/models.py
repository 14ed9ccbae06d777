"""Career content: cited, editor-maintained facts about the medical-laboratory career.

Every fact-bearing record has a publish status, a last-reviewed date, its sources and a
change history. Only published records reach pages, search and the API.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import TYPE_CHECKING, Self, TypeVar

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator, URLValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from planner import eligibility, planning

http_url = URLValidator(
    schemes=["http", "https"],
    message="Enter a web address starting with http:// or https://.",
)


def not_in_future(value: dt.date | None) -> None:
    if value is not None and value > timezone.localdate():
        raise ValidationError(
            "An as-of date cannot be in the future (today is %(today)s).",
            params={"today": timezone.localdate().isoformat()},
            code="future_date",
        )


def text_lines(text: str) -> list[str]:
    """The non-blank lines of a one-item-per-line text field, stripped."""
    return [line.strip() for line in text.splitlines() if line.strip()]


class PublishStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")


# Review rule (issue 13): a record is due for review 12 months after someone last checked it
# against its sources, when nobody has (no date), or when one of its sources is older than
# that source's release cycle (BLS OEWS publishes yearly, so May 2023 data is due by May 2024).
REVIEW_INTERVAL_DAYS = 365


def add_months(day: dt.date, months: int) -> dt.date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return dt.date(year, month, min(day.day, 28))


class Program(models.TextChoices):
    """Program types whose length and tuition are cited (a role page shows its own)."""

    PHLEBOTOMY_COURSE = "phlebotomy_course", _("Phlebotomy training course")
    MLT_ASSOCIATE = "mlt_associate", _("Community-college associate degree (MLT)")
    MLS_BACHELOR = "mls_bachelor", _("Bachelor's degree (MLS)")
    MLS_POST_BACC = "mls_post_bacc", _("Post-baccalaureate certificate (MLS)")
    HISTOTECHNICIAN = "histotechnician", _("Histotechnician program")
    CYTOTECHNOLOGY = "cytotechnology", _("Cytotechnology program")


# Covariant, as QuerySet is (a `class ContentQuerySet[M]` would infer invariance): one
# prefetch_related() call can then mix Prefetches of different content models.
_M = TypeVar("_M", bound=models.Model, covariant=True)


class ContentQuerySet(models.QuerySet[_M]):
    def published(self) -> Self:
        return self.filter(status=PublishStatus.PUBLISHED)

    def needs_review(self, today: dt.date) -> Self:
        """Records never checked, checked over 12 months ago, or citing a source past its
        release cycle (see REVIEW_INTERVAL_DAYS)."""
        due = models.Q(last_reviewed__isnull=True) | models.Q(
            last_reviewed__lt=today - dt.timedelta(days=REVIEW_INTERVAL_DAYS)
        )
        if self.model is Source:
            due |= models.Q(pk__in=Source.stale_ids(today))
        elif any(f.name == "sources" for f in self.model._meta.get_fields()):
            due |= models.Q(sources__in=Source.stale_ids(today))
        return self.filter(pk__in=self.model._default_manager.filter(due).values("pk"))


class ContentRecord(models.Model):
    """Fields shared by every content model: workflow, review date and seed bookkeeping."""

    status = models.CharField(
        max_length=10, choices=PublishStatus.choices, default=PublishStatus.DRAFT
    )
    last_reviewed = models.DateField(
        null=True,
        blank=True,
        default=None,
        validators=[not_in_future],
        help_text="When someone last checked this record against its sources; empty = "
        "never (not the date it was created or loaded).",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # Fingerprint of the seed values this record was last written from (see load_content).
    seed_fingerprint = models.CharField(max_length=64, blank=True, editable=False)
    # Set before a save: django-simple-history stores it as that change's reason.
    _change_reason: str

    class Meta:
        abstract = True

    @property
    def is_published(self) -> bool:
        return self.status == PublishStatus.PUBLISHED

    def review_due(self, today: dt.date | None = None) -> bool:
        """Due for review: never checked, checked over 12 months ago, or (for a cited
        record, with `sources` prefetched) citing a source past its release cycle."""
        today = today or timezone.localdate()
        if self.last_reviewed is None or self.last_reviewed < today - dt.timedelta(
            days=REVIEW_INTERVAL_DAYS
        ):
            return True
        if isinstance(self, Source):
            return self.is_stale(today)
        sources = getattr(self, "sources", None)
        return sources is not None and any(s.is_stale(today) for s in sources.all())

    @property
    def is_review_due(self) -> bool:
        return self.review_due()


class CitedRecord(ContentRecord):
    """A fact-bearing record: cites at least one source when published."""

    sources = models.ManyToManyField(
        "content.Source", blank=True, related_name="%(class)s_set"
    )
    verified = models.BooleanField(
        default=True,
        help_text="Untick when the fact was not confirmed in a cited source; pages then say so.",
    )

    class Meta:
        abstract = True

    @property
    def published_sources(self) -> list[Source]:
        """The cited sources people may see (uses prefetched `sources`)."""
        return [s for s in self.sources.all() if s.status == PublishStatus.PUBLISHED]


class Source(ContentRecord):
    if TYPE_CHECKING:  # one column per language, added by django-modeltranslation
        as_of_label_en: str | None
        as_of_label_es: str | None

    key = models.SlugField(max_length=80, unique=True, help_text="Stable citation id.")
    title = models.CharField(max_length=300)
    publisher = models.CharField(max_length=200, blank=True)
    url = models.CharField("URL", max_length=500, blank=True, validators=[http_url])
    as_of = models.DateField(
        null=True,
        blank=True,
        validators=[not_in_future],
        help_text="Best known date of the cited page or data.",
    )
    as_of_label = models.CharField(
        max_length=200, blank=True, help_text='As cited, e.g. "May 2023 data".'
    )
    authority = models.CharField(
        max_length=10,
        choices=[("high", "High"), ("medium", "Medium"), ("low", "Low")],
        default="medium",
    )
    is_copy = models.BooleanField(
        "forum or document-sharing copy",
        default=False,
        help_text="A forum, wiki mirror or document-sharing copy: it may back only a fact "
        "marked not confirmed, and pages label it.",
    )
    release_cycle_months = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        help_text="How often the publisher releases new data (BLS OEWS: 12). Records "
        "citing this source are due for review once the as-of date is older than this.",
    )
    history = HistoricalRecords()

    objects = ContentQuerySet.as_manager()

    class Meta:
        ordering = ["title"]

    def __str__(self) -> str:
        return f"{self.title} ({self.publisher})" if self.publisher else self.title

    @property
    def date_label(self) -> str:
        """The source's date as shown to people: its label, its date, or "undated" (in the
        active language)."""
        from content.facts import source_date_label  # facts imports this module

        return source_date_label(self)

    def is_stale(self, today: dt.date) -> bool:
        """A newer release is due: the data is older than the publisher's release cycle."""
        if self.as_of is None or not self.release_cycle_months:
            return False
        return add_months(self.as_of, self.release_cycle_months) < today

    @classmethod
    def stale_ids(cls, today: dt.date) -> list[int]:
        return [
            s.pk
            for s in cls.objects.filter(
                as_of__isnull=False, release_cycle_months__isnull=False
            ).only("pk", "as_of", "release_cycle_months")
            if s.is_stale(today)
        ]


class WorkSetting(CitedRecord):
    slug = models.SlugField(max_length=80, unique=True)
    name = models.CharField(max_length=200)
    notes = models.TextField(blank=True)
    order = models.PositiveIntegerField(default=0)
    history = HistoricalRecords()

    objects = ContentQuerySet.as_manager()

    class Meta:
        ordering = ["order", "name"]

    def __str__(self) -> str:
        return self.name


class Skill(CitedRecord):
    slug = models.SlugField(max_length=80, unique=True)
    name = models.CharField(max_length=200)
    order = models.PositiveIntegerField(default=0)
    history = HistoricalRecords()

    objects = ContentQuerySet.as_manager()

    class Meta:
        ordering = ["order", "name"]

    def __str__(self) -> str:
        return self.name


class RoleQuerySet(ContentQuerySet["Role"]):
    def for_list(self) -> Self:
        return self.prefetch_related(
            models.Prefetch("sources", Source.objects.order_by("title")),
            models.Prefetch(
                "advances_to",
                Role.objects.published().order_by("career_level", "title"),
            ),
        )

    def for_api(self) -> Self:
        """The list joins plus the roles each builds on (the API shows them)."""
        return self.for_list().prefetch_related(
            models.Prefetch("builds_on", Role.objects.published().only("slug"))
        )

    def for_detail(self) -> Self:
        """A role's page: its work settings, skills and certifications, without their
        sources; the page attaches its ladder neighbours and the sources of everything it
        cites (`Role.cited_records`) with `content.prefetch`, one query each."""
        return self.prefetch_related(
            models.Prefetch("work_settings", WorkSetting.objects.published()),
            models.Prefetch("skills", Skill.objects.published()),
            models.Prefetch(
                "certifications",
                Certification.objects.published().select_related("body"),
            ),
        )


class Role(CitedRecord):
    if TYPE_CHECKING:  # one column per language, added by django-modeltranslation
        title_en: str | None
        title_es: str | None
        summary_en: str | None
        summary_es: str | None

    slug = models.SlugField(max_length=80, unique=True)
    title = models.CharField(max_length=200)
    short_title = models.CharField(max_length=40, blank=True, help_text='e.g. "MLT".')
    also_called = models.CharField(max_length=300, blank=True)
    summary = models.TextField()
    duties = models.TextField(blank=True, help_text="One duty per line.")
    typical_education = models.TextField(blank=True)
    supervision = models.TextField(blank=True)
    career_level = models.PositiveSmallIntegerField(
        default=1, help_text="1 = entry level; higher levels sit further up the ladder."
    )
    advances_to = models.ManyToManyField(
        "self", symmetrical=False, blank=True, related_name="advanced_from"
    )
    builds_on = models.ManyToManyField(
        "self",
        symmetrical=False,
        blank=True,
        related_name="built_on_by",
        help_text=(
            "Roles whose credential this role stands on (a supervisor builds on the MLS): "
            "plans for this role include that credential's steps when the person lacks it."
        ),
    )
    onet_code = models.CharField("O*NET code", max_length=20, blank=True)
    onet_title = models.CharField("O*NET title", max_length=200, blank=True)
    onet_code_verified = models.BooleanField("O*NET code confirmed", default=True)
    oews_code = models.CharField(
        "BLS OEWS occupation code",
        max_length=20,
        blank=True,
        help_text="The occupation BLS publishes this role's pay under, as published: recent "
        "OEWS releases combine technologists and technicians as 29-2010; phlebotomists are "
        "31-9097. Empty = BLS publishes no figure for this role.",
    )
    program = models.CharField(
        "education program",
        max_length=30,
        choices=Program.choices,
        blank=True,
        help_text="The program type whose time and tuition facts this role page shows.",
    )
    notes = models.TextField(blank=True)
    work_settings = models.ManyToManyField(
        WorkSetting, blank=True, related_name="roles"
    )
    skills = models.ManyToManyField(Skill, blank=True, related_name="roles")
    history = HistoricalRecords()

    objects = RoleQuerySet.as_manager()

    class Meta:
        ordering = ["career_level", "title"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("content:role_detail", args=[self.slug])

    @property
    def duty_list(self) -> list[str]:
        return text_lines(self.duties)

    def as_info(self) -> planning.RoleInfo:
        """For the planner (prefetch `builds_on`)."""
        return planning.RoleInfo(
            slug=self.slug,
            title=self.title,
            short_title=self.short_title,
            builds_on=tuple(r.slug for r in self.builds_on.all()),
        )

    @property
    def label(self) -> str:
        return self.short_title or self.title

    @property
    def programs(self) -> tuple[str, ...]:
        return programs_for(self.program)

    def cited_records(self) -> list[CitedRecord]:
        """What the role's page cites (prefetched by `for_detail`): the role, its work
        settings, skills and certifications."""
        return [
            self,
            *self.work_settings.all(),
            *self.skills.all(),
            *self.certifications.all(),
        ]


class AccreditingBody(CitedRecord):
    slug = models.SlugField(max_length=40, unique=True)
    name = models.CharField(max_length=200)
    url = models.CharField("URL", max_length=500, blank=True, validators=[http_url])
    location = models.CharField(max_length=200, blank=True)
    recognized_by = models.CharField(max_length=200, blank=True)
    accredits = models.TextField(blank=True, help_text="One programme type per line.")
    facts = models.TextField(blank=True, help_text="One fact per line.")
    history = HistoricalRecords()

    objects = ContentQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "accrediting bodies"

    def __str__(self) -> str:
        return self.name


class EducationPathway(CitedRecord):
    class Kind(models.TextChoices):
        CERTIFICATE = "certificate", _("Certificate")
        ASSOCIATE = "associate", _("Associate degree")
        BACHELOR = "bachelor", _("Bachelor's degree")
        POST_BACCALAUREATE = "post_baccalaureate", _("Post-baccalaureate")
        MILITARY = "military", _("Military training")
        EXPERIENCE = "experience", _("Experience route")

    slug = models.SlugField(max_length=80, unique=True)
    name = models.CharField(max_length=300)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    length = models.CharField(max_length=200, blank=True)
    leads_to = models.TextField(blank=True)
    includes_clinical = models.BooleanField(default=False)
    notes = models.TextField(blank=True)
    accreditors = models.ManyToManyField(
        AccreditingBody, blank=True, related_name="pathways"
    )
    order = models.PositiveIntegerField(default=0)
    history = HistoricalRecords()

    objects = ContentQuerySet.as_manager()

    class Meta:
        ordering = ["order", "name"]

    def __str__(self) -> str:
        return self.name


class Coursework(CitedRecord):
    slug = models.SlugField(max_length=80, unique=True)
    name = models.CharField(max_length=200)
    order = models.PositiveIntegerField(default=0)
    history = HistoricalRecords()

    objects = ContentQuerySet.as_manager()

    class Meta:
        ordering = ["order", "name"]
        verbose_name_plural = "coursework"

    def __str__(self) -> str:
        return self.name


class ClinicalRotation(CitedRecord):
    slug = models.SlugField(max_length=80, unique=True)
    name = models.CharField(max_length=200)
    order = models.PositiveIntegerField(default=0)
    history = HistoricalRecords()

    objects = ContentQuerySet.as_manager()

    class Meta:
        ordering = ["order", "name"]

    def __str__(self) -> str:
        return self.name


class CertifyingBody(CitedRecord):
    slug = models.SlugField(max_length=20, unique=True, help_text="ascp or amt.")
    name = models.CharField(max_length=200)
    short_name = models.CharField(max_length=20, blank=True)
    url = models.CharField("URL", max_length=500, blank=True, validators=[http_url])
    history = HistoricalRecords()

    objects = ContentQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "certifying bodies"

    def __str__(self) -> str:
        return self.short_name or self.name


class CertificationQuerySet(ContentQuerySet["Certification"]):
    def for_list(self) -> Self:
        return self.select_related("body", "role").prefetch_related(
            models.Prefetch("sources", Source.objects.order_by("title"))
        )

    def for_detail(self) -> Self:
        return self.for_list().prefetch_related(
            models.Prefetch(
                "routes",
                EligibilityRoute.objects.published().prefetch_related(
                    "sources",
                    models.Prefetch(
                        "requirement_items", RouteRequirement.objects.published()
                    ),
                ),
            )
        )


class Certification(CitedRecord):
    slug = models.SlugField(max_length=40, unique=True)
    name = models.CharField(max_length=200)
    abbreviation = models.CharField(max_length=40, help_text="e.g. MLT(ASCP).")
    body = models.ForeignKey(
        CertifyingBody, on_delete=models.PROTECT, related_name="certifications"
    )
    role = models.ForeignKey(
        Role, on_delete=models.PROTECT, related_name="certifications"
    )
    notes = models.TextField(blank=True)
    exam_format = models.CharField(max_length=300, blank=True)
    exam_questions = models.PositiveIntegerField(null=True, blank=True)
    exam_time = models.CharField(max_length=100, blank=True)
    exam_content_areas = models.TextField(blank=True, help_text="One area per line.")
    exam_notes = models.TextField(blank=True)
    exam_fee_usd = models.DecimalField(
        "exam fee (USD)", max_digits=8, decimal_places=2, null=True, blank=True
    )
    exam_fee_as_of = models.CharField(max_length=100, blank=True)
    exam_verified = models.BooleanField(default=True)
    renewal_program = models.CharField(max_length=200, blank=True)
    renewal_cycle_years = models.PositiveSmallIntegerField(null=True, blank=True)
    renewal_points = models.PositiveSmallIntegerField(null=True, blank=True)
    renewal_required_categories = models.TextField(blank=True)
    renewal_annual_fee_usd = models.DecimalField(
        max_digits=8, decimal_places=2, null=True, blank=True
    )
    renewal_fee_as_of = models.CharField(
        max_length=100, blank=True, help_text="As cited; empty = date not stated."
    )
    renewal_notes = models.TextField(blank=True)
    renewal_verified = models.BooleanField(default=True)
    order = models.PositiveIntegerField(default=0)
    history = HistoricalRecords()

    objects = CertificationQuerySet.as_manager()

    class Meta:
        ordering = ["order", "abbreviation"]

    def __str__(self) -> str:
        return self.abbreviation

    def get_absolute_url(self) -> str:
        return reverse("content:certification_detail", args=[self.slug])

    @property
    def content_area_list(self) -> list[str]:
        return text_lines(self.exam_content_areas)

    def as_info(self) -> planning.CertificationInfo:
        """For the planner (select `body`, `role`; prefetch routes and their requirements)."""
        return planning.CertificationInfo(
            slug=self.slug,
            name=self.name,
            abbreviation=self.abbreviation,
            body=self.body.slug,
            body_name=self.body.name,
            role=self.role.slug,
            routes=tuple(r.as_info() for r in self.routes.all()),
            exam_fee_usd=self.exam_fee_usd,
            exam_fee_as_of=self.exam_fee_as_of,
            renewal_program=self.renewal_program,
            renewal_cycle_years=self.renewal_cycle_years,
            renewal_points=self.renewal_points,
            renewal_required_categories=self.renewal_required_categories,
            url=self.get_absolute_url(),
            body_url=self.body.url,
        )

    def renewal_rules(self) -> planning.RenewalRules:
        return planning.RenewalRules(
            program=self.renewal_program,
            cycle_years=self.renewal_cycle_years,
            points=self.renewal_points,
            required_categories=self.renewal_required_categories,
        )

    @property
    def has_exam_facts(self) -> bool:
        return bool(
            self.exam_format
            or self.exam_questions
            or self.exam_fee_usd
            or self.exam_notes
        )


class EligibilityRoute(CitedRecord):
    """One way to qualify for an exam: its requirements are `requirement_items`."""

    certification = models.ForeignKey(
        Certification, on_delete=models.CASCADE, related_name="routes"
    )
    code = models.CharField(max_length=20, help_text='Route label, e.g. "1".')
    order = models.PositiveIntegerField(default=0)
    requirements = models.TextField(
        help_text="The requirements as the body states them (shown to people)."
    )
    is_active = models.BooleanField(
        default=True, help_text="Untick for discontinued routes."
    )
    history = HistoricalRecords()

    objects = ContentQuerySet.as_manager()

    class Meta:
        ordering = ["certification", "order", "code"]
        constraints = [
            models.UniqueConstraint(
                fields=["certification", "code"], name="unique_route_code"
            )
        ]

    def __str__(self) -> str:
        return f"{self.certification} route {self.code}"

    def as_info(self) -> planning.RouteInfo:
        return planning.RouteInfo(
            code=self.code,
            order=self.order,
            requirements=self.requirements,
            items=tuple(r.as_spec() for r in self.requirement_items.all()),
            is_active=self.is_active,
            verified=self.verified,
        )


@deconstructible
class ValuesIn:
    """Validates that every item of a list field is one of `allowed`."""

    def __init__(self, allowed: list[str], what: str) -> None:
        self.allowed = sorted(allowed)
        self.what = what

    def __call__(self, values: list[str] | None) -> None:
        unknown = sorted(set(values or ()) - set(self.allowed))
        if unknown:
            raise ValidationError(
                "Unknown %(what)s: %(unknown)s. Use: %(allowed)s.",
                params={
                    "what": self.what,
                    "unknown": ", ".join(unknown),
                    "allowed": ", ".join(self.allowed),
                },
                code="unknown_value",
            )

    def __eq__(self, other: object) -> bool:
        return (
            isinstance(other, ValuesIn)
            and other.allowed == self.allowed
            and other.what == self.what
        )

    def __hash__(self) -> int:
        return hash((tuple(self.allowed), self.what))


DEGREE_FIELD_VALUES = {*eligibility.DegreeField.values, eligibility.SCIENCE}
SUBJECT_VALUES = {*eligibility.Subject.values, eligibility.BIOLOGY_CHEMISTRY}


class Requirement(CitedRecord):
    """One typed requirement (see planner/eligibility.py for how each kind is decided)."""

    order = models.PositiveIntegerField(default=0)
    option = models.PositiveSmallIntegerField(
        default=0,
        help_text="0 = always required. Rows sharing a number above 0 are one alternative: "
        "the list is met when at least one alternative is met in full.",
    )
    kind = models.CharField(max_length=20, choices=eligibility.RequirementKind.choices)
    text = models.CharField(
        max_length=300,
        help_text="Short wording shown to people, e.g. “Associate degree or 60 semester hours”.",
    )
    degree_level = models.CharField(
        max_length=20, choices=eligibility.DegreeLevel.choices, blank=True
    )
    degree_fields = ArrayField(
        models.CharField(max_length=40),
        blank=True,
        default=list,
        validators=[ValuesIn(sorted(DEGREE_FIELD_VALUES), "degree field")],
        help_text="Empty = any field; “science” = any science.",
    )
    subject = models.CharField(max_length=30, blank=True)
    semester_hours = models.DecimalField(
        max_digits=5, decimal_places=1, null=True, blank=True
    )
    program_kind = models.CharField(
        max_length=20, choices=eligibility.ProgramKind.choices, blank=True
    )
    accreditors = models.CharField(max_length=100, blank=True)
    within_years = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        help_text="Programme or experience recency, if the source sets one.",
    )
    months = models.PositiveIntegerField(
        null=True,
        blank=True,
        help_text="Experience: months of full-time work; empty = not confirmed.",
    )
    disciplines = ArrayField(
        models.CharField(max_length=30),
        blank=True,
        default=list,
        validators=[ValuesIn(eligibility.Discipline.values, "discipline")],
        help_text="Experience counted in any of these; empty = any.",
    )
    credentials = ArrayField(
        models.CharField(max_length=40),
        blank=True,
        default=list,
        help_text="Credential: certification slugs, any of which counts.",
    )

    class Meta:
        abstract = True
        ordering = ["option", "order", "id"]

    def __str__(self) -> str:
        return self.text

    def clean(self) -> None:
        kind = eligibility.RequirementKind
        errors: dict[str, str] = {}
        if self.kind == kind.DEGREE and not self.degree_level:
            errors["degree_level"] = "A degree requirement needs a level."
        if self.kind == kind.COURSEWORK:
            if self.subject not in SUBJECT_VALUES:
                errors["subject"] = f"Use one of: {', '.join(sorted(SUBJECT_VALUES))}."
            if not self.semester_hours:
                errors["semester_hours"] = "Coursework needs its semester hours."
        if self.kind == kind.PROGRAM and not self.program_kind:
            errors["program_kind"] = "A programme requirement needs the programme kind."
        if self.kind == kind.CREDENTIAL and not self.credentials:
            errors["credentials"] = "List the certification slugs that count."
        if errors:
            raise ValidationError(errors)

    def as_spec(self) -> eligibility.Requirement:
        return eligibility.Requirement(
            kind=self.kind,
            text=self.text,
            level=self.degree_level,
            fields=frozenset(self.degree_fields),
            subject=self.subject,
            hours=self.semester_hours or Decimal(0),
            program=self.program_kind,
            accreditors=self.accreditors,
            within_years=self.within_years,
            months=self.months or 0,
            disciplines=frozenset(self.disciplines),
            credentials=frozenset(self.credentials),
            option=self.option,
            verified=self.verified,
        )


class RouteRequirement(Requirement):
    route = models.ForeignKey(
        EligibilityRoute, on_delete=models.CASCADE, related_name="requirement_items"
    )
    history = HistoricalRecords()

    objects = ContentQuerySet.as_manager()

    class Meta(Requirement.Meta):
        pass


class StateLicensureQuerySet(ContentQuerySet["StateLicensure"]):
    def for_list(self) -> Self:
        return self.prefetch_related(
            models.Prefetch("sources", Source.objects.order_by("title"))
        )

    def for_detail(self) -> Self:
        return self.for_list().prefetch_related(
            models.Prefetch(
                "steps", LicenseStep.objects.published().prefetch_related("sources")
            )
        )

    def with_categories(self, *, drafts: bool = False) -> Self:
        """Each state's published (or, to preview, all) license categories, ready to show."""
        categories = LicenseCategory.objects.all()
        if not drafts:
            categories = categories.published()
        return self.prefetch_related(
            models.Prefetch("categories", categories.for_display())
        )

    def with_category_roles(self) -> Self:
        """Only what the role-colored map needs: categories and their role ids."""
        return self.prefetch_related(
            models.Prefetch(
                "categories",
                LicenseCategory.objects.published().prefetch_related(
                    models.Prefetch("roles", Role.objects.published().only("pk"))
                ),
            )
        )


class StateLicensure(CitedRecord):
    code = models.CharField(
        max_length=2,
        unique=True,
        validators=[
            RegexValidator(r"^[A-Z]{2}$", "Use the two-letter uppercase code.")
        ],
    )
    name = models.CharField(max_length=100)
    requires_license = models.BooleanField(default=False)
    board_name = models.CharField(max_length=300, blank=True)
    board_url = models.CharField(
        "board URL", max_length=500, blank=True, validators=[http_url]
    )
    law_url = models.CharField(
        "law URL", max_length=500, blank=True, validators=[http_url]
    )
    mlt_license_available = models.CharField(
        "MLT licence available",
        max_length=10,
        choices=[("yes", "Yes"), ("no", "No"), ("unknown", "Unknown")],
        default="unknown",
    )
    license_levels = models.TextField(
        "licence levels", blank=True, help_text="One licence level per line."
    )
    notes = models.TextField(blank=True)
    application_fee_usd = models.DecimalField(
        max_digits=8, decimal_places=2, null=True, blank=True
    )
    fee_as_of = models.CharField(max_length=100, blank=True)
    processing_note = models.TextField(blank=True)
    history = HistoricalRecords()

    objects = StateLicensureQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = "state licensure"
        verbose_name_plural = "state licensure"

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"

    def get_absolute_url(self) -> str:
        return reverse("content:state_detail", args=[self.code])

    @property
    def license_level_list(self) -> list[str]:
        return text_lines(self.license_levels)

    def as_info(self) -> planning.StateInfo:
        """For the planner (prefetch published `steps` and `categories` with roles, items)."""
        return planning.StateInfo(
            code=self.code,
            name=self.name,
            requires_license=self.requires_license,
            board_name=self.board_name,
            board_url=self.board_url,
            application_fee_usd=self.application_fee_usd,
            fee_as_of=self.fee_as_of,
            processing_note=self.processing_note,
            url=self.get_absolute_url(),
            steps=tuple(
                planning.LicenseStepInfo(
                    order=s.order, kind=s.kind, title=s.title, description=s.description
                )
                for s in self.steps.all()
            ),
            categories=tuple(c.as_info() for c in self.categories.all()),
        )


class LicenseStep(CitedRecord):
    class Kind(models.TextChoices):
        EDUCATION = "education", _("Education")
        CERTIFICATION = "certification", _("National certification")
        APPLICATION = "application", _("Application")
        BACKGROUND_CHECK = "background_check", _("Background check")
        FEES = "fees", _("Fees")
        OTHER = "other", _("Other")

    state = models.ForeignKey(
        StateLicensure, on_delete=models.CASCADE, related_name="steps"
    )
    order = models.PositiveIntegerField(default=0)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    history = HistoricalRecords()

    objects = ContentQuerySet.as_manager()

    class Meta:
        ordering = ["state", "order"]
        constraints = [
            models.UniqueConstraint(fields=["state", "order"], name="unique_step_order")
        ]

    def __str__(self) -> str:
        return f"{self.state.code} step {self.order}: {self.title}"


class LicenseCategoryQuerySet(ContentQuerySet["LicenseCategory"]):
    def for_display(self) -> Self:
        """Categories with their roles, sources and published requirement rows."""
        return self.prefetch_related(
            models.Prefetch(
                "roles", Role.objects.published().order_by("career_level", "title")
            ),
            models.Prefetch("sources", Source.objects.order_by("title")),
            models.Prefetch(
                "requirement_items", LicenseRequirement.objects.published()
            ),
        )


class LicenseCategory(CitedRecord):
    """One licence, certificate or trainee permit a jurisdiction issues, for the roles it covers."""

    class Kind(models.TextChoices):
        LICENSE = "license", _("License")
        TRAINEE = "trainee", _("Trainee license (needed before clinical training)")
        CERTIFICATE = "certificate", _("State certificate")
        CONFIRM = "confirm", _("Not confirmed: check with the board")
        # A cited exclusion (e.g. Florida's law leaves phlebotomists out of licensed personnel).
        NOT_REQUIRED = "not_required", _("No license for this role (cited)")

    state = models.ForeignKey(
        StateLicensure, on_delete=models.CASCADE, related_name="categories"
    )
    slug = models.SlugField(
        max_length=80, help_text="Unique within the state, e.g. “cls”."
    )
    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.LICENSE)
    roles = models.ManyToManyField(Role, blank=True, related_name="license_categories")
    summary = models.TextField(blank=True)
    steps = models.TextField(blank=True, help_text="One application step per line.")
    fee_usd = models.DecimalField(
        "fee (USD)", max_digits=8, decimal_places=2, null=True, blank=True
    )
    fee_as_of = models.CharField(
        max_length=100,
        blank=True,
        help_text='As cited, e.g. "2022-06-02"; empty = date not stated.',
    )
    fee_verified = models.BooleanField(
        "fee confirmed",
        default=True,
        help_text="Untick when the fee was not confirmed in a cited source.",
    )
    renewal_cycle_years = models.PositiveSmallIntegerField(null=True, blank=True)
    renewal_ce_hours = models.PositiveSmallIntegerField(
        "renewal CE hours", null=True, blank=True
    )
    renewal_notes = models.TextField(blank=True)
    board_name = models.CharField(
        max_length=300, blank=True, help_text="Empty = the state's board."
    )
    board_url = models.CharField(
        "board URL", max_length=500, blank=True, validators=[http_url]
    )
    accepted_certifications = models.TextField(
        blank=True,
        help_text="National certifications or exams the board accepts, as cited; one per "
        "line. Empty = not confirmed.",
    )
    processing_note = models.TextField(
        blank=True, help_text="How long the board takes, as cited."
    )
    notes = models.TextField(blank=True)
    order = models.PositiveIntegerField(default=0)
    history = HistoricalRecords()

    objects = LicenseCategoryQuerySet.as_manager()

    class Meta:
        ordering = ["state", "order", "name"]
        verbose_name_plural = "license categories"
        constraints = [
            models.UniqueConstraint(
                fields=["state", "slug"], name="unique_license_category_slug"
            )
        ]

    def __str__(self) -> str:
        return f"{self.state.code}: {self.name}"

    @property
    def step_list(self) -> list[str]:
        return text_lines(self.steps)

    def as_info(self) -> planning.LicenseCategoryInfo:
        return planning.LicenseCategoryInfo(
            slug=self.slug,
            name=self.name,
            kind=self.kind,
            roles=frozenset(r.slug for r in self.roles.all()),
            requirements=tuple(r.as_spec() for r in self.requirement_items.all()),
            steps=tuple(self.step_list),
            fee_usd=self.fee_usd,
            fee_as_of=self.fee_as_of,
            renewal_cycle_years=self.renewal_cycle_years,
            renewal_ce_hours=self.renewal_ce_hours,
            board_name=self.board_name,
            board_url=self.board_url,
            summary=self.summary,
            processing_note=self.processing_note,
            fee_verified=self.fee_verified,
            verified=self.verified,
            order=self.order,
        )

    @property
    def accepted_certification_list(self) -> list[str]:
        return text_lines(self.accepted_certifications)

    @property
    def board_label(self) -> str:
        """The board that issues this category (the state's board unless set here)."""
        return self.board_name or self.state.board_name

    @property
    def board_link(self) -> str:
        return self.board_url or self.state.board_url


class LicenseRequirement(Requirement):
    category = models.ForeignKey(
        LicenseCategory, on_delete=models.CASCADE, related_name="requirement_items"
    )
    history = HistoricalRecords()

    objects = ContentQuerySet.as_manager()

    class Meta(Requirement.Meta):
        pass


class Measure(models.TextChoices):
    ANNUAL_MEDIAN = "annual_median", _("Median annual wage")
    ANNUAL_MEAN = "annual_mean", _("Mean annual wage")
    HOURLY_MEDIAN = "hourly_median", _("Median hourly wage")
    HOURLY_MEAN = "hourly_mean", _("Mean hourly wage")
    ANNUAL_P10 = "annual_p10", _("Annual wage, 10th percentile")
    ANNUAL_P25 = "annual_p25", _("Annual wage, 25th percentile")
    ANNUAL_P75 = "annual_p75", _("Annual wage, 75th percentile")
    ANNUAL_P90 = "annual_p90", _("Annual wage, 90th percentile")
    EMPLOYMENT = "employment", _("Employment")
    GROWTH = "growth", _("Projected growth")
    CHANGE = "change", _("Projected change")
    OPENINGS = "openings", _("Average annual openings")
    OTHER = "other", _("Other")


PAY_MEASURES = (Measure.ANNUAL_MEDIAN, Measure.ANNUAL_MEAN)


class OutlookFigureQuerySet(ContentQuerySet["OutlookFigure"]):
    def with_sources(self) -> Self:
        return self.prefetch_related(
            models.Prefetch("sources", Source.objects.order_by("title"))
        )


class OutlookFigure(CitedRecord):
    slug = models.SlugField(max_length=80, unique=True)
    figure = models.CharField(max_length=200)
    value = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True)
    value_text = models.CharField(
        max_length=300, blank=True, help_text="For figures that are not numbers."
    )
    unit = models.CharField(max_length=200)
    as_of = models.CharField(max_length=100, help_text='As cited, e.g. "May 2023".')
    as_of_date = models.DateField(
        null=True,
        blank=True,
        validators=[not_in_future],
        help_text="The data period as a date (for sorting and charts).",
    )
    chart_label = models.CharField(
        max_length=100,
        blank=True,
        help_text="Short bar label; figures with a label are charted with others of the same as-of.",
    )
    occupation_code = models.CharField(
        max_length=20,
        blank=True,
        help_text="The occupation the figure is for, as the source publishes it "
        '(e.g. "29-2010" for technologists and technicians combined, "31-9097").',
    )
    occupation = models.CharField(
        max_length=200, blank=True, help_text="The occupation's name as published."
    )
    state_code = models.CharField(
        max_length=2, blank=True, help_text="Two-letter state code; empty = national."
    )
    measure = models.CharField(
        max_length=20, choices=Measure.choices, blank=True, default=""
    )
    quote = models.TextField(
        blank=True, help_text="The source's words the figure was copied from."
    )
    notes = models.TextField(blank=True)
    order = models.PositiveIntegerField(default=0)
    history = HistoricalRecords()

    objects = OutlookFigureQuerySet.as_manager()

    class Meta:
        ordering = ["order", "figure"]

    def __str__(self) -> str:
        return f"{self.figure} ({self.as_of})"

    @property
    def display_value(self) -> str:
        if self.value is None:
            return self.value_text or "not available"
        number = self.value.normalize()
        if "USD" in self.unit:
            if number == number.to_integral_value():
                return f"${number:,.0f}"
            return f"${self.value:,.2f}"
        if self.unit.startswith("percent"):
            return f"{number:,.0f}%"
        return f"{number:,.0f}"


# A degree holder reaches the MLS through a post-baccalaureate certificate instead of a
# bachelor's program, so an MLS page shows both; other roles have one program type.
PROGRAM_ALTERNATIVES: dict[str, tuple[str, ...]] = {
    Program.MLS_BACHELOR: (Program.MLS_BACHELOR, Program.MLS_POST_BACC),
}


def programs_for(program: str) -> tuple[str, ...]:
    if not program:
        return ()
    return PROGRAM_ALTERNATIVES.get(program, (program,))


class ProgramFact(CitedRecord):
    """How long a program type takes or what it costs, as one cited source states it."""

    class Topic(models.TextChoices):
        TIME = "time", _("Time to qualify")
        TUITION = "tuition", _("Tuition and fees")

    slug = models.SlugField(max_length=100, unique=True)
    program = models.CharField(max_length=30, choices=Program.choices)
    topic = models.CharField(max_length=10, choices=Topic.choices)
    text = models.CharField(
        max_length=300, help_text="As shown, e.g. “About 2 years full time”."
    )
    low = models.DecimalField(max_digits=10, decimal_places=2, null=True, blank=True)
    high = models.DecimalField(max_digits=10, decimal_places=2, null=True, blank=True)
    unit = models.CharField(
        max_length=40, blank=True, help_text="“USD” for tuition; “months” for time."
    )
    as_of = models.CharField(
        max_length=100, blank=True, help_text="As cited; empty = date not stated."
    )
    example = models.CharField(
        max_length=200, blank=True, help_text="The school or program the figure is for."
    )
    quote = models.TextField(blank=True)
    notes = models.TextField(blank=True)
    order = models.PositiveIntegerField(default=0)
    history = HistoricalRecords()

    objects = ContentQuerySet.as_manager()

    class Meta:
        ordering = ["program", "topic", "order", "slug"]

    def __str__(self) -> str:
        return f"{self.get_program_display()}: {self.get_topic_display()}"

    @property
    def as_of_display(self) -> str:
        return self.as_of or "date not stated"


class FAQ(CitedRecord):
    slug = models.SlugField(max_length=100, unique=True)
    question = models.CharField(max_length=300)
    answer = models.TextField()
    order = models.PositiveIntegerField(default=0)
    history = HistoricalRecords()

    objects = ContentQuerySet.as_manager()

    class Meta:
        ordering = ["order", "question"]
        verbose_name = "FAQ"
        verbose_name_plural = "FAQs"

    def __str__(self) -> str:
        return self.question

    def get_absolute_url(self) -> str:
        return reverse("content:faq") + f"#{self.slug}"


class Guide(CitedRecord):
    slug = models.SlugField(max_length=100, unique=True)
    title = models.CharField(max_length=200)
    summary = models.TextField(blank=True)
    body = models.TextField(
        help_text="Markdown. HTML is sanitised when the guide is shown."
    )
    order = models.PositiveIntegerField(default=0)
    history = HistoricalRecords()

    objects = ContentQuerySet.as_manager()

    class Meta:
        ordering = ["order", "title"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("content:guide_detail", args=[self.slug])


class SearchDocument(models.Model):
    """One published record in site search, kept in sync when content is saved or seeded."""

    class Kind(models.TextChoices):
        ROLE = "role", _("Role")
        CERTIFICATION = "certification", _("Certification")
        STATE = "state", _("State licensure")
        FAQ = "faq", _("FAQ")
        GUIDE = "guide", _("Guide")
        OUTLOOK = "outlook", _("Pay and outlook")
        FACT = "fact", _("Time and cost")

    kind = models.CharField(max_length=20, choices=Kind.choices)
    object_id = models.PositiveBigIntegerField()
    # Each record is indexed once per language, with that language's text-search
    # configuration (content/search.py); search reads the active language's documents.
    language = models.CharField(max_length=5, default="en")
    title = models.CharField(max_length=300)
    body = models.TextField()
    url = models.CharField(max_length=300)
    boost = models.FloatField(default=1.0)
    search_vector = SearchVectorField(null=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["kind", "title"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "object_id", "language"], name="unique_search_doc"
            )
        ]
        indexes = [
            GinIndex(fields=["search_vector"], name="content_search_vector_gin"),
            GinIndex(
                fields=["title"],
                name="content_search_title_trgm",
                opclasses=["gin_trgm_ops"],
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.title}"


class ContentVersion(models.Model):
    """A single row whose counter changes whenever any content is saved (ETags, page cache)."""

    version = models.PositiveBigIntegerField(default=1)
    changed_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"content version {self.version}"


class Draft(models.Model):
    """An editor's pending changes to a published record, kept beside it (see content.drafts).

    The public site, the API, plans and onboarding read the record itself, so they keep the
    published version until an editor publishes the draft; a staff preview shows the draft.
    """

    content_type = models.ForeignKey(
        "contenttypes.ContentType", on_delete=models.CASCADE
    )
    object_id = models.PositiveBigIntegerField()
    data = models.JSONField(
        help_text="The changed record's field values, by field name."
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-updated_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id"], name="one_draft_per_record"
            )
        ]

    def __str__(self) -> str:
        return f"Draft of {self.content_type.name} #{self.object_id}"
