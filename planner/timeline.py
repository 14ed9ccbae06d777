"""Geometry for the plan timeline picture, computed once in Python so the template only prints.

Bars sit on a dated axis, one band per phase; overlapping steps in a phase go to new lanes.
Every attribute the SVG needs (position, fill, stroke, tooltip text) is ready on the dataclasses.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from django.utils.formats import date_format
from django.utils.translation import get_language, gettext

from planner.planning import MilestoneStatus

WIDTH = 960
LEFT = 180
RIGHT_MARGIN = 20
AXIS_Y = 30
LANE_HEIGHT = 22
MIN_BAR_WIDTH = 6.0
PHASE_LABEL_CHARS = 24
BAND_FILLS = ("#f4f6f9", "#ffffff")
OVERDUE_STROKE = "#a4161a"

# status -> (fill, stroke, dash pattern or "")
BAR_STYLES: dict[str, tuple[str, str, str]] = {
    MilestoneStatus.DONE: ("#1d6b3a", "#1d6b3a", ""),
    MilestoneStatus.IN_PROGRESS: ("url(#pat-in-progress)", "#0b5cad", ""),
    MilestoneStatus.SKIPPED: ("url(#pat-skipped)", "#4a5563", "3 2"),
}
DEFAULT_STYLE = ("#ffffff", "#4a5563", "")


class TimelineMilestone(Protocol):
    """What the pictures read of a milestone: `DRAWN_FROM`, and the display and overdue
    rule those give. A new attribute read here goes into `DRAWN_FROM` too."""

    phase: str
    title: str
    status: str
    order: int
    start_date: dt.date | None
    due_date: dt.date | None

    def get_status_display(self) -> str: ...

    def is_overdue(self, today: dt.date) -> bool: ...


@dataclass(frozen=True, slots=True)
class Bar:
    x: float
    y: float
    width: float
    fill: str
    stroke: str
    stroke_width: str
    dasharray: str
    title: str
    overdue: bool
    mark_x: float
    mark_y: float


@dataclass(frozen=True, slots=True)
class Phase:
    name: str
    label: str
    y: float
    height: float
    label_y: float
    fill: str
    bars: list[Bar]


@dataclass(frozen=True, slots=True)
class Tick:
    x: float
    label: str
    anchor: str = "middle"  # the label's text-anchor


@dataclass(frozen=True, slots=True)
class Timeline:
    width: int
    height: int
    left: int
    axis_y: int
    axis_end: int
    tick_top: int
    tick_label_y: int
    grid_bottom: int
    today_label_y: int
    phases: list[Phase]
    ticks: list[Tick]
    today_x: float | None
    start: dt.date
    end: dt.date
    legend_y: int
    counts: dict[str, int]
    milestone_count: int
    description: str


# Everything `build` and `build_compact` read of a milestone (`is_overdue` reads `archived`,
# `due_date` and `status`; the status label is the status in the active language).
DRAWN_FROM = ("phase", "title", "status", "order", "start_date", "due_date", "archived")


def fingerprint(milestones: Sequence[Any], today: dt.date) -> str:
    """A digest of all that the pictures of `milestones` on `today` are drawn from, in the
    active language: two equal fingerprints draw the same pictures, so a picture can be kept
    by it and not drawn (nor built) again when something else about the plan changes."""
    drawn = [tuple(getattr(m, name) for name in DRAWN_FROM) for m in milestones]
    raw = repr((drawn, today, get_language()))
    return hashlib.sha256(raw.encode()).hexdigest()


def day_label(day: dt.date) -> str:
    """ "5 Jan 2027", like the template's `date:"j M Y"` (in the active language)."""
    return _date_label(day, "j M Y", get_language())


def month_label(day: dt.date) -> str:
    return _date_label(day, "M Y", get_language())


@functools.lru_cache(maxsize=4096)
def _date_label(day: dt.date, format: str, language: str | None) -> str:
    # A label depends only on the day, the format and the language (its month names): kept,
    # since a timeline prints the same few dozen dates on every render (~40% of its build).
    return date_format(day, format)


def group_by_phase(items: Sequence[Any]) -> list[tuple[str, list[Any]]]:
    groups: dict[str, list[Any]] = {}
    for item in items:
        groups.setdefault(item.phase or gettext("Other steps"), []).append(item)
    return list(groups.items())


def month_ticks(start: dt.date, end: dt.date) -> list[dt.date]:
    span = (end - start).days
    step = 1 if span <= 200 else 3 if span <= 800 else 6 if span <= 1600 else 12
    month = ((start.month - 1) // step) * step + 1
    current = dt.date(start.year, month, 1)
    ticks: list[dt.date] = []
    while current <= end:
        if current >= start:
            ticks.append(current)
        month_index = current.month - 1 + step
        current = dt.date(current.year + month_index // 12, month_index % 12 + 1, 1)
    return ticks


def _truncate(text: str, limit: int) -> str:
    """Like the `truncatechars` filter: at most `limit` characters, ending in an ellipsis."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _bar_title(m: TimelineMilestone, overdue: bool) -> str:
    title = f"{m.title}: {m.get_status_display()}"
    if m.due_date:
        title += ", " + gettext("due %(date)s") % {"date": day_label(m.due_date)}
    return title + (" (" + gettext("overdue") + ")" if overdue else "")


def _bar(
    m: TimelineMilestone,
    today: dt.date,
    x: float,
    end_x: float,
    y: float,
    *,
    mark_x: float,
    mark_y: float,
) -> Bar:
    """One milestone's bar, styled by its status (and overdue), for either layout."""
    overdue = m.is_overdue(today)
    fill, stroke, dash = BAR_STYLES.get(m.status, DEFAULT_STYLE)
    return Bar(
        x=x,
        y=y,
        width=round(max(end_x - x, MIN_BAR_WIDTH), 1),
        fill=fill,
        stroke=OVERDUE_STROKE if overdue else stroke,
        stroke_width="3" if overdue else "1.5",
        dasharray=dash,
        title=_bar_title(m, overdue),
        overdue=overdue,
        mark_x=round(mark_x, 1),
        mark_y=mark_y,
    )


def _date_range(dated: Sequence[Any]) -> tuple[dt.date, dt.date]:
    """The first and last day the dated milestones cover, at least 30 days apart."""
    start: dt.date = min(m.start_date or m.due_date for m in dated)
    end: dt.date = max(m.due_date or m.start_date for m in dated)
    return start, max(end, start + dt.timedelta(days=30))


def build(milestones: Sequence[Any], today: dt.date) -> Timeline | None:
    """The picture for these milestones, or None when none of them has a date."""
    dated = [m for m in milestones if m.start_date or m.due_date]
    if not dated:
        return None
    start, end = _date_range(dated)
    span = (end - start).days
    plot_width = WIDTH - LEFT - RIGHT_MARGIN

    def x_of(day: dt.date) -> float:
        return round(LEFT + (day - start).days / span * plot_width, 1)

    y = AXIS_Y + 10
    phases: list[Phase] = []
    for index, (name, group) in enumerate(group_by_phase(dated)):
        lanes: list[dt.date] = []  # last due date in each lane
        bars: list[Bar] = []
        for m in sorted(group, key=lambda m: (m.start_date or m.due_date, m.order)):
            m_start = m.start_date or m.due_date
            m_end = m.due_date or m.start_date
            lane = next((i for i, last in enumerate(lanes) if last < m_start), None)
            if lane is None:
                lanes.append(m_end)
                lane = len(lanes) - 1
            else:
                lanes[lane] = m_end
            x, bar_y = x_of(m_start), y + 6 + lane * LANE_HEIGHT
            bars.append(
                _bar(m, today, x, x_of(m_end), bar_y, mark_x=x - 10, mark_y=bar_y + 12)
            )
        height = max(len(lanes), 1) * LANE_HEIGHT + 12
        phases.append(
            Phase(
                name=name,
                label=_truncate(name, PHASE_LABEL_CHARS),
                y=y,
                height=height,
                label_y=y + 18,
                fill=BAND_FILLS[index % 2],
                bars=bars,
            )
        )
        y += height
    counts = dict.fromkeys(MilestoneStatus.values, 0)
    for m in dated:
        counts[m.status] = counts.get(m.status, 0) + 1
    legend_y = int(y) + 22
    description = gettext(
        "%(count)s milestones grouped by phase: %(phases)s. %(done)s done, "
        "%(in_progress)s in progress, %(not_started)s not started, %(skipped)s "
        "skipped. The milestone list below gives every date."
    ) % {
        "count": len(milestones),
        "phases": ", ".join(p.name for p in phases),
        "done": counts["done"],
        "in_progress": counts["in_progress"],
        "not_started": counts["not_started"],
        "skipped": counts["skipped"],
    }
    return Timeline(
        width=WIDTH,
        height=int(y) + 50,
        left=LEFT,
        axis_y=AXIS_Y,
        axis_end=WIDTH - RIGHT_MARGIN,
        tick_top=AXIS_Y - 5,
        tick_label_y=AXIS_Y - 10,
        grid_bottom=legend_y - 16,
        today_label_y=legend_y - 4,
        phases=phases,
        ticks=[Tick(x_of(d), month_label(d)) for d in month_ticks(start, end)],
        today_x=x_of(today) if start <= today <= end else None,
        start=start,
        end=end,
        legend_y=legend_y,
        counts=counts,
        milestone_count=len(milestones),
        description=description,
    )


# --- the phone layout: one row per milestone, its name above its bar -------------------------

COMPACT_WIDTH = 340
COMPACT_SIDE = 8
COMPACT_ROW = 32
COMPACT_LABEL_CHARS = 44
COMPACT_TITLE_CHARS = 30


@dataclass(frozen=True, slots=True)
class CompactRow:
    label: str
    label_y: float
    bar: Bar
    date_label: str


@dataclass(frozen=True, slots=True)
class CompactPhase:
    label: str
    y: float
    label_y: float
    height: float
    fill: str


@dataclass(frozen=True, slots=True)
class CompactTimeline:
    width: int
    height: int
    axis_y: int
    ticks: list[Tick]
    phases: list[CompactPhase]
    rows: list[CompactRow]
    today_x: float | None
    grid_bottom: float

    # Like `Timeline`'s, for the tick lines and labels both pictures draw alike.
    @property
    def tick_top(self) -> int:
        return self.axis_y

    @property
    def tick_label_y(self) -> int:
        return self.axis_y - 8


def build_compact(milestones: Sequence[Any], today: dt.date) -> CompactTimeline | None:
    """The timeline for a narrow screen: each bar has its own row with its name and date
    written above it, so nothing depends on a tooltip or on text squeezed beside a bar."""
    dated = [m for m in milestones if m.start_date or m.due_date]
    if not dated:
        return None
    start, end = _date_range(dated)
    span = (end - start).days
    plot = COMPACT_WIDTH - 2 * COMPACT_SIDE

    def x_of(day: dt.date) -> float:
        return round(COMPACT_SIDE + (day - start).days / span * plot, 1)

    axis_y = 24
    y = float(axis_y + 8)
    phases: list[CompactPhase] = []
    rows: list[CompactRow] = []
    for index, (name, group) in enumerate(group_by_phase(dated)):
        phase_top = y
        y += 20  # the phase's name
        for m in sorted(group, key=lambda m: (m.start_date or m.due_date, m.order)):
            m_start = m.start_date or m.due_date
            m_end = m.due_date or m.start_date
            overdue = m.is_overdue(today)
            x = x_of(m_start)
            bar_y = y + 18
            status = m.get_status_display()
            when = (
                gettext("due %(date)s") % {"date": day_label(m.due_date)}
                if m.due_date
                else ""
            )
            short_when = f" · {month_label(m.due_date)}" if m.due_date else ""
            rows.append(
                CompactRow(
                    label=_truncate(m.title, COMPACT_TITLE_CHARS) + short_when,
                    label_y=y + 13,
                    bar=_bar(
                        m,
                        today,
                        x,
                        x_of(m_end),
                        bar_y,
                        mark_x=max(x - 10, 0),
                        mark_y=bar_y + 10,
                    ),
                    date_label=", ".join(
                        part
                        for part in (
                            status,
                            when,
                            gettext("overdue") if overdue else "",
                        )
                        if part
                    ),
                )
            )
            y += COMPACT_ROW
        phases.append(
            CompactPhase(
                label=_truncate(name, COMPACT_LABEL_CHARS),
                y=phase_top,
                label_y=phase_top + 15,
                height=y - phase_top + 4,
                fill=BAND_FILLS[index % 2],
            )
        )
        y += 4
    ticks = month_ticks(start, end)
    # Few enough tick labels to fit the narrow axis without overlapping.
    keep = max(1, -(-len(ticks) // 4))
    kept = ticks[::keep]
    return CompactTimeline(
        width=COMPACT_WIDTH,
        height=int(y) + 8,
        axis_y=axis_y,
        # The first and last labels end at the picture's edges, not across them.
        ticks=[
            Tick(
                x_of(d),
                month_label(d),
                "start" if i == 0 else "end" if i == len(kept) - 1 else "middle",
            )
            for i, d in enumerate(kept)
        ],
        phases=phases,
        rows=rows,
        today_x=x_of(today) if start <= today <= end else None,
        grid_bottom=y,
    )
