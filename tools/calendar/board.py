"""The scheduler's working state: slots, per-day load, and which days each channel holds."""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field

from tools.calendar.constraints import DayRules
from tools.calendar.models import CalendarRequest, ChannelCadence, Launch, LaunchStep, Stage
from tools.calendar.windows import DAY


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "x"


def fmt_day(day: dt.date) -> str:
    return f"{day:%a} {day.day} {day:%b %Y}"


def walk(first: dt.date, last: dt.date, step: int = 1) -> list[dt.date]:
    """Days from `first` to `last` inclusive, forwards (step 1) or backwards (step -1)."""
    out, day = [], first
    while (day <= last) if step > 0 else (day >= last):
        out.append(day)
        day += dt.timedelta(days=step)
    return out


@dataclass
class Slot:
    """A scheduled date for one channel, before ideas are attached."""

    channel: str
    slot: dt.date
    date: dt.date
    time: dt.time
    format: str
    moved_from: dt.date | None = None
    note: str = ""
    origin: str = "cadence"
    launch: Launch | None = None
    launch_step: LaunchStep | None = None
    stage: Stage | None = None  # fixed for launch steps, else set by the mix
    kept: bool = False  # carried over by a revision: never moved
    item_id: str | None = None  # an existing item's id, kept so exports update, not duplicate

    @property
    def id(self) -> str:
        """Stable across regenerations: channel + planned date (or launch + step)."""
        if self.item_id:
            return self.item_id
        if self.origin == "launch" and self.launch and self.launch_step:
            return f"launch-{slug(self.launch.name)}-{self.launch.date:%Y%m%d}-{self.launch_step}"
        return f"{slug(self.channel)}-{self.slot:%Y%m%d}"


@dataclass(frozen=True)
class KeptSlot:
    """A slot carried over unchanged by a revision (see `schedule(keep=...)`)."""

    slot: dt.date
    date: dt.date
    moved_from: dt.date | None = None
    note: str = ""
    item_id: str | None = None


@dataclass
class Schedule:
    slots: list[Slot]
    rules: DayRules
    notes: list[str] = field(default_factory=list)  # defaults the engine chose
    warnings: list[str] = field(default_factory=list)


class Board:
    """Mutable state while scheduling: per-day load and which days each channel holds."""

    def __init__(self, request: CalendarRequest, rules: DayRules) -> None:
        self.request, self.rules = request, rules
        self.start, self.end = request.start, request.end_date
        self.load: Counter[dt.date] = Counter()
        self.taken: dict[str, set[dt.date]] = defaultdict(set)
        self.slots: list[Slot] = []

    def days(self) -> Iterator[dt.date]:
        day = self.start
        while day <= self.end:
            yield day
            day += DAY

    def add(self, cadence: ChannelCadence, day: dt.date, kept: KeptSlot | None = None) -> Slot:
        actual = kept.date if kept else day
        self.occupy(cadence.channel, actual)
        slot = Slot(
            cadence.channel, day, actual, cadence.resolved_time(), cadence.resolved_format()
        )
        if kept:
            slot.moved_from, slot.note, slot.kept = kept.moved_from, kept.note, True
            slot.item_id = kept.item_id
        self.slots.append(slot)
        return slot

    def has_room(self, day: dt.date) -> bool:
        """Below the request's daily limit (always true without one)."""
        cap = self.request.max_per_day
        return cap is None or self.load[day] < cap

    def occupy(self, channel: str, day: dt.date) -> None:
        self.load[day] += 1
        self.taken[channel].add(day)

    def release(self, channel: str, day: dt.date) -> None:
        self.load[day] -= 1
        self.taken[channel].discard(day)
