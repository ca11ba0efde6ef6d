"""A workspace's content calendars: generate, list, read, export, and hand-edit one item."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Query, Response, status
from fastapi.concurrency import run_in_threadpool

from api.deps import WorkspaceDep
from api.schemas import ErrorResponse
from core.errors import NotFound
from tools.calendar.edits import ItemEdit
from tools.calendar.exports import MEDIA_TYPES, export
from tools.calendar.models import Calendar, CalendarDraft
from tools.calendar.service import create_calendar, edit_item, store_for
from tools.calendar.store import CalendarInfo

router = APIRouter(prefix="/workspaces/{workspace_id}/calendars", tags=["calendars"])
_ERRORS: dict[int | str, dict[str, Any]] = {
    404: {"model": ErrorResponse},
    422: {"model": ErrorResponse},
}


@router.post("", response_model=Calendar, status_code=status.HTTP_201_CREATED, responses=_ERRORS)
async def generate(body: CalendarDraft, scope: WorkspaceDep, response: Response) -> Calendar:
    """Generate and save a calendar. Missing fields take defaults, listed in `defaults_used`;
    impossible constraints answer 422 `impossible_calendar` with the conflict and a fix.
    Sending the same request again saves the next version of the same calendar."""
    calendar = await run_in_threadpool(create_calendar, scope, body)
    response.headers["Location"] = f"/workspaces/{scope.id}/calendars/{calendar.id}"
    return calendar


@router.get("", response_model=list[CalendarInfo], responses=_ERRORS)
def list_calendars(scope: WorkspaceDep) -> list[CalendarInfo]:
    """The workspace's calendars, most recently changed first."""
    return store_for(scope).list()


@router.get(
    "/{calendar_id}.{fmt}",
    responses={**_ERRORS, 200: {"content": {m: {} for m in MEDIA_TYPES.values()}}},
)
def export_calendar(
    calendar_id: str,
    fmt: str,
    scope: WorkspaceDep,
    bom: bool = Query(default=False, description="CSV only: start with a UTF-8 BOM (Excel)"),
) -> Response:
    """Download a calendar as csv, ics (iCalendar), md (Markdown) or json."""
    if fmt not in MEDIA_TYPES:
        raise NotFound(f"unknown export format {fmt!r}: use csv, ics, md or json")
    calendar = store_for(scope).get(calendar_id)
    return Response(
        content=export(calendar, fmt, bom),
        media_type=MEDIA_TYPES[fmt],
        headers={"Content-Disposition": f'attachment; filename="{calendar.id}.{fmt}"'},
    )


@router.get("/{calendar_id}", response_model=Calendar, responses=_ERRORS)
def get_calendar(
    calendar_id: str,
    scope: WorkspaceDep,
    version: int | None = Query(default=None, ge=1, description="default: the latest"),
) -> Calendar:
    return store_for(scope).get(calendar_id, version)


@router.patch("/{calendar_id}/items/{item_id}", response_model=Calendar, responses=_ERRORS)
def patch_item(calendar_id: str, item_id: str, edit: ItemEdit, scope: WorkspaceDep) -> Calendar:
    """Edit one item by hand. It is marked `edited`, so later revisions keep its content;
    the calendar gets a new version (ics SEQUENCE goes up, so re-imports update)."""
    return edit_item(scope, calendar_id, item_id, edit)
