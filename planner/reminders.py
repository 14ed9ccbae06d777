"""Reminder emails: the daily digest of due and overdue milestones and CE renewals, and the
signed links that turn it off."""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef, Prefetch, QuerySet
from django.urls import reverse
from django.utils import translation
from django.utils.formats import date_format
from django.utils.translation import gettext, ngettext

from careerpath.accounts.models import User
from content.models import Certification
from planner import selectors
from planner.models import CLOSED_STATUSES, Milestone, Plan, ReminderLog
from planner.planning import CEStatus

logger = logging.getLogger(__name__)

UNSUBSCRIBE_SALT = "planner.reminders.unsubscribe"
# A link in a daily digest works this long after the digest was sent (signed timestamp).
UNSUBSCRIBE_MAX_AGE = dt.timedelta(days=60)
DUE_SOON_DAYS = 7
RENEWAL_WARNING_DAYS = 60


def unsubscribe_token(user: User) -> str:
    return signing.dumps({"u": user.pk}, salt=UNSUBSCRIBE_SALT, compress=True)


def unsubscribe_url(user: User) -> str:
    path = reverse("planner:unsubscribe", kwargs={"token": unsubscribe_token(user)})
    return f"{settings.SITE_URL}{path}"


def user_for_unsubscribe_token(token: str) -> User | None:
    try:
        data = signing.loads(token, salt=UNSUBSCRIBE_SALT, max_age=UNSUBSCRIBE_MAX_AGE)
    except signing.BadSignature:
        return None
    if not isinstance(data, dict) or not isinstance(data.get("u"), int):
        return None
    return User.objects.filter(pk=data["u"]).first()


def unsubscribe(*, token: str) -> User | None:
    """Turn reminders off for the user the signed token names; None for a bad token."""
    user = user_for_unsubscribe_token(token)
    if user is not None and user.email_reminders:
        user.email_reminders = False
        user.save(update_fields=["email_reminders"])
    return user


@dataclass
class Digest:
    user: User
    due_soon: list[Milestone]
    overdue: list[Milestone]
    renewals: list[CEStatus[Certification]]

    @property
    def is_empty(self) -> bool:
        return not (self.due_soon or self.overdue or self.renewals)

    @property
    def count(self) -> int:
        return len(self.due_soon) + len(self.overdue) + len(self.renewals)


def _digest_users(today: dt.date) -> QuerySet[User]:
    return (
        User.objects.filter(email_reminders=True, is_active=True)
        .exclude(Exists(ReminderLog.objects.filter(user=OuterRef("pk"), date=today)))
        .prefetch_related(
            Prefetch(
                "plans",
                Plan.objects.select_related("target_role").prefetch_related(
                    Prefetch(
                        "milestones",
                        Milestone.objects.filter(
                            archived=False,
                            due_date__isnull=False,
                            due_date__lte=today + dt.timedelta(days=DUE_SOON_DAYS),
                        )
                        .exclude(status__in=CLOSED_STATUSES)
                        .order_by("due_date", "order"),
                        to_attr="reminder_milestones",
                    )
                ),
            )
        )
        .order_by("pk")
    )


def build_digest(*, user: User, today: dt.date) -> Digest:
    due_soon: list[Milestone] = []
    overdue: list[Milestone] = []
    renewals: list[CEStatus[Certification]] = []
    for plan in user.plans.all():
        milestones = getattr(plan, "reminder_milestones", None)
        if milestones is None:
            milestones = [
                m
                for m in plan.milestones.filter(archived=False, due_date__isnull=False)
                if m.status not in CLOSED_STATUSES
                and m.due_date is not None
                and m.due_date <= today + dt.timedelta(days=DUE_SOON_DAYS)
            ]
        for milestone in milestones:
            milestone.plan = plan
            (overdue if milestone.is_overdue(today) else due_soon).append(milestone)
        renewals.extend(
            status
            for status in selectors.ce_progress(plan=plan, today=today)
            if status.cycle_end is not None
            and status.cycle_end <= today + dt.timedelta(days=RENEWAL_WARNING_DAYS)
            and not status.complete
        )
    return Digest(user=user, due_soon=due_soon, overdue=overdue, renewals=renewals)


def _digest_text(digest: Digest, link: str, today: dt.date) -> str:
    """The digest in the active language (the caller activates the person's own)."""

    def day(value: dt.date | None) -> str:
        return date_format(value, "d M Y") if value else ""

    lines = [
        gettext("Your CareerPath reminders for %(date)s.")
        % {"date": date_format(today, "l d F Y")},
        "",
    ]
    sections = [
        (
            gettext("Overdue:"),
            gettext("%(title)s (was due %(date)s; plan: %(plan)s)"),
            digest.overdue,
        ),
        (
            gettext("Due in the next %(days)s days:") % {"days": DUE_SOON_DAYS},
            gettext("%(title)s (due %(date)s; plan: %(plan)s)"),
            digest.due_soon,
        ),
    ]
    for heading, line, milestones in sections:
        if milestones:
            lines.append(heading)
            lines += [
                "- "
                + line
                % {
                    "title": m.title,
                    "date": day(m.due_date),
                    "plan": m.plan.target_role,
                }
                for m in milestones
            ]
            lines.append("")
    if digest.renewals:
        lines.append(gettext("Renewal deadlines:"))
        for status in digest.renewals:
            missing = (
                gettext("%(points)s points still needed") % {"points": status.missing}
                if status.missing is not None
                else gettext("check your points")
            )
            extra = (
                gettext("; still needed: %(categories)s")
                % {"categories": ", ".join(status.categories_missing)}
                if status.categories_missing
                else ""
            )
            lines.append(
                "- "
                + gettext("%(credential)s: cycle ends %(date)s, %(missing)s%(extra)s")
                % {
                    "credential": status.certification.abbreviation,
                    "date": day(status.cycle_end),
                    "missing": missing,
                    "extra": extra,
                }
            )
        lines.append("")
    lines += [
        gettext("Your plan: %(url)s")
        % {"url": settings.SITE_URL + reverse("planner:dashboard")},
        "",
        gettext("You get this email because you turned on reminders."),
        gettext("Stop these emails: %(link)s") % {"link": link},
    ]
    return "\n".join(lines)


def send_reminder_digests(*, today: dt.date) -> int:
    """Email today's digest to every opted-in user who has something due; at most once a day."""
    sent = 0
    for user in _digest_users(today):
        digest = build_digest(user=user, today=today)
        if digest.is_empty:
            continue
        # The person's own language: subject, text, dates and links.
        with translation.override(user.language):
            link = unsubscribe_url(user)
            subject = ngettext(
                "CareerPath: %(count)s reminder",
                "CareerPath: %(count)s reminders",
                digest.count,
            ) % {"count": digest.count}
            body = _digest_text(digest, link, today)
        try:
            with transaction.atomic():
                # The log row is written first and the unique constraint makes a second
                # worker (or a restarted one) skip this user; a failed send rolls it back.
                ReminderLog.objects.create(
                    user=user, date=today, milestone_count=digest.count
                )
                message = EmailMultiAlternatives(
                    subject=subject,
                    body=body,
                    to=[user.email],
                    headers={
                        "List-Unsubscribe": f"<{link}>",
                        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
                    },
                )
                message.send()
        except IntegrityError:
            continue
        sent += 1
    logger.info("Sent %s reminder digests for %s", sent, today)
    return sent
