from __future__ import annotations

import pytest
from django.urls import reverse

from tests.accounts.factories import UserFactory
from tests.planner.factories import PlanFactory, seed_planner_content

pytestmark = pytest.mark.django_db


def test_editor_can_edit_pathway_templates(client, editor) -> None:
    seed_planner_content()
    client.force_login(editor)

    changelist = client.get(
        reverse("admin:planner_pathwaytemplate_changelist") + "?q=licence"
    )
    steps = client.get(reverse("admin:planner_pathwaystep_changelist"))

    assert changelist.status_code == 200
    assert "Certify, license and work" in changelist.content.decode()
    assert steps.status_code == 200
    assert "job-search" in steps.content.decode()


def test_editor_cannot_see_plans(client, editor) -> None:
    plan = PlanFactory()
    client.force_login(editor)

    assert client.get(reverse("admin:planner_plan_changelist")).status_code == 403
    assert (
        client.get(reverse("admin:planner_plan_change", args=[plan.pk])).status_code
        == 403
    )


def test_superuser_sees_plans_read_only(client) -> None:
    admin = UserFactory(is_staff=True, is_superuser=True)
    plan = PlanFactory(milestones=2)
    client.force_login(admin)

    page = client.get(reverse("admin:planner_plan_change", args=[plan.pk]))
    post = client.post(reverse("admin:planner_plan_change", args=[plan.pk]), {})

    assert page.status_code == 200
    assert 'name="_save"' not in page.content.decode()
    assert post.status_code == 403
    assert client.get(reverse("admin:planner_plan_add")).status_code == 403


def test_pathway_steps_reject_unknown_placeholders_and_stray_braces() -> None:
    from django.core.exceptions import ValidationError

    from planner.models import PathwayStep

    step = PathwayStep.objects.get(key="mlt-program")
    step.title = "Complete an accredited programme ({acreditors})"
    step.guidance = "Route {route} needs {oops"
    with pytest.raises(ValidationError) as raised:
        step.full_clean()
    errors = raised.value.message_dict
    assert "Unknown placeholder {acreditors}" in errors["title"][0]
    assert "{accreditors}" in errors["title"][0]  # the message lists what is allowed
    assert "Unbalanced braces" in errors["guidance"][0]

    job = PathwayStep.objects.get(key="job-search")
    job.when_route_needs = "program"
    with pytest.raises(ValidationError) as raised:
        job.full_clean()
    assert "when_route_needs" in raised.value.message_dict


def test_every_seeded_pathway_step_is_valid() -> None:
    from planner.models import PathwayStep

    steps = list(PathwayStep.objects.all())
    assert steps
    for step in steps:
        step.full_clean()
