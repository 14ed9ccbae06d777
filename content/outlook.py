"""The pay and outlook page by occupation and state: grouping, the state picker and the charts.

Rules (plain Python over published figures with their sources prefetched):

- Figures are grouped by the occupation BLS publishes them for, then by release (`as_of`),
  newest first: one table never mixes OEWS years.
- A chart compares figures of one occupation, one release and one measure (national and
  state medians of May 2023, say) and is drawn only when there are at least two.
- With a state picked, each occupation shows that state's figures; where the cited release
  has none, the page says so and links the BLS tables, and no number is estimated.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.utils.translation import gettext, pgettext

from content import facts
from content.models import PAY_MEASURES, OutlookFigure, Source

CHART_BAR_H, CHART_GAP, CHART_LABEL_W, CHART_W = 26, 10, 190, 640
# The jurisdictions a figure can be for (the API's `state` enum): 50 states, DC and PR.
STATE_CODES = tuple(
    sorted(
        [
            "AK",
            "AL",
            "AR",
            "AZ",
            "CA",
            "CO",
            "CT",
            "DC",
            "DE",
            "FL",
            "GA",
            "HI",
            "IA",
            "ID",
            "IL",
            "IN",
            "KS",
            "KY",
            "LA",
            "MA",
            "MD",
            "ME",
            "MI",
            "MN",
            "MO",
            "MS",
            "MT",
            "NC",
            "ND",
            "NE",
            "NH",
            "NJ",
            "NM",
            "NV",
            "NY",
            "OH",
            "OK",
            "OR",
            "PA",
            "PR",
            "RI",
            "SC",
            "SD",
            "TN",
            "TX",
            "UT",
            "VA",
            "VT",
            "WA",
            "WI",
            "WV",
            "WY",
        ]
    )
)
STATE_CODE_LENGTH = 2


class InvalidState(ValueError):
    pass


def parse_state(raw: str | None, known: dict[str, str]) -> str | None:
    """The picked state code (upper-cased), None for "national only"; unknown codes raise."""
    if raw is None or not raw.strip():
        return None
    code = raw.strip().upper()
    if len(code) != STATE_CODE_LENGTH or code not in known:
        raise InvalidState(
            gettext("Unknown state code %(code)r: use a two-letter code such as CA.")
            % {"code": raw.strip()[:10]}
        )
    return code


@dataclass
class Bar:
    label: str
    figure: OutlookFigure
    y: int
    text_y: int
    width: int
    value_x: int


@dataclass
class Chart:
    title: str
    as_of: str
    bars: list[Bar]
    width: int = CHART_W
    label_w: int = CHART_LABEL_W
    bar_h: int = CHART_BAR_H

    @property
    def height(self) -> int:
        return len(self.bars) * (CHART_BAR_H + CHART_GAP)


@dataclass
class Release:
    as_of: str
    figures: list[OutlookFigure]
    newer_release: bool
    sources: list[Source]
    newer_in_data: str = ""  # a newer release we hold figures of (e.g. "May 2024")


@dataclass
class OccupationSection:
    occupation: facts.Occupation
    national: list[Release]
    states: list[Release]
    state_missing: bool
    charts: list[Chart] = field(default_factory=list)


@dataclass
class OutlookPage:
    sections: list[OccupationSection]
    state: str | None
    state_name: str
    state_tables_url: str = facts.BLS_OEWS_STATE_TABLES


def _label(figure: OutlookFigure, state_names: dict[str, str]) -> str:
    if figure.chart_label:
        return figure.chart_label
    if figure.state_code:
        return state_names.get(figure.state_code, figure.state_code)
    return gettext("United States")


def _releases(figures: list[OutlookFigure], today: dt.date) -> list[Release]:
    groups: dict[str, list[OutlookFigure]] = defaultdict(list)
    for f in figures:
        groups[f.as_of].append(f)
    ordered = sorted(
        groups.items(),
        key=lambda kv: max(facts.release_key(f) for f in kv[1]),
        reverse=True,
    )
    out = []
    for as_of, items in ordered:
        sources: dict[int, Source] = {}
        for f in items:
            for s in f.published_sources:
                sources.setdefault(s.pk, s)
        out.append(
            Release(
                as_of=as_of,
                figures=sorted(items, key=lambda f: (f.order, f.figure)),
                newer_release=any(facts.newer_release_due(f, today) for f in items),
                sources=sorted(sources.values(), key=lambda s: s.title),
            )
        )
    return out


def _usd(figure: OutlookFigure) -> float:
    """A charted figure's value (the charts keep only figures that have one)."""
    assert figure.value is not None
    return float(figure.value)


def _charts(
    figures: list[OutlookFigure], state: str | None, state_names: dict[str, str]
) -> list[Chart]:
    """One bar chart per release and annual-pay measure, national beside the states."""
    groups: dict[tuple[str, str], list[OutlookFigure]] = defaultdict(list)
    for f in figures:
        if f.value is None or "USD per year" not in f.unit:
            continue
        if f.measure not in PAY_MEASURES:
            continue
        groups[(f.as_of, f.measure)].append(f)
    charts = []
    for (as_of, _measure), items in groups.items():
        national = [f for f in items if not f.state_code][:1]
        in_states = [f for f in items if f.state_code]
        if state:
            picked = [f for f in in_states if f.state_code == state]
            if not picked:
                continue
            # The picked state against the nation; without a national figure in this
            # release, against the other states it lists.
            in_states = picked if national else in_states
        items = [*national, *in_states]
        if len(items) < 2:
            continue
        top = max(_usd(f) for f in items)
        bars = []
        ordered = sorted(items, key=lambda f: -_usd(f))
        for i, f in enumerate(ordered):
            width = int((CHART_W - CHART_LABEL_W - 90) * _usd(f) / top)
            y = i * (CHART_BAR_H + CHART_GAP)
            bars.append(
                Bar(
                    label=_label(f, state_names),
                    figure=f,
                    y=y,
                    text_y=y + CHART_BAR_H // 2 + 5,
                    width=width,
                    value_x=CHART_LABEL_W + width + 6,
                )
            )
        charts.append(
            Chart(
                title=f"{items[0].get_measure_display()}, {as_of}",
                as_of=as_of,
                bars=bars,
            )
        )
    return charts


def _mark_newer(figures: list[OutlookFigure], releases: list[Release]) -> None:
    """Say plainly which newer OEWS release we hold figures of (for any state)."""
    dated = [
        (f.as_of_date, f)
        for f in figures
        if f.as_of_date and f.as_of.startswith("May ")
    ]
    if not dated:
        return
    newest_date, newest = max(dated, key=lambda pair: pair[0])
    for release in releases:
        dates = [f.as_of_date for f in release.figures if f.as_of_date]
        if dates and release.as_of.startswith("May ") and max(dates) < newest_date:
            release.newer_in_data = newest.as_of


def build_page(
    figures: list[OutlookFigure],
    *,
    state: str | None,
    state_names: dict[str, str],
    today: dt.date,
) -> OutlookPage:
    by_code: dict[str, list[OutlookFigure]] = defaultdict(list)
    for f in figures:
        by_code[f.occupation_code or ""].append(f)
    codes = list(facts.OCCUPATIONS) + sorted(
        c for c in by_code if c not in facts.OCCUPATIONS
    )
    sections = []
    for code in codes:
        items = by_code.get(code, [])
        occ = (
            facts.occupation(code)
            if code
            else facts.Occupation("", pgettext("occupation", "Other"), "")
        )
        if not items and code not in facts.OCCUPATIONS:
            continue
        national = [f for f in items if not f.state_code]
        in_state = [f for f in items if state and f.state_code == state]
        national_releases = _releases(national, today)
        state_releases = _releases(in_state, today)
        _mark_newer(items, [*national_releases, *state_releases])
        sections.append(
            OccupationSection(
                occupation=occ,
                national=national_releases,
                states=state_releases,
                state_missing=bool(state) and not in_state,
                charts=_charts(items, state, state_names),
            )
        )
    return OutlookPage(
        sections=sections,
        state=state,
        state_name=state_names.get(state or "", ""),
    )
