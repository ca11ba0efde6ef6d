"""Calendar operations on a workspace, shared by the chat tools and the HTTP API:
resolve → retrieve idea sources → generate or revise → save."""

from __future__ import annotations

import datetime as dt

from core.scope import WorkspaceScope
from tools.calendar.defaults import normalise, resolve
from tools.calendar.edits import ItemEdit, apply_edit
from tools.calendar.errors import CalendarNotFound
from tools.calendar.generate import calendar_id_for, generate_calendar
from tools.calendar.models import Calendar, CalendarDraft
from tools.calendar.revise import Revision, RevisionReport, revise_calendar
from tools.calendar.sources import idea_sources
from tools.calendar.store import CalendarStore


def store_for(scope: WorkspaceScope) -> CalendarStore:
    """The workspace's calendars (one store per scope)."""
    return scope.store(CalendarStore)


def create_calendar(
    scope: WorkspaceScope, draft: CalendarDraft, today: dt.date | None = None
) -> Calendar:
    """Generate and save. The same request again is the next version of the same calendar
    (hand edits kept), so exports and ics UIDs update rather than duplicate."""
    store = store_for(scope)
    latest = store.latest()
    request = resolve(draft, today or dt.date.today(), latest.request if latest else None)
    cid = calendar_id_for(normalise(request))
    sources = idea_sources(scope, request)
    with store.locked(cid):
        previous = store.get(cid) if store.exists(cid) else None
        return store.save(generate_calendar(request, sources, cid, previous))


def revise(
    scope: WorkspaceScope, calendar_id: str | None, revision: Revision
) -> tuple[Calendar, RevisionReport]:
    store = store_for(scope)
    target = store.get(calendar_id) if calendar_id else store.latest()
    if target is None:
        raise CalendarNotFound(
            "this workspace has no calendar to revise yet; ask for one "
            "first, e.g. 'Plan 8 weeks of content from 5 January'"
        )
    with store.locked(target.id):  # read again inside the lock: another change may have won
        calendar = store.get(target.id)
        sources = idea_sources(scope, calendar.request)
        revised, report = revise_calendar(calendar, revision, sources)
        return store.save(revised), report


def edit_item(scope: WorkspaceScope, calendar_id: str, item_id: str, edit: ItemEdit) -> Calendar:
    store = store_for(scope)
    with store.locked(calendar_id):
        return store.save(apply_edit(store.get(calendar_id), item_id, edit))
