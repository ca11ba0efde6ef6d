"""Revisions: change a saved calendar and regenerate only what the change touches.

Three kinds, combinable in one call: drop channels, give a channel a new cadence (or add one),
and change the funnel-stage mix of one month (or of the whole calendar). Channels the revision
does not touch keep their slots exactly (`schedule(keep=...)`); stages and pillars are
re-apportioned with the fewest label changes; an item's idea is rewritten only when its
stage, pillar, format or launch step changed; hand-edited items always keep their content.
The result is the next version of the same calendar (same id, so exports update in place).
"""

from __future__ import annotations

import datetime as dt
import re

from dateutil.relativedelta import relativedelta
from pydantic import BaseModel, Field

from core.errors import InvalidInput
from tools.calendar.board import KeptSlot
from tools.calendar.defaults import describe_defaults
from tools.calendar.errors import ImpossibleCalendar
from tools.calendar.generate import build_items, empty_channels
from tools.calendar.labels import stage_of
from tools.calendar.mix import emphasise
from tools.calendar.models import (
    Calendar,
    CalendarItem,
    CalendarRequest,
    ChannelCadence,
    IdeaSource,
    Stage,
    canonical_channel,
)
from tools.calendar.scheduler import schedule
from tools.calendar.windows import month_index


class Revision(BaseModel):
    """What to change; every field is optional but at least one must be given."""

    drop_channels: list[str] = Field(default_factory=list, description="channels to remove")
    reschedule: list[ChannelCadence] = Field(
        default_factory=list,
        description="a channel's new cadence (added if new)",
    )
    month: str | None = Field(
        default=None, description="YYYY-MM the stage change applies to; default: all"
    )
    heavier_on: Stage | None = Field(
        default=None, description="raise this stage's share by 20 points"
    )
    stage_mix: dict[Stage, float] | None = Field(default=None, description="exact stage → share")
    instruction: str = Field(default="", description="the user's words")

    def is_empty(self) -> bool:
        return not (self.drop_channels or self.reschedule or self.heavier_on or self.stage_mix)


class RevisionReport(BaseModel):
    changes: list[str]
    kept: int
    kept_edited: int
    rewritten: int
    new: int
    removed: int


def revise_calendar(
    calendar: Calendar,
    revision: Revision,
    sources: list[IdeaSource],
    now: dt.datetime | None = None,
) -> tuple[Calendar, RevisionReport]:
    """The next version of `calendar` with `revision` applied (see module docstring)."""
    if revision.is_empty():
        raise InvalidInput(
            "Nothing to change: say which channel to drop, which channel gets a new cadence "
            "(e.g. 'move the webinar to the last Thursday of the month') or which month "
            "should be heavier on a funnel stage."
        )
    request = calendar.request.model_copy(deep=True)
    changes: list[str] = []
    dropped = _drop(calendar, request, revision.drop_channels, changes)
    rescheduled = _reschedule(request, revision.reschedule, changes)
    month = _mix(calendar, request, revision, changes)
    keep = {
        c.channel: [
            KeptSlot(i.slot, i.date, i.moved_from, i.note, i.id)
            for i in calendar.items
            if i.channel == c.channel and i.origin == "cadence"
        ]
        for c in request.channels
        if c.channel not in rescheduled
    }
    plan = schedule(request, keep)
    items, stats = build_items(plan, request, calendar.id, sources, calendar.items, rescheduled)
    lost = [i for i in stats.removed if i.edited and i.channel in dropped]
    if lost:
        stats.warnings.append(
            f"{len(lost)} hand-edited item(s) went with the dropped "
            "channel(s); the previous version still has them."
        )
    if month:
        changes.append(_month_effect(calendar.items, items, month, revision))
    now = now or dt.datetime.now(dt.UTC)
    revised = calendar.model_copy(
        update={
            "request": request,
            "items": items,
            "version": calendar.version + 1,
            "updated_at": now,
            "defaults_used": [*request.assumptions, *describe_defaults(request), *plan.notes],
            "warnings": [*plan.warnings, *stats.warnings, *empty_channels(request, items)],
            "revision_note": "; ".join(changes),
        }
    )
    report = RevisionReport(
        changes=changes,
        kept=stats.kept,
        kept_edited=stats.kept_edited,
        rewritten=stats.rewritten,
        new=stats.new,
        removed=len(stats.removed),
    )
    return revised, report


def _drop(
    calendar: Calendar, request: CalendarRequest, names: list[str], changes: list[str]
) -> set[str]:
    dropped = {canonical_channel(n) for n in names}
    present = [c.channel for c in request.channels]
    unknown = sorted(dropped - set(present))
    if unknown:
        raise InvalidInput(
            f"{', '.join(unknown)} is not in calendar {calendar.id}; its "
            f"channels are {', '.join(present)}."
        )
    if dropped and dropped >= set(present):
        raise ImpossibleCalendar(
            "Dropping every channel would leave an empty calendar.",
            "keep at least one channel, or generate a new calendar instead.",
        )
    for name in sorted(dropped):
        count = sum(1 for i in calendar.items if i.channel == name)
        changes.append(f"Dropped {name} ({count} items).")
    request.channels = [c for c in request.channels if c.channel not in dropped]
    for launch in request.launches:
        if launch.channel in dropped:
            launch.channel = None
            changes.append(f"Launch '{launch.name}' moves to {request.channels[0].channel}.")
    return dropped


def _reschedule(
    request: CalendarRequest, cadences: list[ChannelCadence], changes: list[str]
) -> set[str]:
    names: set[str] = set()
    for new in cadences:
        old = request.cadence_of(new.channel)
        if old is None:
            request.channels.append(new)
            changes.append(f"Added {new.channel}: {new.describe()}.")
        else:
            merged = new.model_copy(
                update={"format": new.format or old.format, "time": new.time or old.time}
            )
            request.channels[request.channels.index(old)] = merged
            changes.append(f"{new.channel}: {old.describe()} → {merged.describe()}.")
        names.add(new.channel)
    return names


def _mix(
    calendar: Calendar, request: CalendarRequest, revision: Revision, changes: list[str]
) -> str | None:
    """Apply the stage-mix change; return the month key it applies to (None: whole range)."""
    if not (revision.heavier_on or revision.stage_mix):
        if revision.month:
            raise InvalidInput(
                f"Say what should change in {revision.month}, e.g. 'heavier on conversion'."
            )
        return None
    key = resolve_month(revision.month, calendar.start, calendar.end) if revision.month else None
    current = (request.stage_mix_overrides.get(key) if key else None) or request.stage_mix
    base: dict[str, float] = {k: v for k, v in current.items()}
    if revision.stage_mix:
        mix: dict[str, float] = {k: v for k, v in revision.stage_mix.items()}
    else:
        assert revision.heavier_on is not None
        mix = emphasise(base, revision.heavier_on)
    where = month_label(key) if key else "The whole calendar"
    shares = ", ".join(f"{k} {v / (sum(mix.values()) or 1):.0%}" for k, v in mix.items())
    changes.append(f"{where}: stage mix is now {shares}.")
    typed = {stage_of(k): v for k, v in mix.items()}
    if key:
        request.stage_mix_overrides = {**request.stage_mix_overrides, key: typed}
    else:
        request.stage_mix = typed
    return key or "all"


def _month_effect(
    before: list[CalendarItem], after: list[CalendarItem], month: str, revision: Revision
) -> str:
    def count(items: list[CalendarItem], stage: str) -> tuple[int, int]:
        scope = [i for i in items if month == "all" or f"{i.date:%Y-%m}" == month]
        return sum(1 for i in scope if i.stage == stage), len(scope)

    mix: dict[str, float] = {k: v for k, v in (revision.stage_mix or {}).items()}
    stage: str = revision.heavier_on or max(mix, key=lambda s: mix[s])
    (old, total), (new, _) = count(before, stage), count(after, stage)
    where = "the calendar" if month == "all" else month_label(month)
    return f"{stage.capitalize()} items in {where}: {old} → {new} of {total}."


def resolve_month(text: str, start: dt.date, end: dt.date) -> str:
    """'2027-02', 'February' or 'Feb 2027' → the matching 'YYYY-MM' inside the calendar."""
    months = []
    day = start.replace(day=1)
    while day <= end:
        months.append(day)
        day += relativedelta(months=1)
    raw = text.strip()
    iso = re.fullmatch(r"(\d{4})-(\d{1,2})", raw)
    year = re.search(r"\b(\d{4})\b", raw)
    try:
        wanted = int(iso.group(2)) if iso else month_index(raw.split()[0])
    except (ValueError, IndexError):
        wanted = 0
    matches = [
        m for m in months if m.month == wanted and (year is None or m.year == int(year.group(1)))
    ]
    if not matches:
        raise InvalidInput(
            f"{text!r} is not a month inside this calendar ({start:%d %b %Y} – {end:%d %b %Y}); "
            f"name one of: {', '.join(f'{m:%B %Y}' for m in months)}."
        )
    return f"{matches[0]:%Y-%m}"


def month_label(key: str) -> str:
    return dt.date.fromisoformat(f"{key}-01").strftime("%B %Y")
