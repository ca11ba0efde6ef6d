"""Chat on the offline model: the example request, then two revisions in the same thread."""

from __future__ import annotations

import asyncio
import datetime as dt
from collections import Counter

from langchain_core.messages import HumanMessage

from core.context import Context
from tools.calendar.store import CalendarStore

REQUEST = (
    "Plan 8 weeks of content from 5 January: LinkedIn three times a week, a blog post every "
    "Tuesday, a monthly webinar, a fortnightly newsletter; focus on the mid-market "
    "finance-team ICP; no posts on UK bank holidays."
)


def test_plan_then_revise_twice_in_chat(services, tool_turn) -> None:  # type: ignore[no-untyped-def]
    call, result, answer, _ = tool_turn(REQUEST)
    assert call["name"] == "generate_content_calendar"
    args = call["args"]
    today = dt.date.today()
    start = dt.date(today.year, 1, 5)
    start = start if start >= today else start.replace(year=today.year + 1)
    assert args["start"] == start.isoformat() and args["weeks"] == 8
    assert args["channels"] == [
        {"channel": "LinkedIn", "kind": "per_week", "times": 3},
        {"channel": "Blog", "kind": "weekdays", "weekdays": [1]},
        {"channel": "Webinar", "kind": "per_month", "times": 1},
        {"channel": "Newsletter", "kind": "per_fortnight", "times": 1},
    ]
    assert args["segment"] == "mid-market finance-team" and args["holidays_country"] == "GB"
    cid = result["calendar_id"]
    for fmt in ("csv", "ics", "md", "json"):
        assert f"(/workspaces/demo/calendars/{cid}.{fmt})" in answer
    counts = {c["label"]: c["count"] for c in result["summary"]["by_channel"]}
    for channel, count in counts.items():
        assert f"| {channel} |" in answer and f"| {count} |" in answer
    assert f"**{result['total_items']} items**" in answer
    assert "Defaults I used" in answer and result["defaults_used"][0] in answer

    call, revised, answer, _ = tool_turn("Move the webinar to the last Thursday of the month")
    assert call["name"] == "revise_content_calendar"
    assert call["args"]["reschedule"] == [
        {"channel": "Webinar", "kind": "monthly_rule", "rule": {"weekday": 3, "ordinal": -1}}
    ]
    assert revised["calendar_id"] == cid and revised["version"] == 2
    assert "version 2" in answer and "Webinar: 1 per month → last Thursday of the month." in answer
    webinars = [
        i
        for i in CalendarStore(services.workspace_dir("demo")).get(cid).items
        if i.channel == "Webinar"
    ]
    assert all(
        i.date.weekday() == 3 and (i.date + dt.timedelta(days=7)).month != i.date.month
        for i in webinars
    )

    call, third, answer, _ = tool_turn("Make February heavier on conversion")
    assert call["name"] == "revise_content_calendar"
    assert (
        call["args"]["heavier_on"] == "conversion" and call["args"]["month"] == f"{start.year}-02"
    )
    assert third["version"] == 3 and f"(/workspaces/demo/calendars/{cid}.ics)" in answer
    store = CalendarStore(services.workspace_dir("demo"))

    def february(version: int) -> int:
        items = store.get(cid, version).items
        return Counter(i.stage for i in items if i.date.month == 2)["conversion"]

    assert february(3) > february(2)


def test_an_impossible_request_gets_the_conflict_and_a_fix(services, full_graph) -> None:  # type: ignore[no-untyped-def]
    state = asyncio.run(
        full_graph.ainvoke(
            {"messages": [HumanMessage("Plan 5 years of daily LinkedIn posts")]},
            config={"configurable": {"thread_id": "big"}},
            context=Context(workspace="demo"),
        )
    )
    call, result = state["messages"][1], state["messages"][2]
    answer = state["messages"][3].content
    assert call.tool_calls[0]["name"] == "generate_content_calendar"
    assert result.status == "error"
    assert "calendars are capped at 52 weeks" in answer
    assert "Suggested fix: plan at most 52 weeks at a time" in answer
    assert CalendarStore(services.workspace_dir("demo")).list() == []
