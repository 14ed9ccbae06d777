"""Onboarding's background questions and the plan page's route comparison (seeded content)."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from planner import services
from planner.models import Plan
from planner.planning import PlanningError
from tests.planner.test_views import answer, start_url

pytestmark = pytest.mark.django_db

MLS = "medical-laboratory-scientist"


def reach_background(client, user, education_level: str) -> None:
    """Sign in and answer the first two questions (MLS, `education_level`)."""
    client.force_login(user)
    answer(client, 1, target_role=MLS)
    answer(client, 2, education_level=education_level)


def onboard(client, background: dict[str, Any], **answers: str) -> Plan:
    steps = [
        {"target_role": answers.get("target_role", MLS)},
        {"education_level": answers.get("education_level", "associate_mlt")},
        background,
        {"state": answers.get("state", "")},
        {"certifying_body": answers.get("certifying_body", "ascp")},
        {"study_pace": "full_time"},
        {"start_date": "2026-12-01"},
    ]
    for number, data in enumerate(steps, start=1):
        response = answer(client, number, **data)
        assert response.status_code == 302, response.content.decode()[-3000:]
    return Plan.objects.latest("id")


def test_background_screen_asks_only_what_the_targets_routes_count(
    client, user
) -> None:
    reach_background(client, user, "bachelor")

    html = client.get(start_url(3)).content.decode()

    assert "<legend>Certifications</legend>" in html
    assert "MLT(ASCP) (counts for MLS(ASCP) Route 2)" in html
    assert "Chemistry: months of full-time work" in html
    assert "Biology: semester hours" in html
    assert "What is your degree in?" in html  # a bachelor's outside laboratory science
    assert "Histology: months" not in html  # no MLS route counts histology


def test_an_mlt_with_bench_months_is_planned_without_mlt_steps(client, user) -> None:
    client.force_login(user)

    plan = onboard(
        client,
        {
            "credentials_held": ["mlt-ascp"],
            "experience_chemistry": "12",
            "experience_hematology": "12",
            "experience_blood_bank": "6",
        },
    )

    assert plan.credentials_held == ["mlt-ascp"]
    assert plan.experience == {"blood_bank": 6, "chemistry": 12, "hematology": 12}
    keys = set(plan.milestones.values_list("key", flat=True))
    assert not {k for k in keys if k.startswith("mlt-")}
    assert "mls-experience" not in keys  # 30 months already meet the 24
    assert plan.route_summary.startswith("MLS(ASCP) Route 2")


def test_bad_background_values_re_render_with_messages_and_keep_the_rest(
    client, user
) -> None:
    reach_background(client, user, "associate_mlt")

    response = answer(client, 3, experience_chemistry="-4", coursework_biology="lots")

    assert response.status_code == 200
    html = response.content.decode()
    assert "Ensure this value is greater than or equal to 0." in html
    assert "Enter a number." in html
    assert client.session["planner_onboarding"]["education_level"] == "associate_mlt"
    assert "background" not in client.session["planner_onboarding"]


def test_plan_page_compares_routes_and_the_person_can_pick_another(
    client, user
) -> None:
    client.force_login(user)
    plan = onboard(client, {"credentials_held": ["mlt-ascp"]})
    detail = reverse("planner:detail", args=[plan.pk])

    html = client.get(detail).content.decode()
    assert "Eligibility routes compared" in html
    assert "MLS(ASCP) Route 1" in html
    assert "MLS(ASCP) Route 2" in html
    assert "Follow Route 1" in html

    response = client.post(
        reverse("planner:choose_route", args=[plan.pk]),
        {"route": "mls-ascp:1"},
        follow=True,
    )

    plan.refresh_from_db()
    assert plan.preferred_route == "mls-ascp:1"
    assert plan.route_summary.startswith("MLS(ASCP) Route 1")
    assert next(r for r in plan.routes if r["chosen"])["code"] == "1"
    assert "Your plan now follows mls-ascp Route 1." in response.content.decode()
    assert "Let the planner choose again" in response.content.decode()


def test_picking_an_unknown_route_changes_nothing_and_says_why(client, user) -> None:
    client.force_login(user)
    plan = onboard(client, {})
    before = plan.routes

    response = client.post(
        reverse("planner:choose_route", args=[plan.pk]),
        {"route": "mls-ascp:99"},
        follow=True,
    )

    plan.refresh_from_db()
    assert plan.routes == before
    assert plan.preferred_route == ""
    assert "Unknown route" in response.content.decode()


def test_another_users_plan_cannot_be_re_routed(client, user, other_user) -> None:
    client.force_login(user)
    plan = onboard(client, {})
    client.force_login(other_user)

    response = client.post(
        reverse("planner:choose_route", args=[plan.pk]), {"route": "mls-ascp:1"}
    )

    assert response.status_code == 404
    plan.refresh_from_db()
    assert plan.preferred_route == ""


def edit(client, plan: Plan, **changes: Any) -> Any:
    """Post the plan's edit form: an MLS plan from an MLT associate's, with `changes`."""
    answers = {
        "target_role": MLS,
        "education_level": "associate_mlt",
        "state": "",
        "certifying_body": "ascp",
        "study_pace": "full_time",
        "start_date": "2026-12-01",
    }
    return client.post(reverse("planner:edit", args=[plan.pk]), answers | changes)


def test_editing_answers_keeps_background_the_form_does_not_ask(client, user) -> None:
    client.force_login(user)
    plan = onboard(
        client, {"credentials_held": ["mlt-ascp"], "experience_chemistry": "30"}
    )
    plan.refresh_from_db()
    plan.experience = {**plan.experience, "histology": 9}  # from an earlier target
    plan.save(update_fields=["experience"])

    response = edit(
        client,
        plan,
        study_pace="part_time",
        **{
            "background-credentials_held": ["mlt-ascp"],
            "background-experience_chemistry": "30",
        },
    )

    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.study_pace == "part_time"
    assert plan.experience == {"chemistry": 30, "histology": 9}
    assert json.loads(json.dumps(plan.credentials_held)) == ["mlt-ascp"]


def test_what_if_i_moved_previews_the_change_and_saves_only_on_confirm(
    client, user
) -> None:
    client.force_login(user)
    plan = onboard(
        client,
        {},
        target_role="medical-laboratory-technician",
        education_level="high_school",
        state="CA",
    )
    url = reverse("planner:what_if", args=[plan.pk])
    before = set(plan.milestones.filter(archived=False).values_list("key", flat=True))
    assert "license-ca-mlt" in before

    html = client.get(url, {"state": "TX"}).content.decode()

    assert "Your plan in Texas" in html
    assert (
        "Apply for your California Medical Laboratory Technician (MLT) license" in html
    )
    assert "Steps that would be archived" in html
    plan.refresh_from_db()
    assert plan.state is not None
    assert plan.state.code == "CA"
    assert (
        set(plan.milestones.filter(archived=False).values_list("key", flat=True))
        == before
    )

    response = client.post(url, {"state": "TX"})

    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.state is not None
    assert plan.state.code == "TX"
    licence = plan.milestones.get(key="license-ca-mlt")
    assert licence.archived  # kept, with whatever progress it had


def test_what_if_rejects_unknown_states_and_other_users(
    client, user, other_user
) -> None:
    client.force_login(user)
    plan = onboard(client, {}, state="CA")
    url = reverse("planner:what_if", args=[plan.pk])

    assert (
        "Choose a state or territory"
        in client.get(url, {"state": "ZZ"}).content.decode()
    )
    refused = client.post(url, {"state": "ZZ"}, follow=True)
    assert "Choose a state or territory from the list." in refused.content.decode()
    client.force_login(other_user)
    assert client.get(url, {"state": "TX"}).status_code == 404
    assert client.post(url, {"state": "TX"}).status_code == 404
    plan.refresh_from_db()
    assert plan.state is not None
    assert plan.state.code == "CA"


@pytest.mark.parametrize(
    ("refusal", "shown"),
    [
        (PlanningError("no template"), "We could not move your plan to that state."),
        (
            ValidationError({"state": ["This state has no license data yet."]}),
            "This state has no license data yet.",
        ),
    ],
)
def test_a_refused_move_says_why_and_changes_nothing(
    client, user, monkeypatch, refusal, shown
) -> None:
    client.force_login(user)
    plan = onboard(client, {}, state="CA")
    before = list(plan.milestones.values_list("key", "archived"))

    def refuse(**kwargs: Any) -> Plan:
        raise refusal

    monkeypatch.setattr(services, "update_answers", refuse)
    response = client.post(
        reverse("planner:what_if", args=[plan.pk]), {"state": "TX"}, follow=True
    )

    assert response.redirect_chain[-1][0].endswith("?state=TX")
    assert shown in response.content.decode()
    plan.refresh_from_db()
    assert plan.state is not None
    assert plan.state.code == "CA"
    assert list(plan.milestones.values_list("key", "archived")) == before


def test_answers_the_rules_cannot_plan_are_refused_on_the_edit_form(
    client, user, monkeypatch
) -> None:
    client.force_login(user)
    plan = onboard(client, {}, state="CA")

    def refuse(**kwargs: Any) -> Plan:
        raise PlanningError("no template")

    monkeypatch.setattr(services, "replan", refuse)
    response = edit(client, plan, state="TX")

    assert response.status_code == 200
    assert "We could not re-plan with these answers." in response.content.decode()
    plan.refresh_from_db()
    assert plan.state is not None
    assert plan.state.code == "CA"
