"""The facts people decide on, per role and per occupation: pay, outlook, time and cost.

Plain rules over records the caller has fetched (with their sources prefetched):

- Pay and outlook are BLS figures for the occupation *as BLS publishes it* (`Role.oews_code`):
  recent OEWS releases combine technologists and technicians as 29-2010, phlebotomists are
  31-9097. Every figure is labelled with that occupation; nothing is split or estimated.
- One comparison never mixes OEWS releases: pay for several roles is taken from the newest
  release that has a figure for every one of them (`shared_release`); a role without a figure
  in that release says so.
- A source older than its release cycle means a newer release exists (or is due): the figure
  says so (`Source.is_stale`).
- Time and cost come from cited program facts (`ProgramFact`) for the role's program types,
  plus the exam fees of the role's certifications, each fee with its date or "date not stated".
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from decimal import Decimal

from django.utils import formats, translation
from django.utils.translation import gettext, gettext_lazy, gettext_noop

from content.models import (
    PAY_MEASURES,
    Certification,
    Measure,
    OutlookFigure,
    ProgramFact,
    Role,
    Source,
)
from planner import planning


@dataclass(frozen=True)
class Occupation:
    code: str
    name: str
    oews_url: str
    note: str = ""


BLS_OEWS_STATE_TABLES = "https://www.bls.gov/oes/tables.htm"
OCCUPATIONS: dict[str, Occupation] = {
    "29-2010": Occupation(
        code="29-2010",
        name=gettext_noop("Clinical laboratory technologists and technicians"),
        oews_url="https://www.bls.gov/oes/current/oes292010.htm",
        note=gettext_noop(
            "Recent OEWS releases publish technologists (29-2011) and technicians "
            "(29-2012) together as 29-2010, so these figures cover MLTs, MLSs, "
            "histotechnicians and cytotechnologists alike; O*NET and older releases list "
            "them separately."
        ),
    ),
    "31-9097": Occupation(
        code="31-9097",
        name=gettext_noop("Phlebotomists"),
        oews_url="https://www.bls.gov/oes/current/oes319097.htm",
    ),
}


def occupation(code: str) -> Occupation:
    """The occupation BLS publishes under `code`, its name and note in the active language."""
    occ = OCCUPATIONS.get(code)
    if occ is None:
        return Occupation(code=code, name=code, oews_url=BLS_OEWS_STATE_TABLES)
    # gettext("") would return the catalog header.
    return replace(
        occ, name=gettext(occ.name), note=gettext(occ.note) if occ.note else ""
    )


def _occupation_name(figure: OutlookFigure, occ: Occupation) -> str:
    """The figure's occupation as published, or ours (translated) when it is the same name."""
    known = OCCUPATIONS.get(figure.occupation_code)
    if not figure.occupation or (known and figure.occupation == known.name):
        return occ.name
    return figure.occupation


# Editors' stock wording for a source without a date. A seeded source brings its Spanish label
# with it (`as_of_label_es`, content/data/es/sources.yaml); this table words a stock label that
# has no Spanish yet (a source an editor just added), so Spanish pages never show a bare
# "undated". Any other label is shown as it is, in the active language when it has one.
_DATE_LABELS: dict[str, object] = {
    "undated": gettext_lazy("undated"),
    "undated, stored copy": gettext_lazy("undated, stored copy"),
    "undated, older stored copy": gettext_lazy("undated, older stored copy"),
    "undated copy": gettext_lazy("undated copy"),
    "undated copy of current statute": gettext_lazy("undated copy of current statute"),
    "undated mirror": gettext_lazy("undated mirror"),
    "undated in the part seen": gettext_lazy("undated in the part seen"),
    "undated, current site": gettext_lazy("undated, current site"),
    "undated, older site": gettext_lazy("undated, older site"),
    "date not stated": gettext_lazy("date not stated"),
}


def source_date_label(source: Source) -> str:
    """A source's date as shown, in the active language: its label, its month, or "undated"."""
    label = (
        source.as_of_label.strip()
    )  # the Spanish column on Spanish pages, else the English
    if label:
        return str(_DATE_LABELS.get(label, label))
    if source.as_of:
        return formats.date_format(source.as_of, "YEAR_MONTH_FORMAT")
    return gettext("undated")


# A pay figure's measure as its value says it ("$60,780 (median annual wage)").
_MEASURE_NAMES: dict[str, object] = {
    Measure.ANNUAL_MEDIAN: gettext_lazy("median annual wage"),
    Measure.ANNUAL_MEAN: gettext_lazy("mean annual wage"),
}


def release_key(figure: OutlookFigure) -> tuple[int, dt.date]:
    """Newest first: dated releases by date, undated ones last."""
    if figure.as_of_date is None:
        return (0, dt.date.min)
    return (1, figure.as_of_date)


def newer_release_due(figure: OutlookFigure, today: dt.date) -> bool:
    """A cited source of the figure is older than its release cycle (prefetched sources)."""
    return any(s.is_stale(today) for s in figure.sources.all())


@dataclass
class FactLine:
    """One fact as a page shows it: the value, what it is for, its date and its own sources."""

    label: str
    value: str
    detail: str = ""
    as_of: str = ""
    sources: list[Source] = field(default_factory=list)
    verified: bool = True
    missing: str = ""  # why there is no value, and where to check
    missing_url: str = ""
    newer_release: bool = False
    anchor: str = ""  # the element id search results link to


@dataclass
class RoleFacts:
    role: Role
    pay: FactLine
    outlook: FactLine
    time: list[FactLine]
    cost: list[FactLine]


def shared_release(
    roles: Sequence[Role], figures: Iterable[OutlookFigure]
) -> dt.date | None:
    """The newest dated OEWS release with a national pay figure for every role's occupation
    (roles BLS publishes nothing for are left out of the test)."""
    codes = {r.oews_code for r in roles if r.oews_code}
    by_release: dict[dt.date, set[str]] = defaultdict(set)
    for f in figures:
        if f.as_of_date and not f.state_code and f.measure in PAY_MEASURES:
            by_release[f.as_of_date].add(f.occupation_code)
    shared = [d for d, have in by_release.items() if codes <= have]
    return max(shared) if shared else None


def _pay_line(
    role: Role,
    figures: list[OutlookFigure],
    release: dt.date | None,
    today: dt.date,
) -> FactLine:
    occ = occupation(role.oews_code) if role.oews_code else None
    if occ is None:
        return FactLine(
            label=gettext("Pay"),
            value="",
            missing=gettext(
                "BLS publishes no pay figure for this role on its own; not in our data."
            ),
            missing_url=BLS_OEWS_STATE_TABLES,
        )
    candidates = [
        f
        for f in figures
        if f.occupation_code == role.oews_code
        and not f.state_code
        and f.measure in PAY_MEASURES
        and f.as_of_date is not None
        and (release is None or f.as_of_date == release)
    ]
    # The median where both are cited, from the newest release.
    candidates.sort(
        key=lambda f: (
            release_key(f),
            f.measure == Measure.ANNUAL_MEDIAN,
        ),
        reverse=True,
    )
    if not candidates:
        return FactLine(
            label=gettext("Pay"),
            value="",
            detail=f"{occ.name} ({occ.code})",
            missing=gettext("Not available in the cited release; see the BLS figures."),
            missing_url=occ.oews_url,
        )
    f = candidates[0]
    return FactLine(
        label=gettext("Pay"),
        value=f"{f.display_value} ({_MEASURE_NAMES.get(f.measure) or f.get_measure_display().lower()})",
        detail=f"{_occupation_name(f, occ)} ({f.occupation_code})",
        as_of=f.as_of,
        sources=f.published_sources,
        verified=f.verified,
        newer_release=newer_release_due(f, today),
    )


def _outlook_line(role: Role, figures: list[OutlookFigure], today: dt.date) -> FactLine:
    occ = occupation(role.oews_code) if role.oews_code else None
    growth = [
        f
        for f in figures
        if occ
        and f.occupation_code == occ.code
        and not f.state_code
        and f.measure == Measure.GROWTH
    ]
    if not growth:
        return FactLine(
            label=gettext("Outlook"),
            value="",
            detail=f"{occ.name} ({occ.code})" if occ else "",
            missing=gettext(
                "No cited projection in our data; see the BLS Occupational Outlook "
                "Handbook."
            ),
            missing_url="https://www.bls.gov/ooh/",
        )
    f = growth[0]
    return FactLine(
        label=gettext("Outlook"),
        value=gettext("%(value)s projected growth") % {"value": f.display_value},
        detail=f"{_occupation_name(f, occ)} ({f.occupation_code})" if occ else "",
        as_of=f.as_of,
        sources=f.published_sources,
        verified=f.verified,
        newer_release=newer_release_due(f, today),
    )


def money(value: Decimal) -> str:
    return f"${value:,.0f}"


def fee_date(as_of: str) -> str:
    return planning.fee_as_of(as_of)


def _program_lines(
    role: Role, facts: Iterable[ProgramFact], topic: str
) -> list[FactLine]:
    lines = []
    for p in facts:
        if p.program not in role.programs or p.topic != topic:
            continue
        if topic == ProgramFact.Topic.TUITION and p.low is not None:
            value = (
                money(p.low)
                if p.high is None or p.high == p.low
                else gettext("%(low)s to %(high)s")
                % {"low": money(p.low), "high": money(p.high)}
            )
        else:
            value = p.text
        lines.append(
            FactLine(
                label=p.get_program_display(),
                value=value,
                detail=p.example,
                as_of=p.as_of_display,
                sources=p.published_sources,
                verified=p.verified,
                anchor=f"fact-{p.slug}",
            )
        )
    return lines


def _exam_fee_lines(certs: Iterable[Certification]) -> list[FactLine]:
    lines = []
    for c in certs:
        if c.exam_fee_usd is None:
            lines.append(
                FactLine(
                    label=gettext("%(credential)s exam fee")
                    % {"credential": c.abbreviation},
                    value="",
                    missing=gettext("Not in our data; check with %(body)s.")
                    % {"body": c.body.name},
                    missing_url=c.body.url,
                )
            )
            continue
        lines.append(
            FactLine(
                label=gettext("%(credential)s exam fee")
                % {"credential": c.abbreviation},
                value=money(c.exam_fee_usd),
                as_of=fee_date(c.exam_fee_as_of),
                sources=c.published_sources,
                verified=c.exam_verified,
            )
        )
    return lines


def role_facts(
    roles: Sequence[Role],
    figures: Iterable[OutlookFigure],
    program_facts: Iterable[ProgramFact],
    *,
    today: dt.date,
    certifications: dict[int, list[Certification]] | None = None,
) -> list[RoleFacts]:
    """Pay, outlook, time and cost for each role; pay from one shared release when several
    roles are compared (prefetch each record's sources and each role's certifications)."""
    figures = list(figures)
    program_facts = list(program_facts)
    release = shared_release(roles, figures) if len(roles) > 1 else None
    out = []
    for role in roles:
        time = _program_lines(role, program_facts, ProgramFact.Topic.TIME)
        tuition = _program_lines(role, program_facts, ProgramFact.Topic.TUITION)
        if not tuition and role.programs:
            tuition = [
                FactLine(
                    label=gettext("Tuition"),
                    value="",
                    missing=gettext(
                        "No cited tuition figure in our data; ask the programs you "
                        "consider (NAACLS lists accredited programs)."
                    ),
                    missing_url="https://www.naacls.org/",
                )
            ]
        out.append(
            RoleFacts(
                role=role,
                pay=_pay_line(role, figures, release, today),
                outlook=_outlook_line(role, figures, today),
                time=time,
                cost=tuition
                + _exam_fee_lines(
                    certifications[role.pk]
                    if certifications is not None
                    else [c for c in role.certifications.all() if c.is_published]
                ),
            )
        )
    return out


def tuition_infos(
    programs: Iterable[str], *, content_version: int | None = None
) -> list[planning.TuitionInfo]:
    """Published tuition facts for the program types, with their published sources, for the
    planner's cost breakdown: one query (through the fact-source link, both sides joined).

    Given the content version the caller read, the answer is kept in this process for that
    version and language: it is public content, the same for every plan that asks, and
    reading it cost about 7 ms of a plan page's render (mostly building the instances).
    """
    programs = tuple(
        programs
    )  # read twice below: the key and, when not kept, the query
    if content_version is None:
        return _tuition_infos(programs)
    key = (content_version, translation.get_language() or "", programs)
    found = _TUITION_MEMO.get(key)
    if found is None:
        if len(_TUITION_MEMO) >= _TUITION_MEMO_SIZE:
            _TUITION_MEMO.clear()
        found = _TUITION_MEMO[key] = tuple(_tuition_infos(programs))
    return list(found)


# (content version, language, program types) -> their tuition facts. Bounded: a new version
# brings new keys, and the old ones are dropped when it fills. `versioning.bump` clears it
# too, so a process never reads its own older content back under a reused version number
# (a test's rolled-back transaction).
_TUITION_MEMO: dict[
    tuple[int, str, tuple[str, ...]], tuple[planning.TuitionInfo, ...]
] = {}
_TUITION_MEMO_SIZE = 64


def forget_kept_facts() -> None:
    """Drop what `tuition_infos` kept (content changed in this process)."""
    _TUITION_MEMO.clear()


def _tuition_infos(programs: Iterable[str]) -> list[planning.TuitionInfo]:
    programs = list(programs)
    if not programs:
        return []
    links = (
        ProgramFact.sources.through.objects.filter(
            programfact__status="published",
            programfact__topic=ProgramFact.Topic.TUITION,
            programfact__program__in=programs,
            source__status="published",
        )
        .select_related("programfact", "source")
        .order_by("programfact__order", "programfact__slug", "source__title")
    )
    facts: dict[int, ProgramFact] = {}
    cited: dict[int, list[planning.CitedSource]] = defaultdict(list)
    for link in links:
        fact, source = link.programfact, link.source
        facts.setdefault(fact.pk, fact)
        cited[fact.pk].append(
            planning.CitedSource(
                title=source.publisher or source.title,
                url=source.url,
                date_label=source_date_label(source),
            )
        )
    return [
        planning.TuitionInfo(
            program=f.program,
            program_label=f.get_program_display(),
            low=f.low,
            high=f.high,
            as_of=f.as_of,
            example=f.example,
            sources=tuple(cited[f.pk]),
            verified=f.verified,
            notes=f.notes,
        )
        for f in facts.values()
    ]
