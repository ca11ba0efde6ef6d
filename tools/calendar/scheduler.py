"""Pure scheduling: which channel publishes on which day. No language model, no randomness.

Steps, in order (each small and testable):
1. Fixed-day cadences (every Tuesday, last Thursday of the month) take their dates.
2. Flexible cadences (n per week/fortnight/month), busiest first, pick the weekday pattern
   (or month days) with the least load so far, then the widest spacing, then the fewest
   holidays, so channels spread across the week instead of piling onto Monday.
3. Slots that land on a holiday or blackout move to the next usable day without the same
   channel, inside their cadence window when possible; the slot keeps `moved_from` and a note.
   With a daily limit (`max_per_day`), flexible items then leave overfull days (balance.py).
4. Launches get teaser, announcement, proof and follow-up, each taking over the launch
   channel's nearest slot in the step's window or adding an item on a free usable day.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Mapping
from itertools import combinations

from tools.calendar.balance import enforce_day_cap
from tools.calendar.board import Board, KeptSlot, Schedule, fmt_day, walk
from tools.calendar.constraints import validate_request
from tools.calendar.errors import ImpossibleCalendar
from tools.calendar.launches import place_launch
from tools.calendar.models import CalendarRequest, ChannelCadence
from tools.calendar.windows import (
    DAY,
    Window,
    allowed_days,
    expected_count,
    make_windows,
    rule_date,
    window_of,
)

_FLEX_ORDER = {"per_week": 0, "per_fortnight": 1, "per_month": 2}


def schedule(
    request: CalendarRequest, keep: Mapping[str, list[KeptSlot]] | None = None
) -> Schedule:
    """Dates for every cadence slot and launch step of `request`. Deterministic.

    `keep` maps channels to slots a revision leaves where they were: those channels are not
    re-planned (so dropping Instagram does not reshuffle LinkedIn); the rest are planned
    around them. Launch steps are always re-placed.
    """
    rules = validate_request(request)
    board = Board(request, rules)
    keep = keep or {}
    for cadence in request.channels:
        for kept in keep.get(cadence.channel, []):
            board.add(cadence, kept.slot, kept)
    ordered = sorted(
        ((i, c) for i, c in enumerate(request.channels) if c.channel not in keep),
        key=lambda ic: (
            ic[1].kind in _FLEX_ORDER,
            _FLEX_ORDER.get(ic[1].kind, 0),
            -ic[1].times,
            ic[0],
        ),
    )
    for _, cadence in ordered:
        _place_nominal(board, cadence)
    _move_blocked(board)
    enforce_day_cap(board)
    result = Schedule(board.slots, rules)
    for launch in request.launches:
        place_launch(board, launch, result)
    order = {c.channel: i for i, c in enumerate(request.channels)}
    result.slots = sorted(board.slots, key=lambda s: (s.date, order.get(s.channel, 99), s.id))
    return result


def _place_nominal(board: Board, cadence: ChannelCadence) -> None:
    allowed = board.request.allowed_weekdays
    windows = make_windows(cadence.kind, board.start, board.end)
    flexible = cadence.kind in ("per_week", "per_fortnight")
    pattern = _choose_pattern(board, cadence) if flexible else ()
    for window in windows:
        count = expected_count(cadence, window, allowed)
        if cadence.kind == "weekdays":
            days = [d for d in window.dates() if d.weekday() in cadence.weekdays]
        elif cadence.kind == "monthly_rule":
            assert cadence.rule is not None
            days = [rule_date(cadence.rule, window.start.year, window.start.month)]
            days = [d for d in days if d in window]
        elif cadence.kind == "per_month":
            days = _spread_pick(board, window, count)
        else:
            days = _pattern_days(board, cadence, window, pattern, count)
        for day in days:
            board.add(cadence, day)


def _cycle_key(board: Board, cadence: ChannelCadence, day: dt.date) -> int:
    """Weekly patterns are weekdays; fortnightly ones are offsets in a 14-day cycle."""
    if cadence.kind == "per_fortnight":
        return (day - board.start).days % 14
    return day.weekday()


def _choose_pattern(board: Board, cadence: ChannelCadence) -> tuple[int, ...]:
    """The least-loaded, most evenly spaced, least-blocked set of `times` cycle positions."""
    cycle = 14 if cadence.kind == "per_fortnight" else 7
    load: Counter[int] = Counter()
    blocked: Counter[int] = Counter()
    candidates: set[int] = set()
    for day in board.days():
        if day.weekday() not in board.rules.allowed_weekdays:
            continue
        key = _cycle_key(board, cadence, day)
        candidates.add(key)
        load[key] += board.load[day]
        blocked[key] += not board.rules.usable(day)
    size = min(cadence.times, len(candidates))

    def score(combo: tuple[int, ...]) -> tuple[int, int, int, tuple[int, ...]]:
        return (
            sum(load[k] for k in combo),
            -_min_gap(combo, cycle),
            sum(blocked[k] for k in combo),
            combo,
        )

    return min(combinations(sorted(candidates), size), key=score, default=())


def _min_gap(combo: tuple[int, ...], cycle: int) -> int:
    if len(combo) < 2:
        return cycle
    gaps = [b - a for a, b in zip(combo, combo[1:], strict=False)]
    return min([*gaps, combo[0] + cycle - combo[-1]])


def _pattern_days(
    board: Board, cadence: ChannelCadence, window: Window, pattern: tuple[int, ...], count: int
) -> list[dt.date]:
    """The pattern's days in this window; a clipped window tops up with its quietest days."""
    days = [d for d in window.dates() if _cycle_key(board, cadence, d) in pattern][:count]
    if len(days) < count:
        spare = [d for d in allowed_days(window, board.request.allowed_weekdays) if d not in days]
        spare.sort(key=lambda d: (not board.rules.usable(d), board.load[d], d))
        days = sorted(days + spare[: count - len(days)])
    return days


def _spread_pick(board: Board, window: Window, count: int) -> list[dt.date]:
    """`count` days spread over a month: the quietest usable day in each equal segment."""
    candidates = allowed_days(window, board.request.allowed_weekdays)
    chosen: list[dt.date] = []
    for i in range(count):
        first = window.start + dt.timedelta(days=i * window.days // count)
        last = window.start + dt.timedelta(days=(i + 1) * window.days // count - 1)
        centre = first + (last - first) / 2
        pool = [d for d in candidates if first <= d <= last and d not in chosen]
        pool = pool or [d for d in candidates if d not in chosen]
        chosen.append(
            min(
                pool,
                key=lambda d: (not board.rules.usable(d), board.load[d], abs((d - centre).days), d),
            )
        )
    return sorted(chosen)


def _move_blocked(board: Board) -> None:
    """Move every slot on a holiday or blackout, earliest first (see module docstring)."""
    order = {c.channel: i for i, c in enumerate(board.request.channels)}
    cadences = {c.channel: c for c in board.request.channels}
    windows = {c.channel: make_windows(c.kind, board.start, board.end) for c in cadences.values()}
    blocked = [s for s in board.slots if not s.kept and not board.rules.usable(s.date)]
    for slot in sorted(blocked, key=lambda s: (s.slot, order[s.channel])):
        cadence = cadences[slot.channel]
        window = window_of(windows[slot.channel], slot.slot)
        reason = board.rules.blocked_reason(slot.slot)
        target = _free_day(board, slot.channel, slot.slot, window)
        if target is None:
            raise _no_room(board, cadence, window)
        board.release(slot.channel, slot.slot)
        board.occupy(slot.channel, target)
        slot.date, slot.moved_from = target, slot.slot
        slot.note = f"Moved from {fmt_day(slot.slot)} ({reason})."
        if target not in window:
            slot.note += f" No free {slot.channel} day was left in its cadence window."


def _free_day(board: Board, channel: str, day: dt.date, window: Window) -> dt.date | None:
    """Next usable day without `channel`: later in the window, earlier in it, then outside."""
    inside = window.dates()
    later_out = walk(window.end + DAY, board.end, 1)
    earlier_out = walk(window.start - DAY, board.start, -1)
    order = [
        *(d for d in inside if d > day),
        *(d for d in reversed(inside) if d < day),
    ]
    for candidate in (*order, *later_out, *earlier_out):
        if board.rules.usable(candidate) and candidate not in board.taken[channel]:
            return candidate
    return None


def _no_room(board: Board, cadence: ChannelCadence, window: Window) -> ImpossibleCalendar:
    off = [
        f"{fmt_day(d)} ({board.rules.blocked_reason(d)})"
        for d in window.dates()
        if d.weekday() in board.rules.allowed_weekdays and not board.rules.usable(d)
    ]
    usable = sum(1 for d in board.days() if board.rules.usable(d))
    return ImpossibleCalendar(
        f"{cadence.channel} ({cadence.describe()}) needs more days than are free: in the window "
        f"{fmt_day(window.start)} – {fmt_day(window.end)} these days are off: {', '.join(off)}, "
        f"and every other usable day of the calendar ({usable}) already has a "
        f"{cadence.channel} item (at most one item per channel per day).",
        f"lower {cadence.channel}'s cadence, allow another weekday, or remove some blackout "
        "dates in that period.",
        channel=cadence.channel,
    )
