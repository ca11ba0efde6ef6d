"""Saved calendars: atomic files per workspace, versions kept, ids that cannot escape."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.tools.calendar.conftest import make_request
from tools.calendar.errors import CalendarNotFound, InvalidCalendarId
from tools.calendar.generate import generate_calendar
from tools.calendar.revise import Revision, revise_calendar
from tools.calendar.store import CalendarStore


def test_save_get_list_and_versions(tmp_path: Path) -> None:
    store = CalendarStore(tmp_path)
    assert store.list() == [] and store.latest() is None
    first = store.save(generate_calendar(make_request(), []))
    assert (tmp_path / "calendars" / f"{first.id}.json").is_file()
    second = store.save(revise_calendar(first, Revision(drop_channels=["Webinar"]), [])[0])
    other = store.save(generate_calendar(make_request(weeks=4), []))
    assert store.get(first.id) == second and store.get(first.id, version=1) == first
    assert store.versions(first.id) == [1, 2]
    listed = store.list()
    assert [i.id for i in listed] == [other.id, first.id]  # most recently changed first
    assert listed[1].version == 2 and listed[1].items == len(second.items)
    assert store.latest() == other
    leftovers = [p.name for p in (tmp_path / "calendars").rglob(".tmp-*")]
    assert leftovers == []


@pytest.mark.parametrize(
    "bad",
    ["../demo", "..", "a/b", "a\\b", "CAL-1", "", "cal-1.json", "саl-1", "x" * 100, "-cal", "cal-"],
)
def test_path_tricks_are_refused(tmp_path: Path, bad: str) -> None:
    store = CalendarStore(tmp_path)
    with pytest.raises(InvalidCalendarId) as caught:
        store.get(bad)
    assert caught.value.status_code == 422 and "invalid calendar id" in caught.value.detail


def test_unknown_calendars_and_versions_are_not_found(tmp_path: Path) -> None:
    store = CalendarStore(tmp_path)
    with pytest.raises(CalendarNotFound):
        store.get("cal-20270105-00000000")
    saved = store.save(generate_calendar(make_request(), []))
    with pytest.raises(CalendarNotFound) as caught:
        store.get(saved.id, version=7)
    assert "version 7" in caught.value.detail
