"""Exports people import elsewhere: CSV round-trips, ICS parses per RFC 5545 with stable UIDs."""

from __future__ import annotations

import csv
import datetime as dt
import io

import icalendar

from tests.tools.calendar.conftest import make_request
from tools.calendar.exports import CSV_COLUMNS, csv_row, to_csv, to_ics, to_json, to_markdown, uid
from tools.calendar.generate import generate_calendar
from tools.calendar.models import Calendar, CalendarRequest
from tools.calendar.revise import Revision, revise_calendar


def test_csv_round_trips_through_dictreader(example: CalendarRequest) -> None:
    calendar = generate_calendar(example, [])
    calendar.items[0].title = '=HYPERLINK("x"), with "quotes" and a comma'
    text = to_csv(calendar)
    rows = list(csv.DictReader(io.StringIO(text)))
    assert tuple(rows[0]) == CSV_COLUMNS
    assert len(rows) == len(calendar.items)
    expected = [csv_row(calendar, i) for i in calendar.items]
    assert rows[1:] == expected[1:]
    assert rows[0]["title"] == "'" + calendar.items[0].title  # a formula is never run
    assert rows[3]["timezone"] == "Europe/London" and rows[3]["date"] == str(calendar.items[3].date)
    with_bom = to_csv(calendar, bom=True)
    assert with_bom.startswith("\ufeff")
    assert list(csv.DictReader(io.StringIO(with_bom.encode("utf-8").decode("utf-8-sig")))) == rows


def _events(data: bytes) -> list[icalendar.Event]:
    return list(icalendar.Calendar.from_ical(data).walk("VEVENT"))


def test_ics_parses_back_with_one_event_per_item(example: CalendarRequest) -> None:
    calendar = generate_calendar(example, [])
    data = to_ics(calendar)
    parsed = icalendar.Calendar.from_ical(data)
    assert str(parsed["VERSION"]) == "2.0" and "Fractional CMO" in str(parsed["PRODID"])
    assert [str(tz["TZID"]) for tz in parsed.walk("VTIMEZONE")] == ["Europe/London"]
    events = _events(data)
    assert len(events) == len(calendar.items)
    first, item = events[0], calendar.items[0]
    assert str(first["UID"]) == f"{calendar.id}-{item.id}@fractional-cmo"
    start = first.decoded("DTSTART")
    assert start.tzinfo is not None and str(start.tzinfo) == "Europe/London"
    assert start.replace(tzinfo=None) == dt.datetime.combine(item.date, item.time)
    assert "TZID=Europe/London" in data.decode()
    assert str(first["SUMMARY"]) == f"[{item.channel}] {item.title}"
    assert int(first["SEQUENCE"]) == 1
    assert [str(c) for c in first["CATEGORIES"].cats] == [item.channel, item.stage, item.pillar]
    assert f"Hook: {item.hook}" in str(first["DESCRIPTION"])
    assert first.decoded("DTSTAMP").tzinfo is not None


def test_uids_are_stable_across_regenerations_and_revisions(example: CalendarRequest) -> None:
    first = generate_calendar(example, [])
    again = generate_calendar(example, [])
    assert [str(e["UID"]) for e in _events(to_ics(first))] == [
        str(e["UID"]) for e in _events(to_ics(again))
    ]
    revised, _ = revise_calendar(first, Revision(drop_channels=["Newsletter"]), [])
    before = {str(e["UID"]): e for e in _events(to_ics(first))}
    after = _events(to_ics(revised))
    assert all(int(e["SEQUENCE"]) == 2 for e in after)
    assert {str(e["UID"]) for e in after} <= set(before)  # every kept event updates in place
    assert len(after) == len(before) - 4
    assert uid(first.id, "x") == f"{first.id}-x@fractional-cmo"


def test_markdown_has_a_summary_and_a_table_per_week() -> None:
    calendar = generate_calendar(make_request(), [])
    text = to_markdown(calendar)
    assert text.startswith("# Content calendar 5 Jan 2027 – 1 Mar 2027")
    assert "| LinkedIn | 3 per week | 24 |" in text
    assert text.count("## Week of ") == 9  # Tue 5 Jan to Mon 1 Mar touches 9 calendar weeks
    assert text.count("| 08:30 | LinkedIn |") == 24


def test_json_is_the_calendar_model(example: CalendarRequest) -> None:
    calendar = generate_calendar(example, [])
    assert Calendar.model_validate_json(to_json(calendar)) == calendar
