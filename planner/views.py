"""Planner pages: onboarding questions, the plan dashboard, milestone updates, export and sharing.

The onboarding questions and their preview are open to visitors (answers live in the session;
see `planner.onboarding`). Every other view but the shared page is for the signed-in owner
only, and every read goes through `Plan.objects.for_user(request.user)`: someone else's plan or
milestone is a 404 on any method.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, cast

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.utils.html import escape, format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, gettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_htmx.middleware import HtmxDetails

from careerpath.accounts.models import User
from content.models import Certification
from planner import caching, changes, onboarding, selectors, services, timeline
from planner.forms import (
    HELP_ME_CHOOSE,
    PACE_HELP,
    STEPS,
    BackgroundForm,
    CEEntryForm,
    MilestoneUpdateForm,
    PlanAnswersForm,
    Step,
    answers_from_values,
    background_values,
    state_choices,
)
from planner.models import Milestone, Plan, PlanQuerySet
from planner.planning import MilestoneKind, MilestoneStatus, PlanningError, PlanResult

SESSION_KEY = onboarding.SESSION_KEY
ONBOARDING_TEMPLATE = "planner/onboarding.html"
DETAIL_TEMPLATE = "planner/plan_detail.html"


class AuthedRequest(HttpRequest):
    user: User
    htmx: HtmxDetails


def _today() -> dt.date:
    return timezone.localdate()


def _plans(request: AuthedRequest) -> PlanQuerySet:
    # cast: modeltranslation patches the manager at run time; the checker sees Any.
    return cast(PlanQuerySet, Plan.objects.for_user(request.user))


def _detail_url(plan: Plan, anchor: str = "") -> str:
    url = reverse("planner:detail", args=[plan.pk])
    return f"{url}#{anchor}" if anchor else url


# --- onboarding ------------------------------------------------------------------------------


_session_answers = onboarding.session_answers
_first_unanswered = onboarding.first_unanswered


def _step_for(raw: str | None, answers: dict[str, str]) -> Step:
    try:
        number = int(raw or 1)
    except ValueError:
        number = 1
    number = min(max(number, 1), len(STEPS))
    # No skipping ahead past an unanswered question.
    if (missing := _first_unanswered(answers)) is not None:
        number = min(number, missing.number)
    return STEPS[number - 1]


def _step_url(step_number: int) -> str:
    return f"{reverse('planner:start')}?step={step_number}"


@dataclass
class Preview:
    result: PlanResult | None = None
    error: str = ""
    phases: list[tuple[str, list[Any]]] = field(default_factory=list)


def _preview(answers: dict[str, str]) -> Preview:
    if "target_role" not in answers or "education_level" not in answers:
        return Preview()
    try:
        result = services.preview_plan(
            answers=answers_from_values(answers), today=_today()
        )
    except (PlanningError, ObjectDoesNotExist, ValidationError):
        return Preview(error=gettext("We cannot preview a plan for these answers yet."))
    return Preview(result=result, phases=timeline.group_by_phase(result.steps))


def _body_facts(answers: dict[str, str]) -> list[Certification]:
    """The target role's credentials from each body, with the cited facts to compare them."""
    role = answers.get("target_role")
    if not role:
        return []
    return list(
        Certification.objects.published()
        .filter(role__slug=role, body__slug__in=["ascp", "amt"])
        .select_related("body")
        .prefetch_related("sources")
        .order_by("body__slug", "order", "abbreviation")
    )


def _onboarding_context(
    step: Step, form: PlanAnswersForm | BackgroundForm, answers: dict[str, str]
) -> dict[str, Any]:
    return {
        "step": step,
        "steps": STEPS,
        "step_count": len(STEPS),
        "form": form,
        "answers": answers,
        "preview": _preview(answers),
        "body_facts": _body_facts(answers) if step.slug == "body" else [],
        "pace_help": PACE_HELP,
        "help_me_choose": HELP_ME_CHOOSE,
    }


def _initial(answers: dict[str, str]) -> dict[str, str]:
    initial = {"study_pace": "full_time", "start_date": _today().isoformat()}
    initial.update(answers)
    return initial


def _step_form(
    step: Step, answers: dict[str, str], data: Any = None
) -> PlanAnswersForm | BackgroundForm:
    """The form for one onboarding screen, bound to `data` when given."""
    if step.slug == "background":
        questions = selectors.background_questions(
            target_role=answers.get("target_role", ""),
            education_level=answers.get("education_level", ""),
        )
        if data is None:
            return BackgroundForm(
                initial=BackgroundForm.initial_from(answers.get("background", "")),
                questions=questions,
            )
        return BackgroundForm(data, questions=questions)
    if data is None:
        return PlanAnswersForm(initial=_initial(answers), fields=step.fields)
    return PlanAnswersForm(data, fields=step.fields)


@require_http_methods(["GET", "POST"])
def start(request: AuthedRequest) -> HttpResponse:
    """The onboarding questions, one screen at a time, for visitors and signed-in users.

    Answers live in the session. A signed-in user's last screen creates the plan; a visitor's
    shows the full preview (`review`), and signing up or logging in then saves it."""
    answers = _session_answers(request)
    step = _step_for(request.POST.get("step") or request.GET.get("step"), answers)
    if request.method == "GET":
        form = _step_form(step, answers)
        return render(
            request, ONBOARDING_TEMPLATE, _onboarding_context(step, form, answers)
        )

    form = _step_form(step, answers, request.POST)
    valid = form.is_valid()
    if valid:
        answers.update(form.session_values())
        request.session[SESSION_KEY] = answers
    if request.POST.get("action") == "back":
        # Going back never loses an answer; an invalid one on this screen is just not kept.
        return redirect(_step_url(max(step.number - 1, 1)))
    if not valid:
        return render(
            request, ONBOARDING_TEMPLATE, _onboarding_context(step, form, answers)
        )
    if step.number < len(STEPS):
        return redirect(_step_url(step.number + 1))
    if (missing := _first_unanswered(answers)) is not None:
        messages.error(
            request,
            gettext("Please answer “%(question)s” first.")
            % {"question": missing.title},
        )
        return redirect(_step_url(missing.number))
    if not request.user.is_authenticated:
        onboarding.mark_pending(request)
        return redirect("planner:review")
    try:
        plan = services.create_plan(
            owner=request.user, answers=answers_from_values(answers), today=_today()
        )
    except (PlanningError, ObjectDoesNotExist, ValidationError):
        messages.error(
            request,
            gettext(
                "We could not build a plan from these answers. Check the role and state and try again."
            ),
        )
        return redirect(_step_url(1))
    onboarding.forget(request)
    messages.success(request, gettext("Your plan is ready. Mark steps as you go."))
    return redirect(_detail_url(plan))


@require_GET
def review(request: HttpRequest) -> HttpResponse:
    """A visitor's whole plan preview, built by the planner and not saved: "Save this plan"
    leads to sign-up, and the answers wait in the session until the account exists."""
    answers = _session_answers(request)
    if (missing := _first_unanswered(answers)) is not None:
        return redirect(_step_url(missing.number))
    if request.user.is_authenticated:
        return redirect(_step_url(len(STEPS)))
    onboarding.mark_pending(request)
    after = reverse("planner:dashboard")
    return render(
        request,
        "planner/plan_preview.html",
        {
            "preview": _preview(answers),
            "answers": answers,
            "name": _answers_name(answers),
            "signup_url": f"{reverse('account_signup')}?next={after}",
            "login_url": f"{reverse('account_login')}?next={after}",
            "last_step_url": _step_url(len(STEPS)),
        },
    )


def _answers_name(answers: dict[str, str]) -> str:
    """The plan's readable name for answers not yet saved (see `Plan.name`)."""
    try:
        parsed = answers_from_values(answers)
        role = selectors.load_context(parsed).roles.get(parsed.target_role)
    except (PlanningError, ObjectDoesNotExist, ValidationError, ValueError):
        return ""
    if role is None:
        return ""
    state = dict(state_choices()).get(parsed.state or "", "")
    return changes.plan_name(
        role=role.short_title or role.title, state=state, pace=parsed.study_pace
    )


@require_POST
def preview(request: AuthedRequest) -> HttpResponse:
    """The plan preview for the answers so far plus the current screen (not saved)."""
    answers = _session_answers(request)
    step = _step_for(request.POST.get("step"), answers)
    form = _step_form(step, answers, request.POST)
    if form.is_valid():
        answers.update(form.session_values())
    return render(
        request, f"{ONBOARDING_TEMPLATE}#preview", {"preview": _preview(answers)}
    )


# --- dashboard -------------------------------------------------------------------------------


def _links_for(milestone: Milestone, plan: Plan) -> list[tuple[str, str]]:
    """The content behind a milestone: its certification page, the state's pages, cited links."""
    links: list[tuple[str, str]] = []
    if milestone.certification is not None:
        links.append(
            (
                f"{milestone.certification.abbreviation} certification page",
                milestone.certification.get_absolute_url(),
            )
        )
    state = plan.state
    if state is not None and milestone.state_id == state.pk:
        links.append((f"{state.name} licensure", state.get_absolute_url()))
        if state.board_url:
            links.append((state.board_name or f"{state.name} board", state.board_url))
    for link in milestone.links or []:
        if isinstance(link, dict):
            label, url = link.get("label") or "", link.get("url") or ""
        elif isinstance(link, list | tuple) and len(link) == 2:
            label, url = link
        else:
            continue
        if isinstance(url, str) and url.startswith(("https://", "http://", "/")):
            links.append((str(label or url), url))
    unique: dict[str, str] = {}
    for label, url in links:
        unique.setdefault(url, label)
    return [(label, url) for url, label in unique.items()]


def _status_options(selected: str) -> SafeString:
    # The same few strings on every row of every plan page: built once per status and language.
    return _status_options_in(selected, get_language())


@functools.cache
def _status_options_in(selected: str, language: str | None) -> SafeString:
    return format_html_join(
        "",
        '<option value="{}"{}>{}</option>',
        (
            (value, mark_safe(" selected") if value == selected else "", label)
            for value, label in MilestoneStatus.choices
        ),
    )


def _decorate(milestones: Sequence[Milestone], today: dt.date, plan: Plan) -> None:
    """Per-row facts the templates need (they cannot call methods with arguments), computed
    here once so the per-milestone block only prints: one URL reversal for the whole list."""
    sample = reverse("planner:milestone_update", args=[plan.pk, 0])
    url_prefix = sample.removesuffix("0/")
    for m in milestones:
        m.overdue = m.is_overdue(today)  # type: ignore[attr-defined]
        m.link_pairs = _links_for(m, plan)  # type: ignore[attr-defined]
        m.update_url = f"{url_prefix}{m.pk}/"  # type: ignore[attr-defined]
        m.status_options = _status_options(m.status)  # type: ignore[attr-defined]
        m.checklist_items = m.checklist_rows or []  # type: ignore[attr-defined]


def _plan_context(
    request: HttpRequest, plan: Plan, *, show_archived: bool = False
) -> dict[str, Any]:
    today = _today()
    active = plan.visible_milestones
    archived: list[Milestone] = []
    if show_archived:
        archived = selectors.read_milestones(plan, archived=True)
        archived_count = len(archived)
    else:
        archived_count = plan.archived_count  # type: ignore[attr-defined]
    shown = [*active, *archived]
    _decorate(shown, today, plan)
    open_steps = [
        m
        for m in active
        if m.status in (MilestoneStatus.NOT_STARTED, MilestoneStatus.IN_PROGRESS)
    ]
    certified = any(
        m.kind == MilestoneKind.CERTIFICATION and m.status == MilestoneStatus.DONE
        for m in active
    )
    return {
        "plan": plan,
        "today": today,
        "milestones": shown,
        "phases": timeline.group_by_phase(active),
        "archived": archived,
        "archived_count": archived_count,
        "show_archived": show_archived,
        "next_step": open_steps[0] if open_steps else None,
        "overdue": [m for m in active if m.overdue],  # type: ignore[attr-defined]
        # Built only when drawn: the plan page keeps the timeline section by what it is
        # drawn from, and a note or a checklist tick changes the plan (so its page) but not
        # the picture, which is most of the page's template time.
        "timeline": SimpleLazyObject(lambda: timeline.build(active, today)),
        "timeline_compact": SimpleLazyObject(
            lambda: timeline.build_compact(active, today)
        ),
        "timeline_digest": timeline.fingerprint(active, today),
        "status_choices": MilestoneStatus.choices,
        "calendar_url": request.build_absolute_uri(plan.get_calendar_url()),
        "share_url": request.build_absolute_uri(
            reverse("planner:shared", args=[plan.share_token])
        )
        if plan.share_token
        else "",
        "certified": certified,
    }


def _ce_context(plan: Plan, certified: bool) -> dict[str, Any]:
    if not certified:
        return {"ce_progress": [], "ce_entries": [], "ce_form": None}
    progress = selectors.ce_progress(plan=plan, today=_today())
    earned = [status.certification for status in progress]
    entries = list(plan.ce_entries.select_related("certification"))
    for entry in entries:
        entry.edit_form = CEEntryForm(  # type: ignore[attr-defined]
            certifications=earned,
            prefix=f"ce{entry.pk}",
            initial={
                "certification": entry.certification_id,
                "activity": entry.activity,
                "completed_on": entry.completed_on,
                "points": entry.points,
                "category": entry.category,
            },
        )
    return {
        "ce_progress": progress,
        "ce_entries": entries,
        "ce_form": CEEntryForm(
            certifications=earned, initial={"completed_on": _today()}
        ),
    }


def _render_plan(request: AuthedRequest, pk: int | None) -> HttpResponse:
    """The plan page (the newest plan when `pk` is None).

    Its body is rendered once per version of the user's plans (see `planner.caching`): a
    reload of an unchanged plan reads only the plans' ids and versions and the content
    version, in one query, and renders no template at all (the whole page is cached when
    nothing of this visit is on it)."""
    read = selectors.versions(owner_id=request.user.pk)
    versions, content_version = read.plans, read.content_version
    if pk is None:
        if not versions:
            return render(request, "planner/plan_empty.html")
        shown = versions[0]
    else:
        found = next((p for p in versions if p.pk == pk), None)
        if found is None:
            raise Http404  # not one of the user's plans
        shown = found
    show_archived = request.GET.get("archived") == "1"

    def render_page(csrf_placeholder: str) -> dict[str, str]:
        plans = selectors.owned_plans(owner_id=request.user.pk)
        plan = next((p for p in plans if p.pk == shown.pk), None)
        if plan is None:  # deleted since the first query
            raise Http404
        _with_current_milestones(request, plan)
        context = _plan_context(request, plan, show_archived=show_archived)
        context.update(_ce_context(plan, context["certified"]))
        context.update(
            plans=plans,
            csrf_token=csrf_placeholder,
            content_version=content_version,
            # How long the milestone fragments are kept (as the page itself).
            cache_seconds=caching.CACHE_SECONDS,
        )
        return {
            "title": escape(plan.target_role.title),
            "body": render_to_string(f"{DETAIL_TEMPLATE}#plan_page", context),
        }

    key = caching.plan_key(
        "page",
        shown,
        _today(),
        show_archived,
        request.get_host(),  # the calendar and share links are absolute
        [(other.pk, other.updated_at) for other in versions],  # the plan switcher
        content_version=content_version,
    )
    change_summary = _pop_changes(request, shown.pk)
    if change_summary is None and _is_plain_visit(request):
        # Nothing of this one visit on the page but its CSRF token and CSP nonce: the
        # whole page (header and all) is cached, not only its body.
        def render_whole(csrf_placeholder: str, nonce_placeholder: str) -> str:
            page = caching.cached_parts(key, render_page)

            def shell(body_placeholder: str) -> str:
                return render_to_string(
                    DETAIL_TEMPLATE,
                    {
                        "role_title": mark_safe(page["title"]),  # escaped when cached
                        "plan_page": body_placeholder,
                        "csrf_token": csrf_placeholder,
                        "csp_nonce": nonce_placeholder,
                    },
                    request,
                )

            # The body is our templates' own HTML.
            return caching.around(
                caching.shell_key(request, page["title"]), page["body"], shell
            )

        whole_key = caching.plan_key(
            "whole-page",
            shown,
            key,
            request.path,
            content_version=content_version,
        )
        return HttpResponse(caching.cached_page(request, whole_key, render_whole))
    page = caching.cached_html(request, key, render_page)
    return render(
        request,
        DETAIL_TEMPLATE,
        {
            "role_title": page["title"],
            "plan_page": page["body"],
            # Outside the cached body: shown once, right after a re-plan.
            "change_summary": change_summary,
        },
    )


def _is_plain_visit(request: HttpRequest) -> bool:
    """True when the page shows nothing of this visit: no flash message waiting, and no query
    string the header would echo (the search box shows `?q=`)."""
    return not len(messages.get_messages(request)) and set(request.GET) <= {"archived"}


SUMMARY_KEY = "planner_replan_summary"


def _replanned(
    request: HttpRequest,
    replan: Callable[[], Plan],
    *,
    failure: str,
    form: forms.Form | None = None,
) -> Plan | None:
    """Run a re-plan; if it is refused, say why on `form` (or as messages) and give None.

    The answers' own errors are shown as they are; a plan the rules cannot build gets `failure`.
    """
    try:
        return replan()
    except ValidationError as error:
        if form is not None:
            for name, errors in error.message_dict.items():
                form.add_error(name if name in form.fields else None, errors)
        else:
            for message in error.messages:
                messages.error(request, message)
    except (PlanningError, ObjectDoesNotExist):
        if form is not None:
            form.add_error(None, failure)
        else:
            messages.error(request, failure)
    return None


def _changed_answers(
    request: AuthedRequest, plan: Plan, changes: dict[str, Any], *, failure: str
) -> Plan | None:
    """`_replanned` for a change to some of the plan's answers (its state, its route)."""
    return _replanned(
        request,
        lambda: services.update_answers(
            plan_id=plan.pk, owner=request.user, changes=changes, today=_today()
        ),
        failure=failure,
    )


def _report_replan(request: HttpRequest, plan: Plan, message: str) -> None:
    """Say a re-plan worked; keep what it changed for the plan page the redirect shows next."""
    summary = getattr(plan, "replan_summary", None)
    if summary is not None:
        request.session[SUMMARY_KEY] = {"plan": plan.pk, **summary.to_json()}
    messages.success(request, message)


def _pop_changes(request: HttpRequest, plan_pk: int) -> changes.ReplanSummary | None:
    data = request.session.get(SUMMARY_KEY)
    if not isinstance(data, dict) or data.get("plan") != plan_pk:
        return None
    request.session.pop(SUMMARY_KEY, None)
    return changes.ReplanSummary.from_json(data)


def _with_current_milestones(request: AuthedRequest, plan: Plan) -> Plan:
    """The plan's current milestones (one query) and its owner, the requesting user (only
    the user's own plans are read)."""
    plan.owner = request.user
    selectors.read_milestones(plan)
    return plan


def _owned_plan_with_milestones(request: AuthedRequest, pk: int) -> Plan:
    plan = selectors.owned_plan_with_milestones(owner=request.user, plan_id=pk)
    if plan is None:
        raise Http404
    return plan


@require_GET
@login_required
def dashboard(request: AuthedRequest) -> HttpResponse:
    return _render_plan(request, None)


@require_GET
@login_required
def detail(request: AuthedRequest, pk: int) -> HttpResponse:
    return _render_plan(request, pk)


def _owned_milestone(request: AuthedRequest, pk: int, milestone_pk: int) -> Milestone:
    plan = get_object_or_404(_plans(request), pk=pk)
    return get_object_or_404(
        Milestone.objects.filter(plan=plan).prefetch_related("checklist"),
        pk=milestone_pk,
    )


def _htmx_milestone_response(
    request: AuthedRequest, plan_pk: int, milestone_pk: int, errors: Any = None
) -> HttpResponse:
    plan = _owned_plan_with_milestones(request, plan_pk)
    context = _plan_context(request, plan, show_archived=True)
    milestone = next((m for m in context["milestones"] if m.pk == milestone_pk), None)
    if milestone is None:
        raise Http404
    context.update({"milestone": milestone, "errors": errors, "oob": True})
    # Out-of-band swaps only: the form the user is working in is never replaced, so focus and
    # half-typed input survive (each arrow key on the status select sends a change). The
    # "Completed on" field is swapped so the date the server set shows at once (htmx puts
    # the focus back on an element with the same id).
    partials = ["milestone_head", "milestone_errors", "summary", "timeline"]
    if not errors:
        partials.append("milestone_completed")
    html = "".join(
        render_to_string(f"{DETAIL_TEMPLATE}#{partial}", context, request)
        for partial in partials
    )
    if not errors:
        # Into the milestone's role="status" region, which stays in the page: announced.
        html += format_html(
            '<p id="m{}-saved" hx-swap-oob="innerHTML">Saved: {}{}.</p>',
            milestone.pk,
            milestone.get_status_display(),
            f", completed {timeline.day_label(milestone.completed_on)}"
            if milestone.completed_on
            else "",
        )
    return HttpResponse(html)


@require_POST
@login_required
def milestone_update(
    request: AuthedRequest, pk: int, milestone_pk: int
) -> HttpResponse:
    milestone = _owned_milestone(request, pk, milestone_pk)
    items = list(milestone.checklist.all())
    form = MilestoneUpdateForm(request.POST, item_ids=[i.pk for i in items])
    if not form.is_valid():
        errors = [e for errs in form.errors.values() for e in errs]
        if request.htmx:
            return _htmx_milestone_response(request, pk, milestone.pk, errors)
        for error in errors:
            messages.error(request, f"{milestone.title}: {error}")
        return redirect(_detail_url(milestone.plan, f"milestone-{milestone.pk}"))
    data = form.cleaned_data
    try:
        services.update_milestone(
            milestone=milestone,
            status=data["status"] or None,
            notes=data["notes"] if "notes" in request.POST else None,
            completed_on=data["completed_on"],
            today=_today(),
        )
    except ValidationError as error:
        if request.htmx:
            return _htmx_milestone_response(request, pk, milestone.pk, error.messages)
        for message in error.messages:
            messages.error(request, f"{milestone.title}: {message}")
        return redirect(_detail_url(milestone.plan, f"milestone-{milestone.pk}"))
    if data["checklist_present"]:
        checked = set(data["checklist"])
        for item in items:
            if item.done != (item.pk in checked):
                services.toggle_checklist_item(item=item, done=item.pk in checked)
    if request.htmx:
        return _htmx_milestone_response(request, pk, milestone.pk)
    messages.success(
        request, gettext("Saved “%(title)s”.") % {"title": milestone.title}
    )
    return redirect(_detail_url(milestone.plan, f"milestone-{milestone.pk}"))


@require_http_methods(["GET", "POST"])
@login_required
def edit(request: AuthedRequest, pk: int) -> HttpResponse:
    plan = get_object_or_404(
        _plans(request).select_related("target_role", "state"), pk=pk
    )
    initial = {
        "target_role": plan.target_role.slug,
        "education_level": plan.education_level,
        "state": plan.state.code if plan.state else "",
        "certifying_body": plan.certifying_body or HELP_ME_CHOOSE,
        "study_pace": plan.study_pace,
        "start_date": plan.start_date,
    }
    form = PlanAnswersForm(request.POST or None, initial=initial)
    questions = selectors.background_questions(
        target_role=plan.target_role.slug, education_level=plan.education_level
    )
    background = BackgroundForm(
        request.POST or None,
        prefix="background",
        questions=questions,
        initial=BackgroundForm.initial_from(background_values(plan.answers)),
    )
    if request.method == "POST" and form.is_valid() and background.is_valid():
        values = {k: v for k, v in initial.items() if k != "start_date"}
        answers = answers_from_values(
            {
                **{k: str(v) for k, v in values.items()},
                **form.session_values(),
                # Questions this target does not ask keep the answers already given.
                "background": _merged_background(plan, background),
            }
        )
        answers = dataclasses.replace(
            answers, preferred_route=plan.preferred_route or None
        )
        replanned = _replanned(
            request,
            lambda: services.replan(plan=plan, answers=answers, today=_today()),
            failure=gettext("We could not re-plan with these answers."),
            form=form,
        )
        if replanned is not None:
            _report_replan(
                request,
                replanned,
                gettext(
                    "Plan updated. Steps you had started or finished kept their status, "
                    "dates and notes; steps that no longer apply were archived."
                ),
            )
            return redirect(_detail_url(plan))
    return render(
        request,
        "planner/plan_edit.html",
        {
            "plan": plan,
            "form": form,
            "background": background,
            "pace_help": PACE_HELP,
        },
    )


@require_http_methods(["GET", "POST"])
@login_required
def what_if(request: AuthedRequest, pk: int) -> HttpResponse:
    """ "What if I moved to ...?": the plan's changes for another state, saved on confirm."""
    plan = get_object_or_404(
        _plans(request).select_related("target_role", "state"), pk=pk
    )
    code = (request.POST.get("state") or request.GET.get("state") or "").strip().upper()
    choices = state_choices()
    valid_codes = {c for c, _ in choices}
    if request.method == "POST":
        if code not in valid_codes:
            messages.error(
                request, gettext("Choose a state or territory from the list.")
            )
            return redirect(reverse("planner:what_if", args=[plan.pk]))
        replanned = _changed_answers(
            request,
            plan,
            {"state": code},
            failure=gettext("We could not move your plan to that state."),
        )
        if replanned is None:
            return redirect(
                f"{reverse('planner:what_if', args=[plan.pk])}?state={code}"
            )
        _report_replan(
            request,
            replanned,
            gettext(
                "Your plan now follows %(state)s. Steps that no longer apply were "
                "archived with their progress."
            )
            % {"state": dict(choices)[code]},
        )
        return redirect(_detail_url(plan))
    change = None
    error = ""
    if code:
        if code not in valid_codes:
            error = gettext("Choose a state or territory from the list.")
        elif plan.state is not None and code == plan.state.code:
            error = gettext(
                "Your plan already uses this state; choose another to compare."
            )
        else:
            change = services.preview_change(
                plan=plan, changes={"state": code}, today=_today()
            )
    return render(
        request,
        "planner/plan_what_if.html",
        {
            "plan": plan,
            "choices": choices,
            "code": code,
            "state_name": dict(choices).get(code, ""),
            "change": change,
            "error": error,
        },
    )


@require_POST
@login_required
def choose_route(request: AuthedRequest, pk: int) -> HttpResponse:
    """Follow another eligibility route (or let the planner choose again): re-plans."""
    plan = get_object_or_404(_plans(request), pk=pk)
    route = request.POST.get("route", "").strip() or None
    replanned = _changed_answers(
        request,
        plan,
        {"preferred_route": route},
        failure=gettext("We could not re-plan with that route."),
    )
    if replanned is not None:
        _report_replan(
            request,
            replanned,
            gettext("Your plan now follows %(credential)s Route %(code)s.")
            % {"credential": route.partition(":")[0], "code": route.partition(":")[2]}
            if route
            else gettext("The planner chose the route that fits your answers best."),
        )
    return redirect(_detail_url(plan, "routes"))


def _merged_background(plan: Plan, form: BackgroundForm) -> str:
    """The background answers after an edit: what the form asked, over what the plan has."""
    current = json.loads(background_values(plan.answers))
    asked = form.background()
    if "credentials_held" in form.fields:
        current["credentials_held"] = asked["credentials_held"]
    for key, prefix in (("experience", "experience_"), ("coursework", "coursework_")):
        for name in form.fields:
            if name.startswith(prefix):
                current[key].pop(name.removeprefix(prefix), None)
        current[key].update(asked[key])
    asked_programs = {
        n.removeprefix("program_") for n in form.fields if n.startswith("program_")
    }
    current["programs_completed"] = [
        p for p in current["programs_completed"] if p["kind"] not in asked_programs
    ] + asked["programs_completed"]
    if "degree_field" in form.fields:
        current["degree_field"] = asked["degree_field"]
    return json.dumps(current)


@require_POST
@login_required
def add_ce_entry(request: AuthedRequest, pk: int) -> HttpResponse:
    plan = get_object_or_404(_plans(request), pk=pk)
    earned = _earned_credentials(plan)
    form = CEEntryForm(request.POST, certifications=earned)
    if form.is_valid():
        try:
            services.add_ce_entry(plan=plan, **form.cleaned_data)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(request, gettext("Continuing-education activity logged."))
    else:
        _ce_entry_form_errors(request, form)
    return redirect(_detail_url(plan, "continuing-education"))


def _earned_credentials(plan: Plan) -> list[Certification]:
    """The credentials the CE form offers: those the plan shows as earned."""
    return [s.certification for s in selectors.ce_progress(plan=plan, today=_today())]


def _ce_entry_form_errors(request: HttpRequest, form: CEEntryForm) -> None:
    for name, errors in form.errors.items():
        label = form.fields[name].label if name in form.fields else ""
        for error in errors:
            messages.error(request, f"{label}: {error}" if label else str(error))


@require_POST
@login_required
def update_ce_entry(request: AuthedRequest, pk: int, entry_pk: int) -> HttpResponse:
    """Edit one logged activity (the form carries the version it was shown at)."""
    plan = get_object_or_404(_plans(request), pk=pk)
    entry = get_object_or_404(plan.ce_entries.all(), pk=entry_pk)
    earned = _earned_credentials(plan)
    form = CEEntryForm(request.POST, certifications=earned, prefix=f"ce{entry.pk}")
    anchor = f"ce-entry-{entry.pk}"
    if not form.is_valid():
        _ce_entry_form_errors(request, form)
        return redirect(_detail_url(plan, anchor))
    version = request.POST.get("version", "").strip()
    try:
        services.update_ce_entry(
            plan_id=plan.pk,
            entry_id=entry.pk,
            owner=request.user,
            expected_version=frozenset([version]) if version else None,
            today=_today(),
            **form.cleaned_data,
        )
    except services.VersionConflict:
        messages.error(
            request,
            gettext(
                "This activity was changed in another window. Check it below and edit it again."
            ),
        )
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(
            request,
            gettext("Activity “%(activity)s” updated.")
            % {"activity": form.cleaned_data["activity"]},
        )
    return redirect(_detail_url(plan, anchor))


@require_POST
@login_required
def delete_ce_entry(request: AuthedRequest, pk: int, entry_pk: int) -> HttpResponse:
    plan = get_object_or_404(_plans(request), pk=pk)
    entry = get_object_or_404(plan.ce_entries.all(), pk=entry_pk)
    services.delete_ce_entry(entry=entry)
    messages.success(
        request,
        gettext("Activity “%(activity)s” deleted.") % {"activity": entry.activity},
    )
    return redirect(_detail_url(plan, "ce-activities"))


@require_POST
@login_required
def regenerate_calendar(request: AuthedRequest, pk: int) -> HttpResponse:
    plan = get_object_or_404(_plans(request), pk=pk)
    services.regenerate_calendar_token(plan=plan)
    messages.success(
        request, gettext("New calendar link created. The old link no longer works.")
    )
    return redirect(_detail_url(plan, "export"))


@require_POST
@login_required
def sharing(request: AuthedRequest, pk: int) -> HttpResponse:
    plan = get_object_or_404(_plans(request), pk=pk)
    if request.POST.get("action") == "disable":
        services.disable_sharing(plan=plan)
        messages.success(
            request, gettext("Sharing is off. The old link no longer works.")
        )
    else:
        services.enable_sharing(plan=plan)
        messages.success(
            request,
            gettext(
                "Share link created. Anyone with the link can view this plan, without your notes."
            ),
        )
    return redirect(_detail_url(plan, "export"))


@require_http_methods(["GET", "POST"])
@login_required
def delete(request: AuthedRequest, pk: int) -> HttpResponse:
    plan = get_object_or_404(_plans(request).select_related("target_role"), pk=pk)
    if request.method == "POST":
        services.delete_plan(plan=plan)
        messages.success(request, gettext("Plan deleted."))
        return redirect("planner:dashboard")
    return render(request, "planner/plan_delete.html", {"plan": plan})


@require_GET
@login_required
def print_plan(request: AuthedRequest, pk: int) -> HttpResponse:
    plan = _owned_plan_with_milestones(request, pk)
    context = _plan_context(request, plan)
    return render(request, "planner/plan_print.html", context)


@require_GET
def shared(request: HttpRequest, token: str) -> HttpResponse:
    """Read-only view for a mentor: no notes, no forms; a revoked link is a 404."""
    plan = get_object_or_404(
        Plan.objects.exclude(share_token="")
        .exclude(share_token__isnull=True)
        .with_slim_content(),
        share_token=token,
    )
    selectors.read_milestones(plan)
    today = _today()
    active = plan.visible_milestones
    _decorate(active, today, plan)
    response = render(
        request,
        "planner/plan_shared.html",
        {
            "plan": plan,
            "today": today,
            "phases": timeline.group_by_phase(active),
            "timeline": timeline.build(active, today),
            "timeline_compact": timeline.build_compact(active, today),
        },
    )
    response["X-Robots-Tag"] = "noindex"
    response["Referrer-Policy"] = "no-referrer"
    return response
