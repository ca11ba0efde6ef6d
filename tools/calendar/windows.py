"""Cadence windows and how many items each one owes.

A cadence is counted per window: 7-day weeks and 14-day fortnights anchored on the calendar's
start date (so "8 weeks from a Wednesday" is 8 whole Wednesday–Tuesday weeks), and calendar
months clipped to the range. A window cut short by the range end (or start) owes a prorated
share, rounded half up and capped by the allowed weekdays it contains: 3 a week over a final
4-day stub owes round(3 × 4/7) = 2. Fixed-day cadences (every Tuesday, last Thursday of the
month) owe exactly the matching dates inside the range.
"""

from __future__ import annotations

import calendar as stdlib_calendar
import datetime as dt
import math
from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass
from fractions import Fraction

from dateutil.relativedelta import relativedelta, weekday

from tools.calendar.models import CadenceKind, ChannelCadence, MonthlyRule

DAY = dt.timedelta(days=1)


@dataclass(frozen=True)
class Window:
    """One cadence window, inclusive at both ends; `full_days` is its length when not clipped."""

    start: dt.date
    end: dt.date
    full_days: int

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    @property
    def is_full(self) -> bool:
        return self.days == self.full_days

    def dates(self) -> list[dt.date]:
        return [self.start + dt.timedelta(days=i) for i in range(self.days)]

    def __contains__(self, day: object) -> bool:
        return isinstance(day, dt.date) and self.start <= day <= self.end


def make_windows(kind: CadenceKind, start: dt.date, end: dt.date) -> list[Window]:
    """The windows a cadence of this kind is counted (and its items moved) within."""
    if kind in ("per_month", "monthly_rule"):
        return _month_windows(start, end)
    length = 14 if kind == "per_fortnight" else 7
    out, cursor = [], start
    while cursor <= end:
        last = min(end, cursor + dt.timedelta(days=length - 1))
        out.append(Window(cursor, last, length))
        cursor += dt.timedelta(days=length)
    return out


def _month_windows(start: dt.date, end: dt.date) -> list[Window]:
    out, cursor = [], start
    while cursor <= end:
        month_days = stdlib_calendar.monthrange(cursor.year, cursor.month)[1]
        month_end = cursor.replace(day=month_days)
        out.append(Window(cursor, min(end, month_end), month_days))
        cursor = month_end + DAY
    return out


def window_of(windows: list[Window], day: dt.date) -> Window:
    """The window holding `day` (windows are sorted and contiguous)."""
    index = bisect_right([w.start for w in windows], day) - 1
    if index < 0 or day not in windows[index]:
        raise ValueError(f"{day} is outside the calendar")
    return windows[index]


def round_half_up(value: Fraction) -> int:
    return math.floor(value + Fraction(1, 2))


def allowed_days(window: Window, allowed: Iterable[int]) -> list[dt.date]:
    allowed_set = set(allowed)
    return [d for d in window.dates() if d.weekday() in allowed_set]


def rule_date(rule: MonthlyRule, year: int, month: int) -> dt.date:
    """The date a monthly rule picks in one month, e.g. the last Thursday of March 2026."""
    first = dt.date(year, month, 1)
    if rule.ordinal == -1:
        return first + relativedelta(day=31, weekday=weekday(rule.weekday)(-1))
    return first + relativedelta(weekday=weekday(rule.weekday)(rule.ordinal))


def expected_count(cadence: ChannelCadence, window: Window, allowed: Iterable[int]) -> int:
    """How many items `cadence` owes in `window` (see the module docstring for the rule)."""
    if cadence.kind == "weekdays":
        return sum(1 for d in window.dates() if d.weekday() in cadence.weekdays)
    if cadence.kind == "monthly_rule":
        assert cadence.rule is not None
        return int(rule_date(cadence.rule, window.start.year, window.start.month) in window)
    if window.is_full:
        return cadence.times
    prorated = round_half_up(Fraction(cadence.times * window.days, window.full_days))
    return min(prorated, len(allowed_days(window, allowed)))


def month_index(word: str) -> int:
    """1–12 for a month name or its abbreviation ("Feb", "february"); ValueError otherwise."""
    names = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
    return names.index(word.lower()[:3]) + 1
