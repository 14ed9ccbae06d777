"""Onboarding answers kept in the session, before and across sign-up.

Anyone can answer the questions and see a preview; nothing is written to the database for an
anonymous visitor except their session. When they finish as a visitor, the answers are marked
"to save". The next time this browser session becomes a signed-in user (sign-up followed by
the emailed verification link, or a log-in), `claim_pending_plan` creates the plan for that
user, once, and forgets the answers.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.http import HttpRequest
from django.utils import timezone

from planner import services
from planner.forms import STEPS, Step, answers_from_values
from planner.models import Plan
from planner.planning import PlanningError

SESSION_KEY = "planner_onboarding"
PENDING_KEY = "planner_onboarding_pending"


def session_answers(request: HttpRequest) -> dict[str, str]:
    answers = request.session.get(SESSION_KEY)
    return dict(answers) if isinstance(answers, dict) else {}


def answered(step: Step, answers: dict[str, Any]) -> bool:
    return all(name in answers for name in step.fields)


def first_unanswered(answers: dict[str, Any]) -> Step | None:
    return next((s for s in STEPS if not answered(s, answers)), None)


def mark_pending(request: HttpRequest) -> None:
    """The visitor finished the questions: save the plan once they have an account."""
    request.session[PENDING_KEY] = True


def is_pending(request: HttpRequest) -> bool:
    return bool(request.session.get(PENDING_KEY)) and (
        first_unanswered(session_answers(request)) is None
    )


def forget(request: HttpRequest) -> None:
    request.session.pop(SESSION_KEY, None)
    request.session.pop(PENDING_KEY, None)


def claim_pending_plan(
    request: HttpRequest, user: Any, *, today: dt.date | None = None
) -> Plan | None:
    """Create the plan the visitor previewed for `user` (now signed in), or None.

    Runs at most once per finished onboarding: the "to save" mark is removed before the
    plan is written, so a second log-in in the same session creates nothing. The plan is
    owned by `user` only; answers that no longer build a plan (content changed since) are
    kept in the session so the person can go through the questions again.
    """
    if not getattr(user, "is_authenticated", False) or not is_pending(request):
        request.session.pop(PENDING_KEY, None)
        return None
    answers = session_answers(request)
    request.session.pop(PENDING_KEY, None)
    try:
        plan = services.create_plan(
            owner=user,
            answers=answers_from_values(answers),
            today=today or timezone.localdate(),
        )
    except (PlanningError, ObjectDoesNotExist, ValidationError):
        return None
    request.session.pop(SESSION_KEY, None)
    return plan
