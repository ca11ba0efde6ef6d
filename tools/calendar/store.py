"""Saved calendars of one workspace: `<workspace>/calendars/<id>.json`, plus every version.

The current version lives at `calendars/<id>.json`; each saved version is also kept at
`calendars/versions/<id>/v<N>.json`, so a revision never loses what it replaced. Writes are
atomic (temp file + `os.replace`), and ids are checked before any path is built from them.

Two changes to one calendar (two API calls, or the server and the CLI) take turns through a
file lock held from reading the current version to saving the next, so neither is lost; a save
whose version does not follow the stored one is refused rather than overwriting it.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from filelock import FileLock
from pydantic import BaseModel

from core.files import atomic_write_text
from core.ids import checked_id
from core.locks import exclusive
from tools.calendar.errors import CalendarConflict, CalendarNotFound, InvalidCalendarId
from tools.calendar.models import Calendar, with_cancelled

_ID = re.compile(r"[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?")


def validate_calendar_id(raw: str) -> str:
    """The id unchanged if it is safe in a file name: lower-case ASCII, digits, hyphens."""
    return checked_id(
        raw,
        64,
        InvalidCalendarId,
        "calendar id",
        "ids look like 'cal-20270105-1b891130' (lower-case letters, digits and hyphens); "
        "list this workspace's calendars to find one",
    )


class CalendarInfo(BaseModel):
    """One line of a workspace's calendar list."""

    id: str
    created: dt.datetime
    updated: dt.datetime | None
    start: dt.date
    end: dt.date
    items: int
    version: int
    channels: list[str]


class CalendarStore:
    """Calendars of one workspace. `workspace_dir` must come from `Services.workspace_dir`."""

    def __init__(self, workspace_dir: Path) -> None:
        self.root = workspace_dir / "calendars"

    def locked(self, calendar_id: str) -> FileLock:
        """Hold while reading a calendar to change it and saving the result (re-entrant)."""
        return exclusive(self.root / ".locks" / f"{validate_calendar_id(calendar_id)}.lock")

    def save(self, calendar: Calendar) -> Calendar:
        """Write `calendar` as the current version and keep a copy of that version. Items the
        stored version had and this one lacks are carried in `cancelled` (for the .ics)."""
        cid = validate_calendar_id(calendar.id)
        with self.locked(cid):
            stored = self.get(cid) if self.exists(cid) else None
            expected = stored.version + 1 if stored else calendar.version
            if calendar.version != expected:
                raise CalendarConflict(
                    f"calendar {cid} changed while this change was being made: it is at "
                    f"version {stored.version if stored else 0} now, and this change was "
                    f"made to version {calendar.version - 1}; make the change again"
                )
            calendar = with_cancelled(calendar, stored)
            history = self.root / "versions" / cid
            history.mkdir(parents=True, exist_ok=True)
            text = calendar.model_dump_json(indent=2)
            atomic_write_text(history / f"v{calendar.version}.json", text)
            atomic_write_text(self.root / f"{cid}.json", text)
        return calendar

    def get(self, calendar_id: str, version: int | None = None) -> Calendar:
        cid = validate_calendar_id(calendar_id)
        path = self.root / f"{cid}.json"
        if version is not None:
            path = self.root / "versions" / cid / f"v{version}.json"
        if not path.is_file():
            what = f"calendar {cid!r}" + (f" version {version}" if version is not None else "")
            raise CalendarNotFound(
                f"{what} is not in this workspace; list calendars with GET "
                "/workspaces/{id}/calendars or generate one first"
            )
        return Calendar.model_validate_json(path.read_text(encoding="utf-8"))

    def exists(self, calendar_id: str) -> bool:
        return (self.root / f"{validate_calendar_id(calendar_id)}.json").is_file()

    def versions(self, calendar_id: str) -> list[int]:
        folder = self.root / "versions" / validate_calendar_id(calendar_id)
        found = (re.fullmatch(r"v(\d+)\.json", p.name) for p in _files(folder))
        return sorted(int(m.group(1)) for m in found if m)

    def list(self) -> list[CalendarInfo]:
        """Every calendar, most recently changed first."""
        infos = []
        for path in _files(self.root):
            if path.suffix == ".json" and _ID.fullmatch(path.stem):
                calendar = Calendar.model_validate_json(path.read_text(encoding="utf-8"))
                infos.append(
                    CalendarInfo(
                        id=calendar.id,
                        created=calendar.created_at,
                        updated=calendar.updated_at,
                        start=calendar.start,
                        end=calendar.end,
                        items=len(calendar.items),
                        version=calendar.version,
                        channels=[c.channel for c in calendar.request.channels],
                    )
                )
        return sorted(infos, key=lambda i: (i.updated or i.created, i.id), reverse=True)

    def latest(self) -> Calendar | None:
        """The most recently changed calendar, for "revise it" without an id."""
        infos = self.list()
        return self.get(infos[0].id) if infos else None


def _files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.iterdir() if p.is_file()) if folder.is_dir() else []
