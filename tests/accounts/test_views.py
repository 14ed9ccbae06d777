from __future__ import annotations

import datetime as dt
import json
import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.urls import reverse

from planner.models import Milestone, Plan
from tests.accounts.factories import (
    DEFAULT_PASSWORD,
    UserFactory,
    change_password,
    reset_password,
)
from tests.content.factories import RoleFactory

pytestmark = pytest.mark.django_db
User = get_user_model()


def _plan_for(user) -> Plan:
    plan = Plan.objects.create(
        owner=user,
        target_role=RoleFactory(slug="medical-laboratory-technician"),
        education_level="high_school",
        start_date=dt.date(2026, 12, 1),
    )
    Milestone.objects.create(
        plan=plan,
        key="exam",
        kind="certification",
        title="Pass the exam",
        notes="My note",
    )
    return plan


def _link_from(body: str) -> str:
    match = re.search(r"https?://[^/\s]+(/accounts/confirm-email/[^\s]+/)", body)
    assert match, body
    return match.group(1)


def test_sign_up_verify_email_and_land_logged_in(client):
    response = client.post(
        reverse("account_signup"),
        {
            "email": "new.planner@example.com",
            "password1": "a long unusual passphrase 42",
            "password2": "a long unusual passphrase 42",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("account_email_verification_sent")
    assert "_auth_user_id" not in client.session  # mandatory verification first
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["new.planner@example.com"]
    confirm_path = _link_from(str(mail.outbox[0].body))

    page = client.get(confirm_path)
    assert page.status_code == 200
    assert b"Confirm" in page.content

    response = client.post(confirm_path)
    assert response.status_code == 302
    user = User.objects.get(email="new.planner@example.com")
    assert client.session["_auth_user_id"] == str(user.pk)
    assert user.emailaddress_set.get().verified is True


def test_sign_up_form_errors_are_tied_to_fields(client):
    response = client.post(
        reverse("account_signup"),
        {"email": "not-an-email", "password1": "x", "password2": "y"},
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="id_email_error"' in html
    assert re.search(r'<input[^>]*aria-describedby="[^"]*id_email_error', html)
    assert 'aria-invalid="true"' in html
    assert not User.objects.filter(email="not-an-email").exists()


def test_allauth_pages_use_the_site_layout(client):
    for name in ["account_login", "account_signup", "account_reset_password"]:
        response = client.get(reverse(name))
        assert response.status_code == 200
        html = response.content.decode()
        assert 'class="site-header"' in html
        assert '<label for="id_email"' in html or '<label for="id_login"' in html


def test_log_in_and_out(client):
    user = UserFactory(email="ana@example.com")
    response = client.post(
        reverse("account_login"),
        {"login": "ana@example.com", "password": DEFAULT_PASSWORD},
    )
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(user.pk)
    response = client.post(reverse("account_logout"))
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session


def test_wrong_password_re_renders_with_error(client):
    UserFactory(email="ana@example.com")
    response = client.post(
        reverse("account_login"), {"login": "ana@example.com", "password": "wrong"}
    )
    assert response.status_code == 200
    assert b"not correct" in response.content or b"incorrect" in response.content
    assert "_auth_user_id" not in client.session


def test_password_reset_sends_a_working_link(client):
    user = UserFactory(email="ana@example.com")
    response = reset_password(client, "ana@example.com", "brand new passphrase 77")
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password("brand new passphrase 77")


def test_change_password(client):
    user = UserFactory()
    client.force_login(user)
    response = change_password(client, "another long passphrase 9")
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password("another long passphrase 9")


def test_change_email_sends_verification_to_new_address(client):
    user = UserFactory(email="old@example.com")
    client.force_login(user)
    page = client.get(reverse("account_email"))
    assert page.status_code == 200
    response = client.post(
        reverse("account_email"), {"action_add": "", "email": "new@example.com"}
    )
    assert response.status_code == 302
    assert user.emailaddress_set.filter(
        email="new@example.com", verified=False
    ).exists()
    assert mail.outbox[-1].to == ["new@example.com"]


def test_account_page_requires_login(client):
    response = client.get(reverse("accounts:overview"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_account_page_shows_email_and_links(client, user):
    client.force_login(user)
    response = client.get(reverse("accounts:overview"))
    assert response.status_code == 200
    html = response.content.decode()
    assert user.email in html
    assert reverse("account_email") in html
    assert reverse("account_change_password") in html
    assert reverse("accounts:export") in html
    assert reverse("accounts:delete") in html


def test_reminders_toggle(client, user):
    client.force_login(user)
    response = client.post(reverse("accounts:reminders"), {"email_reminders": "on"})
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.email_reminders is True
    response = client.post(reverse("accounts:reminders"), {}, follow=True)
    user.refresh_from_db()
    assert user.email_reminders is False
    assert b"Reminder emails are off." in response.content


def test_reminders_toggle_refuses_get(client, user):
    client.force_login(user)
    assert client.get(reverse("accounts:reminders")).status_code == 405


def test_delete_needs_the_right_password(client, user):
    client.force_login(user)
    response = client.post(reverse("accounts:delete"), {"password": "wrong"})
    assert response.status_code == 200
    assert b"That password is not correct." in response.content
    assert User.objects.filter(pk=user.pk).exists()


def test_delete_account_without_password_requires_typing_the_email(client):
    user = UserFactory(email="nopass@example.com")
    user.set_unusable_password()
    user.save()
    client.force_login(user)
    response = client.post(reverse("accounts:delete"), {"email": "other@example.com"})
    assert response.status_code == 200
    assert User.objects.filter(pk=user.pk).exists()
    response = client.post(reverse("accounts:delete"), {"email": "NoPass@example.com"})
    assert response.status_code == 302
    assert not User.objects.filter(pk=user.pk).exists()


def test_export_downloads_my_data_as_json(client, user, other_user):
    plan = _plan_for(user)
    _plan_for(other_user)
    client.force_login(user)
    response = client.get(reverse("accounts:export"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response["Content-Disposition"].startswith("attachment;")
    data = json.loads(response.content)
    assert data["account"]["email"] == user.email
    assert [p["id"] for p in data["plans"]] == [plan.pk]
    assert data["plans"][0]["milestones"][0]["notes"] == "My note"


def test_export_requires_login(client):
    response = client.get(reverse("accounts:export"))
    assert response.status_code == 302


def test_delete_account_removes_user_and_plans_and_logs_out(client, user, other_user):
    _plan_for(user)
    kept = _plan_for(other_user)
    client.force_login(user)
    page = client.get(reverse("accounts:delete"))
    assert page.status_code == 200
    assert b'name="password"' in page.content
    response = client.post(
        reverse("accounts:delete"), {"password": DEFAULT_PASSWORD}, follow=True
    )
    # A confirmation page of its own (never cached), not a flash on the shared home page.
    assert response.redirect_chain[-1][0] == reverse("accounts:deleted")
    assert b"Your account and all your plans have been deleted." in response.content
    assert "no-store" in response["Cache-Control"]
    assert not User.objects.filter(pk=user.pk).exists()
    assert list(Plan.objects.all()) == [kept]
    assert "_auth_user_id" not in client.session
    # Shown once: a later visit (or anyone else) goes to the home page.
    again = client.get(reverse("accounts:deleted"))
    assert again.status_code == 302
    assert again["Location"] == "/"
