"""Periods in words, resolved against the data: "last month" means the month before the month
of the latest date imported, not before today's date (exports lag, demos are frozen in time).

Absolute: "2026-03-05", "2026-03", "March 2026", "Q3 2026", "2026", "1 Jan 2026 to 31 Mar 2026".
Relative: "this/last week|month|quarter|year", "last 30 days", "last 6 months" (rolling, ending
on the latest date), "year/quarter/month to date", "Q3" and "March" (the latest one in the data),
"latest complete month|quarter", "since 2026-01-01", "all time".
Shifted: "month before last month", "quarter before Q3 2026", "period before last 30 days" (the
unit before another period, chained as needed; follow-ups like "and the month before?").
Comparisons: "previous_period" (the period before, like-for-like when the current one is still
running) and "previous_year" (same dates a year earlier). Day-first is assumed for dates such as
05/03/2026 (UK convention).
"""

from __future__ import annotations

import calendar
import re
from datetime import date, timedelta
from typing import Literal

from dateutil.relativedelta import relativedelta
from pydantic import BaseModel

from tools.kpi.errors import InvalidPeriod

PeriodKind = Literal["day", "week", "month", "quarter", "year", "range", "all"]
CompareMode = Literal["previous_period", "previous_year"]

_MONTHS = {name.lower(): i for i, name in enumerate(calendar.month_name) if name}
_MONTHS.update({name.lower(): i for i, name in enumerate(calendar.month_abbr) if name})
_MONTHS["sept"] = 9
_MONTH_RE = "|".join(sorted(_MONTHS, key=len, reverse=True))
_UNIT_MONTHS = {"month": 1, "quarter": 3, "year": 12}
SUPPORTED = (
    "'last month', 'this quarter', 'last 30 days', 'last 6 months', 'year to date', "
    "'Q3', 'Q3 2026', 'March 2026', '2026-03', '2026', '2026-01-01 to 2026-03-31', "
    "'latest complete quarter', 'month before last month', 'all time'"
)


class Period(BaseModel):
    """An inclusive date range; `end` is clipped to the latest data date when `partial`."""

    start: date
    end: date
    label: str
    kind: PeriodKind
    partial: bool = False


def _fmt(d: date) -> str:
    return f"{d.day} {calendar.month_abbr[d.month]} {d.year}"


def span_text(start: date, end: date) -> str:
    return _fmt(start) if start == end else f"{_fmt(start)} – {_fmt(end)}"


def _unit_bounds(kind: PeriodKind, anchor: date) -> tuple[date, date]:
    """The calendar week/month/quarter/year containing `anchor`."""
    if kind == "week":
        start = anchor - timedelta(days=anchor.weekday())
        return start, start + timedelta(days=6)
    months = _UNIT_MONTHS[kind]
    start = date(anchor.year, ((anchor.month - 1) // months) * months + 1, 1)
    return start, start + relativedelta(months=months) - timedelta(days=1)


def _unit_label(kind: PeriodKind, start: date) -> str:
    if kind == "month":
        return f"{calendar.month_name[start.month]} {start.year}"
    if kind == "quarter":
        return f"Q{(start.month - 1) // 3 + 1} {start.year}"
    if kind == "year":
        return str(start.year)
    return f"week of {_fmt(start)}"


def _calendar(kind: PeriodKind, anchor: date, latest: date, prefix: str = "") -> Period:
    """The calendar unit containing `anchor`, clipped (and marked partial) at the latest date."""
    start, end = _unit_bounds(kind, anchor)
    name = _unit_label(kind, start)
    if start <= latest < end:
        detail = f"{prefix}, to {_fmt(latest)}" if prefix else f"to {_fmt(latest)}"
        return Period(start=start, end=latest, label=f"{name} ({detail})", kind=kind, partial=True)
    return Period(start=start, end=end, label=f"{name} ({prefix})" if prefix else name, kind=kind)


def _shift(kind: PeriodKind, anchor: date, units: int) -> date:
    if kind == "week":
        return anchor + timedelta(weeks=units)
    return anchor + relativedelta(months=_UNIT_MONTHS[kind] * units)


def _clean(text: str) -> str:
    text = re.sub(r"\s+", " ", text.strip().lower().rstrip("?.!"))
    return re.sub(r"^(in|for|during|over|from|of)\s+(the\s+)?|^the\s+", "", text)


def resolve_period(text: str | None, bounds: tuple[date, date]) -> Period:
    """Turn period words into dates, relative to the data's latest date."""
    first, latest = bounds
    t = _clean(text or "")
    if t in ("", "all", "all time", "overall", "ever", "lifetime", "all data", "to date"):
        return Period(
            start=first, end=latest, label=f"all time ({span_text(first, latest)})", kind="all"
        )
    for parser in (_before, _relative, _to_date, _quarter, _month, _year, _range_or_day):
        period = parser(t, first, latest)
        if period is not None:
            if period.end < period.start:
                raise InvalidPeriod(f"The period '{text}' ends before it starts.")
            return period
    raise InvalidPeriod(f"I don't understand the period '{text}'. Try {SUPPORTED}.")


def _before(t: str, first: date, latest: date) -> Period | None:
    """ "<unit> before <period>": the calendar unit just before the start of another period;
    "period before <period>" is the same-length period just before it."""
    m = re.fullmatch(r"(week|month|quarter|year|period) (?:before|prior to) (.+)", t)
    if not m:
        return None
    inner = resolve_period(m.group(2), (first, latest))
    if m.group(1) == "period":
        return previous_period(inner, "previous_period")
    kind: PeriodKind = m.group(1)  # type: ignore[assignment]
    return _calendar(kind, _shift(kind, inner.start, -1), latest)


def _relative(t: str, first: date, latest: date) -> Period | None:
    if t in ("today", "latest day"):
        return Period(start=latest, end=latest, label=_fmt(latest), kind="day")
    if t == "yesterday":
        day = latest - timedelta(days=1)
        return Period(start=day, end=day, label=_fmt(day), kind="day")
    m = re.fullmatch(
        r"(?:last|past|previous|trailing|rolling) (\d+) "
        r"(day|week|month|quarter|year)s?",
        t,
    )
    if m:
        n, unit = int(m.group(1)), m.group(2)
        if n < 1:
            raise InvalidPeriod(f"'{t}' covers no days.")
        if unit in ("day", "week"):
            start = latest - timedelta(days=n * (7 if unit == "week" else 1))
        else:
            start = latest - relativedelta(months=n * _UNIT_MONTHS[unit])
        start += timedelta(days=1)
        return Period(
            start=start,
            end=latest,
            kind="range",
            label=f"last {n} {unit}{'s' if n > 1 else ''} ({span_text(start, latest)})",
        )
    m = re.fullmatch(r"(this|current|last|previous|prior) (week|month|quarter|year)", t)
    if m:
        kind: PeriodKind = m.group(2)  # type: ignore[assignment]
        back = 0 if m.group(1) in ("this", "current") else -1
        return _calendar(kind, _shift(kind, latest, back), latest, f"{m.group(1)} {kind}")
    m = re.fullmatch(
        r"(?:latest|last|most recent) (?:complete|completed|full|whole) "
        r"(week|month|quarter|year)",
        t,
    )
    if m:
        kind = m.group(1)  # type: ignore[assignment]
        start, end = _unit_bounds(kind, latest)
        anchor = latest if end == latest else _shift(kind, start, -1)
        return _calendar(kind, anchor, latest, f"latest complete {kind}")
    m = re.fullmatch(r"since (.+)", t)
    if m:
        month = _month(m.group(1), first, latest) or _quarter(m.group(1), first, latest)
        start = month.start if month else _parse_date(m.group(1), latest)
        return Period(
            start=start,
            end=latest,
            kind="range",
            label=f"since {_fmt(start)} ({span_text(start, latest)})",
        )
    return None


def _to_date(t: str, first: date, latest: date) -> Period | None:
    aliases: dict[str, PeriodKind] = {
        "ytd": "year",
        "year to date": "year",
        "this year to date": "year",
        "qtd": "quarter",
        "quarter to date": "quarter",
        "mtd": "month",
        "month to date": "month",
    }
    kind = aliases.get(t)
    if kind is None:
        return None
    start, end = _unit_bounds(kind, latest)
    name = {
        "year": f"{start.year} year to date",
        "quarter": f"{_unit_label('quarter', start)} to date",
        "month": f"{_unit_label('month', start)} to date",
    }[kind]
    return Period(
        start=start,
        end=latest,
        label=f"{name} ({span_text(start, latest)})",
        kind=kind,
        partial=latest < end,
    )


def _quarter(t: str, first: date, latest: date) -> Period | None:
    m = re.fullmatch(r"q(\d+)(?:,? ?(?:of )?(?:fy ?)?(\d{4}))?", t) or re.fullmatch(
        r"(?P<y>\d{4}) ?-? ?q(?P<q>\d+)", t
    )
    if not m:
        return None
    q, year = (
        (int(m.group("q")), int(m.group("y")))
        if "q" in m.groupdict()
        else (int(m.group(1)), int(m.group(2)) if m.group(2) else None)
    )
    if not 1 <= q <= 4:
        raise InvalidPeriod(f"There is no Q{q}: quarters run from Q1 to Q4.")
    if year is None:
        year = latest.year if date(latest.year, 3 * q - 2, 1) <= latest else latest.year - 1
    return _calendar("quarter", date(year, 3 * q - 2, 1), latest)


def _month(t: str, first: date, latest: date) -> Period | None:
    m = re.fullmatch(r"(\d{4})[-/](\d{1,2})", t)
    if m:
        year, month = int(m.group(1)), int(m.group(2))
    else:
        m = re.fullmatch(rf"({_MONTH_RE}),? ?(\d{{4}})?", t)
        if not m:
            return None
        month = _MONTHS[m.group(1)]
        year = (
            int(m.group(2))
            if m.group(2)
            else (latest.year if date(latest.year, month, 1) <= latest else latest.year - 1)
        )
    if not 1 <= month <= 12:
        raise InvalidPeriod(f"There is no month {month} in '{t}'.")
    return _calendar("month", date(year, month, 1), latest)


def _year(t: str, first: date, latest: date) -> Period | None:
    m = re.fullmatch(r"(?:fy ?|year )?(\d{4})", t)
    return _calendar("year", date(int(m.group(1)), 1, 1), latest) if m else None


def _range_or_day(t: str, first: date, latest: date) -> Period | None:
    m = re.fullmatch(
        r"(?:between )?(.+?) ?(?: to | until | through | and |\.\.| – | - |–)"
        r" ?(.+)",
        t,
    )
    if m and _looks_like_date(m.group(1)) and _looks_like_date(m.group(2)):
        start, end = _parse_date(m.group(1), latest), _parse_date(m.group(2), latest)
        if end < start:
            raise InvalidPeriod(
                f"The period '{t}' ends ({_fmt(end)}) before it starts ({_fmt(start)})."
            )
        return Period(start=start, end=end, label=span_text(start, end), kind="range")
    if _looks_like_date(t):
        day = _parse_date(t, latest)
        return Period(start=day, end=day, label=_fmt(day), kind="day")
    return None


def _looks_like_date(t: str) -> bool:
    return bool(
        re.fullmatch(
            rf"\d{{4}}-\d{{1,2}}-\d{{1,2}}|\d{{1,2}}[/.]\d{{1,2}}[/.]\d{{2,4}}|"
            rf"\d{{1,2}}(?:st|nd|rd|th)? (?:of )?({_MONTH_RE}),?( \d{{4}})?|"
            rf"({_MONTH_RE}) \d{{1,2}}(?:st|nd|rd|th)?,?( \d{{4}})?",
            t.strip(),
        )
    )


def _parse_date(t: str, latest: date) -> date:
    """ISO, day-first numeric, "5 March 2026", "March 5, 2026"; impossible dates are errors."""
    t = t.strip()
    if m := re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})", t):
        year, month, day = (int(g) for g in m.groups())
    elif m := re.fullmatch(r"(\d{1,2})[/.](\d{1,2})[/.](\d{2,4})", t):
        day, month, year = (int(g) for g in m.groups())
        year += 2000 if year < 100 else 0
    elif m := re.fullmatch(
        rf"(\d{{1,2}})(?:st|nd|rd|th)? (?:of )?({_MONTH_RE}),?(?: (\d{{4}}))?", t
    ):
        day, month = int(m.group(1)), _MONTHS[m.group(2)]
        year = int(m.group(3)) if m.group(3) else latest.year
    elif m := re.fullmatch(rf"({_MONTH_RE}) (\d{{1,2}})(?:st|nd|rd|th)?,?(?: (\d{{4}}))?", t):
        day, month = int(m.group(2)), _MONTHS[m.group(1)]
        year = int(m.group(3)) if m.group(3) else latest.year
    else:
        raise InvalidPeriod(f"I don't understand the date '{t}'. Use e.g. 2026-03-05.")
    if not 1 <= month <= 12:
        raise InvalidPeriod(f"'{t}' has no valid month (month {month}).")
    days = calendar.monthrange(year, month)[1]
    if not 1 <= day <= days:
        raise InvalidPeriod(
            f"There is no {day} {calendar.month_name[month]} {year}: "
            f"{calendar.month_name[month]} {year} has {days} days."
        )
    return date(year, month, day)


def parse_compare(text: str | None) -> tuple[CompareMode | None, str | None]:
    """Comparison words → (mode, default period when none was asked for)."""
    t = _clean(text or "").replace("-", " ").replace("_", " ")
    t = re.sub(r"^(vs\.?|versus|compared (to|with)|against) ", "", t)
    if not t or t in ("none", "no"):
        return None, None
    if re.search(r"year over year|\byoy\b|previous year|last year|prior year", t):
        return "previous_year", None
    if re.search(r"quarter over quarter|\bqoq\b", t):
        return "previous_period", "latest complete quarter"
    if re.search(r"month over month|\bmom\b", t):
        return "previous_period", "latest complete month"
    if re.search(r"week over week|\bwow\b", t):
        return "previous_period", "latest complete week"
    if re.search(r"previous|prior|last|period over period|before|preceding", t):
        return "previous_period", None
    raise InvalidPeriod(
        f"I don't understand the comparison '{text}'. Use 'previous_period' "
        "(e.g. quarter over quarter) or 'previous_year' (year over year)."
    )


def previous_period(period: Period, mode: CompareMode) -> Period:
    """The period to compare with: like-for-like when `period` is still running."""
    if period.kind == "all":
        raise InvalidPeriod("'All time' has no previous period to compare with; pick a period.")
    if mode == "previous_year":
        start, end = period.start - relativedelta(years=1), period.end - relativedelta(years=1)
        return Period(
            start=start,
            end=end,
            kind=period.kind,
            label=f"same period a year earlier ({span_text(start, end)})",
        )
    if period.kind in ("week", "month", "quarter", "year"):
        start = _shift(period.kind, period.start, -1)
        full_end = period.start - timedelta(days=1)
        end = min(full_end, start + (period.end - period.start)) if period.partial else full_end
        label = _unit_label(period.kind, start)
        if period.partial:
            label += f" (same {(end - start).days + 1} days: {span_text(start, end)})"
        return Period(start=start, end=end, kind=period.kind, label=label)
    end = period.start - timedelta(days=1)
    start = end - (period.end - period.start)
    days = (end - start).days + 1
    name = "previous day" if days == 1 else f"previous {days} days"
    return Period(start=start, end=end, kind="range", label=f"{name} ({span_text(start, end)})")
