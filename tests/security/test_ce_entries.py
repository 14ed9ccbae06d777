"""CE entries only for credentials the plan has earned, on the API and the web form alike."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from content.models import Certification
from planner import services
from planner.models import ContinuingEducationEntry
from planner.planning import PlanAnswers

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan(user):
    call_command("load_content", verbosity=0)
    call_command("load_pathways", verbosity=0)
    return services.create_plan(
        owner=user,
        answers=PlanAnswers(
            "medical-laboratory-technician", "associate_mlt", "TX", "ascp"
        ),
    )


def entry(slug: str) -> dict[str, str]:
    return {
        "certification": slug,
        "activity": "Safety webinar",
        "completed_on": timezone.localdate().isoformat(),
        "points": "1",
    }


def test_api_refuses_ce_for_a_credential_not_earned(api_client, user, plan) -> None:
    api_client.force_authenticate(user)
    url = reverse("api:plan-ce-entry-list", kwargs={"plan_pk": plan.pk})

    # MLS(ASCP) is published but this plan never earned it; MLT(ASCP) is not passed yet.
    for slug in ("mls-ascp", "mlt-ascp"):
        response = api_client.post(url, entry(slug), format="json")
        assert response.status_code == 409  # sound input; the plan has not earned it
        assert "certification" in response.json()
    assert not ContinuingEducationEntry.objects.exists()

    exam = plan.milestones.get(is_exam=True, certification__slug="mlt-ascp")
    services.update_milestone(milestone=exam, status="done")
    assert api_client.post(url, entry("mlt-ascp"), format="json").status_code == 201


def test_web_form_refuses_ce_for_a_credential_not_earned(client, user, plan) -> None:
    client.force_login(user)
    mls = Certification.objects.get(slug="mls-ascp")

    response = client.post(
        reverse("planner:add_ce_entry", args=[plan.pk]),
        {**entry("mls-ascp"), "certification": mls.pk},
        follow=True,
    )

    assert response.status_code == 200
    assert "Choose one of your credentials." in response.content.decode()
    assert not ContinuingEducationEntry.objects.exists()
