"""`make demo`: the demo planner has a plan with progress to look at."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command

from planner.models import Plan
from planner.planning import MilestoneStatus
from tests.dbstate import seed_content

pytestmark = pytest.mark.django_db


def test_demo_planner_gets_a_plan_with_progress_once():
    seed_content()
    call_command("ensure_demo_accounts", "--force", stdout=io.StringIO())
    plan = Plan.objects.with_progress().get(owner__email="planner@example.com")
    assert plan.name == "MLT in Florida, part time"
    statuses = list(plan.milestones.values_list("status", flat=True))
    assert statuses.count(MilestoneStatus.DONE) == 2
    assert MilestoneStatus.IN_PROGRESS in statuses
    assert 0 < plan.progress < 100
    # Running it again (every `make run`) keeps the plan and its progress.
    call_command("ensure_demo_accounts", "--force", stdout=io.StringIO())
    assert Plan.objects.filter(owner__email="planner@example.com").count() == 1
