from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

import pytest
from django.utils import translation

from planner import timeline
from planner.planning import MilestoneStatus

TODAY = dt.date(2026, 11, 25)


@dataclass
class Step:
    title: str
    phase: str = "Training"
    status: str = MilestoneStatus.NOT_STARTED
    order: int = 0
    start_date: dt.date | None = None
    due_date: dt.date | None = None
    archived: bool = False

    def get_status_display(self) -> str:
        return str(MilestoneStatus(self.status).label)

    def is_overdue(self, today: dt.date) -> bool:
        return (
            not self.archived
            and self.due_date is not None
            and self.due_date < today
            and self.status not in (MilestoneStatus.DONE, MilestoneStatus.SKIPPED)
        )


def test_no_dated_milestone_means_no_picture() -> None:
    assert timeline.build([Step("Undated")], TODAY) is None


def test_bars_span_the_axis_and_overlaps_get_their_own_lane() -> None:
    first = Step("Course", start_date=dt.date(2027, 1, 1), due_date=dt.date(2027, 7, 1))
    overlapping = Step(
        "Clinical",
        order=1,
        start_date=dt.date(2027, 3, 1),
        due_date=dt.date(2027, 9, 1),
    )
    later = Step(
        "Exam", order=2, start_date=dt.date(2027, 8, 1), due_date=dt.date(2028, 1, 1)
    )
    picture = timeline.build([first, overlapping, later], TODAY)
    assert picture is not None
    bars = picture.phases[0].bars
    assert bars[0].x == timeline.LEFT  # the earliest start is the left edge
    assert bars[2].x + bars[2].width == timeline.WIDTH - timeline.RIGHT_MARGIN
    assert bars[1].y == bars[0].y + timeline.LANE_HEIGHT  # overlaps the first
    assert bars[2].y == bars[0].y  # fits after the first in lane one
    assert picture.phases[0].height == 2 * timeline.LANE_HEIGHT + 12
    assert picture.today_x is None  # today is before the plan starts
    assert picture.ticks[0].label == "Jan 2027"


def test_status_styles_overdue_outline_and_tooltip_text() -> None:
    done = Step(
        "Done step",
        status=MilestoneStatus.DONE,
        start_date=dt.date(2026, 9, 1),
        due_date=dt.date(2026, 10, 1),
    )
    late = Step(
        "Late step",
        phase="Exam",
        order=1,
        status=MilestoneStatus.IN_PROGRESS,
        start_date=dt.date(2026, 10, 1),
        due_date=dt.date(2026, 11, 5),
    )
    skipped = Step(
        "Skipped step",
        phase="Exam",
        order=2,
        status=MilestoneStatus.SKIPPED,
        due_date=dt.date(2027, 2, 1),
    )
    picture = timeline.build([done, late, skipped], TODAY)
    assert picture is not None
    (done_bar,) = picture.phases[0].bars
    late_bar, skipped_bar = picture.phases[1].bars
    assert (done_bar.fill, done_bar.stroke_width, done_bar.overdue) == (
        "#1d6b3a",
        "1.5",
        False,
    )
    assert late_bar.overdue
    assert late_bar.stroke == timeline.OVERDUE_STROKE
    assert late_bar.stroke_width == "3"
    assert late_bar.title == "Late step: In progress, due 5 Nov 2026 (overdue)"
    assert skipped_bar.dasharray == "3 2"
    assert skipped_bar.width == timeline.MIN_BAR_WIDTH
    assert picture.today_x is not None
    assert [p.fill for p in picture.phases] == list(timeline.BAND_FILLS)
    assert picture.counts[MilestoneStatus.DONE] == 1
    assert picture.description.startswith(
        "3 milestones grouped by phase: Training, Exam."
    )


def test_long_phase_names_are_shortened_for_the_label_only() -> None:
    name = "Clinical experience and competency sign-off"
    picture = timeline.build([Step("Step", phase=name, due_date=TODAY)], TODAY)
    assert picture is not None
    assert picture.phases[0].name == name
    assert len(picture.phases[0].label) == timeline.PHASE_LABEL_CHARS
    assert picture.phases[0].label.endswith("…")


def test_month_ticks_thin_out_on_long_plans() -> None:
    short = timeline.month_ticks(dt.date(2027, 1, 15), dt.date(2027, 4, 1))
    long = timeline.month_ticks(dt.date(2027, 1, 15), dt.date(2029, 1, 1))
    assert short == [dt.date(2027, 2, 1), dt.date(2027, 3, 1), dt.date(2027, 4, 1)]
    assert long[:2] == [dt.date(2027, 4, 1), dt.date(2027, 7, 1)]


def test_date_labels_follow_the_active_language_though_they_are_kept() -> None:
    from django.utils import translation

    day = dt.date(2027, 1, 5)
    with translation.override("en"):
        english = (timeline.day_label(day), timeline.month_label(day))
    with translation.override("es"):
        spanish = (timeline.day_label(day), timeline.month_label(day))
    with translation.override("en"):
        again = timeline.day_label(day)

    assert english == ("5 Jan 2027", "Jan 2027")
    assert spanish == ("5 Ene 2027", "Ene 2027")
    assert again == "5 Jan 2027"


class OnlyDrawn:
    """A step the pictures may read only through `timeline.DRAWN_FROM` (and the status label
    and overdue rule, which read no more than those)."""

    def __init__(self, step: Step) -> None:
        object.__setattr__(self, "_step", step)

    def __getattribute__(self, name: str) -> object:
        if name in (*timeline.DRAWN_FROM, "get_status_display", "is_overdue"):
            return getattr(object.__getattribute__(self, "_step"), name)
        raise AssertionError(f"the timeline read {name!r}, which is not in DRAWN_FROM")


PLAN = [
    Step("Course", start_date=dt.date(2026, 9, 1), due_date=dt.date(2027, 3, 1)),
    Step(
        "Exam",
        phase="Certification",
        order=1,
        status=MilestoneStatus.IN_PROGRESS,
        start_date=dt.date(2027, 3, 1),
        due_date=dt.date(2027, 4, 1),
    ),
    Step("Undated", order=2),
]


def test_the_pictures_are_drawn_from_nothing_but_what_the_fingerprint_reads() -> None:
    # The plan page keeps the timeline by `fingerprint`: anything else the pictures read
    # would leave a stale picture on the page when only that changed.
    guarded = [OnlyDrawn(step) for step in PLAN]
    assert timeline.build(guarded, TODAY) == timeline.build(PLAN, TODAY)
    assert timeline.build_compact(guarded, TODAY) == timeline.build_compact(PLAN, TODAY)


@pytest.mark.parametrize(
    "change",
    [
        {"phase": "Licensure"},
        {"title": "Course (evening)"},
        {"status": MilestoneStatus.DONE},
        {"order": 5},
        {"start_date": dt.date(2026, 10, 1)},
        {"due_date": dt.date(2027, 2, 1)},
        {"archived": True},
    ],
)
def test_a_change_to_what_is_drawn_changes_the_fingerprint(
    change: dict[str, object],
) -> None:
    before = timeline.fingerprint(PLAN, TODAY)
    changed = [replace(PLAN[0], **change), *PLAN[1:]]  # type: ignore[arg-type]
    assert timeline.fingerprint(changed, TODAY) != before
    assert timeline.fingerprint([replace(s) for s in PLAN], TODAY) == before


def test_the_day_and_the_language_are_part_of_the_fingerprint() -> None:
    with translation.override("en"):
        english = timeline.fingerprint(PLAN, TODAY)
        assert timeline.fingerprint(PLAN, TODAY + dt.timedelta(days=1)) != english
    with translation.override("es"):
        assert timeline.fingerprint(PLAN, TODAY) != english
