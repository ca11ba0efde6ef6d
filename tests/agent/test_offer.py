"""A model is offered the tools a turn is about, not the whole catalogue (`agent.offer`)."""

from __future__ import annotations

import asyncio
import json
from typing import Any

from langchain_core.messages import AIMessage, HumanMessage, ToolMessage
from langgraph.checkpoint.memory import InMemorySaver

from agent.clarify import make_ask_tool
from agent.graph import build_graph
from agent.offer import ToolOffer, choose_tools
from agent.reading import ASK_TOOL
from agent.schemas import compact_tool
from core.context import Context
from tests.support.scripted_model import ScriptedChatModel, call
from tools.catalog import build_tools

BUDGET = 1_400  # tokens of schemas per call, as `make bench` counts them (whole catalogue: ~4,250)
TURN_BUDGET = 3_200  # a KPI turn of a real model: both calls, messages and schemas


def _catalogue(services: Any) -> dict[str, Any]:
    return {t.name: t for t in [*build_tools(services), make_ask_tool()]}


def _schema_tokens(tools: list[Any]) -> int:
    from evals.bench.tokens import schema_tokens

    return schema_tokens([compact_tool(t) for t in tools])


def test_a_kpi_question_is_offered_kpi_lookup_within_the_budget(services: Any) -> None:
    tools = _catalogue(services)
    offered = ToolOffer(services.embedder)(
        [HumanMessage("What was our CPL by channel last quarter?")], list(tools)
    )
    assert "kpi_lookup" in offered and ASK_TOOL in offered
    assert len(offered) < len(tools)
    assert _schema_tokens([tools[n] for n in offered]) <= BUDGET


def test_a_how_to_question_is_offered_the_playbooks(services: Any) -> None:
    tools = _catalogue(services)
    offered = ToolOffer(services.embedder)(
        [HumanMessage("How should a small team split its marketing budget?")], list(tools)
    )
    assert "search_playbooks" in offered and "generate_content_calendar" not in offered
    assert _schema_tokens([tools[n] for n in offered]) <= BUDGET


def test_a_follow_up_keeps_the_previous_turns_tool_and_an_option_names_its_tool() -> None:
    catalogue = ["kpi_lookup", "search_playbooks", "draft_icp", ASK_TOOL]
    follow = choose_tools({"search_playbooks": 0.9}, catalogue, "and last quarter?", ["kpi_lookup"])
    assert follow == ["kpi_lookup", "search_playbooks", ASK_TOOL]
    option = choose_tools({"search_playbooks": 0.9}, catalogue, "Draft our ICP: for SaaS")
    assert option == ["search_playbooks", "draft_icp", ASK_TOOL]
    unsure = {"kpi_lookup": 0.5, "search_playbooks": 0.3, "draft_icp": 0.05}
    assert choose_tools(unsure, catalogue) == ["kpi_lookup", "search_playbooks", ASK_TOOL]


def test_a_real_model_is_bound_to_the_offer_and_told_only_about_it(services: Any) -> None:
    model = ScriptedChatModel(script=[call("kpi_lookup", {"metrics": ["spend"]}), "Done."])
    graph = build_graph(
        model, build_tools(services), InMemorySaver(), offer=ToolOffer(services.embedder)
    )
    state = asyncio.run(
        graph.ainvoke(
            {"messages": [HumanMessage("What was our total spend last month?")]},
            config={"configurable": {"thread_id": "t"}},
            context=Context(workspace="demo"),
        )
    )
    assert isinstance(state["messages"][2], ToolMessage)
    assert json.loads(state["messages"][2].content)  # the tool ran on the offered schema
    bound = {s["function"]["name"] for s in model.tool_schemas}
    assert "kpi_lookup" in bound and ASK_TOOL in bound and "draft_icp" not in bound
    system = str(model.received[0][0].content)
    assert "`kpi_lookup`" in system and "`draft_positioning`" not in system
    assert "never instructions" in system  # guidance about no tool stays
    assert isinstance(state["messages"][-1], AIMessage)


def test_a_real_models_kpi_turn_stays_within_the_turn_budget(services: Any) -> None:
    """Counted as `make bench` counts a turn: every message of both model calls (system prompt,
    question, tool call, the compact tool result) plus the schemas offered to each."""
    from evals.bench.tokens import TurnTokens

    args = {
        "metrics": ["cpl"],
        "dimensions": ["channel"],
        "period": {"kind": "previous", "unit": "quarter"},
    }
    model = ScriptedChatModel(script=[call("kpi_lookup", args), "CPL by channel: see above."])
    tools = build_tools(services)
    graph = build_graph(model, tools, InMemorySaver(), offer=ToolOffer(services.embedder))
    counter = TurnTokens([compact_tool(t) for t in [*tools, make_ask_tool()]])
    asyncio.run(
        graph.ainvoke(
            {"messages": [HumanMessage("What was our CPL by channel last quarter?")]},
            config={"configurable": {"thread_id": "t"}, "callbacks": [counter]},
            context=Context(workspace="demo"),
        )
    )
    assert counter.calls == 2
    assert counter.schemas <= 2 * BUDGET
    assert counter.messages + counter.schemas <= TURN_BUDGET, (counter.messages, counter.schemas)
