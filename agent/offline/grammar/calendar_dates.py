"""When a calendar runs: its start and its end or length, from a chat message.

Read, in this order (each phrase is consumed once read):
1. a range with both ends: "21 dec to 10 jan", "1 feb through end of april", "april 1 to
   june 30", "jan to march", "from March to the end of June";
2. a named period: "Q1", "q2 2027", "H1", "the first half of next year", "for February",
   "next quarter" (the next calendar quarter, unless a start is given: then 13 weeks),
   "next year", "for the month of february";
3. a start: "from 7th dec", "starting 1/12" (day first), "from next mon", "from tomorrow",
   "w/c 4 Jan" ("12/7" is read month first when day first is months away and month first
   is near, and said); and an end: "till end of jan", "through 18 dec", "until the end of
   Q1", "for the rest of the year", "(starting 1/12) for the month";
4. a length: "8 wks", "6 weeks", "3 months", "a quarter" (3 calendar months from the 1st of
   a month, else 13 weeks), "a fortnight", "a year", "a quarter-long plan", "6-week-long".
Named days ("black friday", "xmas eve") are dates by then (calendar_named_days.py).
Dates without a year are the next such date on or after today (an end: on or after the
start); month names are the next month of that name not yet over.
"""

from __future__ import annotations

import calendar as stdlib_calendar
import datetime as dt
import re
from dataclasses import dataclass

from dateutil.relativedelta import relativedelta

from agent.offline.grammar.calendar_phrases import (
    DATE,
    MONTH,
    NUMBER,
    WEEKDAY,
    Text,
    number,
    parse_date,
    weekday_index,
)
from tools.calendar.defaults import DEFAULT_WEEKS, fmt_date, next_monday
from tools.calendar.windows import month_index

_TO = r"(?:to|till|til|'til|until|through(?:\s+to)?|thru|up\s+to|-|–|—|and|&)"
_END_OF = r"(?:the\s+)?(?:end\s+of\s+)?"
_YEAR = r"(?:\s+(?P<{0}>\d{{4}}))?"
_START_LEAD = (
    r"(?:from|start(?:ing|ng)?(?:\s+(?:on|from))?|beginning(?:\s+on)?|commencing|"
    r"start(?:ing)?\s+(?:on|from)|as\s+of|w/?c|week\s+commencing|kick(?:ing)?\s+off)"
)
_FIRST_WEEK = r"(?:the\s+)?(?:first|1st|opening)\s+week\s+(?:of|in)\s+"
_TOMORROW = r"(?:tomorrow|tomorow|tommorow|tommorrow|tmrw|tmr|2moro)"
_RELATIVE = rf"(?:today|{_TOMORROW}|next\s+week|next\s+month|(?:next\s+|this\s+)?{WEEKDAY})"


FAR_START = 122  # days: a day-first start further off than about four months is doubted
NEAR_START = 62  # …and read month first when that reading starts within about two months


@dataclass
class Span:
    start: dt.date
    end: dt.date | None = None
    weeks: int | None = None


def read_span(
    t: Text, today: dt.date, notes: list[str], default_start: dt.date | None = None
) -> Span:
    """The calendar's dates (see the module docstring); defaults are noted in `notes`.
    `default_start`: the start when none is said (else the next Monday, noted)."""
    both = _range(t, today, notes)
    if both is not None:
        _same_period(t, both, notes)
    if both is None and (both := _period(t, today, notes)) is not None:
        start = _start(t, today, notes)  # "Q1 … start Jan 4": the day given, to the period's end
        if start is not None and both[0] <= start <= both[1]:
            both = (start, both[1])
    if both is not None:
        return Span(*both)
    start = _start(t, today, notes)
    end = _end(t, start or default_start or today)
    if start is None and default_start is not None:
        start = default_start
    elif start is None:
        start = next_monday(today)
        notes.append(f"Start: {fmt_date(start)} (the next Monday; no start was given).")
    if end is not None and end >= start:
        return Span(start, end)
    return _length(t, start, notes)


def _same_period(t: Text, span: tuple[dt.date, dt.date], notes: list[str]) -> None:
    """ "q2 plan ... april 1 to june 30": the named quarter agrees with the dates (else said)."""
    m = t.take(r"\b(?P<q>q[1-4])\b")
    if m and (int(m.group("q")[1]) - 1) * 3 + 1 != span[0].month:
        notes.append(f"{m.group('q').upper()} was named, but the dates given were used.")


def _month_start(word: str, year: str | None, on_or_after: dt.date) -> dt.date:
    """The first day of the named month: of `year`, else the next one not yet over."""
    first = dt.date(int(year) if year else on_or_after.year, month_index(word), 1)
    if not year and _month_end(first) < on_or_after:
        first = first.replace(year=first.year + 1)
    return first


def _month_end(day: dt.date) -> dt.date:
    return day.replace(day=stdlib_calendar.monthrange(day.year, day.month)[1])


def _range(t: Text, today: dt.date, notes: list[str]) -> tuple[dt.date, dt.date] | None:
    m = t.take(
        rf"\b(?:from\s+|between\s+)?(?P<a>{DATE})\s*{_TO}\s*{_END_OF}"
        rf"(?:(?P<b>{DATE})|(?P<bm>{MONTH})\w*{_YEAR.format('by')})\b"
    )
    if m:
        start = _numeric_start(m.group("a"), today, notes)
        if start is None:
            return None
        if m.group("b"):
            end = parse_date(_same_order(m.group("a"), m.group("b"), start, today), start)
        else:
            end = _month_end(_month_start(m.group("bm"), m.group("by"), start))
        return (start, end) if end is not None and end >= start else None
    m = t.take(
        rf"\b(?:from\s+|between\s+)?(?P<fw>{_FIRST_WEEK})?(?P<am>{MONTH})\w*{_YEAR.format('ay')}"
        rf"\s*{_TO}\s*{_END_OF}(?P<bm>{MONTH})\w*{_YEAR.format('by')}\b"
    )
    if not m:
        return None
    start = _month_start(m.group("am"), m.group("ay"), today)
    end = _month_end(_month_start(m.group("bm"), m.group("by"), start))
    return (_first_monday(start) if m.group("fw") else start), end


def _same_order(first: str, last: str, start: dt.date, today: dt.date) -> str:
    """ "12/7 to 1/2" with the start read month first: the end is read month first too."""
    numbers = re.fullmatch(r"\s*(\d{1,2})/(\d{1,2})(/\d{2,4})?\s*", last)
    if start == parse_date(first, today) or not numbers or int(numbers.group(1)) > 12:
        return last
    return f"{numbers.group(2)}/{numbers.group(1)}{numbers.group(3) or ''}"


def _first_monday(day: dt.date) -> dt.date:
    """ "the first week of January": the week from the first Monday on or after the 1st."""
    return day + dt.timedelta(days=(7 - day.weekday()) % 7)


def _period(t: Text, today: dt.date, notes: list[str]) -> tuple[dt.date, dt.date] | None:
    year_words = r"(?P<rel>next|this|the\s+coming)\s+year|(?P<y>\d{4})"
    m = t.take(
        rf"\b(?:the\s+)?(?P<which>first|1st|second|2nd)\s+half\s+of\s+(?:{year_words})\b"
        rf"|\b(?P<h>h[12])(?:\s+(?P<hy>\d{{4}}))?\b"
    )
    if m:
        second = (m.group("which") or m.group("h") or "").lower() in ("second", "2nd", "h2")
        year = _year_of(m.group("rel"), m.group("y") or m.group("hy"), today)
        first = dt.date(year, 7 if second else 1, 1)
        if not (m.group("rel") or m.group("y") or m.group("hy")) and first < today:
            first = first.replace(year=year + 1)
        return first, _month_end(first + relativedelta(months=5))
    m = t.take(
        r"(?<!end\sof\s)\b(?P<q>q[1-4])(?:\s*(?P<y>\d{4})|\s+(?:of\s+)?"
        r"(?P<rel>next|this|the\s+coming)\s+year)?\b"
    )
    if m:
        year = _year_of(m.group("rel"), m.group("y"), today)
        first = dt.date(year, (int(m.group("q")[1]) - 1) * 3 + 1, 1)
        if (
            not (m.group("y") or m.group("rel"))
            and _month_end(first + relativedelta(months=2)) < today
        ):
            first = first.replace(year=first.year + 1)
        return first, _month_end(first + relativedelta(months=2))
    has_start = t.find(rf"\b{_START_LEAD}\s+(?:{DATE}|{_RELATIVE})") is not None
    if not has_start and t.take(r"\b(?:the\s+)?(?:next|coming)\s+quarter\b"):
        first = today.replace(day=1) + relativedelta(months=3 - (today.month - 1) % 3)
        notes.append(
            "Next quarter: the calendar quarter after this one (say '13 weeks' for a "
            "rolling quarter)."
        )
        return first, _month_end(first + relativedelta(months=2))
    if not has_start and t.take(r"\b(?:for\s+|over\s+|across\s+)?next\s+year\b"):
        return dt.date(today.year + 1, 1, 1), dt.date(today.year + 1, 12, 31)
    if has_start:
        return None
    m = t.take(
        rf"\b(?:(?:for|in|during|across|over|plan|plan\s+out|map(?:\s+out)?|schedule|cover|"
        rf"fill|through(?:out)?)\s+(?:the\s+(?:whole\s+|entire\s+)?month\s+of\s+|all\s+(?:of\s+)?|"
        rf"the\s+whole\s+of\s+)?"
        rf"(?P<m>{MONTH})\w*"
        rf"{_YEAR.format('y')}|(?<!\d\s)(?P<m2>{MONTH})\w*{_YEAR.format('y2')}\s+(?:calendar|plan|"
        r"content|schedule|posts))\b"
    )
    if m:
        first = _month_start(m.group("m") or m.group("m2"), m.group("y") or m.group("y2"), today)
        return first, _month_end(first)
    return None


def _year_of(rel: str | None, year: str | None, today: dt.date) -> int:
    if year:
        return int(year)
    if rel and rel.lower().startswith("this"):
        return today.year
    return today.year + 1 if rel else today.year


def _start(t: Text, today: dt.date, notes: list[str]) -> dt.date | None:
    m = t.take(rf"\b{_START_LEAD}\s+(?P<d>{DATE})")
    if m and (start := _numeric_start(m.group("d"), today, notes, said=True)):
        return start
    m = t.take(rf"\b{_START_LEAD}\s+(?P<rel>{_RELATIVE})\b")
    if m:
        return _relative(" ".join(m.group("rel").lower().split()), today)
    m = t.take(rf"\b(?:from|starting)\s+(?P<m>{MONTH})\w*{_YEAR.format('y')}\b")
    if m:
        return _month_start(m.group("m"), m.group("y"), today)
    m = t.take(
        rf"\b(?:{_START_LEAD}\s+)?(?:in\s+)?{_FIRST_WEEK}(?P<m>{MONTH})\w*{_YEAR.format('y')}\b"
    )
    if m:
        return _first_monday(_month_start(m.group("m"), m.group("y"), today))
    return None


def _numeric_start(
    text: str, today: dt.date, notes: list[str], said: bool = False
) -> dt.date | None:
    """A start date; "12/7" is read day first (UK) unless that puts the start more than
    about four months away while the month-first reading starts within about two: then
    month first (7 December when today is 23 November), and said. `said`: also say when a
    day-first reading is kept."""
    start = parse_date(text, today)
    numbers = re.fullmatch(r"\s*(\d{1,2})/(\d{1,2})(?:/(\d{2,4}))?\s*", text)
    if start is None or not numbers or numbers.group(1) == numbers.group(2):
        return start
    day, month, year = numbers.groups()
    if int(day) > 12 or int(month) > 12:
        return start  # only one reading is a date
    other = parse_date(f"{month}/{day}" + (f"/{year}" if year else ""), today)
    said_as = numbers.group(0).strip()
    if other and (start - today).days > FAR_START and 0 <= (other - today).days <= NEAR_START:
        notes.append(
            f"Start: {said_as} read month first, as {fmt_date(other)} (day first it would be "
            f"{fmt_date(start)}, months away); write the month's name if you meant that."
        )
        return other
    if said:
        notes.append(
            f"Start: {said_as} read day first, as {fmt_date(start)}; "
            "write the month's name if you meant the other way round."
        )
    return start


def _relative(word: str, today: dt.date) -> dt.date:
    if word == "today":
        return today
    if re.fullmatch(_TOMORROW, word):
        return today + dt.timedelta(days=1)
    if word == "next week":
        return next_monday(today)
    if word == "next month":
        return (today + relativedelta(months=1)).replace(day=1)
    ahead = (weekday_index(word.split()[-1]) - today.weekday()) % 7 or 7
    return today + dt.timedelta(days=ahead)  # the first such weekday after today


def _end(t: Text, start: dt.date) -> dt.date | None:
    lead = r"(?:until|till|til|'til|through|thru|to|ending(?:\s+on)?|up\s+to|end(?:ing)?\s+on|by)"
    m = t.take(rf"\b{lead}\s+{_END_OF}(?P<d>{DATE})")
    if m:
        return parse_date(m.group("d"), start)
    m = t.take(
        rf"\b(?:{lead}\s+)?(?:the\s+)?end\s+of\s+(?:(?P<m>{MONTH})\w*{_YEAR.format('y')}|"
        r"(?P<q>q[1-4])|(?P<year>the\s+year|this\s+year))\b"
        rf"|\b{lead}\s+(?P<m2>{MONTH})\w*{_YEAR.format('y2')}\b"
    )
    if not m:
        return _rest_of(t, start)
    if m.group("q"):
        first = dt.date(start.year, (int(m.group("q")[1]) - 1) * 3 + 1, 1)
        last = _month_end(first + relativedelta(months=2))
        return last if last >= start else last.replace(year=last.year + 1)
    if m.group("year"):
        return dt.date(start.year, 12, 31)
    month = m.group("m") or m.group("m2")
    return _month_end(_month_start(month, m.group("y") or m.group("y2"), start))


def _rest_of(t: Text, start: dt.date) -> dt.date | None:
    """ "for the rest of the year", "the remainder of the quarter", "starting 1/12 for the
    month", "for the whole month": to the end of the start's year, quarter or month."""
    m = t.take(
        r"\b(?:(?:for|over|across|through(?:out)?|during)\s+)?(?:the|this)\s+(?:rest|remainder)"
        r"\s+of\s+(?:the|this)\s+(?P<unit>year|quarter|month)\b"
        r"|\b(?:for|over|across|throughout|during)\s+(?:the|that|this)\s+(?:whole\s+|entire\s+|"
        r"full\s+)?(?P<unit2>quarter|month)\b(?!\s+of\b)"
    )
    if not m:
        return None
    unit = (m.group("unit") or m.group("unit2")).lower()
    if unit == "year":
        return dt.date(start.year, 12, 31)
    if unit == "quarter":
        return _month_end(dt.date(start.year, (start.month - 1) // 3 * 3 + 3, 1))
    return _month_end(start)


def _length(t: Text, start: dt.date, notes: list[str]) -> Span:
    m = t.take(
        rf"(?<!every\s)(?<!each\s)(?<!other\s)\b(?P<n>{NUMBER}|\d{{1,3}})[\s-]*"
        r"(?P<unit>weeks?|wks?|months?|mos|mths?|years?|yrs?)(?:[\s-]+long)?\b"
    )
    if m:
        n, unit = number(m.group("n")), m.group("unit").lower()[0]
        if unit == "w":
            return Span(start, weeks=n)
        if unit == "y":
            return Span(start, weeks=52 * n)
        return Span(start, end=start + relativedelta(months=n) - dt.timedelta(days=1))
    single = t.take(
        r"\b(?:(?:for|over|across|plan|of|it|to)\s+(?:a|one|the\s+next|the\s+coming|next)|"
        r"the\s+next|the\s+coming)\s+"
        r"(?P<unit>week|fortnight|month|quarter|year)(?:'s)?\b"
        r"|\b(?:a\s+|one\s+)?(?P<long>week|fortnight|month|quarter|year)[\s-]+long\b"
    )
    unit = (single.group("unit") or single.group("long")).lower() if single else ""
    if unit == "quarter" and start.day != 1:
        return Span(start, weeks=13)
    months = {"month": 1, "quarter": 3}.get(unit)
    if months:
        return Span(start, end=start + relativedelta(months=months) - dt.timedelta(days=1))
    weeks = {"week": 1, "fortnight": 2, "year": 52}.get(unit)
    if weeks:
        return Span(start, weeks=weeks)
    notes.append(f"Length: {DEFAULT_WEEKS} weeks (no length or end date was given).")
    return Span(start, weeks=DEFAULT_WEEKS)
