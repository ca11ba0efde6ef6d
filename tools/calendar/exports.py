"""Calendars as files teams load elsewhere: CSV, iCalendar (RFC 5545), Markdown and JSON.

- Every format: each text of the calendar is neutralised first (`core.sanitise`): no image,
  raw HTML or outside link can reach a file, whatever a request or a hand edit held.
- CSV: one row per item, a header row, UTF-8 (with a BOM on request, for Excel); cells that
  a spreadsheet would run as a formula (leading = + - @, tab or carriage return) are
  prefixed with an apostrophe (`core.sanitise.csv_cell`).
- iCalendar: one VEVENT per item with UID `<calendar id>-<item id>@fractional-cmo`, stable
  across regenerations and revisions, and SEQUENCE = calendar version, so re-importing a
  new version updates events instead of duplicating them. Times carry a TZID and the file
  holds the matching VTIMEZONE. Each event blocks 30 minutes (60 for webinars): a marker for
  the publish slot, not an estimate of the work. Items earlier versions had and this one does
  not (a dropped channel, a moved cadence) stay in the file as STATUS:CANCELLED events with
  the same UID, so a calendar app that imported them removes them instead of keeping them.
- Markdown: a summary and one table per week (prompts/calendar/export.md.j2).
- JSON: the `Calendar` model itself.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Callable
from typing import Any
from zoneinfo import ZoneInfo

import icalendar

from core.prompts import render
from core.sanitise import clean_text, csv_cell, neutralise_markdown
from tools.calendar.models import Calendar, CalendarItem
from tools.calendar.summary import summarise

CSV_COLUMNS = (
    "date",
    "time",
    "timezone",
    "channel",
    "format",
    "pillar",
    "stage",
    "title",
    "hook",
    "cta",
    "segment",
    "owner",
    "status",
    "source",
    "note",
)
PRODID = "-//Fractional CMO Agent//Content calendar//EN"


def uid(calendar_id: str, item_id: str) -> str:
    return f"{calendar_id}-{item_id}@fractional-cmo"


def to_csv(calendar: Calendar, bom: bool = False) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS)  # csv's default \r\n suits Excel
    writer.writeheader()
    for item in calendar.items:
        writer.writerow({k: csv_cell(v) for k, v in csv_row(calendar, item).items()})
    return ("\ufeff" if bom else "") + out.getvalue()


def csv_row(calendar: Calendar, item: CalendarItem) -> dict[str, str]:
    return {
        "date": item.date.isoformat(),
        "time": f"{item.time:%H:%M}",
        "timezone": calendar.request.timezone,
        "channel": item.channel,
        "format": item.format,
        "pillar": item.pillar,
        "stage": item.stage,
        "title": item.title,
        "hook": item.hook,
        "cta": item.cta,
        "segment": item.segment,
        "owner": item.owner,
        "status": item.status,
        "source": item.source.label if item.source else "",
        "note": item.note,
    }


def to_ics(calendar: Calendar) -> bytes:
    zone = ZoneInfo(calendar.request.timezone)
    stamp = (calendar.updated_at or calendar.created_at).astimezone(dt.UTC)
    cal = icalendar.Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", f"Content calendar {calendar.start:%d %b %Y} ({calendar.id})")
    for item in calendar.items:
        cal.add_component(_event(calendar, item, zone, stamp))
    for item in calendar.cancelled:
        cal.add_component(_event(calendar, item, zone, stamp, cancelled=True))
    cal.add_missing_timezones(
        first_date=dt.date(calendar.start.year, 1, 1),
        last_date=dt.date(calendar.end.year + 1, 1, 1),
    )
    return bytes(cal.to_ical())


def _event(
    calendar: Calendar,
    item: CalendarItem,
    zone: ZoneInfo,
    stamp: dt.datetime,
    cancelled: bool = False,
) -> icalendar.Event:
    start = dt.datetime.combine(item.date, item.time, tzinfo=zone)
    minutes = 60 if item.format == "webinar" else 30
    event = icalendar.Event()
    event.add("uid", uid(calendar.id, item.id))
    event.add("dtstamp", stamp)
    event.add("dtstart", start)
    event.add("dtend", start + dt.timedelta(minutes=minutes))
    event.add("summary", ("Cancelled: " if cancelled else "") + f"[{item.channel}] {item.title}")
    event.add("description", _description(item))
    event.add("categories", [item.channel, item.stage, item.pillar])
    event.add("sequence", calendar.version)
    if cancelled:
        event.add("status", "CANCELLED")
    return event


def _description(item: CalendarItem) -> str:
    lines = [
        f"Format: {item.format}",
        f"Stage: {item.stage}",
        f"Pillar: {item.pillar}",
        f"Hook: {item.hook}",
        f"CTA: {item.cta}",
        f"Segment: {item.segment or '-'}",
        f"Owner: {item.owner}",
        f"Status: {item.status}",
    ]
    if item.source:
        lines.append(f"Idea source: {item.source.label}")
    if item.note:
        lines.append(f"Note: {item.note}")
    return "\n".join(lines)


def to_markdown(calendar: Calendar) -> str:
    weeks: dict[dt.date, list[dict[str, str]]] = {}
    for item in calendar.items:
        monday = item.date - dt.timedelta(days=item.date.weekday())
        weeks.setdefault(monday, []).append(
            {
                "date": f"{item.date:%a} {item.date.day} {item.date:%b}",
                "time": f"{item.time:%H:%M}",
                **{
                    k: _md(getattr(item, k))
                    for k in (
                        "channel",
                        "format",
                        "stage",
                        "pillar",
                        "title",
                        "cta",
                        "owner",
                        "note",
                    )
                },
            }
        )
    return (
        render(
            "calendar/export.md.j2",
            calendar=calendar,
            summary=summarise(calendar),
            weeks=[{"label": f"{m:%a} {m.day} {m:%b %Y}", "rows": r} for m, r in weeks.items()],
        )
        + "\n"
    )


def _md(value: str) -> str:
    return value.replace("|", "\\|").replace("\n", " ")


def to_json(calendar: Calendar) -> str:
    return calendar.model_dump_json(indent=2)


MEDIA_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "ics": "text/calendar; charset=utf-8",
    "md": "text/markdown; charset=utf-8",
    "json": "application/json",
}


def neutralised(calendar: Calendar) -> Calendar:
    """The calendar with every text neutralised (ids, dates and numbers are unchanged)."""
    return Calendar.model_validate(_neutral(calendar.model_dump()))


def _neutral(value: Any) -> Any:
    if isinstance(value, str):
        return neutralise_markdown(clean_text(value))
    if isinstance(value, dict):
        return {k: _neutral(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_neutral(v) for v in value]
    return value


def export(calendar: Calendar, fmt: str, bom: bool = False) -> str | bytes:
    """The calendar in one of `MEDIA_TYPES`' formats (`bom` applies to CSV only), its text
    neutralised first."""
    calendar = neutralised(calendar)
    if fmt == "csv":
        return to_csv(calendar, bom)
    renderers: dict[str, Callable[[Calendar], str | bytes]] = {
        "ics": to_ics,
        "md": to_markdown,
        "json": to_json,
    }
    return renderers[fmt](calendar)
