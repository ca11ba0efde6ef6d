"""Every rule a generated calendar must satisfy, re-checked from the calendar's own data.

Independent of the scheduler's own bookkeeping. Shared by the calendar tests (which assert) and
the eval metric `calendar_valid` (which collects the violations instead).
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from fractions import Fraction

from tools.calendar.constraints import DayRules, load_holidays
from tools.calendar.models import Calendar
from tools.calendar.windows import expected_count, make_windows, window_of


def rules_of(calendar: Calendar) -> DayRules:
    request = calendar.request
    return DayRules(
        frozenset(request.allowed_weekdays),
        load_holidays(request),
        frozenset(request.blackout_dates),
    )


def check_dates_and_days(calendar: Calendar) -> None:
    rules = rules_of(calendar)
    per_channel_day = Counter((i.channel, i.date) for i in calendar.items)
    assert max(per_channel_day.values(), default=1) == 1, "two items of a channel on one day"
    for item in calendar.items:
        assert calendar.start <= item.date <= calendar.end, item
        assert rules.usable(item.date), (item.id, rules.blocked_reason(item.date))
        if item.moved_from is not None:
            assert item.note.startswith("Moved from"), item.note
    assert len({i.id for i in calendar.items}) == len(calendar.items), "duplicate ids"
    titles = [i.title.casefold() for i in calendar.items]
    assert all(titles) and len(set(titles)) == len(titles), "empty or repeated titles"
    cap = calendar.request.max_per_day
    if cap is not None:
        assert max(Counter(i.date for i in calendar.items).values(), default=0) <= cap


def check_cadences(calendar: Calendar) -> None:
    """Each cadence window owns exactly the items the cadence owes it (counted by slot)."""
    request = calendar.request
    for cadence in request.channels:
        windows = make_windows(cadence.kind, calendar.start, calendar.end)
        own = [i for i in calendar.items if i.channel == cadence.channel and i.origin == "cadence"]
        got = Counter(window_of(windows, i.slot).start for i in own)
        for window in windows:
            owed = expected_count(cadence, window, request.allowed_weekdays)
            assert got[window.start] == owed, (cadence.channel, window, got[window.start], owed)
        for item in own:
            if item.date not in window_of(windows, item.slot):
                assert "No free" in item.note, item
        if cadence.kind == "weekdays":
            assert all(i.slot.weekday() in cadence.weekdays for i in own)


def within_one(counts: Counter[str], shares: dict[str, float], total: int) -> bool:
    weights = {k: Fraction(v).limit_denominator(10**6) for k, v in shares.items()}
    scale = sum(weights.values())
    for label, weight in weights.items():
        quota = weight * total / scale
        if not math.floor(quota) <= counts[label] <= math.ceil(quota):
            return False
    return sum(counts.values()) == total


def check_shares(calendar: Calendar) -> None:
    """Stage mix per group (months with their own mix, and the rest) and pillar shares."""
    request = calendar.request
    groups: dict[str, list[str]] = defaultdict(list)
    for item in calendar.items:
        month = f"{item.date:%Y-%m}"
        groups[month if month in request.stage_mix_overrides else ""].append(item.stage)
    for key, stages in groups.items():
        mix = request.stage_mix_overrides.get(key) or request.stage_mix
        wanted: dict[str, float] = {str(stage): share for stage, share in mix.items()}
        assert within_one(Counter(stages), wanted, len(stages)), (key, Counter(stages), mix)
    pillars = request.effective_pillars()
    shares = request.pillar_shares or dict.fromkeys(pillars, 1.0)
    counts = Counter(i.pillar for i in calendar.items)
    assert within_one(counts, shares, len(calendar.items)), (counts, shares)


def check_all(calendar: Calendar) -> None:
    check_dates_and_days(calendar)
    check_cadences(calendar)
    check_shares(calendar)


def violations(calendar: Calendar) -> list[str]:
    """What `check_all` would reject, as messages (empty when the calendar is valid)."""
    found = []
    for check in (check_dates_and_days, check_cadences, check_shares):
        try:
            check(calendar)
        except AssertionError as exc:
            found.append(f"{check.__name__}: {exc}")
    return found
