"""Regular expressions the OpenAPI schema gives for values whose range the server checks.

A date window ("within the last ten years", "not in the future") cannot be said in JSON
Schema: `format: date` has no minimum. A `pattern` that matches exactly the ISO dates of the
window can, and it is rebuilt each time the schema is generated, so it follows today's date.
"""

from __future__ import annotations

import datetime as dt


def int_range(lo: int, hi: int, width: int) -> str:
    """A regex (no anchors) for the zero-padded `width`-digit numbers lo..hi."""
    if not 0 <= lo <= hi < 10**width:
        raise ValueError(f"{lo}..{hi} does not fit in {width} digits")
    low, high = f"{lo:0{width}d}", f"{hi:0{width}d}"
    if width == 1:
        return f"[{lo}-{hi}]" if lo != hi else low
    if low[0] == high[0]:
        return low[0] + _group(int_range(int(low[1:]), int(high[1:]), width - 1))
    rest = width - 1
    top = 10**rest - 1
    parts = [low[0] + _group(int_range(int(low[1:]), top, rest))]
    if int(low[0]) + 1 <= int(high[0]) - 1:
        parts.append(f"[{int(low[0]) + 1}-{int(high[0]) - 1}]" + r"\d" * rest)
    parts.append(high[0] + _group(int_range(0, int(high[1:]), rest)))
    return "|".join(parts)


def _group(pattern: str) -> str:
    return f"(?:{pattern})" if "|" in pattern else pattern


def _month_days(year: int, month: int) -> int:
    following = dt.date(year + month // 12, month % 12 + 1, 1)
    return (following - dt.timedelta(days=1)).day


def date_range(lo: dt.date, hi: dt.date) -> str:
    """An anchored regex matching exactly the ISO dates (YYYY-MM-DD) from lo to hi."""
    if lo > hi:
        raise ValueError("empty date range")
    parts: list[str] = []
    if lo.year == hi.year:
        parts.append(f"{lo.year:04d}-" + _group(_months(lo, hi)))
    else:
        parts.append(f"{lo.year:04d}-" + _group(_months(lo, dt.date(lo.year, 12, 31))))
        if lo.year + 1 <= hi.year - 1:
            whole = int_range(lo.year + 1, hi.year - 1, 4)
            parts.append(_group(whole) + "-" + _group(_any_day()))
        parts.append(f"{hi.year:04d}-" + _group(_months(dt.date(hi.year, 1, 1), hi)))
    return "^(?:" + "|".join(parts) + ")$"


def _any_day() -> str:
    # Day 29-31 of a short month matches here; `format: date` rules those out.
    return r"(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01])"


def _months(lo: dt.date, hi: dt.date) -> str:
    """Months and days from lo to hi within one year, as `MM-DD` alternatives."""
    if lo.month == hi.month:
        return f"{lo.month:02d}-" + _group(int_range(lo.day, hi.day, 2))
    parts = [
        f"{lo.month:02d}-"
        + _group(int_range(lo.day, _month_days(lo.year, lo.month), 2))
    ]
    if lo.month + 1 <= hi.month - 1:
        parts.append(
            _group(int_range(lo.month + 1, hi.month - 1, 2))
            + r"-(?:0[1-9]|[12]\d|3[01])"
        )
    parts.append(f"{hi.month:02d}-" + _group(int_range(1, hi.day, 2)))
    return "|".join(parts)
