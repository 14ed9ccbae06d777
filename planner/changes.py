"""Plain typed rules about a plan as a whole: its readable name and what a re-plan changed.

No ORM, request or settings: the services hand in snapshots, the tests build them by hand.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext, gettext_lazy

PACE_WORDS = {
    "full_time": gettext_lazy("full time"),
    "part_time": gettext_lazy("part time"),
}


def plan_name(*, role: str, state: str | None, pace: str) -> str:
    """A name that tells one plan from another: "MLT in Florida, part time".

    `role` is the role's short title (or its title when it has none), `state` the state's
    name or empty when undecided, `pace` a StudyPace value.
    """
    name = (
        gettext("%(role)s in %(state)s") % {"role": role, "state": state}
        if state
        else gettext("%(role)s (state undecided)") % {"role": role}
    )
    if words := PACE_WORDS.get(pace):
        name = f"{name}, {words}"
    return name


@dataclass(frozen=True)
class MilestoneSnapshot:
    key: str
    title: str
    due_date: dt.date | None


@dataclass(frozen=True)
class PlanSnapshot:
    """The current (not archived) milestones of a plan and its estimated finish."""

    finish: dt.date | None
    milestones: tuple[MilestoneSnapshot, ...] = ()


@dataclass(frozen=True)
class DateMove:
    title: str
    before: dt.date | None
    after: dt.date | None


@dataclass(frozen=True)
class ReplanSummary:
    """What re-planning did: milestones added and archived, due dates moved, the finish."""

    added: tuple[str, ...] = ()
    archived: tuple[str, ...] = ()
    moved: tuple[DateMove, ...] = ()
    finish_before: dt.date | None = None
    finish_after: dt.date | None = None

    @property
    def finish_changed(self) -> bool:
        return self.finish_before != self.finish_after

    @property
    def changed(self) -> bool:
        return bool(self.added or self.archived or self.moved or self.finish_changed)

    def to_json(self) -> dict[str, Any]:
        """A session-safe form (strings and lists only)."""
        return {
            "added": list(self.added),
            "archived": list(self.archived),
            "moved": [[m.title, _iso(m.before), _iso(m.after)] for m in self.moved],
            "finish_before": _iso(self.finish_before),
            "finish_after": _iso(self.finish_after),
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> ReplanSummary:
        return cls(
            added=tuple(str(t) for t in data.get("added", [])),
            archived=tuple(str(t) for t in data.get("archived", [])),
            moved=tuple(
                DateMove(str(title), _date(before), _date(after))
                for title, before, after in data.get("moved", [])
            ),
            finish_before=_date(data.get("finish_before")),
            finish_after=_date(data.get("finish_after")),
        )


def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day else None


def _date(value: Any) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        return None


@dataclass(frozen=True)
class KeyDiff:
    """Milestone keys only after (added), only before (archived), in both with another due
    date (moved), each in its plan's order."""

    added: tuple[str, ...]
    archived: tuple[str, ...]
    moved: tuple[str, ...]


def diff(before: PlanSnapshot, after: PlanSnapshot) -> KeyDiff:
    """The one rule for what re-planning changes, matching milestones by key.

    Added includes archived milestones that apply again (they were not current before)."""
    old = {m.key: m for m in before.milestones}
    new = {m.key for m in after.milestones}
    return KeyDiff(
        added=tuple(m.key for m in after.milestones if m.key not in old),
        archived=tuple(m.key for m in before.milestones if m.key not in new),
        moved=tuple(
            m.key
            for m in after.milestones
            if m.key in old and old[m.key].due_date != m.due_date
        ),
    )


def summarize(before: PlanSnapshot, after: PlanSnapshot) -> ReplanSummary:
    """What to tell the person after re-planning (see `diff`), by milestone title."""
    keys = diff(before, after)
    old = {m.key: m for m in before.milestones}
    new = {m.key: m for m in after.milestones}
    return ReplanSummary(
        added=tuple(new[k].title for k in keys.added),
        archived=tuple(old[k].title for k in keys.archived),
        moved=tuple(
            DateMove(new[k].title, old[k].due_date, new[k].due_date) for k in keys.moved
        ),
        finish_before=before.finish,
        finish_after=after.finish,
    )


def snapshot(finish: dt.date | None, milestones: Iterable[Any]) -> PlanSnapshot:
    """A snapshot from anything with `key`, `title` and `due_date` (milestones, steps)."""
    return PlanSnapshot(
        finish=finish,
        milestones=tuple(
            MilestoneSnapshot(m.key, m.title, m.due_date) for m in milestones
        ),
    )
