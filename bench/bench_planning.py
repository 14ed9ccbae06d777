"""Micro-benchmark: time `planning.build_plan` on a realistic context (not a test).

Run: .venv/bin/python bench/bench_planning.py [runs]
"""

from __future__ import annotations

import datetime as dt
import itertools
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from planner.data.sample import STATES, sample_context
from planner.planning import EducationLevel, PlanAnswers, StudyPace, build_plan

TODAY = dt.date(2026, 11, 25)
ROLES = [
    "medical-laboratory-technician",
    "medical-laboratory-scientist",
    "histotechnician",
    "lead-technologist",
]


def main(runs: int = 2000) -> None:
    combos = list(
        itertools.product(
            ROLES,
            EducationLevel.values,
            [None, *STATES],
            [None, "ascp", "amt"],
            StudyPace.values,
        )
    )
    contexts = {state: sample_context(state) for state in [None, *STATES]}
    timings = []
    for role, level, state, body, pace in itertools.islice(
        itertools.cycle(combos), runs
    ):
        answers = PlanAnswers(role, level, state, body, pace)
        started = time.perf_counter()
        build_plan(answers, context=contexts[state], today=TODAY)
        timings.append((time.perf_counter() - started) * 1000)
    timings.sort()
    p95 = timings[int(len(timings) * 0.95) - 1]
    print(
        f"build_plan: {runs} plans over {len(combos)} answer combinations; "
        f"mean {statistics.fmean(timings):.3f} ms, p95 {p95:.3f} ms, max {timings[-1]:.3f} ms "
        "(target: well under 50 ms)"
    )


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 2000)
