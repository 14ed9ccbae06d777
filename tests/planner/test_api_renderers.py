"""The plan representation from the shared per-thread serializer (planner.api.serializers
.plan_data) is the one a fresh PlanSerializer gives, in each request's own context."""

from __future__ import annotations

import threading

import pytest
from rest_framework.request import Request
from rest_framework.test import APIRequestFactory

from planner import selectors
from planner.api.serializers import PlanSerializer, _renderers, plan_data
from tests.planner.factories import MilestoneFactory, PlanFactory

pytestmark = pytest.mark.django_db


def context_for(host: str) -> dict[str, object]:
    return {"request": Request(APIRequestFactory().get("/", HTTP_HOST=host))}


def test_each_request_gets_its_own_links_and_the_fresh_serializers_data(
    settings,
) -> None:
    settings.ALLOWED_HOSTS = ["one.example", "two.example"]
    plan = PlanFactory()
    MilestoneFactory.create_batch(3, plan=plan)
    read = selectors.owned_plan(owner_id=plan.owner_id, plan_id=plan.pk)
    assert read is not None
    selectors.read_milestones(read)
    for host in ("one.example", "two.example", "one.example"):
        context = context_for(host)
        data = plan_data(read, context)
        assert data == dict(PlanSerializer(read, context=context).data)
        assert data["calendar_url"].startswith(f"http://{host}/")
        assert len(data["milestones"]) == 3
    assert _renderers.plan._context == {}  # no request is kept after use


def test_another_thread_builds_a_serializer_of_its_own() -> None:
    plan = PlanFactory()
    plan_data(plan, context_for("testserver"))
    mine = _renderers.plan
    seen: list[object] = []

    def other() -> None:
        plan_data(plan, context_for("testserver"))
        seen.append(_renderers.plan)

    thread = threading.Thread(target=other)
    thread.start()
    thread.join()
    assert seen
    assert seen[0] is not mine
