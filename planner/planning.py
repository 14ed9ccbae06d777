"""Plan-generation rules: plain Python on dataclasses (no ORM, request or settings).

Public API (the services, views and API build on these names):

- Enums (``TextChoices``): ``EducationLevel``, ``StudyPace``, ``MilestoneKind``,
  ``MilestoneStatus``, ``CertifyingBodyChoice``, ``RouteNeed``, ``StepLink``.
- ``PlanAnswers``: what the planner asked: target role, education level, state, certifying
  body, pace, start date, and the background answers (credentials held, experience months by
  discipline, coursework hours by subject, programs completed, degree field, preferred route).
- ``PlanningContext``: a snapshot of the content the rules need (roles with the roles they build
  on, certifications with their routes of typed requirements and renewal rules, the chosen
  state with its license categories, and the pathway-template steps in order).
  ``planner.selectors.load_context`` builds it from the database; tests build it from the same
  seeded YAML.
- ``build_plan(answers, *, context, today, progress=None, earned=frozenset())`` -> ``PlanResult``:
  dated ``StepPlan`` milestones, ``estimated_finish``, cost, the chosen body and route, every
  route considered (``routes``) and warnings. ``progress`` carries the dates and status of an
  existing plan's milestones (re-planning); ``earned`` the credentials whose exam it passed.

Rules in short:
- Eligibility is decided by ``planner.eligibility.evaluate`` from the whole background; a route
  is *met* only when every requirement is met and the route and all its requirements are
  confirmed from a source. Milestones come only from what is missing (degree, coursework,
  program, experience) through the pathway-template steps whose ``when_route_needs`` matches.
- The ladder chains: a credential a route requires (MLS(ASCP) Route 2 needs MLT(ASCP)) is
  planned first, by its own best route, when the person lacks it; a role that builds on another
  (supervisor, manager, lead technologist on the MLS) plans that role's credential first.
- Route choice per credential: the person's ``preferred_route`` when it can be planned;
  otherwise met routes first, then confirmed ones, then the soonest finish, the lowest cost,
  the editors' order. Routes that need a credential the planner cannot reach, or a military
  course the person has not done, are listed as not feasible. A credential with no usable
  route gets a "confirm your route with <body>" step before its exam: an exam is never dropped.
- "Help me choose": the body whose route is met, else confirmed, else finishes soonest; a tie
  goes to ASCP (the body of most credentials in our data).
- Licensure per role: in a licensing state the plan uses the state's license categories for
  the target role: a trainee license before clinical training, the license after the exam,
  what the license asks that the person lacks before the application, and its renewal as a
  dated step. A licensing state with no confirmed category for the role gets a "confirm with
  the board" step. States without licensure add nothing.
- Milestones belong to their credential: steps linked to a certification (exam, confirm, CE)
  are keyed by the certification's slug, so re-planning never moves progress between
  credentials. Shared steps (a degree, a program) keep their template key.
- Dates: steps run one after another from the start date; ``alongside_previous`` starts a step
  with the one before it. Part-time doubles education and clinical training. Experience is in
  months of full-time work (1 month = 30.44 days). A step the person started or finished keeps
  its dates and the steps after it start from them; a step not started whose date has passed is
  re-dated from today, with a note. Steps are ordered by (start, due), so dates never go
  backwards. ``estimated_finish`` is the last due date before continuing education and renewals.
"""

from __future__ import annotations

import re
import string
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from decimal import Decimal
from typing import Protocol

from django.db import models

# The planner's own wording goes through gettext: plan generation runs once per language
# (planner/services.py) and the Spanish run reads locale/es.
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from planner.eligibility import (
    DEGREE_RANK,
    PROGRAM_DEGREE,
    SCIENCE,
    Background,
    CompletedProgram,
    Evaluation,
    Gap,
    ProgramKind,
    Requirement,
    RequirementKind,
    evaluate,
    program_for_degree,
)


class EducationLevel(models.TextChoices):
    HIGH_SCHOOL = "high_school", gettext_lazy("High school diploma or equivalent")
    SOME_COLLEGE = "some_college", gettext_lazy("Some college credits")
    ASSOCIATE = (
        "associate",
        gettext_lazy("Associate degree (not in laboratory science)"),
    )
    ASSOCIATE_MLT = (
        "associate_mlt",
        gettext_lazy("Associate degree in medical laboratory technology"),
    )
    BACHELOR = "bachelor", gettext_lazy("Bachelor's degree (not in laboratory science)")
    BACHELOR_MLS = (
        "bachelor_mls",
        gettext_lazy("Bachelor's degree in medical laboratory science"),
    )


class StudyPace(models.TextChoices):
    FULL_TIME = "full_time", gettext_lazy("Full time")
    PART_TIME = "part_time", gettext_lazy("Part time")


class CertifyingBodyChoice(models.TextChoices):
    ASCP = "ascp", "ASCP Board of Certification"
    AMT = "amt", "American Medical Technologists (AMT)"


class MilestoneKind(models.TextChoices):
    EDUCATION = "education", gettext_lazy("Education")
    CLINICAL_TRAINING = "clinical_training", gettext_lazy("Clinical training")
    EXPERIENCE = "experience", gettext_lazy("Work experience")
    CERTIFICATION = "certification", gettext_lazy("Certification")
    LICENSURE = "licensure", gettext_lazy("State licensure")
    JOB_SEARCH = "job_search", gettext_lazy("Job search")
    CONTINUING_EDUCATION = "continuing_education", gettext_lazy("Continuing education")


class MilestoneStatus(models.TextChoices):
    NOT_STARTED = "not_started", gettext_lazy("Not started")
    IN_PROGRESS = "in_progress", gettext_lazy("In progress")
    DONE = "done", gettext_lazy("Done")
    SKIPPED = "skipped", gettext_lazy("Skipped")


class RouteNeed(models.TextChoices):
    """What a template step is for, relative to the chosen eligibility route."""

    ANY = "", "Always (no route condition)"
    CERTIFICATION = "certification", "A certification exists for the target role"
    PROGRAM = "program", "The route needs an accredited program not yet completed"
    DEGREE = "degree", "The route needs a higher degree than the planner holds"
    EXPERIENCE = "experience", "The route needs months of clinical experience"
    PREREQUISITE = "prerequisite", "The route needs a prerequisite certification"
    COURSEWORK = "coursework", "The route needs semester hours not yet taken"
    CONFIRM = (
        "confirm",
        "The route is not confirmed (or there is none): confirm with the body",
    )


class StepLink(models.TextChoices):
    NONE = "", "No link"
    CERTIFICATION = "certification", "The chosen certification"
    PREREQUISITE = "prerequisite", "The route's prerequisite certification"
    STATE_BOARD = "state_board", "The state board"


# A role's short title (content `Role.short_title`, one value for both languages) goes into
# step titles ("Apply for {role_short} positions"): acronyms read the same in Spanish, words
# need translating.
ROLE_SHORT_TITLES = {
    "Phlebotomy": pgettext_lazy("role short title", "Phlebotomy"),
    "Lead tech": pgettext_lazy("role short title", "Lead tech"),
    "Supervisor": pgettext_lazy("role short title", "Supervisor"),
    "Manager": pgettext_lazy("role short title", "Manager"),
}


def role_short_title(short_title: str) -> str:
    return str(ROLE_SHORT_TITLES.get(short_title, short_title))


PART_TIME_FACTOR = 2
# Limits on answers and tracking: one home, used by forms, serializers and services.
MAX_PAST_START = timedelta(days=3653)  # a plan may have begun up to ten years ago
MAX_FUTURE_START = timedelta(days=1827)  # and may start up to five years ahead
NOTES_MAX_LENGTH = 10_000
CE_POINTS_MIN = Decimal("0.01")  # the smallest amount the CE log stores (two decimals)
CE_POINTS_MAX = Decimal(100)
CE_ACTIVITY_MAX_LENGTH = 300
CE_CATEGORY_MAX_LENGTH = 100
CE_ACTIVITY_BLANK = gettext_lazy("Describe the activity.")


def start_date_window(today: date) -> tuple[date, date]:
    """The earliest and latest start dates a plan may have."""
    return today - MAX_PAST_START, today + MAX_FUTURE_START


def start_date_error(value: date, today: date) -> str:
    """Why a start date is out of range, or "" when it is fine."""
    earliest, latest = start_date_window(today)
    if value < earliest:
        return _("Choose a start date within the last ten years.")
    if value > latest:
        return _("Choose a start date within the next five years.")
    return ""


def completion_date_window(today: date) -> tuple[date, date]:
    """The dates a milestone or a CE activity may have been completed on: up to today."""
    return date.min, today


def completion_date_error(value: date, today: date) -> str:
    """Why a completion date is refused, or "" when it is fine."""
    if value > today:
        return _("The completion date cannot be in the future.")
    return ""


# --- continuing education: where a credential stands in its renewal cycle -----------------------


@dataclass(frozen=True)
class RenewalRules:
    """A credential's renewal rules, as its certification record states them."""

    program: str
    cycle_years: int | None
    points: int | None
    required_categories: str


class CEActivity(Protocol):
    """One logged continuing-education activity (a CE entry has these)."""

    @property
    def completed_on(self) -> date: ...
    @property
    def points(self) -> Decimal: ...
    @property
    def category(self) -> str: ...


@dataclass
class CEStatus[C]:
    """Where a credential (`certification`, whatever record names it) stands in its
    current renewal cycle."""

    certification: C
    program: str
    cycle_years: int | None
    required_points: int | None
    earned: Decimal
    missing: Decimal | None
    cycle_start: date
    cycle_end: date | None
    required_categories: str
    categories_missing: list[str] = field(default_factory=list)

    @property
    def complete(self) -> bool:
        return self.missing == 0 and not self.categories_missing


# Required CE categories the planner can check against entries: (pattern in the certification's
# renewal text, label, pattern an entry's category must contain). ASCP CMP requires laboratory or
# patient safety (cited: labce_cmp, ascp_cmp_allocate).
CATEGORY_RULES = [
    (
        re.compile(r"safety", re.I),
        "Laboratory or patient safety",
        re.compile(r"safety", re.I),
    ),
]


def _add_years(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def ce_status[C](
    certification: C,
    *,
    rules: RenewalRules,
    earned_on: date,
    activities: Iterable[CEActivity],
    today: date,
) -> CEStatus[C]:
    """Where a credential earned on `earned_on` stands in the renewal cycle that holds `today`,
    counting the activities (all logged for this credential) completed in that cycle."""
    cycle_start, cycle_end = earned_on, None
    if rules.cycle_years:
        cycle_end = _add_years(cycle_start, rules.cycle_years)
        while cycle_end <= today:
            cycle_start, cycle_end = cycle_end, _add_years(cycle_end, rules.cycle_years)
    in_cycle = [
        a
        for a in activities
        if a.completed_on >= cycle_start
        and (cycle_end is None or a.completed_on < cycle_end)
    ]
    earned = sum((a.points for a in in_cycle), Decimal(0))
    missing = (
        None
        if rules.points is None
        else max(Decimal(rules.points) - earned, Decimal(0))
    )
    return CEStatus(
        certification=certification,
        program=rules.program,
        cycle_years=rules.cycle_years,
        required_points=rules.points,
        earned=earned,
        missing=missing,
        cycle_start=cycle_start,
        cycle_end=cycle_end,
        required_categories=rules.required_categories,
        categories_missing=[
            label
            for in_rule, label, in_entry in CATEGORY_RULES
            if in_rule.search(rules.required_categories)
            and not any(in_entry.search(a.category) for a in in_cycle)
        ],
    )


STRETCHED_KINDS = frozenset({MilestoneKind.EDUCATION, MilestoneKind.CLINICAL_TRAINING})
DAYS_PER_MONTH = 30.44
PREFERRED_BODY = CertifyingBodyChoice.ASCP
# Credential chains deeper than this (a prerequisite of a prerequisite of ...) are not planned.
MAX_CHAIN_DEPTH = 3
# Steps of these kinds belong to the plan as a whole, after every credential.
FINAL_KINDS = frozenset(
    {
        MilestoneKind.LICENSURE,
        MilestoneKind.JOB_SEARCH,
        MilestoneKind.CONTINUING_EDUCATION,
    }
)
STARTED_STATUSES = frozenset({MilestoneStatus.IN_PROGRESS, MilestoneStatus.DONE})
LICENSE_STEP_WEEKS = Decimal(10)
TRAINEE_STEP_WEEKS = Decimal(8)
REQUIREMENT_STEP_WEEKS = Decimal(16)
# The placeholders template titles, guidance and checklists may use (editors' admin checks them).
PLACEHOLDERS = frozenset(
    {
        "role",
        "role_short",
        "certification",
        "body",
        "route",
        "route_requirements",
        "accreditors",
        "experience_months",
        "prerequisite",
        "program",
        "degree",
        "coursework",
        "college",
        "missing",
        "state",
        "board",
        "renewal_program",
        "renewal_points",
        "renewal_cycle_years",
        "renewal_categories",
    }
)
LEVEL_ORDER: list[str] = [
    EducationLevel.HIGH_SCHOOL,
    EducationLevel.SOME_COLLEGE,
    EducationLevel.ASSOCIATE,
    EducationLevel.ASSOCIATE_MLT,
    EducationLevel.BACHELOR,
    EducationLevel.BACHELOR_MLS,
]


class PlanningError(ValueError):
    """The answers cannot be planned with this context (unknown role or state)."""


@dataclass(frozen=True)
class PlanAnswers:
    target_role: str
    education_level: str
    state: str | None = None
    certifying_body: str | None = None
    study_pace: str = StudyPace.FULL_TIME
    start_date: date | None = None
    credentials_held: frozenset[str] = frozenset()
    experience: Mapping[str, int] = field(default_factory=dict)
    coursework: Mapping[str, Decimal] = field(default_factory=dict)
    programs_completed: tuple[CompletedProgram, ...] = ()
    degree_field: str | None = None
    preferred_route: str | None = None  # "<certification slug>:<route code>"

    def background(self, earned: Iterable[str] = ()) -> Background:
        return Background(
            education_level=self.education_level,
            degree_field=self.degree_field,
            credentials_held=frozenset(self.credentials_held) | frozenset(earned),
            experience=dict(self.experience),
            coursework={k: Decimal(v) for k, v in self.coursework.items()},
            programs_completed=tuple(self.programs_completed),
        )


@dataclass(frozen=True)
class RoleInfo:
    slug: str
    title: str
    short_title: str = ""
    builds_on: tuple[str, ...] = ()  # role slugs whose credential this role stands on


@dataclass(frozen=True)
class RouteInfo:
    code: str
    order: int = 0
    requirements: str = ""  # the body's wording, shown to people
    items: tuple[Requirement, ...] = ()
    is_active: bool = True
    verified: bool = True

    @property
    def confirmed(self) -> bool:
        """The route itself was confirmed from a source (else the plan asks to confirm it)."""
        return self.verified

    @property
    def certain(self) -> bool:
        """The planner knows what the route asks: it is confirmed and has no requirement it
        cannot check ("other"). An unconfirmed value (a recency limit) is only to confirm."""
        return self.verified and all(
            r.kind != RequirementKind.OTHER for r in self.items
        )

    @property
    def confirmed_in_full(self) -> bool:
        return self.certain and all(r.verified for r in self.items)


@dataclass(frozen=True)
class CertificationInfo:
    slug: str
    name: str
    abbreviation: str
    body: str  # certifying body slug
    body_name: str
    role: str  # role slug
    routes: tuple[RouteInfo, ...] = ()
    exam_fee_usd: Decimal | None = None
    exam_fee_as_of: str = ""
    renewal_program: str = ""
    renewal_cycle_years: int | None = None
    renewal_points: int | None = None
    renewal_required_categories: str = ""
    url: str = ""
    body_url: str = ""


@dataclass(frozen=True)
class LicenseStepInfo:
    order: int
    kind: str
    title: str
    description: str = ""


@dataclass(frozen=True)
class LicenseCategoryInfo:
    slug: str
    name: str
    kind: str  # license | trainee | certificate | confirm
    roles: frozenset[str] = frozenset()
    requirements: tuple[Requirement, ...] = ()
    steps: tuple[str, ...] = ()
    fee_usd: Decimal | None = None
    fee_as_of: str = ""
    renewal_cycle_years: int | None = None
    renewal_ce_hours: int | None = None
    board_name: str = ""
    board_url: str = ""
    summary: str = ""
    processing_note: str = ""
    fee_verified: bool = True
    verified: bool = True
    order: int = 0


# The kinds of license category a jurisdiction issues to a person ("confirm" and
# "not_required" categories issue nothing).
ISSUED_KINDS = frozenset({"license", "trainee", "certificate"})


class RoleLicensing(models.TextChoices):
    REQUIRED = "required", gettext_lazy("License required for this role")
    CONFIRM = "confirm", gettext_lazy("Check with the board")
    NONE = "none", gettext_lazy("No personnel license")


class _Category(Protocol):
    @property
    def kind(self) -> str: ...
    @property
    def verified(self) -> bool: ...


def role_licensing(
    requires_license: bool, categories: Iterable[_Category]
) -> RoleLicensing:
    """Whether a role needs a license in a jurisdiction, from that role's categories.

    A confirmed category the state issues (license, trainee license, certificate) -> required;
    otherwise a confirmed, cited exclusion (``not_required``) -> none; otherwise, where the
    state licenses laboratory personnel or only unconfirmed categories exist -> check with the
    board; otherwise -> none. Pages, the API and plans all decide through this function.
    """
    categories = list(categories)
    issued = [c for c in categories if c.kind in ISSUED_KINDS]
    if any(c.verified for c in issued):
        return RoleLicensing.REQUIRED
    if any(c.kind == "not_required" and c.verified for c in categories):
        return RoleLicensing.NONE
    if requires_license or issued:
        return RoleLicensing.CONFIRM
    return RoleLicensing.NONE


@dataclass(frozen=True)
class StateInfo:
    code: str
    name: str
    requires_license: bool
    board_name: str = ""
    board_url: str = ""
    application_fee_usd: Decimal | None = None
    fee_as_of: str = ""
    processing_note: str = ""
    url: str = ""
    steps: tuple[LicenseStepInfo, ...] = ()
    categories: tuple[LicenseCategoryInfo, ...] = ()

    def categories_for(self, role: str) -> list[LicenseCategoryInfo]:
        return sorted(
            (c for c in self.categories if role in c.roles),
            key=lambda c: (c.order, c.slug),
        )


@dataclass(frozen=True)
class TemplateStep:
    key: str
    kind: str
    title: str
    phase: str = ""
    guidance: str = ""
    duration_weeks: Decimal | None = (
        None  # full-time basis; None = from the route (experience)
    )
    cost_usd: Decimal | None = None
    cost_as_of: str = ""
    link_to: str = StepLink.NONE
    checklist: tuple[str, ...] = ()
    alongside_previous: bool = False
    when_target_roles: frozenset[str] = frozenset()
    when_education_levels: frozenset[str] = frozenset()
    when_body: str = ""
    when_state_requires_license: bool | None = None
    when_route_needs: str = RouteNeed.ANY


@dataclass
class PlanningContext:
    roles: dict[str, RoleInfo]
    certifications: list[CertificationInfo]
    template_steps: list[TemplateStep]
    state: StateInfo | None = None

    def certification(self, slug: str | None) -> CertificationInfo | None:
        return next((c for c in self.certifications if c.slug == slug), None)


@dataclass(frozen=True)
class Anchor:
    """An existing milestone's record, which re-planning respects."""

    status: str
    start_date: date | None
    due_date: date | None
    completed_on: date | None = None


@dataclass
class StepPlan:
    key: str
    kind: str
    phase: str
    title: str
    description: str
    order: int
    start_date: date
    due_date: date
    duration_weeks: Decimal
    cost_usd: Decimal | None = None
    cost_as_of: str = ""
    checklist: list[str] = field(default_factory=list)
    links: list[tuple[str, str]] = field(default_factory=list)
    certification: str | None = None  # certification slug
    state: str | None = None  # state code
    ongoing: bool = False  # renewal and CE: after the finish line
    redated: bool = False
    is_exam: bool = False  # passing it earns `certification`


@dataclass(frozen=True)
class RouteChoice:
    certification: str  # abbreviation, e.g. "MLT(ASCP)"
    certification_slug: str
    route: str  # route code, e.g. "1"
    route_reason: str
    satisfied: bool

    @property
    def summary(self) -> str:
        return _("{certification} Route {route}: {reason}").format(
            certification=self.certification, route=self.route, reason=self.route_reason
        )


@dataclass(frozen=True)
class RouteOption:
    """One route of the plan's credential, as the planner weighed it (the API's `routes`)."""

    certification: str  # abbreviation
    certification_slug: str
    code: str
    met: bool
    missing: tuple[str, ...]
    estimated_finish: date | None
    total_cost_usd: Decimal | None
    verified: bool
    chosen: bool
    feasible: bool = True
    to_confirm: tuple[str, ...] = ()

    @property
    def key(self) -> str:
        return f"{self.certification_slug}:{self.code}"


@dataclass
class PlanResult:
    steps: list[StepPlan]
    estimated_finish: date
    total_cost_usd: Decimal | None
    cost_as_of: str
    chosen_body: str | None
    body_reason: str
    chosen_route: RouteChoice | None
    warnings: list[str]
    routes: list[RouteOption] = field(default_factory=list)


# --- credentials and their routes -------------------------------------------------------------


@dataclass
class _CredentialPlan:
    """How one credential will be reached: a route (or none) and the credentials before it."""

    certification: CertificationInfo
    route: RouteInfo | None
    evaluation: Evaluation | None  # against the background before this plan
    remaining: Evaluation | None  # after the prerequisite credentials are planned
    prerequisites: list[_CredentialPlan]
    feasible: bool
    before: Background  # the background this credential's steps start from
    held: bool = False

    @property
    def needs(self) -> frozenset[str]:
        needs = {RouteNeed.CERTIFICATION.value}
        if self.route is None or not self.route.confirmed:
            needs.add(RouteNeed.CONFIRM)
        if self.remaining is not None:
            kinds = {
                # A degree only a laboratory programme awards is planned as that programme.
                RequirementKind.PROGRAM
                if program_for_degree(g.requirement)
                else g.requirement.kind
                for g in self.remaining.missing
            }
            if RequirementKind.DEGREE in kinds:
                needs.add(RouteNeed.DEGREE)
            elif RequirementKind.COURSEWORK in kinds:
                needs.add(RouteNeed.COURSEWORK)
            if RequirementKind.PROGRAM in kinds:
                needs.add(RouteNeed.PROGRAM)
            if any(g.months for g in self.remaining.gaps(RequirementKind.EXPERIENCE)):
                needs.add(RouteNeed.EXPERIENCE)
            if RequirementKind.CREDENTIAL in kinds:
                needs.add(RouteNeed.PREREQUISITE)
        return frozenset(needs)

    @property
    def met(self) -> bool:
        """Met outright: nothing missing, and every requirement confirmed and checkable."""
        return bool(
            self.route is not None
            and self.evaluation is not None
            and self.evaluation.met
            and self.route.confirmed_in_full
        )

    @property
    def rank(self) -> tuple[bool, bool, bool]:
        """(not feasible, something missing, not fully decidable): lower is better."""
        return (
            not self.feasible,
            not self.held and (self.evaluation is None or not self.evaluation.met),
            not self.held and (self.route is None or not self.route.certain),
        )

    def after(self) -> Background:
        """The background once this credential (and what it takes) is earned."""
        background = self.before.with_credentials([self.certification.slug])
        if self.remaining is None:
            return background
        return _close_gaps(background, self.remaining)


def _close_gaps(background: Background, evaluation: Evaluation) -> Background:
    level = background.education_level
    programs = list(background.programs_completed)
    experience = dict(background.experience)
    coursework = dict(background.coursework)
    for gap in evaluation.missing:
        requirement = gap.requirement
        match requirement.kind:
            case RequirementKind.DEGREE if program := program_for_degree(requirement):
                programs.append(CompletedProgram(kind=program))
            case RequirementKind.DEGREE:
                wanted = {
                    "associate": EducationLevel.ASSOCIATE,
                    "bachelor": EducationLevel.BACHELOR,
                }.get(requirement.level)
                if wanted and LEVEL_ORDER.index(wanted) > LEVEL_ORDER.index(level):
                    level = wanted
            case RequirementKind.PROGRAM:
                programs.append(CompletedProgram(kind=requirement.program))
            case RequirementKind.EXPERIENCE:
                discipline = min(requirement.disciplines, default="any")
                experience[discipline] = experience.get(discipline, 0) + gap.months
            case RequirementKind.COURSEWORK:
                coursework[requirement.subject] = (
                    coursework.get(requirement.subject, Decimal(0)) + gap.hours
                )
    return Background(
        education_level=level,
        degree_field=background.degree_field,
        credentials_held=background.credentials_held,
        experience=experience,
        coursework=coursework,
        programs_completed=tuple(programs),
    )


def _programs_award_degrees(evaluation: Evaluation) -> Evaluation:
    """Drop degree gaps that the route's own missing program closes.

    An accredited MLT program awards an associate degree and an MLS program sits in a
    bachelor's (PROGRAM_DEGREE), so a route needing both plans the program only.
    """
    awarded = [
        PROGRAM_DEGREE[g.requirement.program]
        for g in evaluation.gaps(RequirementKind.PROGRAM)
        if g.requirement.program in PROGRAM_DEGREE
    ]
    if not awarded:
        return evaluation

    def covered(gap: Gap) -> bool:
        wanted = gap.requirement
        return wanted.kind == RequirementKind.DEGREE and any(
            DEGREE_RANK[level] >= DEGREE_RANK.get(wanted.level, 0)
            and (
                not wanted.fields
                or degree_field in wanted.fields
                or SCIENCE in wanted.fields
            )
            for level, degree_field in awarded
        )

    missing = tuple(g for g in evaluation.missing if not covered(g))
    return Evaluation(
        met=not missing, missing=missing, to_confirm=evaluation.to_confirm
    )


def _effective_level(background: Background, answered: str) -> str:
    """The education answer the person will have, for the templates' education conditions."""
    level, fields = background.degree()
    if level == "associate":
        candidate = (
            EducationLevel.ASSOCIATE_MLT
            if "medical_laboratory_technology" in fields
            else EducationLevel.ASSOCIATE
        )
    elif level in ("bachelor", "master", "doctorate"):
        candidate = (
            EducationLevel.BACHELOR_MLS
            if "medical_laboratory_science" in fields
            else EducationLevel.BACHELOR
        )
    else:
        return answered
    if answered in LEVEL_ORDER and LEVEL_ORDER.index(answered) > LEVEL_ORDER.index(
        candidate
    ):
        return answered
    return candidate


def _route_feasible(route: RouteInfo, evaluation: Evaluation) -> bool:
    if not route.is_active:
        return False
    # A military course cannot be planned: only someone who did it can use such a route.
    if any(
        g.requirement.program == ProgramKind.MILITARY
        for g in evaluation.gaps(RequirementKind.PROGRAM)
    ):
        return False
    # Experience of a length no source confirmed cannot be dated.
    return not any(
        g.requirement.months <= 0 for g in evaluation.gaps(RequirementKind.EXPERIENCE)
    )


class _Planner:
    """Plans credentials for one set of answers (memoized per credential and background)."""

    def __init__(self, answers: PlanAnswers, context: PlanningContext, today: date):
        self.answers = answers
        self.context = context
        self.today = today
        self.year = today.year
        # Each credential plan's steps, built once: ranking routes and bodies reuses them.
        self._specs: dict[int, tuple[_CredentialPlan, list[_Spec]]] = {}
        self._options: dict[tuple[object, ...], list[_CredentialPlan]] = {}
        self._finishes: dict[int, date] = {}

    def credential_finish(self, plan: _CredentialPlan) -> date:
        """When this credential alone would be earned (memoized; for ranking)."""
        finish = self._finishes.get(id(plan))
        if finish is None:
            steps = self.date(self.credential_specs(plan), self.start)
            finish = self._finishes[id(plan)] = _finish(steps, self.start)
        return finish

    def options(
        self, cert: CertificationInfo, background: Background, depth: int = 0
    ) -> list[_CredentialPlan]:
        """Every way to reach `cert` from `background`, one plan per active route."""
        key = (cert.slug, background.key(), depth)
        found = self._options.get(key)
        if found is None:
            found = self._options[key] = self._plan_options(cert, background, depth)
        return found

    def _plan_options(
        self, cert: CertificationInfo, background: Background, depth: int
    ) -> list[_CredentialPlan]:
        if cert.slug in background.credentials_held:
            return [
                _CredentialPlan(cert, None, None, None, [], True, background, held=True)
            ]
        plans: list[_CredentialPlan] = []
        for route in sorted(cert.routes, key=lambda r: (r.order, r.code)):
            if not route.is_active:
                continue
            evaluation = evaluate(route.items, background, year=self.year)
            feasible = _route_feasible(route, evaluation)
            prerequisites: list[_CredentialPlan] = []
            after = background
            for gap in evaluation.gaps(RequirementKind.CREDENTIAL):
                chained = (
                    self._chain(gap.requirement.credentials, cert, after, depth)
                    if feasible
                    else None
                )
                if chained is None:
                    feasible = False
                    break
                prerequisites.append(chained)
                after = chained.after()
            remaining = _programs_award_degrees(
                evaluate(route.items, after, year=self.year)
                if prerequisites
                else evaluation
            )
            plans.append(
                _CredentialPlan(
                    cert, route, evaluation, remaining, prerequisites, feasible, after
                )
            )
        if not any(p.feasible for p in plans):
            # No usable route: confirm one with the body, then sit the exam anyway.
            plans.append(_CredentialPlan(cert, None, None, None, [], True, background))
        return plans

    def _chain(
        self,
        slugs: frozenset[str],
        wanted_by: CertificationInfo,
        background: Background,
        depth: int,
    ) -> _CredentialPlan | None:
        if depth + 1 >= MAX_CHAIN_DEPTH:
            return None
        candidates = [
            c
            for c in self.context.certifications
            if c.slug in slugs and c.slug != wanted_by.slug
        ]
        best: tuple[tuple[bool, bool, date], _CredentialPlan] | None = None
        for candidate in candidates:
            for option in self.options(candidate, background, depth + 1):
                if not option.feasible or (option.route is None and not option.held):
                    continue
                finish = _finish(
                    self.date(self.credential_specs(option), self.start), self.start
                )
                rank = (candidate.body != wanted_by.body, not option.met, finish)
                if best is None or rank < best[0]:
                    best = (rank, option)
        return best[1] if best else None

    @property
    def start(self) -> date:
        return self.answers.start_date or self.today

    # --- steps ---------------------------------------------------------------------------------

    def credential_specs(self, plan: _CredentialPlan) -> list[_Spec]:
        """The steps that earn one credential: its prerequisites' first, then its own."""
        cached = self._specs.get(id(plan))
        if cached is None:
            cached = (plan, self._credential_specs(plan))
            self._specs[id(plan)] = (
                cached  # the plan is kept with them: its id stays unique
            )
        return list(cached[1])

    def _credential_specs(self, plan: _CredentialPlan) -> list[_Spec]:
        if plan.held:
            return []
        specs: list[_Spec] = []
        for prerequisite in plan.prerequisites:
            specs += self.credential_specs(prerequisite)
        cert = plan.certification
        needs = plan.needs
        level = _effective_level(plan.before, self.answers.education_level)
        values = self.values(plan)
        for sequence, step in enumerate(self.context.template_steps):
            if step.kind in FINAL_KINDS or not step.when_route_needs:
                continue
            if not _applies(
                step, cert.role, level, cert.body, self.context.state, needs
            ):
                continue
            specs.append(self.spec(step, sequence, values, plan))
        return specs

    def values(self, plan: _CredentialPlan | None) -> dict[str, str]:
        state = self.context.state
        role = self.context.roles[self.answers.target_role]
        values = {
            "role": role.title,
            "role_short": role_short_title(role.short_title) or role.title,
            "state": state.name if state else _("your state"),
            "board": state.board_name if state else _("your state's board"),
            "certification": "",
            "body": "",
            "route": "",
            "route_requirements": "",
            "accreditors": "NAACLS",
            "experience_months": "0",
            "prerequisite": "",
            "program": "",
            "degree": "",
            "coursework": "",
            "college": "",
            "missing": "",
            "renewal_program": "",
            "renewal_points": "",
            "renewal_cycle_years": "",
            "renewal_categories": "",
        }
        if plan is None:
            return values
        cert = plan.certification
        cert_role = self.context.roles.get(cert.role)
        if cert_role is not None:
            values["role"] = cert_role.title
            values["role_short"] = (
                role_short_title(cert_role.short_title) or cert_role.title
            )
        values.update(
            certification=cert.abbreviation,
            body=cert.body_name,
            renewal_program=cert.renewal_program
            or _("renewal rules not confirmed, check with {body}").format(
                body=cert.body_name
            ),
            renewal_points=str(cert.renewal_points or ""),
            renewal_cycle_years=str(cert.renewal_cycle_years or ""),
            renewal_categories=cert.renewal_required_categories,
            prerequisite=", ".join(
                p.certification.abbreviation for p in plan.prerequisites
            ),
        )
        if plan.route is not None:
            values["route"] = plan.route.code
            values["route_requirements"] = plan.route.requirements
        if plan.remaining is not None:
            missing = plan.remaining.missing
            programs = plan.remaining.gaps(RequirementKind.PROGRAM)
            if programs:
                values["program"] = _lower_first(programs[0].text)
                # The accreditors are data ("NAACLS or ABHES"); only the joining word
                # is the planner's.
                values["accreditors"] = (
                    programs[0].requirement.accreditors or "NAACLS"
                ).replace(" or ", _(" or "))
            degrees = plan.remaining.gaps(RequirementKind.DEGREE)
            if degrees:
                values["degree"] = _lower_first(degrees[0].text)
            values["coursework"] = "; ".join(
                g.text for g in plan.remaining.gaps(RequirementKind.COURSEWORK)
            )
            # The college requirements one "earn the credits" step covers: degree and hours.
            values["college"] = "; ".join(
                _lower_first(g.text)
                for g in missing
                if g.requirement.kind
                in (RequirementKind.DEGREE, RequirementKind.COURSEWORK)
            )
            values["experience_months"] = str(
                max(
                    (g.months for g in plan.remaining.gaps(RequirementKind.EXPERIENCE)),
                    default=0,
                )
            )
            values["missing"] = "; ".join(g.text for g in missing)
        return values

    def spec(
        self,
        step: TemplateStep,
        sequence: int,
        values: Mapping[str, str],
        plan: _CredentialPlan | None,
    ) -> _Spec:
        cert = plan.certification if plan else None
        description = _fill(step.guidance, values)
        checklist = [_fill(line, values) for line in step.checklist]
        links: list[tuple[str, str]] = []
        cost, cost_as_of = step.cost_usd, step.cost_as_of
        cert_slug: str | None = None
        linked_by: dict[str, CertificationInfo | None] = {
            StepLink.CERTIFICATION: cert,
            StepLink.PREREQUISITE: plan.prerequisites[0].certification
            if plan and plan.prerequisites
            else None,
        }
        linked = linked_by.get(step.link_to)
        if linked is not None:
            cert_slug = linked.slug
            if linked.url:
                links.append((linked.abbreviation, linked.url))
            if step.kind == MilestoneKind.CERTIFICATION and cost is None:
                cost, cost_as_of = linked.exam_fee_usd, linked.exam_fee_as_of
        if plan is not None and cert is not None:
            if (
                step.kind == MilestoneKind.CERTIFICATION
                and step.when_route_needs == RouteNeed.CERTIFICATION
            ):
                description = _join(description, _route_text(plan))
                if plan.remaining is not None and plan.remaining.to_confirm:
                    checklist.extend(
                        _("Confirm with {body}: {note}").format(
                            body=cert.body_name, note=note
                        )
                        for note in plan.remaining.to_confirm
                    )
            if step.when_route_needs == RouteNeed.CONFIRM and cert.body_url:
                links.append((cert.body_name, cert.body_url))
            if step.when_route_needs == RouteNeed.COURSEWORK and plan.remaining:
                checklist.extend(
                    g.text for g in plan.remaining.gaps(RequirementKind.COURSEWORK)
                )
            if step.kind == MilestoneKind.CONTINUING_EDUCATION:
                description = _join(description, renewal_rule(cert))
        key = step.key
        if (
            cert_slug is None
            and step.link_to == StepLink.NONE
            and cert is not None
            and step.kind == MilestoneKind.CERTIFICATION
        ):
            cert_slug = cert.slug
        if cert_slug is not None:
            # A credential's own steps are keyed by it: progress never moves to another one.
            key = f"{cert_slug}-{step.key}"
        return _Spec(
            key=key,
            kind=step.kind,
            phase=step.phase,
            title=_fill(step.title, values),
            description=description,
            weeks=step.duration_weeks,
            months=int(values.get("experience_months") or 0)
            if step.kind == MilestoneKind.EXPERIENCE and step.duration_weeks is None
            else 0,
            cost=cost,
            cost_as_of=as_of_label(cost_as_of) if cost is not None else "",
            checklist=checklist,
            links=links,
            certification=cert_slug,
            alongside_previous=step.alongside_previous,
            sequence=sequence,
            renewal_years=cert.renewal_cycle_years
            if cert
            and step.kind == MilestoneKind.CONTINUING_EDUCATION
            and step.duration_weeks is None
            else None,
            # The exam: the certification step every planned credential gets.
            is_exam=step.kind == MilestoneKind.CERTIFICATION
            and step.when_route_needs == RouteNeed.CERTIFICATION
            and linked is cert
            and cert is not None,
        )

    def role_specs(self, role: str, level: str) -> list[_Spec]:
        """Steps of the role itself (leadership experience), not of any credential."""
        values = self.values(None)
        return [
            self.spec(step, sequence, values, None)
            for sequence, step in enumerate(self.context.template_steps)
            if step.kind not in FINAL_KINDS
            and not step.when_route_needs
            and _applies(step, role, level, None, self.context.state, frozenset())
        ]

    def final_specs(
        self, plan: _CredentialPlan | None, background: Background, level: str
    ) -> list[_Spec]:
        """Licensure, job search and continuing education, after every credential."""
        state = self.context.state
        role = self.answers.target_role
        values = self.values(plan)
        values["role"] = self.context.roles[role].title
        values["role_short"] = (
            role_short_title(self.context.roles[role].short_title)
            or self.context.roles[role].title
        )
        body = plan.certification.body if plan else None
        needs = plan.needs if plan else frozenset()
        specs: list[_Spec] = []
        categories = state.categories if state else ()
        for sequence, step in enumerate(self.context.template_steps):
            if step.kind not in FINAL_KINDS:
                continue
            if step.kind == MilestoneKind.LICENSURE and categories:
                continue  # the state's license categories decide the license steps
            if step.kind == MilestoneKind.CONTINUING_EDUCATION and (
                plan is None or plan.held
            ):
                continue
            if not _applies(step, role, level, body, state, needs):
                continue
            spec = self.spec(step, sequence, values, plan)
            if step.link_to == StepLink.STATE_BOARD and state is not None:
                spec.state = state.code
                _board_links(spec.links, state)
                if step.kind == MilestoneKind.LICENSURE:
                    if spec.cost is None:
                        spec.cost, spec.cost_as_of = (
                            state.application_fee_usd,
                            state.fee_as_of
                            if state.application_fee_usd is not None
                            else "",
                        )
                    spec.checklist.extend(
                        s.title for s in sorted(state.steps, key=lambda s: s.order)
                    )
                    spec.description = _join(spec.description, state.processing_note)
            specs.append(spec)
        if state is not None and categories:
            license_specs = self.license_specs(state, role, background)
            # After the exam, before the job search.
            at = next(
                (i for i, s in enumerate(specs) if s.kind != MilestoneKind.LICENSURE),
                len(specs),
            )
            specs[at:at] = license_specs
        return specs

    def license_specs(
        self, state: StateInfo, role: str, background: Background
    ) -> list[_Spec]:
        role_info = self.context.roles[role]
        categories = state.categories_for(role)
        board = state.board_name or _("the {state} board").format(state=state.name)
        prefix = _license_prefix(state)
        licensing = role_licensing(state.requires_license, categories)
        if licensing == RoleLicensing.NONE:
            return []
        main = [
            c for c in categories if c.kind in ("license", "certificate") and c.verified
        ]
        if licensing == RoleLicensing.CONFIRM or not main:
            unconfirmed = [c.name for c in categories if c.kind in ISSUED_KINDS]
            spec = _Spec(
                key=f"{prefix}-confirm",
                kind=MilestoneKind.LICENSURE,
                phase=_("Get licensed"),
                title=_(
                    "Confirm with {board} whether the {role} role needs a license"
                ).format(board=board, role=role_info.title),
                description=_join(
                    _(
                        "{state} licenses clinical laboratory personnel, but no license "
                        "for the {role} role was confirmed from a source. Ask the board "
                        "before you work; working without a required license is unlawful."
                    ).format(state=state.name, role=role_info.title),
                    _("Possibly: {categories} (not confirmed).").format(
                        categories="; ".join(unconfirmed)
                    )
                    if unconfirmed
                    else "",
                ),
                weeks=Decimal(2),
                state=state.code,
            )
            for category in categories:
                if category.board_url:
                    spec.links.append(
                        (category.board_name or board, category.board_url)
                    )
            _board_links(spec.links, state)
            return [spec]
        category = main[0]
        evaluation = evaluate(category.requirements, background, year=self.year)
        specs: list[_Spec] = []
        gaps = [
            g
            for g in evaluation.missing
            if g.requirement.kind
            in (
                RequirementKind.DEGREE,
                RequirementKind.COURSEWORK,
                RequirementKind.PROGRAM,
                RequirementKind.EXPERIENCE,
            )
        ]
        if gaps:
            training = any(g.requirement.kind == RequirementKind.PROGRAM for g in gaps)
            specs.append(
                _Spec(
                    key=f"{prefix}-{category.slug}-requirements",
                    kind=MilestoneKind.EDUCATION,
                    phase=_("Get licensed"),
                    title=(
                        _("Complete the training for your {state} {category}")
                        if training
                        else _("Meet the {state} {category} requirements")
                    ).format(state=state.name, category=category.name),
                    before_exam=True,
                    description=_(
                        "The {state} {category} asks for more than the "
                        "certification does. Confirm with the board how it counts your "
                        "transcript and training."
                    ).format(state=state.name, category=category.name),
                    weeks=REQUIREMENT_STEP_WEEKS,
                    checklist=[g.text for g in gaps],
                    state=state.code,
                )
            )
        others = [
            r.text
            for r in category.requirements
            if r.kind == RequirementKind.OTHER and r.text
        ]
        application = _category_spec(
            category,
            state,
            phase=_("Get licensed"),
            title=_("Apply for your {state} {category}"),
            description=_join(
                _(
                    "{board} issues this {kind}. Confirm the current "
                    "rules with the board before you apply; working without a required "
                    "license is unlawful."
                ).format(board=board, kind=_kind_word(category.kind)),
                category.summary,
                category.processing_note or state.processing_note,
                ""
                if category.verified
                else _(
                    "Not confirmed from a source: check every requirement with the board."
                ),
            ),
            weeks=LICENSE_STEP_WEEKS,
            checklist=[*category.steps, *others],
        )
        specs.append(application)
        if category.renewal_cycle_years:
            ce = (
                _(" with {hours} hours of continuing education").format(
                    hours=category.renewal_ce_hours
                )
                if category.renewal_ce_hours
                else ""
            )
            specs.append(
                _Spec(
                    key=f"{prefix}-{category.slug}{RENEWAL_KEY_SUFFIX}",
                    kind=MilestoneKind.LICENSURE,
                    phase=_("Stay licensed"),
                    title=_("Renew your {state} {category}").format(
                        state=state.name, category=category.name
                    ),
                    description=_(
                        "The {category} renews every {years} years{ce}. Renew before it "
                        "expires."
                    ).format(
                        category=category.name,
                        years=category.renewal_cycle_years,
                        ce=ce,
                    ),
                    weeks=Decimal(category.renewal_cycle_years * 52),
                    state=state.code,
                    ongoing=True,
                )
            )
        return specs

    def trainee_specs(self, state: StateInfo | None, role: str) -> list[_Spec]:
        if state is None:
            return []
        specs = []
        for category in state.categories_for(role):
            if category.kind != "trainee" or not category.verified:
                continue
            spec = _category_spec(
                category,
                state,
                phase=_("Get qualified"),
                title=_("Get your {state} {category} before clinical training"),
                description=_join(
                    _(
                        "In {state} clinical training for this license is done under a "
                        "trainee license; apply before your training starts."
                    ).format(state=state.name),
                    category.summary,
                ),
                weeks=TRAINEE_STEP_WEEKS,
                checklist=list(category.steps),
            )
            specs.append(spec)
        return specs

    # --- dates ---------------------------------------------------------------------------------

    def date(
        self,
        specs: Sequence[_Spec],
        start: date,
        anchors: Mapping[str, Anchor] | None = None,
    ) -> list[StepPlan]:
        anchors = anchors or {}
        pace = self.answers.study_pace
        drafts: list[tuple[StepPlan, int]] = []
        cursor = start
        previous_start = start
        seen: set[str] = set()
        for index, spec in enumerate(specs):
            key = spec.key
            if key in seen:  # one template step used by two credentials
                key = f"{key}-{spec.certification or index}"
            seen.add(key)
            days, weeks = spec.duration(pace)
            step_start = (
                previous_start if spec.alongside_previous and drafts else cursor
            )
            anchor = anchors.get(key)
            description = spec.description
            redated = False
            if (
                anchor is not None
                and anchor.status in STARTED_STATUSES
                and anchor.start_date
            ):
                step_start = anchor.start_date
                due = (
                    anchor.completed_on
                    if anchor.status == MilestoneStatus.DONE and anchor.completed_on
                    else anchor.due_date or step_start + timedelta(days=days)
                )
                due = max(due, step_start)
            else:
                due = step_start + timedelta(days=max(days, 0))
                if due < self.today and not spec.ongoing:
                    earlier = due
                    step_start = max(step_start, self.today)
                    due = step_start + timedelta(days=max(days, 0))
                    redated = True
                    description = _join(
                        description,
                        _(
                            "Re-dated from {today}: the earlier estimate ({earlier}) passed "
                            "before this step was started. Mark it done if you have "
                            "finished it."
                        ).format(
                            today=self.today.isoformat(), earlier=earlier.isoformat()
                        ),
                    )
            drafts.append(
                (
                    StepPlan(
                        key=key,
                        kind=spec.kind,
                        phase=spec.phase,
                        title=spec.title,
                        description=description,
                        order=0,
                        start_date=step_start,
                        due_date=due,
                        duration_weeks=weeks,
                        cost_usd=spec.cost,
                        cost_as_of=spec.cost_as_of,
                        checklist=list(dict.fromkeys(spec.checklist)),
                        links=list(dict.fromkeys(spec.links)),
                        certification=spec.certification,
                        state=spec.state,
                        ongoing=spec.ongoing,
                        redated=redated,
                        is_exam=spec.is_exam,
                    ),
                    index,
                )
            )
            previous_start = step_start
            if not spec.ongoing:
                cursor = max(cursor, due)
        drafts.sort(key=lambda d: (d[0].start_date, d[0].due_date, d[1]))
        for order, (plan, _position) in enumerate(drafts, start=1):
            plan.order = order
        return [plan for plan, _position in drafts]


@dataclass
class _Spec:
    """An undated step."""

    key: str
    kind: str
    phase: str
    title: str
    description: str
    weeks: Decimal | None
    months: int = 0
    cost: Decimal | None = None
    cost_as_of: str = ""
    checklist: list[str] = field(default_factory=list)
    links: list[tuple[str, str]] = field(default_factory=list)
    certification: str | None = None
    state: str | None = None
    alongside_previous: bool = False
    sequence: int = 0
    renewal_years: int | None = None
    ongoing: bool = False
    is_exam: bool = False
    before_exam: bool = False  # belongs before the plan's certification steps

    def duration(self, pace: str) -> tuple[int, Decimal]:
        if self.kind == MilestoneKind.EXPERIENCE and self.weeks is None:
            days = round(self.months * DAYS_PER_MONTH)
            return days, (Decimal(days) / 7).quantize(Decimal("0.1"))
        if self.renewal_years:
            # Continuing education runs for the first renewal cycle after certification.
            return self.renewal_years * 365, Decimal(self.renewal_years * 52)
        weeks = Decimal(self.weeks or 0)
        if pace == StudyPace.PART_TIME and self.kind in STRETCHED_KINDS:
            weeks *= PART_TIME_FACTOR
        return round(weeks * 7), weeks

    @property
    def is_ongoing(self) -> bool:
        return self.ongoing or self.kind == MilestoneKind.CONTINUING_EDUCATION


def _lower_first(text: str) -> str:
    """ "A cytotechnology program" -> "a cytotechnology program" (acronyms stay as they are)."""
    if len(text) > 1 and text[0].isupper() and not text[1].isupper():
        return text[0].lower() + text[1:]
    return text


def _fee_label(category: LicenseCategoryInfo) -> str:
    if category.fee_usd is None:
        return ""
    label = as_of_label(category.fee_as_of) or _("date not stated")
    if not category.fee_verified:
        label += _("; not confirmed from a source, check with the board")
    return label


def _kind_word(kind: str) -> str:
    return {"certificate": _("certificate"), "trainee": _("trainee license")}.get(
        kind, _("license")
    )


def _board_links(links: list[tuple[str, str]], state: StateInfo) -> None:
    if state.board_url:
        links.append(
            (
                state.board_name or _("{state} board").format(state=state.name),
                state.board_url,
            )
        )
    if state.url:
        links.append(
            (_("{state} licensure in CareerPath").format(state=state.name), state.url)
        )


def _category_links(
    links: list[tuple[str, str]], category: LicenseCategoryInfo, state: StateInfo
) -> None:
    if category.board_url:
        links.append(
            (
                category.board_name or state.board_name or _("Board"),
                category.board_url,
            )
        )
    _board_links(links, state)


def _license_prefix(state: StateInfo) -> str:
    """What the keys of a state's license steps start with."""
    return f"license-{state.code.lower()}"


def _category_spec(
    category: LicenseCategoryInfo,
    state: StateInfo,
    *,
    phase: str,
    title: str,
    description: str,
    weeks: Decimal,
    checklist: list[str],
) -> _Spec:
    """The step that gets one license category: its fee, its steps and its board's links.

    `title` names the place of `{state}` and `{category}`."""
    spec = _Spec(
        key=f"{_license_prefix(state)}-{category.slug}",
        kind=MilestoneKind.LICENSURE,
        phase=phase,
        title=title.format(state=state.name, category=category.name),
        description=description,
        weeks=weeks,
        cost=category.fee_usd,
        cost_as_of=_fee_label(category),
        checklist=checklist,
        state=state.code,
    )
    _category_links(spec.links, category, state)
    return spec


def _route_text(plan: _CredentialPlan) -> str:
    cert = plan.certification
    if plan.route is None:
        return _(
            "No eligibility route for {certification} was confirmed from a source: "
            "confirm your route with {body} before you apply."
        ).format(certification=cert.abbreviation, body=cert.body_name)
    text = (
        _("Route {route}: {requirements}")
        .format(route=plan.route.code, requirements=plan.route.requirements)
        .strip()
    )
    if not plan.route.confirmed:
        text += _(" Not confirmed from a source: confirm with {body}.").format(
            body=cert.body_name
        )
    return text


def _applies(
    step: TemplateStep,
    role: str,
    level: str,
    body: str | None,
    state: StateInfo | None,
    needs: frozenset[str],
) -> bool:
    if step.when_target_roles and role not in step.when_target_roles:
        return False
    if step.when_education_levels and level not in step.when_education_levels:
        return False
    if step.when_body and step.when_body != body:
        return False
    if step.when_state_requires_license is not None:
        requires = state.requires_license if state else None
        # An undecided state satisfies neither "requires" nor "does not require".
        if requires is None or requires != step.when_state_requires_license:
            return False
    return not step.when_route_needs or step.when_route_needs in needs


class _SafeFormat(dict[str, str]):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def _fill(text: str, values: Mapping[str, str]) -> str:
    if "{" not in text:
        return text
    try:
        return text.format_map(_SafeFormat(values))
    except (ValueError, IndexError, AttributeError, KeyError, TypeError):
        # Editors' text with stray braces is shown as written.
        return text


def template_placeholders(text: str) -> set[str]:
    """The {placeholders} a template text uses (ValueError on unbalanced braces)."""
    return {
        name.split(".")[0].split("[")[0]
        for _literal, name, _spec, _conv in string.Formatter().parse(text)
        if name is not None
    }


def renewal_rule(certification: CertificationInfo) -> str:
    """The renewal rule in one sentence, e.g. "CMP: 36 points every 3 years. ..."."""
    parts = []
    if certification.renewal_points and certification.renewal_cycle_years:
        parts.append(
            _("{program}: {points} points every {years} years.").format(
                program=certification.renewal_program or _("Renewal"),
                points=certification.renewal_points,
                years=certification.renewal_cycle_years,
            )
        )
    elif certification.renewal_cycle_years:
        parts.append(
            _("{program}: a {years}-year cycle (point total not confirmed).").format(
                program=certification.renewal_program or _("Renewal"),
                years=certification.renewal_cycle_years,
            )
        )
    if certification.renewal_required_categories:
        parts.append(certification.renewal_required_categories)
    return " ".join(parts)


def _join(*parts: str) -> str:
    return "\n\n".join(p for p in parts if p)


def _finish(steps: list[StepPlan], start: date) -> date:
    return max(
        (
            s.due_date
            for s in steps
            if s.kind != MilestoneKind.CONTINUING_EDUCATION and not s.ongoing
        ),
        default=start,
    )


def _total_cost(steps: list[StepPlan]) -> tuple[Decimal | None, str]:
    costed = [s for s in steps if s.cost_usd is not None]
    if not costed:
        return None, ""
    labels = list(dict.fromkeys(s.cost_as_of for s in costed if s.cost_as_of))
    return sum(
        (s.cost_usd for s in costed if s.cost_usd is not None), Decimal(0)
    ), "; ".join(labels)


# --- what a plan costs: a cited range and its parts ----------------------------------------
# Tuition is the largest cost and a range (programs differ), so a plan's cost is shown as a
# range: cited tuition for the program type the plan needs, plus every exam and license fee
# in the plan, each with its date ("date not stated" when the source gives none). Steps that
# are done or skipped are left out; a fee or tuition we have no figure for is listed as
# missing with where to check, never guessed.

DATE_NOT_STATED = "date not stated"
# A license renewal step's key ends so; renewals come after qualifying and are not counted.
RENEWAL_KEY_SUFFIX = "-renewal"
COST_NOT_INCLUDED = (
    gettext_lazy("books, supplies, uniforms and lab coats"),
    gettext_lazy("background checks, drug screens and immunizations"),
    gettext_lazy("application fees of schools and clinical sites"),
    gettext_lazy("travel, housing and living costs while you study"),
    gettext_lazy("renewal and continuing-education costs after you qualify"),
    gettext_lazy("exam retakes"),
)
# The program types whose tuition applies, by target role's program and education level.
MLS_DEGREE_HOLDER_LEVELS = frozenset({"bachelor"})


@dataclass(frozen=True)
class CitedSource:
    title: str
    url: str
    date_label: str


@dataclass(frozen=True)
class TuitionInfo:
    """One cited tuition fact for a program type (content.ProgramFact, topic tuition)."""

    program: str
    program_label: str
    low: Decimal | None
    high: Decimal | None
    as_of: str
    example: str
    sources: tuple[CitedSource, ...]
    verified: bool = True
    notes: str = ""  # what the figure covers, e.g. "includes books and the exam fee"


@dataclass(frozen=True)
class CostItem:
    """One plan step as the cost breakdown needs it."""

    kind: str
    title: str
    cost_usd: Decimal | None
    cost_as_of: str
    status: str
    check_with: str = ""  # who to ask when there is no figure
    check_url: str = ""
    renewal: bool = False  # after qualifying: not part of the cost to get there


@dataclass(frozen=True)
class CostPart:
    category: str  # "tuition", "exam", "license"
    label: str
    low: Decimal | None
    high: Decimal | None
    as_of: str = ""
    note: str = ""
    sources: tuple[CitedSource, ...] = ()
    verified: bool = True
    missing: str = ""
    missing_url: str = ""

    @property
    def is_range(self) -> bool:
        return self.low is not None and self.high is not None and self.low != self.high


@dataclass(frozen=True)
class CostBreakdown:
    parts: tuple[CostPart, ...]
    low: Decimal | None
    high: Decimal | None
    missing: tuple[CostPart, ...]
    not_included: tuple[str, ...] = field(default_factory=lambda: cost_not_included())

    @property
    def is_range(self) -> bool:
        return self.low is not None and self.high is not None and self.low != self.high


def cost_not_included() -> tuple[str, ...]:
    """What a plan's cost leaves out, in the active language."""
    return tuple(str(item) for item in COST_NOT_INCLUDED)


def tuition_programs(
    role_programs: Sequence[str], education_level: str
) -> tuple[str, ...]:
    """The program types a plan's education step stands for: a bachelor's holder heading for
    the MLS takes a post-baccalaureate certificate, anyone else the bachelor's program."""
    programs = tuple(role_programs)
    if "mls_post_bacc" in programs and "mls_bachelor" in programs:
        if education_level in MLS_DEGREE_HOLDER_LEVELS:
            return ("mls_post_bacc",)
        return ("mls_bachelor",)
    return programs


def fee_as_of(label: str) -> str:
    """A fee's date as shown: the cited date, or "date not stated"."""
    return as_of_label(label) or _("date not stated")


def as_of_label(label: str) -> str:
    """A cited date as shown: editors' stock wording ("date not stated") in the active
    language, any other label (a date, the source's own words) as it is."""
    label = label.strip()
    if label == DATE_NOT_STATED:
        return _("date not stated")
    return label


def cost_breakdown(
    *,
    items: Sequence[CostItem],
    tuition: Sequence[TuitionInfo],
    programs: Sequence[str],
    program_label: str = "",
) -> CostBreakdown:
    """The plan's cost as a range of cited parts (see the rule above)."""
    open_items = [
        i
        for i in items
        if i.status not in (MilestoneStatus.DONE, MilestoneStatus.SKIPPED)
        and not i.renewal
    ]
    parts: list[CostPart] = []
    missing: list[CostPart] = []
    if any(i.kind == MilestoneKind.EDUCATION for i in open_items):
        cited = [t for t in tuition if t.program in programs and t.low is not None]
        if cited:
            for t in cited:
                parts.append(
                    CostPart(
                        category="tuition",
                        label=_("Tuition: {program}").format(program=t.program_label),
                        low=t.low,
                        high=t.high if t.high is not None else t.low,
                        as_of=fee_as_of(t.as_of),
                        note="; ".join(x for x in (t.example, t.notes) if x),
                        sources=t.sources,
                        verified=t.verified,
                    )
                )
        else:
            missing.append(
                CostPart(
                    category="tuition",
                    label=_("Tuition: {program}").format(program=program_label)
                    if program_label
                    else _("Tuition"),
                    low=None,
                    high=None,
                    missing=_(
                        "No cited tuition figure for this program type in our data: "
                        "ask the programs you consider for their tuition and fees."
                    ),
                    missing_url="https://www.naacls.org/",
                )
            )
    for item in open_items:
        if item.kind not in (MilestoneKind.CERTIFICATION, MilestoneKind.LICENSURE):
            continue
        category = "exam" if item.kind == MilestoneKind.CERTIFICATION else "license"
        if item.cost_usd is None:
            # A licensure step with no fee may simply have none (a renewal); say so plainly.
            missing.append(
                CostPart(
                    category=category,
                    label=item.title,
                    low=None,
                    high=None,
                    missing=_("Fee not in our data: check with {body}.").format(
                        body=item.check_with or _("the issuing body")
                    ),
                    missing_url=item.check_url,
                )
            )
            continue
        parts.append(
            CostPart(
                category=category,
                label=item.title,
                low=item.cost_usd,
                high=item.cost_usd,
                as_of=fee_as_of(item.cost_as_of),
            )
        )
    if not parts:
        return CostBreakdown(parts=(), low=None, high=None, missing=tuple(missing))
    # Tuition alternatives (several cited programs) are a range, not a sum: the cheapest and
    # the dearest program bound it; fees add up.
    tuition_parts = [p for p in parts if p.category == "tuition"]
    fees = sum(
        (p.low for p in parts if p.category != "tuition" and p.low is not None),
        Decimal(0),
    )
    low = fees + (
        min(p.low for p in tuition_parts if p.low is not None)
        if tuition_parts
        else Decimal(0)
    )
    high = fees + (
        max(p.high for p in tuition_parts if p.high is not None)
        if tuition_parts
        else Decimal(0)
    )
    return CostBreakdown(parts=tuple(parts), low=low, high=high, missing=tuple(missing))


def _main_certification(
    role: str, body: str, context: PlanningContext
) -> CertificationInfo | None:
    # A role can have several credentials per body (BB(ASCP), SBB(ASCP)); the entry credential
    # is the one with active routes, then the editors' order (slug).
    candidates = [
        c for c in context.certifications if c.role == role and c.body == body
    ]
    candidates.sort(key=lambda c: (not any(r.is_active for r in c.routes), c.slug))
    return candidates[0] if candidates else None


# --- the whole plan ------------------------------------------------------------------------------


@dataclass
class _Candidate:
    """A whole plan for one body and one route of the plan's credential."""

    body: str
    plan: _CredentialPlan | None  # the route credential's plan
    steps: list[StepPlan]
    foundations: list[_CredentialPlan]

    @property
    def finish(self) -> date:
        return _finish(self.steps, date.min)

    @property
    def cost(self) -> Decimal:
        total, _as_of = _total_cost(self.steps)
        return total or Decimal(0)

    @property
    def rank(self) -> tuple[bool, bool, bool, date, Decimal, int, str]:
        plan = self.plan
        route = plan.route if plan else None
        return (
            *(plan.rank if plan else (False, False, False)),
            self.finish,
            self.cost,
            route.order if route else 10_000,
            route.code if route else "",
        )

    def body_rank(self, planner: _Planner) -> tuple[bool, bool, bool, date]:
        """How well this body's credential fits: for a role that stands on another (a
        manager on the MLS), that credential, so bodies compare like for like."""
        plan = self.foundations[0] if self.foundations else self.plan
        if plan is None:
            return (True, True, True, date.max)
        return (*plan.rank, planner.credential_finish(plan))


def build_plan(
    answers: PlanAnswers,
    *,
    context: PlanningContext,
    today: date,
    progress: Mapping[str, Anchor] | None = None,
    earned: Iterable[str] = (),
) -> PlanResult:
    """Turn answers + templates + content into ordered, dated milestones."""
    if answers.target_role not in context.roles:
        raise PlanningError(
            _("Unknown role {role}.").format(role=repr(answers.target_role))
        )
    if answers.state is not None and (
        context.state is None or context.state.code != answers.state
    ):
        raise PlanningError(
            _("No licensure data for state {state}.").format(state=repr(answers.state))
        )
    planner = _Planner(answers, context, today)
    start = planner.start
    role = context.roles[answers.target_role]
    background = answers.background(earned)
    warnings: list[str] = []
    foundation_roles = [r for r in role.builds_on if r in context.roles]

    offered = sorted(
        {c.body for c in context.certifications if c.role == answers.target_role}
        | {c.body for c in context.certifications if c.role in foundation_roles},
        key=lambda b: (b != PREFERRED_BODY, b),
    )

    def foundation_cert(foundation_role: str, body: str) -> CertificationInfo | None:
        return _main_certification(foundation_role, body, context) or next(
            (
                c
                for b in offered
                if (c := _main_certification(foundation_role, b, context)) is not None
            ),
            None,
        )

    def candidates_for(body: str) -> list[_Candidate]:
        certs = [
            c for r in foundation_roles if (c := foundation_cert(r, body)) is not None
        ]
        target = _main_certification(answers.target_role, body, context)
        # A role with no credential of its own (lead technologist, supervisor): the credential
        # it stands on is the plan's credential, and the role's own steps come after it.
        stands_on = target is None and bool(certs)
        if stands_on:
            target = certs.pop()
        base = background
        foundations: list[_CredentialPlan] = []
        for cert in certs:
            chosen_foundation = _best(planner.options(cert, base), planner, start)
            if chosen_foundation is not None:
                foundations.append(chosen_foundation)
                base = chosen_foundation.after()
        route_plans: list[_CredentialPlan | None] = (
            list(planner.options(target, base)) if target is not None else [None]
        )
        found: list[_Candidate] = []
        for plan in route_plans:
            specs: list[_Spec] = []
            for foundation in foundations:
                specs += planner.credential_specs(foundation)
            final_background = plan.after() if plan else base
            credential = planner.credential_specs(plan) if plan is not None else []
            role_level = _effective_level(
                final_background if stands_on else base, answers.education_level
            )
            role_steps = planner.role_specs(answers.target_role, role_level)
            specs += credential + role_steps if stands_on else role_steps + credential
            plan_cert = (
                plan if plan is not None else (foundations[-1] if foundations else None)
            )
            specs += planner.final_specs(
                plan_cert,
                final_background,
                _effective_level(final_background, answers.education_level),
            )
            # What a license asks beyond the credential (training hours, coursework) comes
            # before the credential's certification steps, so it is done before applying.
            early = [s for s in specs if s.before_exam]
            if early:
                specs = [s for s in specs if not s.before_exam]
                at = next(
                    (
                        i
                        for i, s in enumerate(specs)
                        if s.kind == MilestoneKind.CERTIFICATION
                        and plan is not None
                        and s.certification == plan.certification.slug
                    ),
                    len(specs),
                )
                specs[at:at] = early
            trainee = planner.trainee_specs(context.state, answers.target_role)
            if trainee:
                training_at = next(
                    (
                        i
                        for i, s in enumerate(specs)
                        if s.kind == MilestoneKind.CLINICAL_TRAINING
                    ),
                    None,
                )
                if training_at is not None:
                    specs[training_at:training_at] = trainee
            steps = planner.date(specs, start, progress)
            found.append(_Candidate(body, plan, steps, foundations))
        return found

    by_body = {body: candidates_for(body) for body in offered}
    best_by_body = {
        body: min(found, key=lambda c: c.rank) if found else None
        for body, found in by_body.items()
    }

    chosen_body: str | None = None
    body_reason = ""
    wanted = answers.certifying_body
    if wanted and wanted in offered:
        chosen_body = wanted
        body_reason = _("You chose this certifying body.")
    elif offered:
        if wanted:
            warnings.append(
                _(
                    "{body} offers no certification for {role} in our data, so the plan "
                    "uses another certifying body."
                ).format(body=wanted.upper(), role=role.title)
            )
        body_ranks = {
            b: best.body_rank(planner) if (best := best_by_body[b]) else None
            for b in offered
        }
        ranked = sorted(
            offered,
            key=lambda b: (
                body_ranks[b] is None,
                body_ranks[b] or (),
                b != PREFERRED_BODY,
            ),
        )
        chosen_body = ranked[0]
        body_reason = _body_reason(chosen_body, ranked, best_by_body, body_ranks, role)
    else:
        warnings.append(
            _(
                "There is no certification for {role} in our data; the plan covers "
                "experience and career steps only."
            ).format(role=role.title)
        )

    candidates = by_body.get(chosen_body, []) if chosen_body else []
    if not candidates:
        # No certification at all: role steps, licensure and the job search.
        level = _effective_level(background, answers.education_level)
        specs = planner.role_specs(answers.target_role, level)
        specs += planner.final_specs(None, background, level)
        candidates = [_Candidate("", None, planner.date(specs, start, progress), [])]
    chosen = min(candidates, key=lambda c: c.rank)
    preferred = answers.preferred_route
    if preferred:
        picked = next(
            (
                c
                for c in candidates
                if c.plan is not None
                and c.plan.route is not None
                and f"{c.plan.certification.slug}:{c.plan.route.code}" == preferred
            ),
            None,
        )
        if picked is not None and picked.plan is not None and picked.plan.feasible:
            chosen = picked
        else:
            warnings.append(
                _(
                    "The route you picked ({route}) cannot be planned from your answers, "
                    "so the plan uses the route that fits best."
                ).format(route=preferred)
            )

    route_plan = (
        chosen.plan
        if chosen.plan is not None
        else (chosen.foundations[-1] if chosen.foundations else None)
    )
    routes = _route_options(candidates, chosen)
    chosen_route: RouteChoice | None = None
    if route_plan is not None and route_plan.route is not None:
        chosen_route = RouteChoice(
            certification=route_plan.certification.abbreviation,
            certification_slug=route_plan.certification.slug,
            route=route_plan.route.code,
            route_reason=_route_reason(route_plan),
            satisfied=route_plan.met,
        )
    elif route_plan is not None and not route_plan.held:
        warnings.append(
            _(
                "{certification} has no eligibility route confirmed from a source in our "
                "data: confirm your route with {body} before you apply."
            ).format(
                certification=route_plan.certification.abbreviation,
                body=route_plan.certification.body_name,
            )
        )

    state = context.state
    if state is None:
        warnings.append(
            _(
                "No state chosen yet: some states require a personal license for laboratory "
                "work. Choose a state to add its license steps, and confirm with the state "
                "board."
            )
        )
    elif state.requires_license:
        warnings.append(
            _(
                "{state} requires a license: confirm the current rules with {board}."
            ).format(state=state.name, board=state.board_name or _("the state board"))
        )
    if answers.study_pace == StudyPace.PART_TIME:
        warnings.append(
            _(
                "Part-time study: education and clinical training are estimated at "
                "{factor}x their full-time length."
            ).format(factor=PART_TIME_FACTOR)
        )
    redated = sum(1 for s in chosen.steps if s.redated)
    if redated:
        warnings.append(
            _(
                "{count} step(s) not started had dates in the past and were re-dated from "
                "today."
            ).format(count=redated)
        )

    total, cost_as_of = _total_cost(chosen.steps)
    return PlanResult(
        steps=chosen.steps,
        estimated_finish=_finish(chosen.steps, start),
        total_cost_usd=total,
        cost_as_of=cost_as_of,
        chosen_body=chosen_body,
        body_reason=body_reason,
        chosen_route=chosen_route,
        warnings=warnings,
        routes=routes,
    )


def _best(
    options: list[_CredentialPlan], planner: _Planner, start: date
) -> _CredentialPlan | None:
    usable = [o for o in options if o.feasible]
    if not usable:
        return None

    def rank(o: _CredentialPlan) -> tuple[bool, bool, bool, bool, date]:
        return (not o.held, *o.rank, planner.credential_finish(o))

    return min(usable, key=rank)


def _route_options(
    candidates: list[_Candidate], chosen: _Candidate
) -> list[RouteOption]:
    options: list[RouteOption] = []
    for candidate in candidates:
        plan = candidate.plan
        if plan is None or plan.route is None:
            continue
        evaluation = plan.evaluation
        missing = list(evaluation.missing_texts) if evaluation else []
        if not plan.feasible and not missing:
            missing.append(_("Cannot be planned from your answers"))
        met = plan.met
        if evaluation is not None and evaluation.met and not met:
            body = plan.certification.body_name
            missing.append(
                _("Confirm with {body}: {items}").format(
                    body=body, items="; ".join(evaluation.to_confirm)
                )
                if plan.route.verified and evaluation.to_confirm
                else _(
                    "Confirm this route with {body}: its terms were not confirmed "
                    "from a source"
                ).format(body=body)
            )
        options.append(
            RouteOption(
                certification=plan.certification.abbreviation,
                certification_slug=plan.certification.slug,
                code=plan.route.code,
                met=met,
                missing=tuple(missing),
                estimated_finish=candidate.finish if plan.feasible else None,
                total_cost_usd=(
                    _total_cost(candidate.steps)[0] if plan.feasible else None
                ),
                verified=plan.route.verified
                and all(r.verified for r in plan.route.items),
                chosen=candidate is chosen,
                feasible=plan.feasible,
                to_confirm=evaluation.to_confirm if evaluation else (),
            )
        )
    return options


def _route_reason(plan: _CredentialPlan) -> str:
    route = plan.route
    assert route is not None
    if plan.met:
        reason = _("your answers already meet it ({requirements})").format(
            requirements=route.requirements.strip()
        )
        if plan.evaluation and plan.evaluation.to_confirm:
            reason += _(" Confirm: {items}.").format(
                items="; ".join(plan.evaluation.to_confirm)
            )
        return reason
    if plan.evaluation is not None and plan.evaluation.met:
        return _(
            "your answers meet it as far as we can check, but its terms were not confirmed "
            "from a source: confirm with {body}."
        ).format(body=plan.certification.body_name)
    needs = "; ".join(plan.evaluation.missing_texts) if plan.evaluation else ""
    return _(
        "no route is met yet; this one is the quickest to reach from your answers and "
        "needs: {needs}."
    ).format(needs=needs)


def _body_reason(
    chosen: str,
    ranked: list[str],
    best: Mapping[str, _Candidate | None],
    ranks: Mapping[str, tuple[bool, bool, bool, date] | None],
    role: RoleInfo,
) -> str:
    option = best[chosen]
    label = (
        option.plan.certification.abbreviation
        if option and option.plan
        else chosen.upper()
    )
    if len(ranked) == 1:
        return _("{label} is the only certification for {role} in our data.").format(
            label=label, role=role.title
        )
    other = best[ranked[1]]
    mine, theirs = ranks[chosen], ranks[ranked[1]]
    if option and other and mine and theirs and mine < theirs:
        other_label = (
            other.plan.certification.abbreviation if other.plan else ranked[1].upper()
        )
        if option.plan and option.plan.met and not (other.plan and other.plan.met):
            return _(
                "Your answers already meet an eligibility route for {label}, while "
                "{other} would need more steps first."
            ).format(label=label, other=other_label)
        # Say what decided: the first part of the rank (feasible, nothing missing, route
        # certain, finish) where the two differ.
        decided = next(
            i for i, (a, b) in enumerate(zip(mine, theirs, strict=True)) if a != b
        )
        if decided == 0:
            return _(
                "{label} has a route you can plan from your answers; {other} has none."
            ).format(label=label, other=other_label)
        # Bodies are ranked on the credential a role stands on (a manager: the MLS), so the
        # reason names those credentials.
        ranked_plan = option.foundations[0] if option.foundations else option.plan
        other_ranked = other.foundations[0] if other.foundations else other.plan
        mine_label = ranked_plan.certification.abbreviation if ranked_plan else label
        their_label = (
            other_ranked.certification.abbreviation if other_ranked else other_label
        )
        on = (
            ""
            if mine_label == label
            else _(" ({label} builds on {foundation})").format(
                label=label, foundation=mine_label
            )
        )
        if decided in (1, 2) and ranked_plan is not None and ranked_plan.held:
            held = ranked_plan.certification.abbreviation
            return (
                _("You already hold {held}").format(held=held)
                + (
                    ""
                    if held == label
                    else _(", which {label} builds on").format(label=label)
                )
                + _("; {other} would need more steps.").format(other=other_label)
            )
        if decided == 1:
            return _(
                "From your answers nothing seems to be missing for a {label} route, but "
                "that route is not confirmed from a source, so check it with {body} "
                "first; {other} would need more steps."
            ).format(
                label=label,
                body=option.plan.certification.body_name if option.plan else label,
                other=other_label,
            )
        if decided == 2:
            return _(
                "{mine}'s route is confirmed from a source and {theirs}'s is not{on}."
            ).format(mine=mine_label, theirs=their_label, on=on)
        return _(
            "{mine} finishes sooner (estimated {mine_finish}) than {theirs} (estimated "
            "{theirs_finish}){on}."
        ).format(
            mine=mine_label,
            mine_finish=mine[3].isoformat(),
            theirs=their_label,
            theirs_finish=theirs[3].isoformat(),
            on=on,
        )
    return _(
        "Both ASCP and AMT certify the {role} role and fit your answers equally well, so "
        "the plan uses {label}. Ask employers and your state board which credential they "
        "accept before you apply."
    ).format(role=role.title, label=label)


def with_progress_credentials(
    answers: PlanAnswers, earned: Iterable[str]
) -> PlanAnswers:
    """The answers with passed exams added to the credentials held."""
    return replace(
        answers,
        credentials_held=frozenset(answers.credentials_held) | frozenset(earned),
    )


# --- onboarding: which background questions matter -------------------------------------------


@dataclass(frozen=True)
class Question:
    value: str
    label: str
    reason: str  # which route asks for it, e.g. "MLS(ASCP) Route 2"


@dataclass
class BackgroundQuestions:
    """What to ask a person aiming at one role: only what its routes count."""

    credentials: list[Question] = field(default_factory=list)
    disciplines: list[Question] = field(default_factory=list)
    subjects: list[Question] = field(default_factory=list)
    programs: list[Question] = field(default_factory=list)
    ask_degree_field: bool = False

    def __bool__(self) -> bool:
        return bool(
            self.credentials
            or self.disciplines
            or self.subjects
            or self.programs
            or self.ask_degree_field
        )


def background_questions(
    role: str, education_level: str, context: PlanningContext
) -> BackgroundQuestions:
    """The background answers that can change a plan for `role` (and why), from the routes
    of its credentials, of the credentials they require, and of the role it builds on."""
    from planner.eligibility import (
        BIOLOGY_CHEMISTRY,
        Discipline,
        Subject,
    )

    roles = {role, *(context.roles[role].builds_on if role in context.roles else ())}
    certs = [c for c in context.certifications if c.role in roles]
    seen = {c.slug for c in certs}
    queue = list(certs)
    while queue:  # the credentials those routes require, and theirs
        cert = queue.pop()
        for route in cert.routes:
            for item in route.items:
                for slug in item.credentials:
                    required = context.certification(slug)
                    if required is not None and required.slug not in seen:
                        seen.add(required.slug)
                        certs.append(required)
                        queue.append(required)
    questions = BackgroundQuestions()
    credentials: dict[str, Question] = {}
    disciplines: dict[str, str] = {}
    subjects: dict[str, str] = {}
    programs: dict[str, str] = {}
    for cert in certs:
        credentials.setdefault(
            cert.slug,
            Question(
                cert.slug,
                cert.abbreviation,
                _("{certification} itself").format(certification=cert.abbreviation),
            ),
        )
        for route in cert.routes:
            if not route.is_active:
                continue
            where = _("{certification} Route {route}").format(
                certification=cert.abbreviation, route=route.code
            )
            for item in route.items:
                match item.kind:
                    case RequirementKind.EXPERIENCE:
                        for d in item.disciplines or Discipline.values:
                            disciplines.setdefault(d, where)
                    case RequirementKind.COURSEWORK:
                        for s in (
                            (Subject.BIOLOGY, Subject.CHEMISTRY)
                            if item.subject == BIOLOGY_CHEMISTRY
                            else (item.subject,)
                        ):
                            subjects.setdefault(s, where)
                    case RequirementKind.PROGRAM:
                        programs.setdefault(item.program, where)
                    case RequirementKind.DEGREE if item.fields:
                        questions.ask_degree_field = True
                    case RequirementKind.CREDENTIAL:
                        for slug in sorted(item.credentials):
                            held = context.certification(slug)
                            if held is not None:
                                credentials[slug] = Question(
                                    slug, held.abbreviation, where
                                )
    questions.credentials = sorted(credentials.values(), key=lambda q: q.label)
    questions.disciplines = [
        Question(d, str(Discipline(d).label), disciplines[d])
        for d in Discipline.values
        if d in disciplines
    ]
    questions.subjects = [
        Question(s, str(Subject(s).label), subjects[s])
        for s in Subject.values
        if s in subjects
    ]
    questions.programs = [
        Question(p, str(ProgramKind(p).label), programs[p])
        for p in ProgramKind.values
        if p in programs
    ]
    questions.ask_degree_field = questions.ask_degree_field and education_level in (
        EducationLevel.ASSOCIATE,
        EducationLevel.BACHELOR,
    )
    return questions
