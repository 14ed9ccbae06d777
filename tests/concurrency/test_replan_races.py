"""Concurrent writers of one plan, on real PostgreSQL connections.

Every write to a plan or its milestones locks the plan row first, so a milestone PATCH racing a
re-plan of the same plan waits for it instead of deadlocking (Schemathesis once found a 500
here, when the milestone PATCH locked the milestone before the plan).
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from planner import services
from planner.models import Plan
from tests.accounts.factories import api_token
from tests.concurrency.conftest import run_together
from tests.planner.factories import TODAY, ca_answers, seed_planner_content

ROUNDS = 12


def _client(token: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    return client


@pytest.fixture
def plan(migration_data_restored: None, user) -> Plan:
    """A full-time California MLT plan from TODAY, committed so that every thread sees it."""
    seed_planner_content()
    return services.create_plan(
        owner=user,
        answers=ca_answers(study_pace="full_time", start_date=TODAY),
        today=TODAY,
    )


def test_milestone_patches_racing_replans_all_succeed(plan: Plan, user) -> None:
    milestones = plan.visible_milestones[:2]
    token = api_token(user)
    plan_url = reverse("api:plan-detail", args=[plan.pk])

    def replan() -> list[int]:
        client = _client(token)
        paces = ["part_time", "full_time"]
        return [
            client.patch(
                plan_url, {"study_pace": paces[i % 2]}, format="json"
            ).status_code
            for i in range(ROUNDS)
        ]

    def patch_milestone(milestone_pk: int) -> Callable[[], list[int]]:
        url = reverse(
            "api:plan-milestone-detail", kwargs={"plan_pk": plan.pk, "pk": milestone_pk}
        )

        def job() -> list[int]:
            client = _client(token)
            return [
                client.patch(url, {"notes": f"note {i}"}, format="json").status_code
                for i in range(ROUNDS)
            ]

        return job

    results = run_together(replan, *(patch_milestone(m.pk) for m in milestones))

    assert results == [[200] * ROUNDS] * (1 + len(milestones))
    plan = Plan.objects.get(pk=plan.pk)
    assert plan.study_pace == "full_time"  # the last re-plan won
    notes = set(
        plan.milestones.filter(pk__in=[m.pk for m in milestones]).values_list(
            "notes", flat=True
        )
    )
    assert notes == {f"note {ROUNDS - 1}"}  # every milestone kept its last write


def test_checklist_ticks_racing_replans_neither_deadlock_nor_lose_a_tick(
    plan: Plan,
) -> None:
    program = plan.milestones.get(key="mlt-program")
    items = list(program.checklist.order_by("order"))
    assert len(items) >= 2

    def tick() -> list[int]:
        for round_ in range(ROUNDS):
            for item in items:
                services.toggle_checklist_item(item=item, done=round_ % 2 == 0)
        return []

    def replan() -> list[int]:
        paces = ["part_time", "full_time"]
        for i in range(ROUNDS):
            services.replan(
                plan=Plan.objects.get(pk=plan.pk),
                answers=ca_answers(study_pace=paces[i % 2], start_date=TODAY),
                today=TODAY,
            )
        return []

    run_together(tick, replan)

    # The last round ticked nothing (ROUNDS is even): every line is unticked, none duplicated.
    texts = list(program.checklist.values_list("text", flat=True))
    assert len(texts) == len(set(texts)) == len(items)
    assert not program.checklist.filter(done=True).exists()
