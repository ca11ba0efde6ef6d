"""What the calendar tools return: a compact summary the model (and the answer template)
reads, with export links and citations. The full calendar stays in the store and exports."""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, Field

from tools.calendar.models import Calendar
from tools.calendar.revise import RevisionReport
from tools.calendar.summary import CalendarSummary, ItemRow, rows, summarise
from tools.citations import Citation

FIRST_ITEMS = 12
EXPORT_FORMATS = ("csv", "ics", "md", "json")


class CalendarResult(BaseModel):
    calendar_id: str
    version: int
    workspace: str
    start: dt.date
    end: dt.date
    timezone: str
    segment: str | None
    total_items: int
    summary: CalendarSummary
    first_items: list[ItemRow] = Field(description=f"the first {FIRST_ITEMS} items by date")
    more_items: int = Field(description="items not listed in first_items")
    defaults_used: list[str]
    warnings: list[str]
    exports: dict[str, str] = Field(description="format → API path of the download")
    citations: list[Citation]
    reading: str = Field(description="what was planned, in one line: length, start, cadences")


class RevisionResult(CalendarResult):
    changes: list[str]
    kept: int = Field(description="items whose content carried over unchanged")
    kept_edited: int = Field(description="of which hand-edited")
    rewritten: int = Field(description="items that kept their slot but got a new idea")
    new: int = Field(description="new items")
    removed: int = Field(description="items of the previous version that are gone")


def export_links(workspace: str, calendar_id: str) -> dict[str, str]:
    return {f: f"/workspaces/{workspace}/calendars/{calendar_id}.{f}" for f in EXPORT_FORMATS}


def calendar_result(calendar: Calendar, workspace: str) -> CalendarResult:
    return CalendarResult(
        calendar_id=calendar.id,
        version=calendar.version,
        workspace=workspace,
        start=calendar.start,
        end=calendar.end,
        timezone=calendar.request.timezone,
        segment=calendar.request.segment,
        total_items=len(calendar.items),
        summary=summarise(calendar),
        first_items=rows(calendar.items[:FIRST_ITEMS]),
        more_items=max(0, len(calendar.items) - FIRST_ITEMS),
        defaults_used=calendar.defaults_used,
        warnings=calendar.warnings,
        exports=export_links(workspace, calendar.id),
        citations=citations(calendar),
        reading=describe_request(calendar),
    )


def revision_result(calendar: Calendar, workspace: str, report: RevisionReport) -> RevisionResult:
    base = calendar_result(calendar, workspace).model_dump()
    changes = "; ".join(report.changes) or "no change"
    base["reading"] = f"Revised calendar {calendar.id} (version {calendar.version}): {changes}"
    return RevisionResult(**base, **report.model_dump())


def describe_request(calendar: Calendar) -> str:
    """ "6-week calendar from Mon 30 Nov 2026 to Sun 10 Jan 2027: LinkedIn 3 per week, …"."""
    request = calendar.request
    days = (calendar.end - calendar.start).days + 1
    length = f"{days // 7}-week" if days % 7 == 0 else f"{days}-day"
    cadences = ", ".join(f"{c.channel} {c.describe()}" for c in request.channels)
    text = (
        f"{length} calendar from {calendar.start:%a %-d %b %Y} to {calendar.end:%a %-d %b %Y}: "
        f"{cadences}"
    )
    if request.holidays_country:
        text += f"; {request.holidays_country} public holidays skipped"
    if request.blackout_dates:
        text += f"; {len(request.blackout_dates)} blackout date(s)"
    if request.segment:
        text += f"; for {request.segment}"
    return text


def citations(calendar: Calendar) -> list[Citation]:
    """The calendar itself, then each retrieved passage its ideas came from (once)."""
    out = [
        Citation(
            kind="calendar",
            label=f"Content calendar {calendar.id} (v{calendar.version})",
            ref=calendar.id,
            detail=f"{len(calendar.items)} items, {calendar.start} to {calendar.end}",
        )
    ]
    seen: set[tuple[str, str]] = set()
    for item in calendar.items:
        source = item.source
        if (
            source
            and source.kind in ("document", "playbook")
            and (source.kind, source.ref) not in seen
        ):
            seen.add((source.kind, source.ref))
            out.append(source)
    return out
