"""Period and comparison words → typed `PeriodSpec` values (the offline model's grammar).

    parse_period("last month")              → Previous(unit="month")
    parse_period("Q3 2026")                 → CalendarPeriod(unit="quarter", index=3, year=2026)
    parse_period("month before last month") → Before(unit="month", of=Previous(unit="month"))
    parse_compare("quarter over quarter")   → ("previous_period", LatestComplete("quarter"))

Accepted: absolute ("2026-03-05", "2026-03", "March 2026", "Q3 2026", "2026", "1 Jan 2026 to
31 Mar 2026", "since 2026-01-01"); relative to the latest data ("this/last week|month|quarter|
year", "last 30 days", "year/quarter/month to date", "Q3", "March", "latest complete month",
"yesterday", "all time"); shifted ("month before last month", "period before last 30 days").
Day-first for numeric dates such as 05/03/2026 (UK convention). Unknown words raise
`InvalidPeriod` with examples of what works; impossible dates (31 February) say why.
"""

from __future__ import annotations

import calendar
import re
from datetime import date
from typing import cast

from tools.kpi.errors import InvalidPeriod
from tools.kpi.periods import (
    AllData,
    Before,
    CalendarPeriod,
    CompareMode,
    DateRange,
    LatestComplete,
    PeriodSpec,
    Previous,
    Since,
    ToDate,
    Trailing,
    Unit,
)

_MONTHS = {name.lower(): i for i, name in enumerate(calendar.month_name) if name}
_MONTHS.update({name.lower(): i for i, name in enumerate(calendar.month_abbr) if name})
_MONTHS["sept"] = 9
_MONTH_RE = "|".join(sorted(_MONTHS, key=len, reverse=True))
SUPPORTED = (
    "'last month', 'this quarter', 'last 30 days', 'last 6 months', 'year to date', "
    "'Q3', 'Q3 2026', 'March 2026', '2026-03', '2026', '2026-01-01 to 2026-03-31', "
    "'latest complete quarter', 'month before last month', 'all time'"
)
_ALL = ("", "all", "all time", "overall", "ever", "lifetime", "all data", "to date")
_TO_DATE = {
    "ytd": "year",
    "year to date": "year",
    "this year to date": "year",
    "qtd": "quarter",
    "quarter to date": "quarter",
    "mtd": "month",
    "month to date": "month",
}


def _clean(text: str) -> str:
    text = re.sub(r"\s+", " ", text.strip().lower().rstrip("?.!"))
    return re.sub(r"^(in|for|during|over|from|of)\s+(the\s+)?|^the\s+", "", text)


def parse_period(text: str | None, today: date | None = None) -> PeriodSpec:
    """The typed period `text` names (see the module docstring). `today` only fills the year
    of a day written without one ("5 March"); by default the current year."""
    t = _clean(text or "")
    if t in _ALL:
        return AllData()
    for parser in (_before, _relative, _to_date, _quarter, _half, _month, _year):
        spec = parser(t)
        if spec is not None:
            return spec
    spec = _range_or_day(t, today or date.today())
    if spec is not None:
        return spec
    raise InvalidPeriod(f"I don't understand the period '{text}'. Try {SUPPORTED}.")


def _before(t: str) -> PeriodSpec | None:
    m = re.fullmatch(r"(week|month|quarter|year|period) (?:before|prior to) (.+)", t)
    if not m:
        return None
    return Before.model_validate({"unit": m.group(1), "of": parse_period(m.group(2))})


def _relative(t: str) -> PeriodSpec | None:
    if t in ("today", "latest day"):
        return ToDate(unit="day")
    if t == "yesterday":
        return Previous(unit="day")
    if t == "day before yesterday":
        return Previous(unit="day", back=2)
    m = re.fullmatch(
        r"(?:last|past|previous|trailing) (\d+) (?:full|complete|completed|whole) "
        r"(week|month|quarter|year)s?",
        t,
    )
    if m:
        return Trailing(count=int(m.group(1)), unit=cast(Unit, m.group(2)), complete=True)
    m = re.fullmatch(
        r"(?:last|past|previous|trailing|rolling) (\d+) (day|week|month|quarter|year)s?", t
    )
    if m:
        if int(m.group(1)) < 1:
            raise InvalidPeriod(f"'{t}' covers no days.")
        return Trailing(count=int(m.group(1)), unit=cast(Unit, m.group(2)))
    m = re.fullmatch(r"(this|current|last|previous|prior) (week|month|quarter|year)", t)
    if m:
        unit = cast(Unit, m.group(2))
        return ToDate(unit=unit) if m.group(1) in ("this", "current") else Previous(unit=unit)
    m = re.fullmatch(
        r"(?:latest|last|most recent) (?:complete|completed|full|whole) (week|month|quarter|year)",
        t,
    )
    if m:
        return LatestComplete.model_validate({"unit": m.group(1)})
    m = re.fullmatch(r"since (?:the )?(?:(?:start|beginning) of )?(.+)", t)
    if m:
        inner = _month(m.group(1)) or _quarter(m.group(1)) or _half(m.group(1))
        if inner is not None:
            return Since(of=inner)
        return DateRange(start=_parse_date(m.group(1), date.today()))
    return None


def _to_date(t: str) -> PeriodSpec | None:
    unit = _TO_DATE.get(t)
    return ToDate(unit=cast(Unit, unit)) if unit else None


def _quarter(t: str) -> PeriodSpec | None:
    m = re.fullmatch(r"q(\d+)(?:,? ?(?:of )?(?:fy ?)?(\d{4}))?", t)
    if m:
        q, year = int(m.group(1)), int(m.group(2)) if m.group(2) else None
    elif m := re.fullmatch(r"(\d{4}) ?-? ?q(\d+)", t):
        q, year = int(m.group(2)), int(m.group(1))
    else:
        return None
    if not 1 <= q <= 4:
        raise InvalidPeriod(f"There is no Q{q}: quarters run from Q1 to Q4.")
    return CalendarPeriod(unit="quarter", index=q, year=year)


def _half(t: str) -> PeriodSpec | None:
    """ "H1", "h2 2025", "first half of 2026", "second half" → a calendar half-year."""
    m = re.fullmatch(r"(?:h([12])|(first|second|1st|2nd) half)(?:,? ?(?:of )?(?:fy ?)?(\d{4}))?", t)
    if not m:
        return None
    index = int(m.group(1)) if m.group(1) else (1 if m.group(2) in ("first", "1st") else 2)
    year = int(m.group(3)) if m.group(3) else None
    return CalendarPeriod(unit="half", index=index, year=year)


def _month(t: str) -> PeriodSpec | None:
    m = re.fullmatch(r"(\d{4})[-/](\d{1,2})", t)
    if m:
        year, month = int(m.group(1)), int(m.group(2))
    else:
        m = re.fullmatch(rf"({_MONTH_RE}),? ?(\d{{4}})?", t)
        if not m:
            return None
        month = _MONTHS[m.group(1)]
        year = int(m.group(2)) if m.group(2) else None  # type: ignore[assignment]
    if not 1 <= month <= 12:
        raise InvalidPeriod(f"There is no month {month} in '{t}'.")
    return CalendarPeriod(unit="month", index=month, year=year)


def _year(t: str) -> PeriodSpec | None:
    m = re.fullmatch(r"(?:fy ?|year )?(\d{4})", t)
    return CalendarPeriod(unit="year", year=int(m.group(1))) if m else None


def _range_or_day(t: str, today: date) -> PeriodSpec | None:
    m = re.fullmatch(
        r"(?:between )?(.+?) ?(?: to | until | through | and |\.\.| – | - |–) ?(.+)", t
    )
    if m and _looks_like_date(m.group(1)) and _looks_like_date(m.group(2)):
        start, end = _parse_date(m.group(1), today), _parse_date(m.group(2), today)
        if end < start and not re.search(r"\d{4}|\d[/.]\d{1,2}[/.]\d", m.group(1)):
            start = start.replace(year=start.year - 1)  # "14 december to 10 january": across
        if end < start:  # the new year, the December before
            raise InvalidPeriod(
                f"The period '{t}' ends ({_fmt(end)}) before it starts ({_fmt(start)})."
            )
        return DateRange(start=start, end=end)
    if _looks_like_date(t):
        day = _parse_date(t, today)
        return DateRange(start=day, end=day)
    return None


def _fmt(d: date) -> str:
    return f"{d.day} {calendar.month_abbr[d.month]} {d.year}"


def _looks_like_date(t: str) -> bool:
    return bool(
        re.fullmatch(
            rf"\d{{4}}-\d{{1,2}}-\d{{1,2}}|\d{{1,2}}[/.]\d{{1,2}}[/.]\d{{2,4}}|"
            rf"\d{{1,2}}(?:st|nd|rd|th)? (?:of )?({_MONTH_RE}),?( \d{{4}})?|"
            rf"({_MONTH_RE}) \d{{1,2}}(?:st|nd|rd|th)?,?( \d{{4}})?",
            t.strip(),
        )
    )


def _parse_date(t: str, today: date) -> date:
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
        year = int(m.group(3)) if m.group(3) else today.year
    elif m := re.fullmatch(rf"({_MONTH_RE}) (\d{{1,2}})(?:st|nd|rd|th)?,?(?: (\d{{4}}))?", t):
        day, month = int(m.group(2)), _MONTHS[m.group(1)]
        year = int(m.group(3)) if m.group(3) else today.year
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


def parse_compare(text: str | None) -> tuple[CompareMode | None, PeriodSpec | None]:
    """Comparison words → (mode, the period to use when none was asked for)."""
    t = _clean(text or "").replace("-", " ").replace("_", " ")
    t = re.sub(r"^(vs\.?|versus|compared (to|with)|against) ", "", t)
    if not t or t in ("none", "no"):
        return None, None
    if re.search(r"year over year|\byoy\b|previous year|last year|prior year", t):
        return "previous_year", None
    for words, unit in (
        (r"quarter over quarter|\bqoq\b", "quarter"),
        (r"month over month|\bmom\b", "month"),
        (r"week over week|\bwow\b", "week"),
    ):
        if re.search(words, t):
            return "previous_period", LatestComplete.model_validate({"unit": unit})
    if re.search(r"previous|prior|last|period over period|before|preceding", t):
        return "previous_period", None
    raise InvalidPeriod(
        f"I don't understand the comparison '{text}'. Use 'previous_period' "
        "(e.g. quarter over quarter) or 'previous_year' (year over year)."
    )
