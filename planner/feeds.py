"""Token-addressed planner endpoints that need no login: the iCalendar feed and unsubscribe."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods
from icalendar import Calendar, Event, vText

from planner import reminders
from planner.models import Milestone, Plan
from planner.planning import MilestoneStatus


def build_calendar(plan: Plan, milestones: list[Milestone]) -> Calendar:
    # Editor-provided text (role titles, milestone titles and descriptions from pathway
    # templates) goes in as vText, which escapes CR, LF, `,` and `;`: icalendar leaves an
    # X- property's plain string unescaped (vUnknown), so one line break would end the line.
    calendar = Calendar()
    calendar.add("prodid", "-//CareerPath//Career plan//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add(
        "x-wr-calname",
        vText(_("CareerPath: %(role)s") % {"role": plan.target_role}),
    )
    stamp = timezone.now()
    for milestone in milestones:
        if milestone.due_date is None:
            continue
        event = Event()
        event.add("uid", f"milestone-{milestone.pk}@careerpath")
        event.add("dtstamp", stamp)
        event.add("summary", vText(milestone.title))
        # An all-day event on the due date (DTEND is exclusive).
        event.add("dtstart", milestone.due_date)
        event.add("dtend", milestone.due_date + dt.timedelta(days=1))
        event.add("description", vText(milestone.description))
        event.add("categories", [milestone.get_kind_display()])
        if milestone.status == MilestoneStatus.DONE:
            event.add("status", "CONFIRMED")
        event.add("url", settings.SITE_URL + reverse("planner:dashboard"))
        calendar.add_component(event)
    return calendar


@require_GET
def calendar_feed(request: HttpRequest, token: str) -> HttpResponse:
    """The plan's private feed: one all-day event per dated, non-archived milestone."""
    plan: Plan = get_object_or_404(
        Plan.objects.select_related("target_role", "owner"), calendar_token=token
    )
    milestones = list(
        plan.milestones.filter(archived=False, due_date__isnull=False).order_by(
            "order", "id"
        )
    )
    # Calendar apps send no useful Accept-Language: the owner's own language.
    with translation.override(plan.owner.language):
        ical = build_calendar(plan, milestones).to_ical()
    response = HttpResponse(ical, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="careerpath-plan.ics"'
    response["Cache-Control"] = "private, max-age=300"
    return response


@csrf_exempt  # The signed token is the secret; mail clients' one-click POST carries no CSRF token.
@require_http_methods(["GET", "POST"])
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    """GET asks for confirmation; POST (the form or RFC 8058 one-click) turns reminders off."""
    if request.method == "POST":
        user = reminders.unsubscribe(token=token)
        if user is None:
            raise Http404("Unknown unsubscribe link.")
        # No email on the page: anyone holding the link would learn it.
        return render(
            request, "planner/reminders_unsubscribe.html", {"unsubscribed": True}
        )
    user = reminders.user_for_unsubscribe_token(token)
    if user is None:
        raise Http404("Unknown unsubscribe link.")
    return render(request, "planner/reminders_unsubscribe.html")
