"""Strategy work through the compiled graph on the offline model: drafts, revisions, memory."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from langchain_core.messages import HumanMessage

from agent.bootstrap import load_demo_data
from agent.runner import citations_of
from core.context import Context
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


def test_everyday_brief_statements_are_recorded_as_they_mean(chat) -> None:
    call, result, answer, _ = chat(
        "heads up, the board approved £30k a month for marketing from Feb"
    )
    assert call["args"] == {"field": "budget", "values": ["£30k a month from February 2027"]}
    said = "_Understood: Recorded in the client brief: Marketing budget replaced with £30k"
    assert said in answer
    call, _, answer, _ = chat("what's our budget?", thread="b")
    assert call["args"] == {"fields": ["budget"]} and "£30k a month from February 2027" in answer
    call, result, _, _ = chat("we keep losing deals to Basware lately, add them to our competitors")
    assert call["args"] == {"field": "competitors", "values": ["Basware"]}
    assert "Basware" in [v["value"] for v in result["values"]]


def test_moving_off_a_tool_records_the_new_one_and_removes_the_old(chat) -> None:
    call, result, answer, _ = chat(
        "we've moved the CRM off hubspot onto pipedrive as of last week, hubspot's cancelled"
    )
    assert call["name"] == "update_client_brief"
    assert call["args"] == {"field": "tools", "values": ["Pipedrive"], "remove": ["HubSpot"]}
    assert result["removed"] == ["HubSpot"] and result["recorded"] == ["Pipedrive"]
    assert "Removed from **Tools in use**: HubSpot." in answer
    assert "HubSpot removed from Tools in use" in answer  # the reading line says it too
    _, result, _, _ = chat("which tools do we have on file?", thread="b")
    tools = [v["value"] for f in result["fields"] if f["field"] == "tools" for v in f["values"]]
    assert "Pipedrive" in tools and "HubSpot" not in tools


def test_an_unclear_statement_asks_which_field_and_the_option_records_it(full_graph) -> None:
    def say(text: str) -> list[Any]:
        state = asyncio.run(
            full_graph.ainvoke(
                {"messages": [HumanMessage(text)]},
                config={"configurable": {"thread_id": "q"}},
                context=Context(workspace="demo"),
            )
        )
        return list(state["messages"])

    messages = say("£12k a month from February")
    clarify = messages[-1].additional_kwargs["clarify"]
    assert clarify["question"].startswith("Which part of the client brief is that about")
    labels = [o["label"] for o in clarify["options"]]
    assert labels[:2] == ["Marketing budget", "Price points"]
    messages = say(clarify["options"][0]["reply"])
    call = messages[-3].tool_calls[0]
    assert call["name"] == "update_client_brief"
    assert call["args"] == {"field": "budget", "values": ["£12k a month from February 2027"]}


def test_positioning_revisions_from_everyday_wording_take_effect(chat) -> None:
    call, first, _, _ = chat("draft our positoning, the site and the deck disagree")
    assert call["name"] == "draft_positioning" and call["args"] == {}
    call, result, answer, _ = chat(
        "lead with the UK support, not the integrations - anyone has those"
    )
    assert call["args"] == {"lead_with": "UK support"}
    lead = result["positioning"]["unique_attributes"][0]["name"]
    assert lead == "UK-based support with a 2-hour response SLA" and result["version"] == 2
    assert "leads with: UK support" in answer
    call, result, answer, _ = chat("now do a version just for groups moving onto NetSuite")
    assert call["args"] == {"segment": "groups moving onto NetSuite"}
    assert result["positioning"]["statement"]["text"].startswith("For groups moving onto NetSuite")
    call, result, _, _ = chat("the category is far too broad, nobody searches for that")
    assert call["args"] == {"more_specific_category": True} and result["version"] == 4
