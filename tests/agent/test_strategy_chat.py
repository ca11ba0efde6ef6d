"""Strategy work through the compiled graph on the offline model: drafts, revisions, memory."""

from __future__ import annotations

import pytest
from langchain_core.messages import HumanMessage

from agent.bootstrap import load_demo_data
from agent.runner import citations_of
from tools.kpi import CampaignStore


@pytest.fixture
def chat(tool_turn):  # type: ignore[no-untyped-def]
    return tool_turn


def test_draft_our_positioning_then_make_the_category_more_specific(chat) -> None:
    call, result, answer, state = chat("Draft our positioning")
    assert call == {**call, "name": "draft_positioning", "args": {}}
    assert result["version"] == 1
    assert "# Positioning — Ledgerly" in answer and "(status quo)" in answer
    for value in result["positioning"]["values"]:
        assert value["source"]["label"] in answer  # every value shows its citation
    assert citations_of([state[-2]])
    call, result, answer, _ = chat("Make the category more specific")
    assert call["name"] == "draft_positioning"
    assert call["args"] == {"more_specific_category": True}
    assert result["version"] == 2 and result["versions"] == [1, 2]
    assert result["positioning"]["market_category"]["name"] in answer
    assert "earlier versions kept: v1" in answer


def test_who_is_our_icp_then_add_a_persona(chat, services) -> None:
    load_demo_data(services.workspace_dir("demo"))
    assert CampaignStore(services.workspace_dir("demo")).imports()
    call, result, answer, _ = chat("Who is our ICP?")
    assert call["name"] == "draft_icp" and call["args"] == {}
    best = result["icp"]["conversion"]["top"][0]
    assert f"**{best['value']}** — {best['lead_to_customer_rate']}" in answer
    assert "source: KPI query" in answer
    call, result, answer, _ = chat("Add a persona for the CFO")
    assert call["name"] == "draft_icp" and call["args"] == {"add_persona": "CFO"}
    assert result["version"] == 2
    assert "**CFO or Finance Director** (economic buyer) — added at your request" in answer


def test_write_our_messaging_house_then_add_a_pillar(chat) -> None:
    call, result, answer, _ = chat("Write our messaging house")
    assert call["name"] == "draft_messaging" and call["args"] == {}
    assert "bookkeeping for small businesses and sole traders" in answer
    assert "sales-deck-summary.md › Slide 1" in answer and "website-copy.md" in answer
    call, result, answer, _ = chat("Add a pillar about security")
    assert call["args"] == {"add_pillar": "security"}
    assert result["version"] == 2
    assert "ISO 27001 certified" in answer and "messaging v2" in answer


def test_a_fact_told_in_one_thread_is_known_in_another(chat) -> None:
    call, result, answer, _ = chat("Our budget is £15k a month", thread="a")
    assert call["name"] == "update_client_brief"
    assert call["args"] == {"field": "budget", "values": ["£15k a month"]}
    assert "£22,000" in answer  # it says which document value it overrides
    call, result, answer, state = chat("What is our budget?", thread="b")
    assert call["name"] == "get_client_brief" and call["args"] == {"fields": ["budget"]}
    assert "£15k a month (you told me in chat" in answer
    assert sum(isinstance(m, HumanMessage) for m in state) == 1
    call, _, answer, _ = chat("Remember that our main goal is 200 SQLs a year", thread="b")
    assert call["args"] == {"field": "goals", "values": ["200 SQLs a year"]}
    _, _, answer, _ = chat("What are our goals?", thread="c")
    assert "200 SQLs a year" in answer and "£6m ARR" in answer
