"""Micro-benchmark: time `planning.build_plan` on the seeded content (not a test).

Contexts are read from the database by the product's own `load_context`, after the same
`load_content`/`load_pathways` that `make run` does (idempotent), so the numbers are for the
real routes, templates and licence categories.

Run: .venv/bin/python bench/bench_planning.py [runs]     (target: p95 under 5 ms)
"""

from __future__ import annotations

import datetime as dt
import itertools
import os
import statistics
import sys
import time
from decimal import Decimal
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "careerpath.settings")
os.environ.setdefault("DJANGO_DEBUG", "true")

TODAY = dt.date(2026, 12, 1)
STATES = [None, "CA", "TX", "NY", "FL", "TN"]
TARGET_P95_MS = 5.0


def main(runs: int = 5000) -> None:
    if not os.environ.get("DATABASE_URL"):
        from careerpath import localdb

        localdb.start(quiet=True)
    import django

    django.setup()
    from django.core.management import call_command

    from content.models import Role
    from planner import selectors
    from planner.eligibility import CompletedProgram
    from planner.planning import EducationLevel, PlanAnswers, StudyPace, build_plan

    call_command("migrate", verbosity=0)
    call_command("load_content", verbosity=0)
    call_command("load_pathways", verbosity=0)
    roles = list(Role.objects.published().values_list("slug", flat=True))
    backgrounds: list[dict[str, Any]] = [
        {},
        {
            "credentials_held": frozenset({"mlt-ascp"}),
            "experience": {"chemistry": 12, "hematology": 12, "blood_bank": 6},
        },
        {
            "coursework": {"biology": Decimal(16), "chemistry": Decimal(16)},
            "programs_completed": (CompletedProgram("mlt", 2023),),
            "degree_field": "biology",
        },
    ]
    combos = list(
        itertools.product(
            roles,
            EducationLevel.values,
            STATES,
            [None, "ascp", "amt"],
            StudyPace.values,
            range(len(backgrounds)),
        )
    )
    contexts = {
        state: selectors.load_context(PlanAnswers(roles[0], "high_school", state))
        for state in STATES
    }
    timings = []
    for role, level, state, body, pace, background in itertools.islice(
        itertools.cycle(combos), max(runs, len(combos))
    ):
        answers = PlanAnswers(role, level, state, body, pace, **backgrounds[background])
        started = time.perf_counter()
        build_plan(answers, context=contexts[state], today=TODAY)
        timings.append((time.perf_counter() - started) * 1000)
    timings.sort()
    p95 = timings[int(len(timings) * 0.95) - 1]
    verdict = "PASS" if p95 < TARGET_P95_MS else "FAIL"
    print(
        f"build_plan: {len(timings)} plans over {len(combos)} answer combinations "
        f"({len(roles)} roles x levels x states x bodies x paces x backgrounds); "
        f"mean {statistics.fmean(timings):.3f} ms, p95 {p95:.3f} ms, "
        f"max {timings[-1]:.3f} ms -> {verdict} (target: p95 < {TARGET_P95_MS} ms)"
    )


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 5000)
