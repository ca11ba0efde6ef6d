"""Launch lead-up: teaser, announcement, proof and follow-up around a launch date.

Timing follows the content playbook's launch lead-up sequence (content-strategy-and-calendars.md):
teaser 2–3 weeks before (as late as 10 days before when nothing earlier is usable), the
announcement on launch day (or within 3 days), proof in weeks 1–4 after, follow-up in weeks
4–8 after. Each step aims at a target day (−14, 0, +7, +35) and takes over the launch
channel's own slot when one is close to it (keeping the team's volume as planned), or adds an
item on the nearest free usable day of its window. A step with no usable day inside the
calendar (a launch in the first week has no room for a teaser) is skipped with a warning.
"""

from __future__ import annotations

import datetime as dt

from tools.calendar.board import Board, Schedule, Slot, fmt_day, walk
from tools.calendar.models import ChannelCadence, Launch, LaunchStep, Stage

# step, target offset from launch day, window (first, last offset), how far (days) from the
# target the step may take over an existing slot instead of adding one, fixed funnel stage
LAUNCH_STEPS: tuple[tuple[LaunchStep, int, int, int, int, Stage], ...] = (
    ("teaser", -14, -21, -10, 3, "awareness"),
    ("announcement", 0, 0, 3, 0, "consideration"),
    ("proof", 7, 1, 28, 3, "consideration"),
    ("follow_up", 35, 28, 56, 4, "conversion"),
)


def place_launch(board: Board, launch: Launch, result: Schedule) -> None:
    """Place the four steps of one launch on the board (see module docstring)."""
    channel = launch.channel or board.request.channels[0].channel
    if not launch.channel:
        result.notes.append(f"Launch '{launch.name}' runs on {channel} (the first channel).")
    cadence = next((c for c in board.request.channels if c.channel == channel), None)
    cadence = cadence or ChannelCadence(channel=channel)
    for step, offset, lo, hi, reach, stage in LAUNCH_STEPS:
        first, last = (launch.date + dt.timedelta(days=d) for d in (lo, hi))
        target = launch.date + dt.timedelta(days=offset)
        days = [
            d for d in walk(first, last) if board.start <= d <= board.end and board.rules.usable(d)
        ]
        days.sort(key=lambda d: (abs((d - target).days), d))
        slot = _launch_slot(board, cadence, days, target, reach)
        if slot is None:
            result.warnings.append(
                f"No {step.replace('_', '-')} for '{launch.name}': no usable {cadence.channel} "
                f"day between {fmt_day(first)} and {fmt_day(last)} inside the calendar."
            )
            continue
        slot.launch, slot.launch_step, slot.stage = launch, step, stage
        off_days = board.rules.holidays.keys() | board.rules.blackouts
        if slot.origin == "launch" and slot.date != target and target in off_days:
            reason = board.rules.blocked_reason(target)
            slot.moved_from, slot.note = target, f"Moved from {fmt_day(target)} ({reason})."


def _launch_slot(
    board: Board, cadence: ChannelCadence, days: list[dt.date], target: dt.date, reach: int
) -> Slot | None:
    """Take over the channel's own slot near the target (the team's volume stays as planned);
    else add an item on the nearest free day; else take over any own slot in the window."""
    own = {s.date: s for s in board.slots if s.channel == cadence.channel and s.launch is None}
    near = next((own[d] for d in days if d in own and abs((d - target).days) <= reach), None)
    if near is not None:
        return near
    free = next(
        (d for d in days if d not in board.taken[cadence.channel] and board.has_room(d)), None
    )
    if free is not None:
        board.occupy(cadence.channel, free)
        slot = Slot(
            cadence.channel,
            free,
            free,
            cadence.resolved_time(),
            cadence.resolved_format(),
            origin="launch",
        )
        board.slots.append(slot)
        return slot
    return next((own[d] for d in days if d in own), None)
