"""The planner before sign-up: a visitor answers, sees the preview, signs up, verifies by the
emailed link (which logs them in) and finds the same plan saved, without being asked again."""

from __future__ import annotations

import re
from types import SimpleNamespace
from urllib.parse import urlsplit

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from planner.models import Plan
from tests.accounts.factories import DEFAULT_PASSWORD, UserFactory
from tests.planner.test_views import build_world, start_url

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(db: None) -> SimpleNamespace:
    return build_world()


EMAIL = "visitor@example.com"
PASSWORD = "Lab-path 2026 rotation!"


def answer_everything(client: Client, role_slug: str) -> None:
    for step, data in [
        ("1", {"target_role": role_slug}),
        ("2", {"education_level": "high_school"}),
        ("3", {}),
        ("4", {"state": "QA"}),
        ("5", {"certifying_body": "ascp"}),
        ("6", {"study_pace": "part_time"}),
        ("7", {"start_date": timezone.localdate().isoformat()}),
    ]:
        response = client.post(start_url(), {"step": step, "action": "next", **data})
        assert response.status_code == 302, response.content.decode()[:1500]
    assert response["Location"] == reverse("planner:review")


def confirmation_link() -> str:
    body = str(mail.outbox[-1].body)
    match = re.search(r"https?://\S+/accounts/confirm-email/\S+", body)
    assert match, body
    return match.group(0)


def test_visitor_sees_the_whole_preview_and_nothing_is_saved(client, world):
    answer_everything(client, world.role.slug)
    page = client.get(reverse("planner:review"))
    html = page.content.decode()
    assert page.status_code == 200
    assert "Your plan preview: MLT in Calisota, part time" in html
    assert "Pass the MLT(ASCP) exam" in html
    assert "Apply for a Calisota licence" in html
    # "Save this plan" leads to sign-up and back to the plan page afterwards.
    assert (
        f'href="{reverse("account_signup")}?next={reverse("planner:dashboard")}"'
        in html
    )
    assert not Plan.objects.exists()


def test_review_before_finishing_goes_back_to_the_first_unanswered_step(client, world):
    client.post(
        start_url(), {"step": "1", "action": "next", "target_role": world.role.slug}
    )
    response = client.get(reverse("planner:review"))
    assert response["Location"] == start_url(2)


def test_sign_up_and_the_verification_link_save_the_previewed_plan(client, world):
    answer_everything(client, world.role.slug)
    signup = client.get(f"{reverse('account_signup')}?next=/plan/")
    assert "Your plan preview is kept" in signup.content.decode()
    response = client.post(
        reverse("account_signup"),
        {
            "email": EMAIL,
            "password1": PASSWORD,
            "password2": PASSWORD,
            "next": "/plan/",
        },
    )
    assert response.status_code == 302
    assert not Plan.objects.exists()  # not before the address is confirmed

    # The email names the product, not the Site framework's "example.com".
    message = mail.outbox[-1]
    assert message.subject == "CareerPath: Confirm your email address"
    assert "example.com" not in message.body.replace(EMAIL, "")
    assert "Hello from CareerPath" in message.body

    link = confirmation_link()
    confirmed = client.post(urlsplit(link).path)
    assert confirmed.status_code == 302
    assert confirmed["Location"] == "/plan/"  # the target page survived sign-up
    assert EmailAddress.objects.get(email=EMAIL).verified
    assert "_auth_user_id" in client.session  # verification logged them in

    plan = Plan.objects.get()
    assert plan.owner.email == EMAIL
    assert plan.name == "MLT in Calisota, part time"
    assert plan.study_pace == "part_time"
    dashboard = client.get("/plan/").content.decode()
    assert "Pass the MLT(ASCP) exam" in dashboard
    assert "Your plan is saved to your account" in dashboard
    assert "planner_onboarding" not in client.session

    # Once: logging in again in this session creates nothing more.
    client.logout()
    client.post(reverse("account_login"), {"login": EMAIL, "password": PASSWORD})
    assert Plan.objects.count() == 1


def test_an_existing_user_who_logs_in_gets_the_plan_and_nobody_else(client, world):
    someone = UserFactory(email="someone@example.com")
    bystander = UserFactory()
    answer_everything(client, world.role.slug)
    response = client.post(
        reverse("account_login"),
        {"login": someone.email, "password": DEFAULT_PASSWORD, "next": "/plan/"},
    )
    assert response.status_code == 302
    assert response["Location"] == "/plan/"
    assert list(Plan.objects.values_list("owner__email", flat=True)) == [someone.email]
    assert not Plan.objects.filter(owner=bystander).exists()


def test_logging_in_without_finished_answers_creates_no_plan(client, world):
    someone = UserFactory()
    client.post(
        start_url(), {"step": "1", "action": "next", "target_role": world.role.slug}
    )
    client.post(
        reverse("account_login"), {"login": someone.email, "password": DEFAULT_PASSWORD}
    )
    assert not Plan.objects.exists()
    # The answers given so far are still there to finish.
    assert client.session["planner_onboarding"]["target_role"] == world.role.slug


def test_the_target_page_survives_the_way_from_log_in_to_sign_up(client):
    page = client.get(f"{reverse('account_login')}?next=/plan/7/").content.decode()
    login = page.split('<main id="main"', 1)[1]  # the page's own link, not the header's
    signup_link = re.search(r'href="(/accounts/signup/[^"]*)"', login)
    assert signup_link, login
    assert "next=%2Fplan%2F7%2F" in signup_link.group(1) or "next=/plan/7/" in (
        signup_link.group(1)
    )
    signup = client.get(signup_link.group(1).replace("&amp;", "&")).content.decode()
    assert 'name="next" value="/plan/7/"' in signup
