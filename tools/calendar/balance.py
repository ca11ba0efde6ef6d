"""The daily limit (`max_per_day`): move flexible items off overfull days, inside their window.

Patterns are already chosen by load, so this only has work when a user sets a hard limit.
Only flexible cadence items move (n per week/fortnight/month): fixed-day cadences, launch
steps and items a revision keeps stay put. An item moves to the nearest day of its own cadence
window that is usable, has room and has no item of the same channel, so cadence counts per
window never change. When no such day exists the request is impossible and we say why.
"""

from __future__ import annotations

import datetime as dt

from tools.calendar.board import Board, Slot, fmt_day
from tools.calendar.errors import ImpossibleCalendar
from tools.calendar.windows import Window, make_windows, window_of

_FLEXIBLE = ("per_week", "per_fortnight", "per_month")


def enforce_day_cap(board: Board) -> None:
    """Bring every day down to `max_per_day` items (see module docstring)."""
    cap = board.request.max_per_day
    if cap is None:
        return
    cadences = {c.channel: c for c in board.request.channels}
    order = {c.channel: i for i, c in enumerate(board.request.channels)}
    windows = {c.channel: make_windows(c.kind, board.start, board.end) for c in cadences.values()}
    for day in sorted(d for d, n in board.load.items() if n > cap):
        movable = [
            s
            for s in board.slots
            if s.date == day
            and not s.kept
            and s.origin == "cadence"
            and s.channel in cadences
            and cadences[s.channel].kind in _FLEXIBLE
        ]
        movable.sort(key=lambda s: -order[s.channel])  # later-listed channels give way first
        while board.load[day] > cap:
            if not _move_one(board, movable, windows, day, cap):
                raise _overfull(board, day, cap)


def _move_one(
    board: Board, movable: list[Slot], windows: dict[str, list[Window]], day: dt.date, cap: int
) -> bool:
    for slot in movable:
        window = window_of(windows[slot.channel], slot.slot)
        target = _room(board, slot.channel, day, window)
        if target is None:
            continue
        board.release(slot.channel, day)
        board.occupy(slot.channel, target)
        if slot.moved_from is None:
            slot.moved_from = day
            slot.note = f"Moved from {fmt_day(day)} (the daily limit is {cap} item(s))."
        else:
            slot.note += f" Then moved on from {fmt_day(day)} (daily limit of {cap})."
        slot.date = target
        movable.remove(slot)
        return True
    return False


def _room(board: Board, channel: str, day: dt.date, window: Window) -> dt.date | None:
    candidates = [
        d
        for d in window.dates()
        if d != day
        and board.rules.usable(d)
        and board.has_room(d)
        and d not in board.taken[channel]
    ]
    return min(candidates, key=lambda d: (abs((d - day).days), d < day), default=None)


def _overfull(board: Board, day: dt.date, cap: int) -> ImpossibleCalendar:
    channels = sorted(s.channel for s in board.slots if s.date == day)
    return ImpossibleCalendar(
        f"{fmt_day(day)} needs {len(channels)} items ({', '.join(channels)}) but the daily "
        f"limit is {cap}, and no other day in those items' cadence windows has room.",
        f"raise the daily limit to {len(channels)}, lower a cadence, or allow more weekdays.",
    )
