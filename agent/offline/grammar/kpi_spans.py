"""Spans of months in a figure question: "win rate by month jan-oct", "from january to
october", "march through june 2026", "between feb and april" → the dates from the first day
of the first month to the last day of the last (typed `DateRange` JSON), of the latest such
span the data can hold (ending on or before the latest data date) unless a year is given.
A week of a month: "the 1st week of aug", "the last week of March". And a week named by its
first day: "the week commencing Monday 9 November", "w/c 9th nov",
"the week of november 9" → those seven days."""

from __future__ import annotations

import calendar
import re
from datetime import date, timedelta
from typing import Any

from agent.offline.grammar.kpi_entities import blank
from agent.offline.grammar.words import MONTH_NAMES
from tools.calendar.windows import month_index

_ABBR = ["jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec"]
_MONTH = "|".join(sorted([*MONTH_NAMES, *_ABBR], key=len, reverse=True))
_SPAN = re.compile(
    rf"\b(?:from |between )?(?P<a>{_MONTH})(?: (?P<ay>\d{{4}}))?"
    rf"(?: ?(?:-|–|—|to|till|until|through|thru) ?| and )(?:the end of )?"
    rf"(?P<b>{_MONTH})(?: (?P<by>\d{{4}}))?\b"
)


def find_month_span(low: str, latest: date) -> tuple[dict[str, Any] | None, str]:
    """(the span as `DateRange` JSON, text without it); (None, text) when none is named ("jan
    and feb" is a span of two months; "jan and june", without "between", is not)."""
    m = _SPAN.search(low)
    if not m:
        return None, low
    first, last = month_index(m.group("a")), month_index(m.group("b"))
    if " and " in m.group(0) and not m.group(0).startswith("between") and last != first % 12 + 1:
        return None, low  # "jan and feb" are two months together; "jan and june" are not a span
    if m.group("by"):
        end_year = int(m.group("by"))
    elif m.group("ay"):
        end_year = int(m.group("ay")) + (last < first)
    else:  # the latest such span that has ended by the latest data date (or holds it)
        end_year = latest.year - (last > latest.month)
    start_year = int(m.group("ay")) if m.group("ay") else end_year - (last < first)
    start = date(start_year, first, 1)
    end = date(end_year, last, calendar.monthrange(end_year, last)[1])
    if end < start:
        return None, low
    spec = {"kind": "range", "start": start.isoformat(), "end": end.isoformat()}
    return spec, blank(low, m.start(), m.end())


_WEEKDAY = (
    r"(?:mon|monday|tue|tues|tuesday|wed|wednesday|thu|thur|thurs|thursday|fri|friday|sat|"
    r"saturday|sun|sunday)"
)
_WEEK_FROM = re.compile(
    rf"\b(?:the |our )?(?:week (?:commencing|beginning|starting|of)|w/c|wc|w\.c\.)"
    rf"(?: (?:the )?{_WEEKDAY})?,? (?:the )?(?:(?P<d>\d{{1,2}})(?:st|nd|rd|th)? (?:of )?"
    rf"(?P<m>{_MONTH})|(?P<m2>{_MONTH}) (?P<d2>\d{{1,2}})(?:st|nd|rd|th)?)(?:,? (?P<y>\d{{4}}))?\b"
)


def find_week_from(low: str, latest: date) -> tuple[dict[str, Any] | None, str]:
    """(the week named by its first day as `DateRange` JSON, text without it); the latest such
    day on or before the latest data date unless a year is given."""
    m = _WEEK_FROM.search(low)
    if not m:
        return None, low
    month, day = month_index(m.group("m") or m.group("m2")), int(m.group("d") or m.group("d2"))
    year = int(m.group("y")) if m.group("y") else latest.year
    try:
        start = date(year, month, day)
        if not m.group("y") and start > latest:
            start = date(year - 1, month, day)
    except ValueError:
        return None, low  # "w/c 31 november": no such day; read the rest as said
    end = start + timedelta(days=6)
    spec = {"kind": "range", "start": start.isoformat(), "end": end.isoformat()}
    return spec, blank(low, m.start(), m.end())


_WEEK_OF = re.compile(
    rf"\b(?:the |our )?(first|1st|second|2nd|third|3rd|fourth|4th|last|final) week (?:of|in) "
    rf"({_MONTH})\w*(?: (\d{{4}}))?\b"
)
_WEEK_NUMBER = {"first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4}


def find_week_of_month(low: str, latest: date) -> tuple[dict[str, Any] | None, str]:
    """ "the 1st week of aug" → the dates 1–7 August (typed `DateRange` JSON), of the latest
    August the data can hold (on or before `latest`) unless a year is given; "the last week of
    March" → its last seven days."""
    m = _WEEK_OF.search(low)
    if not m:
        return None, low
    month = month_index(m.group(2))
    year = int(m.group(3)) if m.group(3) else latest.year - (month > latest.month)
    last_day = calendar.monthrange(year, month)[1]
    which = _WEEK_NUMBER.get(m.group(1))
    first = 1 + 7 * (which - 1) if which else last_day - 6
    start, end = date(year, month, first), date(year, month, min(first + 6, last_day))
    spec = {"kind": "range", "start": start.isoformat(), "end": end.isoformat()}
    return spec, blank(low, m.start(), m.end())
