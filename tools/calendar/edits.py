"""Hand edits to one item (`PATCH .../items/{item_id}`): the item is marked `edited`, so later
revisions keep its content, and the calendar gets a new version (so ics re-imports update)."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from core.errors import InvalidInput
from tools.calendar.errors import ItemNotFound
from tools.calendar.models import Calendar, Stage

# The playbook's status flow, plus "planned" (new items) and "cancelled".
Status = Literal[
    "planned", "idea", "drafting", "review", "scheduled", "published", "repurposed", "cancelled"
]


class ItemEdit(BaseModel):
    """Fields to change on one item; omitted fields stay as they are."""

    model_config = ConfigDict(extra="forbid")

    date: dt.date | None = None
    time: dt.time | None = None
    title: str | None = Field(default=None, min_length=1, max_length=200)
    hook: str | None = Field(default=None, max_length=500)
    cta: str | None = Field(default=None, max_length=200)
    format: str | None = Field(default=None, min_length=1, max_length=40)
    pillar: str | None = Field(default=None, min_length=1, max_length=80)
    stage: Stage | None = None
    segment: str | None = Field(default=None, max_length=120)
    owner: str | None = Field(default=None, max_length=80)
    status: Status | None = None
    note: str | None = Field(default=None, max_length=500)


def apply_edit(
    calendar: Calendar, item_id: str, edit: ItemEdit, now: dt.datetime | None = None
) -> Calendar:
    """The next version of `calendar` with one item changed by hand."""
    item = calendar.item(item_id)
    if item is None:
        raise ItemNotFound(
            f"calendar {calendar.id} has no item {item_id!r}; item ids are in "
            "the JSON or CSV export"
        )
    changes = edit.model_dump(exclude_unset=True, exclude_none=True)
    if not changes:
        raise InvalidInput('nothing to change: send at least one field, e.g. {"title": ...}')
    others = [i for i in calendar.items if i.id != item_id]
    if "date" in changes:
        day = changes["date"]
        if not calendar.start <= day <= calendar.end:
            raise InvalidInput(
                f"{day} is outside this calendar ({calendar.start} to "
                f"{calendar.end}); pick a date inside it"
            )
        if any(i.channel == item.channel and i.date == day for i in others):
            raise InvalidInput(
                f"{item.channel} already has an item on {day}; a channel gets "
                "at most one item per day"
            )
    if "title" in changes and any(
        i.title.casefold() == changes["title"].casefold() for i in others
    ):
        raise InvalidInput(
            f"another item already has the title {changes['title']!r}; titles "
            "are unique within a calendar"
        )
    edited = item.model_copy(update={**changes, "edited": True})
    order = {c.channel: n for n, c in enumerate(calendar.request.channels)}
    items = sorted([*others, edited], key=lambda i: (i.date, order.get(i.channel, 99), i.id))
    return calendar.model_copy(
        update={
            "items": items,
            "version": calendar.version + 1,
            "updated_at": now or dt.datetime.now(dt.UTC),
            "revision_note": f"Edited {item_id} by hand: {', '.join(sorted(changes))}",
        }
    )
