"""Counts people check first: items per channel, funnel-stage and pillar shares, moved items.

Shared by the tools' results, the Markdown export and the API, so every number shown anywhere
is computed here from the calendar's items.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter

from pydantic import BaseModel

from tools.calendar.models import STAGES, Calendar, CalendarItem


class Count(BaseModel):
    label: str
    count: int
    percent: int  # of all items, rounded
    detail: str = ""  # channel cadence, or the stage's target share


class MovedItem(BaseModel):
    id: str
    channel: str
    date: dt.date
    moved_from: dt.date
    title: str
    note: str


class ItemRow(BaseModel):
    """An item as the answer's table shows it."""

    id: str
    date: dt.date
    day: str
    time: str
    channel: str
    format: str
    stage: str
    pillar: str
    title: str
    note: str = ""


class CalendarSummary(BaseModel):
    total: int
    by_channel: list[Count]
    by_stage: list[Count]
    by_pillar: list[Count]
    months_with_own_mix: list[str]
    moved: list[MovedItem]


def summarise(calendar: Calendar) -> CalendarSummary:
    items = calendar.items
    request = calendar.request
    total = len(items)
    mix_total = sum(request.stage_mix.values()) or 1
    channels = Counter(i.channel for i in items)
    cadence = {c.channel: c.describe() for c in request.channels}
    stages = Counter(i.stage for i in items)
    pillars = Counter(i.pillar for i in items)
    pillar_order = [
        *request.effective_pillars(),
        *sorted(set(pillars) - set(request.effective_pillars())),
    ]
    return CalendarSummary(
        total=total,
        by_channel=[
            _count(c, channels[c], total, cadence.get(c, "launch items only"))
            for c in [*cadence, *sorted(set(channels) - set(cadence))]
        ],
        by_stage=[
            _count(
                s,
                stages[s],
                total,
                f"target {round(100 * request.stage_mix.get(s, 0) / mix_total)}%",
            )
            for s in STAGES
        ],
        by_pillar=[_count(p, pillars[p], total) for p in pillar_order],
        months_with_own_mix=[
            dt.date.fromisoformat(f"{k}-01").strftime("%B %Y")
            for k in sorted(request.stage_mix_overrides)
        ],
        moved=[_moved(i) for i in items if i.moved_from is not None],
    )


def rows(items: list[CalendarItem]) -> list[ItemRow]:
    return [
        ItemRow(
            id=i.id,
            date=i.date,
            day=f"{i.date:%a}",
            time=f"{i.time:%H:%M}",
            channel=i.channel,
            format=i.format,
            stage=i.stage,
            pillar=i.pillar,
            title=i.title,
            note=i.note,
        )
        for i in items
    ]


def _count(label: str, n: int, total: int, detail: str = "") -> Count:
    return Count(
        label=label, count=n, percent=round(100 * n / total) if total else 0, detail=detail
    )


def _moved(item: CalendarItem) -> MovedItem:
    assert item.moved_from is not None
    return MovedItem(
        id=item.id,
        channel=item.channel,
        date=item.date,
        moved_from=item.moved_from,
        title=item.title,
        note=item.note,
    )
