"""Calendars over HTTP: generate, list, read, export in four formats, hand-edit, errors."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator

import icalendar
import pytest
from fastapi.testclient import TestClient

from api.main import create_app
from api.routes import calendars
from tests.support.auth import admin_key, bearer
from tests.tools.calendar.conftest import EXAMPLE

BODY = EXAMPLE  # the example request


@pytest.fixture
def api(settings, embedder) -> Iterator[TestClient]:
    app = create_app(settings, embedder)
    if not any(getattr(r, "path", "").endswith("/calendars") for r in app.routes):
        app.include_router(calendars.router)  # until api/main.py includes it
    with TestClient(app) as client:
        client.headers.update(bearer(admin_key(settings)))
        yield client


def test_generate_list_read_and_export(api: TestClient) -> None:
    response = api.post("/workspaces/demo/calendars", json=BODY)
    assert response.status_code == 201, response.text
    calendar = response.json()
    cid = calendar["id"]
    assert response.headers["location"] == f"/workspaces/demo/calendars/{cid}"
    assert calendar["version"] == 1 and len(calendar["items"]) == 8 * 3 + 8 + 2 + 4
    assert any("default time zone" in d for d in calendar["defaults_used"])
    # ideas come from the demo client's documents, and say so
    kinds = {i["source"]["kind"] for i in calendar["items"] if i["source"]}
    assert "document" in kinds

    [listed] = api.get("/workspaces/demo/calendars").json()
    assert listed["id"] == cid and listed["items"] == 38 and listed["version"] == 1
    assert listed["start"] == "2027-01-05" and listed["end"] == "2027-03-01"
    assert api.get(f"/workspaces/demo/calendars/{cid}").json()["items"] == calendar["items"]

    exported = api.get(f"/workspaces/demo/calendars/{cid}.csv?bom=true")
    assert exported.headers["content-type"].startswith("text/csv")
    assert exported.headers["content-disposition"] == f'attachment; filename="{cid}.csv"'
    assert exported.content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(exported.content.decode("utf-8-sig"))))
    assert [r["title"] for r in rows] == [i["title"] for i in calendar["items"]]

    ics = api.get(f"/workspaces/demo/calendars/{cid}.ics")
    assert ics.headers["content-type"].startswith("text/calendar")
    events = list(icalendar.Calendar.from_ical(ics.content).walk("VEVENT"))
    assert len(events) == 38
    md = api.get(f"/workspaces/demo/calendars/{cid}.md")
    assert md.headers["content-type"].startswith("text/markdown")
    assert "## Week of Mon 4 Jan 2027" in md.text
    assert api.get(f"/workspaces/demo/calendars/{cid}.json").json()["id"] == cid


def test_patch_marks_the_item_edited_and_bumps_the_version(api: TestClient) -> None:
    calendar = api.post("/workspaces/demo/calendars", json=BODY).json()
    cid, item = calendar["id"], calendar["items"][3]
    response = api.patch(
        f"/workspaces/demo/calendars/{cid}/items/{item['id']}",
        json={"title": "Our month-end close checklist", "owner": "Priya", "status": "drafting"},
    )
    assert response.status_code == 200, response.text
    edited = next(i for i in response.json()["items"] if i["id"] == item["id"])
    assert edited["edited"] is True and edited["title"] == "Our month-end close checklist"
    assert edited["owner"] == "Priya" and edited["status"] == "drafting"
    assert response.json()["version"] == 2
    assert api.get(f"/workspaces/demo/calendars/{cid}?version=1").json()["version"] == 1
    # the same request again is version 3 of the same calendar and keeps the hand edit
    again = api.post("/workspaces/demo/calendars", json=BODY).json()
    assert again["id"] == cid and again["version"] == 3
    assert next(i for i in again["items"] if i["id"] == item["id"])["title"] == (
        "Our month-end close checklist"
    )


def test_errors_are_clear(api: TestClient) -> None:
    impossible = {
        **BODY,
        "allowed_weekdays": [2],
        "channels": [{"channel": "LinkedIn", "kind": "per_week", "times": 7}],
    }
    response = api.post("/workspaces/demo/calendars", json=impossible)
    assert response.status_code == 422
    error = response.json()["error"]
    assert error["code"] == "impossible_calendar"
    assert (
        "Suggested fix" in error["message"] and "lower LinkedIn to 1 per week" in error["message"]
    )

    assert api.get("/workspaces/demo/calendars/cal-20270105-00000000").status_code == 404
    assert api.get("/workspaces/demo/calendars/..%2F..%2Fapp.json").status_code in (404, 422)
    assert api.get("/workspaces/demo/calendars/CAL%20X").status_code == 422
    assert api.get("/workspaces/nobody/calendars").status_code == 404
    cid = api.post("/workspaces/demo/calendars", json=BODY).json()["id"]
    assert api.get(f"/workspaces/demo/calendars/{cid}.pdf").status_code == 404
    assert (
        api.patch(f"/workspaces/demo/calendars/{cid}/items/nope", json={"title": "x"}).status_code
        == 404
    )
    bad_date = api.patch(
        f"/workspaces/demo/calendars/{cid}/items/blog-20270105", json={"date": "2030-01-01"}
    )
    assert bad_date.status_code == 422 and "outside this calendar" in bad_date.text
