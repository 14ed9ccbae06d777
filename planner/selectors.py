"""Reads that pages and the API need, kept apart from the writes in `planner.services`."""

from __future__ import annotations

import datetime as dt
import functools
import json
from dataclasses import dataclass
from typing import Any

from django.db import connection
from django.db.models import Prefetch, QuerySet
from django.utils import timezone, translation

from careerpath import rows
from careerpath.accounts.models import User
from content import versioning
from content.models import (
    Certification,
    ContentVersion,
    EligibilityRoute,
    LicenseCategory,
    LicenseRequirement,
    LicenseStep,
    Role,
    RouteRequirement,
    StateLicensure,
)
from planner import planning
from planner.models import (
    CERTIFICATION_FIELDS,
    CHECKLIST_ROW_FIELDS,
    ROLE_FIELDS,
    STATE_FIELDS,
    ChecklistItem,
    ContinuingEducationEntry,
    Milestone,
    PathwayStep,
    Plan,
    text_language,
)
from planner.planning import CEStatus, MilestoneKind, MilestoneStatus, PlanAnswers


def fits_primary_key(*values: int) -> bool:
    """True when each value can be a row id. The URL converters admit any digits; in plain
    SQL an id beyond the column's range is compared as a numeric, which no index serves (the
    ORM answers "no row" without asking), so such an id is not looked up at all."""
    low, high = connection.ops.integer_field_range("BigAutoField")
    return all(low <= value <= high for value in values)


@dataclass(frozen=True, slots=True)
class PlanVersion:
    """What a cache key needs of a plan: who owns which version of it."""

    pk: int
    owner_id: int
    updated_at: dt.datetime


@dataclass(frozen=True, slots=True)
class Versions:
    content_version: int
    plans: list[PlanVersion]  # newest plan first


# One round trip for both, read on every plan page: the content version's row joined to the
# owner's plans (none is fine). Plain SQL for the reason `content.versioning.current` gives.
_VERSIONS_SQL = (
    "SELECT cv.version, p.id, p.updated_at FROM (SELECT 1) AS one"
    f" LEFT JOIN {ContentVersion._meta.db_table} AS cv ON cv.id = 1"
    f" LEFT JOIN {Plan._meta.db_table} AS p ON p.owner_id = %s"
    " ORDER BY p.id DESC"
)


def versions(*, owner_id: int) -> Versions:
    """The content version and the versions of the owner's plans, newest plan first."""
    with connection.cursor() as cursor:
        cursor.execute(_VERSIONS_SQL, [owner_id])
        rows = cursor.fetchall()
    content_version = rows[0][0]
    if content_version is None:  # no content saved yet: the same default as everywhere
        content_version, _ = versioning.current()
    return Versions(
        content_version=content_version,
        plans=[
            PlanVersion(pk=pk, owner_id=owner_id, updated_at=updated_at)
            for _, pk, updated_at in rows
            if pk is not None
        ],
    )


_PLAN_VERSION_SQL = (
    "SELECT cv.version, p.updated_at FROM (SELECT 1) AS one"
    f" LEFT JOIN {ContentVersion._meta.db_table} AS cv ON cv.id = 1"
    f" LEFT JOIN {Plan._meta.db_table} AS p ON p.id = %s AND p.owner_id = %s"
)


def plan_version(*, owner_id: int, plan_id: int) -> tuple[Plan | None, int]:
    """The owner's plan with only its version loaded (None when it is not theirs), and the
    content version: what a conditional GET and a cache key need, in one round trip."""
    if not fits_primary_key(plan_id):
        return None, versioning.current()[0]
    with connection.cursor() as cursor:
        cursor.execute(_PLAN_VERSION_SQL, [plan_id, owner_id])
        content_version, updated_at = cursor.fetchone()
    if content_version is None:
        content_version, _ = versioning.current()
    if updated_at is None:
        return None, content_version
    # As `.only("pk", "owner_id", "updated_at")` would load it.
    head = Plan.from_db(
        "default", ["id", "owner_id", "updated_at"], [plan_id, owner_id, updated_at]
    )
    return head, content_version


@functools.cache
def _checklist_sql(language: str, milestone: str) -> str:
    """The checklist of the milestone whose id is `milestone` (a column or a parameter) as
    one JSON array of `{id, text, done}` in order, each line in `language` or its English
    (the fallback `item.text` reads): `MilestoneQuerySet.with_checklist_rows()` in plain SQL,
    for the plan reads and the milestone PATCH alike."""
    if language not in PLAN_LANGUAGES:  # part of the statement: never from input
        raise ValueError(language)
    fields = {
        name: f"COALESCE(NULLIF(ci.text_{language}, ''), ci.text_en)"
        if name == "text"
        else f"ci.{name}"
        for name in CHECKLIST_ROW_FIELDS
    }
    pairs = ", ".join(f"'{name}', {value}" for name, value in fields.items())
    return (
        f'(SELECT jsonb_agg(jsonb_build_object({pairs}) ORDER BY ci."order", ci.id)'
        f" FROM {ChecklistItem._meta.db_table} AS ci WHERE ci.milestone_id = {milestone})"
    )


def _checklist_from(value: str | None) -> list[dict[str, Any]] | None:
    # jsonb arrives as text (Django's PostgreSQL backend turns psycopg2's parsing off).
    rows_read: list[dict[str, Any]] | None = (
        None if value is None else json.loads(value)
    )
    return rows_read


def checklist_rows(*, milestone_id: int) -> list[dict[str, object]]:
    """A milestone's checklist as `{id, text, done}` rows, in order and in the active
    language: the shape `Milestone.objects.with_checklist_rows()` gives, for a milestone read
    without it (after a PATCH: 0.07 ms of plain SQL against 0.50 ms for a queryset)."""
    if not fits_primary_key(milestone_id):
        return []
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {_checklist_sql(text_language(), '%s')}", [milestone_id]
        )
        (value,) = cursor.fetchone()
    return _checklist_from(value) or []


# --- a plan as its pages and its API show it ---------------------------------------------------

# Read on every render of a plan page or API representation, in plain SQL for the reason
# `careerpath.rows` gives: the querysets these replace (`with_slim_content()`, the current
# milestones' prefetch) cost 13 ms of ORM work around 1.8 ms of SQL (in-process, 10
# milestones). The same columns: the plan's, and only what pages print of its role, state
# and milestones' certifications (`ROLE_FIELDS` and the others, with their language columns).
_ROLE_READ = rows.with_translations(Role, ROLE_FIELDS)
_STATE_READ = rows.with_translations(StateLicensure, STATE_FIELDS)
_CERTIFICATION_READ = rows.with_translations(Certification, CERTIFICATION_FIELDS)
_PLANS_SQL = (
    f"SELECT {rows.columns(Plan, 'p')}, {rows.columns(Role, 'r', _ROLE_READ)},"
    f" {rows.columns(StateLicensure, 's', _STATE_READ)},"
    f" (SELECT count(*) FROM {Milestone._meta.db_table} AS a"
    "  WHERE a.plan_id = p.id AND a.archived)"
    f" FROM {Plan._meta.db_table} AS p"
    f" JOIN {Role._meta.db_table} AS r ON r.id = p.target_role_id"
    f" LEFT JOIN {StateLicensure._meta.db_table} AS s ON s.id = p.state_id"
    " WHERE p.owner_id = %s"
)
_NEWEST_FIRST = " ORDER BY p.id DESC"
_ONE_PLAN = " AND p.id = %s"


def _plan_from(row: tuple[Any, ...]) -> Plan:
    plan_end = rows.width(Plan)
    role_end = plan_end + rows.width(Role, _ROLE_READ)
    plan = rows.instance(Plan, row[:plan_end])
    Plan.target_role.field.set_cached_value(
        plan, rows.instance(Role, row[plan_end:role_end], fields=_ROLE_READ)
    )
    state_end = role_end + rows.width(StateLicensure, _STATE_READ)
    state = row[role_end:state_end]
    plan.archived_count = row[state_end]  # type: ignore[attr-defined]
    Plan.state.field.set_cached_value(
        plan,
        None
        if plan.state_id is None
        else rows.instance(StateLicensure, state, fields=_STATE_READ),
    )
    return plan


def owned_plans(*, owner_id: int) -> list[Plan]:
    """The owner's plans, newest first, with the role and state columns pages print and
    each plan's `archived_count` (its archived milestones)."""
    with connection.cursor() as cursor:
        cursor.execute(_PLANS_SQL + _NEWEST_FIRST, [owner_id])
        return [_plan_from(row) for row in cursor.fetchall()]


def owned_plan_with_milestones(*, owner: User, plan_id: int) -> Plan | None:
    """One of the owner's plans (None when it is not theirs) with its current milestones
    read, and the owner set: what a plan page or representation prints, in two statements."""
    plan = owned_plan(owner_id=owner.pk, plan_id=plan_id)
    if plan is not None:
        plan.owner = owner
        read_milestones(plan)
    return plan


def owned_plan(*, owner_id: int, plan_id: int) -> Plan | None:
    """One of the owner's plans as `owned_plans` reads it (None when it is not theirs)."""
    if not fits_primary_key(plan_id):
        return None
    with connection.cursor() as cursor:
        cursor.execute(_PLANS_SQL + _ONE_PLAN, [owner_id, plan_id])
        row = cursor.fetchone()
    return None if row is None else _plan_from(row)


@functools.cache
def _milestones_sql(language: str) -> str:
    """The plan's milestones (current or archived) with their certification's columns and
    their checklist (`_checklist_sql`)."""
    return (
        f"SELECT {rows.columns(Milestone, 'm')},"
        f" {rows.columns(Certification, 'c', _CERTIFICATION_READ)},"
        f" {_checklist_sql(language, 'm.id')}"
        f" FROM {Milestone._meta.db_table} AS m"
        f" LEFT JOIN {Certification._meta.db_table} AS c ON c.id = m.certification_id"
        ' WHERE m.plan_id = %s AND m.archived = %s ORDER BY m."order", m.id'
    )


def read_milestones(plan: Plan, *, archived: bool = False) -> list[Milestone]:
    """The plan's current (or archived) milestones in order, each with its certification's
    columns and `checklist_rows`; the current ones are also kept as the plan's
    `current_milestones`, which `Plan.visible_milestones` reads."""
    milestone_end = rows.width(Milestone)
    certification_end = milestone_end + rows.width(Certification, _CERTIFICATION_READ)
    with connection.cursor() as cursor:
        cursor.execute(_milestones_sql(text_language()), [plan.pk, archived])
        read = cursor.fetchall()
    milestones = []
    for row in read:
        milestone = rows.instance(Milestone, row[:milestone_end])
        Milestone.plan.field.set_cached_value(milestone, plan)
        Milestone.certification.field.set_cached_value(
            milestone,
            None
            if milestone.certification_id is None
            else rows.instance(
                Certification,
                row[milestone_end:certification_end],
                fields=_CERTIFICATION_READ,
            ),
        )
        milestone.checklist_rows = _checklist_from(row[certification_end])  # type: ignore[attr-defined]
        milestones.append(milestone)
    if not archived:
        plan.current_milestones = milestones  # type: ignore[attr-defined]
    return milestones


# --- the planning context: published content and pathway templates -----------------------------

# The languages a saved plan's text is written in (the milestones' `_en` and `_es` fields).
PLAN_LANGUAGES = ("en", "es")


def load_context(answers: PlanAnswers) -> planning.PlanningContext:
    """Snapshot the published content and the pathway templates the rules need, with their
    text in the active language."""
    return _contexts(answers, [translation.get_language() or "en"])[0]


def load_contexts(answers: PlanAnswers) -> dict[str, planning.PlanningContext]:
    """The same snapshot once per plan language, read from one set of queries: only the
    text differs between them (the records' `_en` or `_es` fields)."""
    return dict(
        zip(PLAN_LANGUAGES, _contexts(answers, list(PLAN_LANGUAGES)), strict=True)
    )


def _contexts(
    answers: PlanAnswers, languages: list[str]
) -> list[planning.PlanningContext]:
    role_records = list(
        Role.objects.published()
        .only("slug", "title", "short_title")
        .prefetch_related(Prefetch("builds_on", Role.objects.published().only("slug")))
    )
    requirements = RouteRequirement.objects.published()
    routes = EligibilityRoute.objects.published().prefetch_related(
        Prefetch("requirement_items", requirements)
    )
    certifications = list(
        Certification.objects.published()
        .select_related("body", "role")
        .prefetch_related(Prefetch("routes", routes.order_by("order", "code")))
    )
    record: StateLicensure | None = None
    if answers.state:
        categories = LicenseCategory.objects.published().prefetch_related(
            Prefetch("roles", Role.objects.published().only("slug")),
            Prefetch("requirement_items", LicenseRequirement.objects.published()),
        )
        record = (
            StateLicensure.objects.published()
            .prefetch_related(
                Prefetch("steps", LicenseStep.objects.published().order_by("order")),
                Prefetch("categories", categories),
            )
            .filter(code=answers.state)
            .first()
        )
    steps = list(
        PathwayStep.objects.filter(template__is_active=True)
        .select_related("template")
        .prefetch_related(Prefetch("when_target_roles", Role.objects.only("slug")))
        .order_by("template__order", "template_id", "order", "id")
    )
    contexts = []
    for language in languages:
        with translation.override(language):
            contexts.append(
                planning.PlanningContext(
                    roles={r.slug: r.as_info() for r in role_records},
                    certifications=[c.as_info() for c in certifications],
                    template_steps=[s.as_info() for s in steps],
                    state=record.as_info() if record is not None else None,
                )
            )
    return contexts


def background_questions(
    *, target_role: str, education_level: str
) -> planning.BackgroundQuestions:
    """The background questions that matter for this target (onboarding, edit page)."""
    answers = PlanAnswers(target_role=target_role, education_level=education_level)
    context = load_context(answers)
    if target_role not in context.roles:
        return planning.BackgroundQuestions()
    return planning.background_questions(target_role, education_level, context)


# --- versions a conditional write checks ---------------------------------------------------------


def plan_etag(*, owner: User, plan_id: int) -> str:
    """The plan's current ETag (Plan.DoesNotExist unless it is the owner's)."""
    return (
        Plan.objects.filter(owner=owner).only("pk", "updated_at").get(pk=plan_id).etag
    )


def milestone_etag(*, owner: User, plan_id: int, milestone_id: int) -> str:
    """The milestone's current ETag (Milestone.DoesNotExist unless it is the owner's)."""
    return (
        Milestone.objects.filter(plan__owner=owner, plan_id=plan_id)
        .only("pk", "updated_at")
        .get(pk=milestone_id)
        .etag
    )


# --- credentials and continuing education --------------------------------------------------------


def _passed_exams(plan_id: int) -> QuerySet[Milestone]:
    # Archived milestones count too: a passed exam stays passed after re-planning.
    return Milestone.objects.filter(
        plan_id=plan_id,
        kind=MilestoneKind.CERTIFICATION,
        status=MilestoneStatus.DONE,
        certification__isnull=False,
        is_exam=True,
    )


def earned_certification_ids(*, plan_id: int) -> set[int]:
    """Credentials this plan shows as earned: a certification milestone marked done."""
    return set(_passed_exams(plan_id).values_list("certification_id", flat=True))


def ce_progress(
    *, plan: Plan, today: dt.date | None = None
) -> list[CEStatus[Certification]]:
    """Continuing-education standing per earned credential for the current renewal cycle."""
    day = today or timezone.localdate()
    earned_on: dict[int, dt.date] = {}
    for cert_id, completed in _passed_exams(plan.pk).values_list(
        "certification_id", "completed_on"
    ):
        earned_on[cert_id] = min(
            earned_on.get(cert_id, completed or day), completed or day
        )
    entries = list(plan.ce_entries.all())
    for entry in entries:
        earned_on.setdefault(entry.certification_id, entry.completed_on)
    certifications = Certification.objects.in_bulk(list(earned_on))
    return [
        planning.ce_status(
            certifications[cert_id],
            rules=certifications[cert_id].renewal_rules(),
            earned_on=start,
            activities=[e for e in entries if e.certification_id == cert_id],
            today=day,
        )
        for cert_id, start in sorted(earned_on.items())
    ]


# --- the person's data ---------------------------------------------------------------------------


def _iso(value: dt.date | dt.datetime | None) -> str | None:
    return value.isoformat() if value else None


def export_user_data(*, user: User) -> dict[str, Any]:
    """Everything CareerPath stores about the user, JSON-serialisable."""
    plans = (
        Plan.objects.filter(owner=user)
        .select_related("target_role", "state")
        .prefetch_related(
            Prefetch(
                "milestones",
                Milestone.objects.prefetch_related("checklist").order_by("order", "id"),
            ),
            Prefetch(
                "ce_entries",
                ContinuingEducationEntry.objects.select_related("certification"),
            ),
        )
        .order_by("created_at", "id")
    )
    return {
        "account": {
            "email": user.email,
            "display_name": user.display_name,
            "email_reminders": user.email_reminders,
            "date_joined": _iso(user.date_joined),
            "last_login": _iso(user.last_login),
        },
        "plans": [
            {
                "id": plan.pk,
                "target_role": plan.target_role.slug,
                "state": plan.state.code if plan.state else None,
                "education_level": plan.education_level,
                "certifying_body": plan.certifying_body or None,
                "chosen_body": plan.chosen_body or None,
                "study_pace": plan.study_pace,
                "start_date": _iso(plan.start_date),
                "estimated_finish": _iso(plan.estimated_finish),
                "total_cost_usd": str(plan.total_cost_usd)
                if plan.total_cost_usd is not None
                else None,
                "cost_as_of": plan.cost_as_of,
                "route_summary": plan.route_summary,
                "shared": plan.share_token is not None,
                "created_at": _iso(plan.created_at),
                "updated_at": _iso(plan.updated_at),
                "milestones": [
                    {
                        "key": m.key,
                        "kind": m.kind,
                        "title": m.title,
                        "status": m.status,
                        "order": m.order,
                        "start_date": _iso(m.start_date),
                        "due_date": _iso(m.due_date),
                        "completed_on": _iso(m.completed_on),
                        "notes": m.notes,
                        "archived": m.archived,
                        "checklist": [
                            {"text": c.text, "done": c.done} for c in m.checklist.all()
                        ],
                    }
                    for m in plan.milestones.all()
                ],
                "ce_entries": [
                    {
                        "certification": e.certification.abbreviation,
                        "activity": e.activity,
                        "completed_on": _iso(e.completed_on),
                        "points": str(e.points),
                        "category": e.category,
                    }
                    for e in plan.ce_entries.all()
                ],
            }
            for plan in plans
        ],
    }
