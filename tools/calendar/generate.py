"""The generation pipeline: validate → schedule → stages and pillars → launches → ideas.

`generate_calendar` is pure and deterministic: the same request and sources give the same
items (ids, dates, labels, titles). `build_items` is shared with revisions: given the previous
version's items it carries their content over wherever the slot and its labels are unchanged,
keeps hand-edited items' content always, and writes new ideas only for what changed.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Collection
from dataclasses import dataclass, field

from tools.calendar.board import Schedule, Slot, fmt_day
from tools.calendar.defaults import describe_defaults, normalise
from tools.calendar.ideas import fill_ideas
from tools.calendar.labels import Labels, assign_labels, stage_of
from tools.calendar.models import Calendar, CalendarItem, CalendarRequest, IdeaSource
from tools.calendar.scheduler import schedule

# Content a hand edit owns; a revision never rewrites these on an edited item.
EDITABLE = ("title", "hook", "cta", "format", "time", "segment", "owner", "status", "source")
PAIR_DAYS = 31  # how far a rescheduled item may move and still keep its content


@dataclass
class BuildStats:
    """What a (re)build did with the previous version's items."""

    kept: int = 0  # content carried over unchanged
    kept_edited: int = 0  # of which hand-edited
    rewritten: int = 0  # slot carried over, new idea (its stage, pillar or step changed)
    new: int = 0  # new slot, new idea
    removed: list[CalendarItem] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def calendar_id_for(request: CalendarRequest) -> str:
    """Same request, same id: regenerating updates a saved calendar (and its ics UIDs)."""
    payload = request.model_dump_json(exclude={"assumptions", "not_understood"})
    return f"cal-{request.start:%Y%m%d}-{hashlib.sha256(payload.encode()).hexdigest()[:8]}"


def generate_calendar(
    request: CalendarRequest,
    sources: list[IdeaSource],
    calendar_id: str | None = None,
    previous: Calendar | None = None,
    now: dt.datetime | None = None,
) -> Calendar:
    """A complete calendar for `request`. Raises `ImpossibleCalendar` (with a fix) when the
    constraints cannot all hold. With `previous` (same id, saved earlier) this is a new
    version that keeps hand edits."""
    request = normalise(request)
    plan = schedule(request)
    cid = calendar_id or calendar_id_for(request)
    items, stats = build_items(plan, request, cid, sources, previous.items if previous else [])
    now = now or dt.datetime.now(dt.UTC)
    return Calendar(
        id=cid,
        request=request,
        start=request.start,
        end=request.end_date,
        items=items,
        defaults_used=[*request.assumptions, *describe_defaults(request), *plan.notes],
        warnings=[*plan.warnings, *stats.warnings, *empty_channels(request, items)],
        created_at=previous.created_at if previous else now,
        updated_at=now,
        version=previous.version + 1 if previous else 1,
        revision_note="regenerated" if previous else "",
    )


def empty_channels(request: CalendarRequest, items: list[CalendarItem]) -> list[str]:
    """A cadence that owes nothing in a short range (1 a month over one week) is not an error,
    but the user should know why the channel is missing."""
    used = {i.channel for i in items}
    return [
        f"{c.channel} ({c.describe()}) has no items: its share of this short range rounds to "
        "zero. Lengthen the range or give it a weekly cadence."
        for c in request.channels
        if c.channel not in used
    ]


def build_items(
    plan: Schedule,
    request: CalendarRequest,
    calendar_id: str,
    sources: list[IdeaSource],
    previous: list[CalendarItem],
    rescheduled: Collection[str] = (),
) -> tuple[list[CalendarItem], BuildStats]:
    """Items for every slot of `plan`, reusing `previous` items' content where it still fits.

    Slots match previous items by id; slots of `rescheduled` channels are paired with that
    channel's previous items by nearest date (hand-edited first) and take over their ids, so
    exported events move instead of being duplicated.
    """
    stats = BuildStats()
    carried = _carry(plan.slots, previous, set(rescheduled), stats)
    entries = [_labels_of(slot, carried.get(i)) for i, slot in enumerate(plan.slots)]
    stats.warnings += assign_labels(entries, request)
    items = [
        _item(slot, entry, carried.get(i), request, stats)
        for i, (slot, entry) in enumerate(zip(plan.slots, entries, strict=True))
    ]
    _unique_ids(items)
    fill_ideas(items, sources, calendar_id)
    present = {item.id for item in items}
    stats.removed = [item for item in previous if item.id not in present]
    return items, stats


def _carry(
    slots: list[Slot], previous: list[CalendarItem], rescheduled: set[str], stats: BuildStats
) -> dict[int, CalendarItem]:
    by_id = {
        item.id: item
        for item in previous
        if item.channel not in rescheduled or item.origin == "launch"
    }
    carried = {i: by_id[s.id] for i, s in enumerate(slots) if s.id in by_id}
    for channel in sorted(rescheduled):
        old = [i for i in previous if i.channel == channel and i.origin == "cadence"]
        free = [i for i, s in enumerate(slots) if s.channel == channel and s.origin == "cadence"]
        for item in sorted(old, key=lambda i: (not i.edited, i.date)):
            if not free:
                break
            best = min(free, key=lambda k: (abs((slots[k].date - item.date).days), slots[k].date))
            if not item.edited and abs((slots[best].date - item.date).days) > PAIR_DAYS:
                continue
            free.remove(best)
            slots[best].item_id = item.id
            carried[best] = item
        homed = {c.id for c in carried.values()}
        stats.warnings += [
            f"The hand-edited {channel} item '{item.title}' ({fmt_day(item.date)}) has no slot "
            "under the new cadence, so it was removed (the previous version still has it)."
            for item in old
            if item.edited and item.id not in homed
        ]
    return carried


def _labels_of(slot: Slot, old: CalendarItem | None) -> Labels:
    entry = Labels(date=slot.date)
    if old is not None:
        entry.stage, entry.pillar = old.stage, old.pillar
        entry.stage_pinned = entry.pillar_pinned = old.edited
    if slot.stage is not None and not entry.stage_pinned:  # a launch step's fixed stage
        entry.stage, entry.stage_pinned = slot.stage, True
    if slot.launch is not None and slot.launch.pillar and not entry.pillar_pinned:
        entry.pillar, entry.pillar_pinned = slot.launch.pillar, True
    return entry


def _item(
    slot: Slot,
    entry: Labels,
    old: CalendarItem | None,
    request: CalendarRequest,
    stats: BuildStats,
) -> CalendarItem:
    assert entry.stage is not None and entry.pillar is not None
    item = CalendarItem(
        id=slot.id,
        date=slot.date,
        time=slot.time,
        channel=slot.channel,
        format=slot.format,
        pillar=entry.pillar,
        stage=stage_of(entry.stage),
        segment=request.segment or "",
        owner=request.owner_for(slot.channel),
        slot=slot.slot,
        moved_from=slot.moved_from,
        note=slot.note,
        origin="launch" if slot.origin == "launch" else "cadence",
        launch=slot.launch.name if slot.launch else None,
        launch_step=slot.launch_step,
    )
    if old is None:
        stats.new += 1
        return item
    if old.date != item.date and not item.note:
        item.note = f"Rescheduled from {fmt_day(old.date)} by a revision."
    if old.edited:
        item.edited = True
        for name in EDITABLE:
            setattr(item, name, getattr(old, name))
        stats.kept += 1
        stats.kept_edited += 1
    elif (old.stage, old.pillar, old.launch_step, old.format) == (
        item.stage,
        item.pillar,
        item.launch_step,
        item.format,
    ):
        item.title, item.hook, item.cta = old.title, old.hook, old.cta
        item.source, item.status = old.source, old.status
        stats.kept += 1
    else:
        stats.rewritten += 1
    return item


def _unique_ids(items: list[CalendarItem]) -> None:
    """Carried ids can, in rare revisions, equal a new slot's id: suffix the later one."""
    seen: set[str] = set()
    for item in items:
        base, k = item.id, 2
        while item.id in seen:
            item.id, k = f"{base}-{k}", k + 1
        seen.add(item.id)
