"""The issue's calendar example in chat, on a fixed clock (Monday 23 November 2026): "3/wk"
stays with LinkedIn and "fortnightly" with the newsletter, bank holidays are skipped, and the
answer states that reading; a part it cannot read is said, not dropped."""

from __future__ import annotations

import asyncio
import datetime as dt
from collections import Counter
from typing import Any

import holidays
from langchain_core.messages import AIMessage, HumanMessage, ToolMessage

from core.context import Context
from tools.calendar.store import CalendarStore

TODAY = dt.date(2026, 11, 23)
REQUEST = (
    "Plan 6 weeks of LinkedIn (3/wk) and a fortnightly newsletter starting next Monday, "
    "skip bank holidays"
)


def _turn(graph: Any, text: str, thread: str) -> tuple[dict[str, Any], str]:
    state = asyncio.run(
        graph.ainvoke(
            {"messages": [HumanMessage(text)]},
            config={"configurable": {"thread_id": thread}},
            context=Context(workspace="demo", today=TODAY),
        )
    )
    messages = state["messages"]
    calls = [m for m in messages if isinstance(m, AIMessage) and m.tool_calls]
    results = [m for m in messages if isinstance(m, ToolMessage)]
    assert calls and results and results[-1].status != "error", messages
    assert calls[-1].tool_calls[0]["name"] == "generate_content_calendar"
    return calls[-1].tool_calls[0]["args"], str(messages[-1].content)


def test_six_weeks_of_linkedin_3_a_week_and_a_fortnightly_newsletter(
    services: Any, full_graph: Any
) -> None:
    args, answer = _turn(full_graph, REQUEST, "issue-12")
    assert args["start"] == "2026-11-30" and args["weeks"] == 6
    assert args["channels"] == [
        {"channel": "LinkedIn", "kind": "per_week", "times": 3},
        {"channel": "Newsletter", "kind": "per_fortnight", "times": 1},
    ]
    assert args["holidays_country"] == "GB"
    calendar = CalendarStore(services.workspace_dir("demo")).latest()
    assert calendar is not None
    assert Counter(i.channel for i in calendar.items) == {"LinkedIn": 18, "Newsletter": 3}
    bank = holidays.country_holidays("GB", subdiv="ENG", years=[2026, 2027])
    assert any(day in bank for day in (dt.date(2026, 12, 25), dt.date(2026, 12, 28)))
    assert not [i for i in calendar.items if i.date in bank]
    assert (
        "_Understood: 6-week calendar from Mon 30 Nov 2026 to Sun 10 Jan 2027: LinkedIn 3 per "
        "week, Newsletter 1 per fortnight; GB public holidays skipped._" in answer
    )


def test_a_part_it_cannot_read_is_said_in_the_reading(full_graph: Any) -> None:
    _, answer = _turn(
        full_graph, "Plan 4 weeks from next Monday: LinkedIn 3/wk, pinterest 2x a week", "unread"
    )
    assert "I did not understand: “2x a week”, “pinterest”" in answer
