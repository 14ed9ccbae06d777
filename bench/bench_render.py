"""In-process render time of a plan page with 10 milestones (`make bench` runs it; bench/run.py).

Two figures, each the median of many renders through Django's test client with the
production settings the load run uses:

- cold: every cache emptied first, so the page, its body and every milestone's fragment
  are rendered and all of its queries run;
- after a change: one milestone changed since the last view (what a reload after a PATCH
  costs): the page and body are rendered again, the other milestones come from their
  fragments.

Wall time includes the queries; CPU time is this process only (the templates and Python).
"""

from __future__ import annotations

import statistics
import time
from typing import Any

TARGET_MILESTONES = 10
COLD_TARGET_MS = 10.0


def _plan_with_milestones(count: int) -> Any:
    """The plan whose current milestones number `count` (or the nearest)."""
    from django.db.models import Count, F, Func, Q

    from planner.models import Plan

    plans = (
        Plan.objects.annotate(
            shown=Count("milestones", filter=Q(milestones__archived=False))
        )
        .annotate(distance=Func(F("shown") - count, function="ABS"))
        .order_by("distance", "pk")
    )
    plan = plans.select_related("owner").first()
    if plan is None:
        raise SystemExit("bench: no plans to render")
    return plan


def _timed(call: Any) -> tuple[float, float]:
    wall, cpu = time.perf_counter(), time.process_time()
    call()
    return (time.perf_counter() - wall) * 1000, (time.process_time() - cpu) * 1000


def measure(runs: int = 60) -> dict[str, Any]:
    from django.core.cache import caches
    from django.test import Client
    from django.utils import timezone

    from planner.models import Milestone, Plan

    plan = _plan_with_milestones(TARGET_MILESTONES)
    client = Client()
    client.force_login(plan.owner)
    url = f"/plan/{plan.pk}/"

    def get() -> None:
        response = client.get(url)
        if response.status_code != 200:
            raise SystemExit(f"bench: {url} answered {response.status_code}")

    def clear() -> None:
        for cache in caches.all(initialized_only=True):
            cache.clear()

    get()  # imports, template compilation, connection: not part of any render
    cold = []
    for _ in range(runs):
        clear()
        cold.append(_timed(get))
    milestone = Milestone.objects.filter(plan=plan, archived=False).first()
    if milestone is None:
        raise SystemExit(f"bench: plan {plan.pk} has no milestones")
    changed = []
    for _ in range(runs):
        now = timezone.now()
        Milestone.objects.filter(pk=milestone.pk).update(updated_at=now)
        Plan.objects.filter(pk=plan.pk).update(updated_at=now)
        changed.append(_timed(get))
    shown = plan.milestones.filter(archived=False).count()
    return {
        "plan": plan.pk,
        "milestones": shown,
        "runs": runs,
        "cold_wall_ms": statistics.median(w for w, _ in cold),
        "cold_cpu_ms": statistics.median(c for _, c in cold),
        "changed_wall_ms": statistics.median(w for w, _ in changed),
        "changed_cpu_ms": statistics.median(c for _, c in changed),
    }


def report(result: dict[str, Any]) -> tuple[str, bool]:
    print(
        f"plan page render in-process, {result['milestones']} milestones, median of "
        f"{result['runs']}: cold {result['cold_wall_ms']:.1f} ms "
        f"(CPU {result['cold_cpu_ms']:.1f} ms); after one milestone changed "
        f"{result['changed_wall_ms']:.1f} ms (CPU {result['changed_cpu_ms']:.1f} ms)"
    )
    label = f"plan page cold render ({result['milestones']} milestones) <= {COLD_TARGET_MS:.0f} ms in-process"
    return label, result["cold_wall_ms"] <= COLD_TARGET_MS
