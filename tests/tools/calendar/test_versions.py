"""Calendar versions: dropped items are cancelled in the .ics; concurrent changes all land."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import icalendar
import pytest

from tests.tools.calendar.conftest import make_request
from tools.calendar import service
from tools.calendar.edits import ItemEdit
from tools.calendar.errors import CalendarConflict
from tools.calendar.exports import to_ics, uid
from tools.calendar.generate import generate_calendar
from tools.calendar.models import with_cancelled
from tools.calendar.revise import Revision, revise_calendar
from tools.calendar.store import CalendarStore


def _events(data: bytes) -> dict[str, icalendar.Event]:
    return {str(e["UID"]): e for e in icalendar.Calendar.from_ical(data).walk("VEVENT")}


def test_a_dropped_channel_stays_in_the_ics_as_cancelled_events(tmp_path: Path) -> None:
    store = CalendarStore(tmp_path)
    first = store.save(generate_calendar(make_request(), []))
    second = store.save(revise_calendar(first, Revision(drop_channels=["Webinar"]), [])[0])
    webinars = [i for i in first.items if i.channel == "Webinar"]
    assert webinars and [i.id for i in second.cancelled] == [i.id for i in webinars]
    events = _events(to_ics(second))
    assert len(events) == len(second.items) + len(webinars)
    for item in webinars:
        event = events[uid(first.id, item.id)]  # the UID calendar apps already hold
        assert str(event["STATUS"]) == "CANCELLED" and int(event["SEQUENCE"]) == 2
        assert str(event["SUMMARY"]).startswith("Cancelled: [Webinar]")
    assert all("STATUS" not in events[uid(first.id, i.id)] for i in second.items)
    assert store.get(first.id).cancelled == second.cancelled  # saved with the version


def test_cancelled_items_carry_forward_and_leave_when_they_come_back() -> None:
    first = generate_calendar(make_request(), [])
    second, _ = revise_calendar(first, Revision(drop_channels=["Webinar"]), [])
    second = with_cancelled(second, first)
    third, _ = revise_calendar(second, Revision(drop_channels=["Newsletter"]), [])
    third = with_cancelled(third, second)
    assert {i.channel for i in third.cancelled} == {"Webinar", "Newsletter"}
    back = with_cancelled(first.model_copy(update={"version": 4}), third)
    assert back.cancelled == []


def test_a_save_made_from_an_old_version_is_refused(tmp_path: Path) -> None:
    store = CalendarStore(tmp_path)
    first = store.save(generate_calendar(make_request(), []))
    store.save(revise_calendar(first, Revision(drop_channels=["Webinar"]), [])[0])
    stale, _ = revise_calendar(first, Revision(drop_channels=["Newsletter"]), [])
    with pytest.raises(CalendarConflict) as caught:
        store.save(stale)
    assert caught.value.status_code == 409 and "version 2" in caught.value.detail
    assert {i.channel for i in store.get(first.id).items} >= {"Newsletter"}  # nothing overwritten


def test_two_edits_at_once_both_land(services, monkeypatch: pytest.MonkeyPatch) -> None:
    services.workspaces.create("acme")
    store = service.store_for(services.scope("acme"))
    calendar = store.save(generate_calendar(make_request(), []))
    slow_apply = service.apply_edit

    def apply_slowly(*args, **kwargs):  # type: ignore[no-untyped-def]
        time.sleep(0.3)  # both threads have read the calendar before either saves, unless locked
        return slow_apply(*args, **kwargs)

    monkeypatch.setattr(service, "apply_edit", apply_slowly)
    targets = calendar.items[:2]
    errors: list[BaseException] = []

    def edit(item_id: str, title: str) -> None:
        try:
            service.edit_item(services.scope("acme"), calendar.id, item_id, ItemEdit(title=title))
        except BaseException as exc:  # reported below, not swallowed
            errors.append(exc)

    threads = [
        threading.Thread(target=edit, args=(item.id, f"Edited {n}"))
        for n, item in enumerate(targets)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert errors == []
    final = store.get(calendar.id)
    assert final.version == 3
    assert sorted(final.item(i.id).title for i in targets) == ["Edited 0", "Edited 1"]  # type: ignore[union-attr]
