"""The planner in Spanish: the onboarding, the dashboard and a plan's pages under /es/, the
plan body cached per language, and reminders and the calendar feed in the owner's language."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone, translation
from icalendar import Calendar

from planner import caching, reminders, services
from planner.models import Plan
from tests.i18n_catalog import entries, untranslated
from tests.planner.factories import (
    TODAY,
    MilestoneFactory,
    PlanFactory,
    ca_answers,
    opted_in_plan,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan(user) -> Plan:
    return services.create_plan(
        owner=user,
        answers=ca_answers(state="FL", start_date=timezone.localdate()),
    )


def spanish_urls(plan: Plan) -> list[str]:
    with translation.override("es"):
        return [
            reverse("planner:start"),
            reverse("planner:dashboard"),
            reverse("planner:detail", args=[plan.pk]),
            reverse("planner:edit", args=[plan.pk]),
            reverse("planner:what_if", args=[plan.pk]) + "?state=CA",
            reverse("planner:print", args=[plan.pk]),
            reverse("planner:delete", args=[plan.pk]),
            reverse("accounts:overview"),
            reverse("accounts:delete"),
        ]


def test_planner_and_account_pages_have_spanish_versions(client, user, plan):
    client.force_login(user)
    for url in spanish_urls(plan):
        assert url.startswith("/es/"), url
        response = client.get(url, follow=True)
        assert response.status_code == 200, url
        page = response.content.decode()
        assert '<html lang="es">' in page, url
        if "/print/" not in url:  # the print page has no site header
            assert 'class="language-switcher"' in page, url


def test_no_interface_string_is_left_in_english_on_spanish_planner_pages(
    client, user, plan
):
    catalog = entries()
    client.force_login(user)
    found = []
    for url in spanish_urls(plan):
        page = client.get(url, follow=True).content.decode()
        found += [f"{url}: {phrase!r}" for phrase in untranslated(page, catalog)]
    assert not found, "\n".join(found)


def test_a_plan_body_is_cached_once_per_language(client, user, plan):
    client.force_login(user)
    with translation.override("es"):
        spanish_url = reverse("planner:detail", args=[plan.pk])
    english_url = reverse("planner:detail", args=[plan.pk])
    for _ in range(2):  # the second round comes from the cache
        english = client.get(english_url).content.decode()
        spanish = client.get(spanish_url).content.decode()
        assert '<h2 id="milestones-heading">Milestones</h2>' in english
        assert '<h2 id="milestones-heading">Hitos</h2>' in spanish
        assert "Hitos</h2>" not in english
        assert '<html lang="es">' in spanish
        assert '<html lang="en">' in english
    with translation.override("es"):
        spanish_key = caching.plan_key("page", plan)
    with translation.override("en"):
        english_key = caching.plan_key("page", plan)
    assert spanish_key != english_key


def test_reminder_digest_is_in_the_owners_language(user):
    plan = opted_in_plan(user, language="es")
    MilestoneFactory(plan=plan, title="Apply", due_date=TODAY - dt.timedelta(days=2))

    assert reminders.send_reminder_digests(today=TODAY) == 1
    (message,) = mail.outbox
    assert message.subject == "CareerPath: 2 recordatorios"
    assert "Tus recordatorios de CareerPath del" in message.body
    assert "Vencidos:" in message.body
    assert "Vencen en los próximos" in message.body
    assert "/es/plan/" in message.body
    assert "/es/plan/reminders/unsubscribe/" in message.body
    assert "Overdue" not in message.body
    # Spanish day and month names, not English ones.
    assert not re.search(
        r"Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday", str(message.body)
    )


def test_an_english_owner_still_gets_english_reminders(user):
    opted_in_plan(user)
    with translation.override("es"):  # whatever is active when the worker runs
        reminders.send_reminder_digests(today=TODAY)
    (message,) = mail.outbox
    assert message.subject == "CareerPath: 1 reminder"
    assert "Your CareerPath reminders for" in message.body


def test_calendar_feed_links_to_the_plan_in_the_owners_language(client, user):
    user.language = "es"
    user.save()
    plan = PlanFactory(owner=user)
    MilestoneFactory(plan=plan, title="Exam", due_date=dt.date(2027, 3, 1))
    response = client.get(plan.get_calendar_url())
    assert response.status_code == 200
    (event,) = Calendar.from_ical(response.content).walk("VEVENT")
    assert str(event["URL"]).endswith("/es/plan/")
