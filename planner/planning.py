"""Plan-generation rules: plain Python on dataclasses (no ORM, request or settings).

Public API (stable names; the UI and the services build on these):

- Enums (Django ``TextChoices``): ``EducationLevel`` (high_school, some_college, associate,
  associate_mlt, bachelor, bachelor_mls), ``StudyPace`` (full_time, part_time),
  ``MilestoneKind`` (education, clinical_training, experience, certification, licensure,
  job_search, continuing_education), ``MilestoneStatus`` (not_started, in_progress, done, skipped),
  ``CertifyingBodyChoice`` (ascp, amt).
- ``PlanAnswers(target_role, education_level, state=None, certifying_body=None,
  study_pace="full_time", start_date=None)``: what the planner asked (frozen).
- ``PlanningContext``: a snapshot of the content the rules need (roles, certifications with
  their eligibility routes and renewal rule, the chosen state's licensure and its steps, and the
  pathway-template steps in order). ``planner.services.load_context`` builds it from the DB.
- ``build_plan(answers, *, context, today) -> PlanResult``: ordered ``StepPlan`` milestones with
  estimated start/due dates, ``estimated_finish``, ``total_cost_usd`` + ``cost_as_of``,
  ``chosen_body`` + ``body_reason``, ``chosen_route`` (``RouteChoice``: certification
  abbreviation, route code, ``reason``) and ``warnings``. Raises ``PlanningError`` for answers
  the context cannot serve (unknown role or state).

Rules in short:
- A pathway-template step applies when all its conditions hold (target roles, education levels,
  certifying body, "state requires a licence", and what the chosen eligibility route still needs:
  an accredited programme, a degree, experience months, a prerequisite certification, or simply
  "a certification exists").
- Eligibility route (active, verified routes only): the first route the answers already satisfy; otherwise the feasible
  route that finishes soonest (then cheapest, then lowest order). Routes whose prerequisite
  certification the planner cannot reach directly are not proposed.
- "Help me choose" certifying body: the body whose route is already met; otherwise the one that
  finishes soonest; on a tie ASCP (the credential licensure boards and employers name most often).
- Dates: steps run one after another from the start date; a step marked ``alongside_previous``
  (e.g. clinical experience while finishing a degree) starts with the step before it. Part-time
  study multiplies education and clinical-training durations by ``PART_TIME_FACTOR`` (2).
  Experience is counted in months of full-time work (1 month = 30.44 days). Steps are ordered by
  (start, due), so start and due dates never go backwards. ``estimated_finish`` is the last due
  date before continuing education (which runs for the first renewal cycle after certification).
"""

from __future__ import annotations

import string
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from django.db import models


class EducationLevel(models.TextChoices):
    HIGH_SCHOOL = "high_school", "High school diploma or equivalent"
    SOME_COLLEGE = "some_college", "Some college credits"
    ASSOCIATE = "associate", "Associate degree (not in laboratory science)"
    ASSOCIATE_MLT = "associate_mlt", "Associate degree in medical laboratory technology"
    BACHELOR = "bachelor", "Bachelor's degree (not in laboratory science)"
    BACHELOR_MLS = "bachelor_mls", "Bachelor's degree in medical laboratory science"


class StudyPace(models.TextChoices):
    FULL_TIME = "full_time", "Full time"
    PART_TIME = "part_time", "Part time"


class CertifyingBodyChoice(models.TextChoices):
    ASCP = "ascp", "ASCP Board of Certification"
    AMT = "amt", "American Medical Technologists (AMT)"


class MilestoneKind(models.TextChoices):
    EDUCATION = "education", "Education"
    CLINICAL_TRAINING = "clinical_training", "Clinical training"
    EXPERIENCE = "experience", "Work experience"
    CERTIFICATION = "certification", "Certification"
    LICENSURE = "licensure", "State licensure"
    JOB_SEARCH = "job_search", "Job search"
    CONTINUING_EDUCATION = "continuing_education", "Continuing education"


class MilestoneStatus(models.TextChoices):
    NOT_STARTED = "not_started", "Not started"
    IN_PROGRESS = "in_progress", "In progress"
    DONE = "done", "Done"
    SKIPPED = "skipped", "Skipped"


class RouteNeed(models.TextChoices):
    """What a template step is for, relative to the chosen eligibility route."""

    ANY = "", "Always (no route condition)"
    CERTIFICATION = "certification", "A certification exists for the target role"
    PROGRAM = "program", "The route needs an accredited programme not yet completed"
    DEGREE = "degree", "The route needs a higher degree than the planner holds"
    EXPERIENCE = "experience", "The route needs months of clinical experience"
    PREREQUISITE = "prerequisite", "The route needs a prerequisite certification"


class StepLink(models.TextChoices):
    NONE = "", "No link"
    CERTIFICATION = "certification", "The chosen certification"
    PREREQUISITE = "prerequisite", "The route's prerequisite certification"
    STATE_BOARD = "state_board", "The state board"


PART_TIME_FACTOR = 2
STRETCHED_KINDS = frozenset({MilestoneKind.EDUCATION, MilestoneKind.CLINICAL_TRAINING})
DAYS_PER_MONTH = 30.44

# Education ranks on the EligibilityRoute.min_education scale; "some college" is below the
# 60 semester hours that count as an associate degree.
EDUCATION_RANK = {
    "none": 0,
    "high_school": 1,
    "associate": 2,
    "bachelor": 3,
    "master": 4,
}
LEVEL_RANK = {
    EducationLevel.HIGH_SCHOOL: 1,
    EducationLevel.SOME_COLLEGE: 1,
    EducationLevel.ASSOCIATE: 2,
    EducationLevel.ASSOCIATE_MLT: 2,
    EducationLevel.BACHELOR: 3,
    EducationLevel.BACHELOR_MLS: 3,
}
LEVEL_PROGRAMS: dict[str, frozenset[str]] = {
    EducationLevel.ASSOCIATE_MLT: frozenset({"mlt"}),
    EducationLevel.BACHELOR_MLS: frozenset({"mls"}),
}
# An accredited programme of this kind awards at least this degree (NAACLS-accredited
# programmes award an associate degree or higher), so finishing it closes the degree gap.
PROGRAM_GRANTS = {
    "mlt": "associate",
    "mls": "bachelor",
    "histotechnician": "associate",
    "cytotechnology": "bachelor",
}
PREFERRED_BODY = CertifyingBodyChoice.ASCP
# The answers do not ask about military service, so military-course routes are not proposed.
NOT_PROPOSED_PROGRAMS = frozenset({"military"})


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


@dataclass(frozen=True)
class RoleInfo:
    slug: str
    title: str
    short_title: str = ""


@dataclass(frozen=True)
class RouteInfo:
    code: str
    order: int = 0
    requirements: str = ""
    min_education: str = "none"
    program: str = ""
    accreditors: str = ""
    experience_months: int = 0
    recency_years: int | None = None
    prerequisite_certification: str | None = None  # certification slug
    is_active: bool = True
    verified: bool = True


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


@dataclass(frozen=True)
class LicenseStepInfo:
    order: int
    kind: str
    title: str
    description: str = ""


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


@dataclass(frozen=True)
class RouteChoice:
    certification: str  # abbreviation, e.g. "MLT(ASCP)"
    certification_slug: str
    route: str  # route code, e.g. "1"
    route_reason: str
    satisfied: bool

    @property
    def summary(self) -> str:
        return f"{self.certification} Route {self.route}: {self.route_reason}"


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


# --- eligibility routes ----------------------------------------------------------------------


@dataclass(frozen=True)
class _Gaps:
    degree: bool
    program: bool
    experience_months: int
    prerequisite: str | None

    @property
    def needs(self) -> frozenset[str]:
        needs = {RouteNeed.CERTIFICATION.value}
        if self.degree:
            needs.add(RouteNeed.DEGREE)
        if self.program:
            needs.add(RouteNeed.PROGRAM)
        if self.experience_months:
            needs.add(RouteNeed.EXPERIENCE)
        if self.prerequisite:
            needs.add(RouteNeed.PREREQUISITE)
        return frozenset(needs)

    @property
    def satisfied(self) -> bool:
        return self.needs == {RouteNeed.CERTIFICATION}


def _route_gaps(route: RouteInfo, level: str) -> _Gaps:
    rank = LEVEL_RANK.get(level, 1)
    done_programs = LEVEL_PROGRAMS.get(level, frozenset())
    program_gap = bool(route.program) and route.program not in done_programs
    needed_rank = EDUCATION_RANK.get(route.min_education, 0)
    if program_gap:
        needed_rank = max(0, needed_rank if needed_rank > _grants(route.program) else 0)
    return _Gaps(
        degree=rank < needed_rank,
        program=program_gap,
        # The answers do not record work history, so every experience month is still to do.
        experience_months=max(route.experience_months, 0),
        prerequisite=route.prerequisite_certification,
    )


def _grants(program: str) -> int:
    return EDUCATION_RANK.get(PROGRAM_GRANTS.get(program, "none"), 0)


def _prerequisite_reachable(
    slug: str | None, level: str, context: PlanningContext
) -> bool:
    """A prerequisite counts only when one of its own routes is already met by the answers."""
    if slug is None:
        return True
    prerequisite = context.certification(slug)
    if prerequisite is None:
        return False
    return any(
        r.is_active
        and r.verified
        and _route_gaps(r, level).needs
        <= {RouteNeed.CERTIFICATION, RouteNeed.EXPERIENCE}
        and not r.experience_months
        and r.prerequisite_certification is None
        for r in prerequisite.routes
    )


def _describe_gaps(gaps: _Gaps, route: RouteInfo, context: PlanningContext) -> str:
    parts: list[str] = []
    if gaps.prerequisite:
        prerequisite = context.certification(gaps.prerequisite)
        parts.append(
            f"{prerequisite.abbreviation if prerequisite else gaps.prerequisite} certification"
        )
    if gaps.degree:
        parts.append(
            {
                "associate": "an associate degree (or 60 semester hours)",
                "bachelor": "a bachelor's degree",
                "master": "a master's degree",
            }.get(route.min_education, "a high school diploma")
        )
    if gaps.program:
        accreditors = f" ({route.accreditors})" if route.accreditors else ""
        parts.append(f"an accredited {route.program.upper()} programme{accreditors}")
    if gaps.experience_months:
        parts.append(
            f"{gaps.experience_months} months of full-time clinical experience"
        )
    return ", ".join(parts)


# --- scheduling --------------------------------------------------------------------------------


class _SafeFormat(dict[str, str]):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def _fill(text: str, values: Mapping[str, str]) -> str:
    try:
        return string.Formatter().vformat(text, (), _SafeFormat(values))
    except (ValueError, IndexError, AttributeError):
        # Editors' text with stray braces is shown as written.
        return text


def _step_applies(
    step: TemplateStep,
    answers: PlanAnswers,
    body: str | None,
    state: StateInfo | None,
    needs: frozenset[str],
) -> bool:
    if step.when_target_roles and answers.target_role not in step.when_target_roles:
        return False
    if (
        step.when_education_levels
        and answers.education_level not in step.when_education_levels
    ):
        return False
    if step.when_body and step.when_body != body:
        return False
    if step.when_state_requires_license is not None:
        requires = state.requires_license if state else None
        # An undecided state satisfies neither "requires" nor "does not require".
        if requires is None or requires != step.when_state_requires_license:
            return False
    return not step.when_route_needs or step.when_route_needs in needs


def _days_for(
    step: TemplateStep,
    pace: str,
    experience_months: int,
    certification: CertificationInfo | None,
) -> tuple[int, Decimal]:
    if step.kind == MilestoneKind.EXPERIENCE and step.duration_weeks is None:
        days = round(experience_months * DAYS_PER_MONTH)
        return days, (Decimal(days) / 7).quantize(Decimal("0.1"))
    if (
        step.kind == MilestoneKind.CONTINUING_EDUCATION
        and step.duration_weeks is None
        and certification is not None
        and certification.renewal_cycle_years
    ):
        # Continuing education runs for the first renewal cycle after certification.
        return certification.renewal_cycle_years * 365, Decimal(
            certification.renewal_cycle_years * 52
        )
    kind = step.kind
    weeks = Decimal(step.duration_weeks or 0)
    if pace == StudyPace.PART_TIME and kind in STRETCHED_KINDS:
        weeks *= PART_TIME_FACTOR
    return round(weeks * 7), weeks


@dataclass
class _Draft:
    plan: StepPlan
    sequence: int


def _schedule(
    answers: PlanAnswers,
    context: PlanningContext,
    start: date,
    body: str | None,
    certification: CertificationInfo | None,
    route: RouteInfo | None,
    gaps: _Gaps | None,
) -> list[StepPlan]:
    state = context.state
    needs = gaps.needs if gaps else frozenset()
    role = context.roles[answers.target_role]
    prerequisite = context.certification(gaps.prerequisite) if gaps else None
    values = {
        "role": role.title,
        "role_short": role.short_title or role.title,
        "certification": certification.abbreviation if certification else "",
        "body": certification.body_name if certification else "",
        "route": route.code if route else "",
        "route_requirements": route.requirements if route else "",
        "accreditors": (route.accreditors if route else "") or "NAACLS",
        "experience_months": str(gaps.experience_months if gaps else 0),
        "prerequisite": prerequisite.abbreviation if prerequisite else "",
        "state": state.name if state else "your state",
        "board": state.board_name if state else "your state's board",
        "renewal_program": certification.renewal_program if certification else "",
        "renewal_points": str(certification.renewal_points or "")
        if certification
        else "",
        "renewal_cycle_years": str(certification.renewal_cycle_years or "")
        if certification
        else "",
        "renewal_categories": certification.renewal_required_categories
        if certification
        else "",
    }
    drafts: list[_Draft] = []
    cursor = start
    previous_start = start
    for sequence, step in enumerate(context.template_steps):
        if not _step_applies(step, answers, body, state, needs):
            continue
        days, weeks = _days_for(
            step,
            answers.study_pace,
            gaps.experience_months if gaps else 0,
            certification,
        )
        step_start = previous_start if step.alongside_previous and drafts else cursor
        due = step_start + timedelta(days=max(days, 0))
        cost, cost_as_of = step.cost_usd, step.cost_as_of
        links: list[tuple[str, str]] = []
        description = _fill(step.guidance, values)
        checklist = [_fill(line, values) for line in step.checklist]
        cert_slug: str | None = None
        state_code: str | None = None
        linked = {
            StepLink.CERTIFICATION: certification,
            StepLink.PREREQUISITE: prerequisite,
        }.get(step.link_to)  # type: ignore[call-overload]
        if linked is not None:
            cert_slug = linked.slug
            if linked.url:
                links.append((linked.abbreviation, linked.url))
            if step.kind == MilestoneKind.CERTIFICATION and cost is None:
                cost, cost_as_of = linked.exam_fee_usd, linked.exam_fee_as_of
            if (
                step.kind == MilestoneKind.CERTIFICATION
                and linked is certification
                and route
            ):
                description = _join(
                    description, f"Route {route.code}: {route.requirements}".strip()
                )
        if step.kind == MilestoneKind.CONTINUING_EDUCATION and certification:
            description = _join(description, renewal_rule(certification))
        if step.link_to == StepLink.STATE_BOARD and state is not None:
            state_code = state.code
            if state.board_url:
                links.append(
                    (state.board_name or f"{state.name} board", state.board_url)
                )
            if state.url:
                links.append((f"{state.name} licensure in CareerPath", state.url))
            if step.kind == MilestoneKind.LICENSURE:
                if cost is None:
                    cost, cost_as_of = state.application_fee_usd, state.fee_as_of
                checklist.extend(
                    s.title for s in sorted(state.steps, key=lambda s: s.order)
                )
                description = _join(description, state.processing_note)
        drafts.append(
            _Draft(
                StepPlan(
                    key=step.key,
                    kind=step.kind,
                    phase=step.phase,
                    title=_fill(step.title, values),
                    description=description,
                    order=0,
                    start_date=step_start,
                    due_date=due,
                    duration_weeks=weeks,
                    cost_usd=cost,
                    cost_as_of=cost_as_of if cost is not None else "",
                    checklist=checklist,
                    links=links,
                    certification=cert_slug,
                    state=state_code,
                ),
                sequence,
            )
        )
        previous_start = step_start
        cursor = max(cursor, due)
    drafts.sort(key=lambda d: (d.plan.start_date, d.plan.due_date, d.sequence))
    for order, draft in enumerate(drafts, start=1):
        draft.plan.order = order
    return [d.plan for d in drafts]


def renewal_rule(certification: CertificationInfo) -> str:
    """The renewal rule in one sentence, e.g. "CMP: 36 points every 3 years. ..."."""
    parts = []
    if certification.renewal_points and certification.renewal_cycle_years:
        parts.append(
            f"{certification.renewal_program or 'Renewal'}: {certification.renewal_points} "
            f"points every {certification.renewal_cycle_years} years."
        )
    elif certification.renewal_cycle_years:
        parts.append(
            f"{certification.renewal_program or 'Renewal'}: a "
            f"{certification.renewal_cycle_years}-year cycle (point total not confirmed)."
        )
    if certification.renewal_required_categories:
        parts.append(certification.renewal_required_categories)
    return " ".join(parts)


def _join(*parts: str) -> str:
    return "\n\n".join(p for p in parts if p)


def _finish(steps: list[StepPlan], start: date) -> date:
    return max(
        (s.due_date for s in steps if s.kind != MilestoneKind.CONTINUING_EDUCATION),
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


@dataclass
class _Option:
    certification: CertificationInfo
    route: RouteInfo
    gaps: _Gaps
    steps: list[StepPlan]

    @property
    def rank(self) -> tuple[bool, date, Decimal, int, str]:
        cost, _ = _total_cost(self.steps)
        return (
            not self.gaps.satisfied,
            _finish(self.steps, self.steps[0].start_date if self.steps else date.min),
            cost or Decimal(0),
            self.route.order,
            self.route.code,
        )


def _options_for(
    certification: CertificationInfo,
    answers: PlanAnswers,
    context: PlanningContext,
    start: date,
) -> list[_Option]:
    options = []
    for route in certification.routes:
        # Discontinued routes and routes whose terms were not confirmed are never proposed.
        if (
            not route.is_active
            or not route.verified
            or route.program in NOT_PROPOSED_PROGRAMS
        ):
            continue
        if not _prerequisite_reachable(
            route.prerequisite_certification, answers.education_level, context
        ):
            continue
        gaps = _route_gaps(route, answers.education_level)
        steps = _schedule(
            answers, context, start, certification.body, certification, route, gaps
        )
        options.append(_Option(certification, route, gaps, steps))
    options.sort(key=lambda o: o.rank)
    return options


def _main_certification(
    role: str, body: str, context: PlanningContext
) -> CertificationInfo | None:
    # A role can have several credentials per body (MLS(ASCP), BB(ASCP), SBB(ASCP)); the entry
    # credential is the one with active eligibility routes.
    candidates = [
        c for c in context.certifications if c.role == role and c.body == body
    ]
    candidates.sort(
        key=lambda c: (not any(r.is_active and r.verified for r in c.routes), c.slug)
    )
    return candidates[0] if candidates else None


def _route_reason(option: _Option, context: PlanningContext) -> str:
    route = option.route
    if option.gaps.satisfied:
        reason = f"your answers already meet it ({route.requirements.strip()})"
        if route.recency_years:
            reason += (
                f" Check that your programme or experience falls within the last "
                f"{route.recency_years} years."
            )
        return reason
    return (
        f"no route is met yet; this one is the quickest to reach from your answers and needs "
        f"{_describe_gaps(option.gaps, route, context)}."
    )


def build_plan(
    answers: PlanAnswers, *, context: PlanningContext, today: date
) -> PlanResult:
    """Turn answers + templates + content into ordered, dated milestones."""
    if answers.target_role not in context.roles:
        raise PlanningError(f"Unknown role {answers.target_role!r}.")
    if answers.state is not None and (
        context.state is None or context.state.code != answers.state
    ):
        raise PlanningError(f"No licensure data for state {answers.state!r}.")
    start = answers.start_date or today
    role = context.roles[answers.target_role]
    warnings: list[str] = []

    offered = sorted(
        {c.body for c in context.certifications if c.role == answers.target_role},
        key=lambda b: (b != PREFERRED_BODY, b),
    )
    best: dict[str, _Option | None] = {}
    for body in offered:
        certification = _main_certification(answers.target_role, body, context)
        options = (
            _options_for(certification, answers, context, start)
            if certification
            else []
        )
        best[body] = options[0] if options else None

    chosen_body: str | None = None
    body_reason = ""
    wanted = answers.certifying_body
    if wanted and wanted in offered:
        chosen_body = wanted
        body_reason = "You chose this certifying body."
    elif offered:
        if wanted:
            warnings.append(
                f"{wanted.upper()} offers no certification for {role.title} in our data, "
                "so the plan uses another certifying body."
            )
        ranked = sorted(
            offered,
            key=lambda b: (
                best[b] is None,
                best[b].rank[:2] if best[b] else (True, date.max),  # type: ignore[union-attr]
                b != PREFERRED_BODY,
            ),
        )
        chosen_body = ranked[0]
        body_reason = _body_reason(chosen_body, ranked, best, role)
    else:
        warnings.append(
            f"There is no certification for {role.title} in our data; the plan covers "
            "experience and career steps only."
        )

    option = best.get(chosen_body) if chosen_body else None
    chosen_route: RouteChoice | None = None
    if option is not None:
        steps = option.steps
        chosen_route = RouteChoice(
            certification=option.certification.abbreviation,
            certification_slug=option.certification.slug,
            route=option.route.code,
            route_reason=_route_reason(option, context),
            satisfied=option.gaps.satisfied,
        )
    else:
        certification = (
            _main_certification(answers.target_role, chosen_body, context)
            if chosen_body
            else None
        )
        if certification is not None:
            warnings.append(
                f"{certification.abbreviation} has no active eligibility route in our data; "
                "check the certifying body's current routes."
            )
        steps = _schedule(
            answers, context, start, chosen_body, certification, None, None
        )

    if context.state is None:
        warnings.append(
            "No state chosen yet: some states require a personal licence for laboratory work. "
            "Choose a state to add its licence steps, and confirm with the state board."
        )
    elif context.state.requires_license:
        warnings.append(
            f"{context.state.name} requires a licence: confirm the current rules with "
            f"{context.state.board_name or 'the state board'}."
        )
    if answers.study_pace == StudyPace.PART_TIME:
        warnings.append(
            f"Part-time study: education and clinical training are estimated at "
            f"{PART_TIME_FACTOR}x their full-time length."
        )

    total, cost_as_of = _total_cost(steps)
    return PlanResult(
        steps=steps,
        estimated_finish=_finish(steps, start),
        total_cost_usd=total,
        cost_as_of=cost_as_of,
        chosen_body=chosen_body,
        body_reason=body_reason,
        chosen_route=chosen_route,
        warnings=warnings,
    )


def _body_reason(
    chosen: str, ranked: list[str], best: Mapping[str, _Option | None], role: RoleInfo
) -> str:
    option = best[chosen]
    label = option.certification.abbreviation if option else chosen.upper()
    if len(ranked) == 1:
        return f"{label} is the only certification for {role.title} in our data."
    other = best[ranked[1]]
    if option and other and option.gaps.satisfied and not other.gaps.satisfied:
        return (
            f"Your answers already meet an eligibility route for {label}, while "
            f"{other.certification.abbreviation} would need more steps first."
        )
    if option and other and option.rank[:2] < other.rank[:2]:
        return (
            f"{label} is the quicker credential to reach from your answers "
            f"(estimated {_finish(option.steps, date.min).isoformat()})."
        )
    return (
        f"Both ASCP and AMT certify {role.title}s and fit your answers equally well. "
        f"We suggest {label}: the ASCP Board of Certification credential is the one state "
        "licensure rules and employers name most often. The AMT credential is a recognised "
        "alternative in many states; confirm with your state board."
    )
