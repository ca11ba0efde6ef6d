"""Diagnosis and roadmap in chat on the offline model, with every other tool also bound."""

from __future__ import annotations

import asyncio
import json
from importlib import import_module
from typing import Any

import pytest
from langchain_core.messages import AIMessage, HumanMessage, ToolMessage
from langgraph.checkpoint.memory import InMemorySaver

from agent.context import Context
from agent.graph import build_graph
from agent.models import load_chat_model
from agent.runner import summarise_turn
from agent.services import Services
from tools.artifacts import ArtifactStore
from tools.catalog import build_tools
from tools.kpi import CampaignStore, load_demo_data
from tools.registry import RoutingInput
from tools.strategy.diagnosis_tools import make_diagnose_marketing, make_plan_roadmap

# Tools other helpers are adding to tools/catalog.py: bound here too, so routing is tested
# against the whole catalogue, not just ours.
OTHER_FACTORIES = (
    ("tools.kpi.tool", "make_kpi_lookup"),
    ("tools.calendar.tool", "make_generate_content_calendar"),
    ("tools.calendar.tool", "make_revise_content_calendar"),
    ("tools.strategy.brief_tools", "make_get_client_brief"),
    ("tools.strategy.brief_tools", "make_update_client_brief"),
    ("tools.strategy.draft_tools", "make_draft_positioning"),
    ("tools.strategy.draft_tools", "make_draft_icp"),
    ("tools.strategy.draft_tools", "make_draft_messaging"),
)


def _tools(services: Services) -> list[Any]:
    tools = build_tools(services)
    makers = [make_diagnose_marketing, make_plan_roadmap] + [
        getattr(import_module(module), name) for module, name in OTHER_FACTORIES
    ]
    names = {t.name for t in tools}
    for make in makers:
        tool = make(services)
        if tool.name not in names:  # until tools/catalog.py lists them
            tools.append(tool)
            names.add(tool.name)
    return tools


@pytest.fixture
def graph(services: Services) -> Any:
    ws = services.workspace_dir("demo")
    if not CampaignStore(ws).imports():
        load_demo_data(ws)
    model = load_chat_model("offline", services.settings, services.embedder)
    yield build_graph(model, _tools(services), InMemorySaver())
    CampaignStore(ws).close()


def _turn(graph: Any, text: str) -> tuple[dict[str, Any], dict[str, Any], str, Any]:
    state = asyncio.run(
        graph.ainvoke(
            {"messages": [HumanMessage(text)]},
            config={"configurable": {"thread_id": "diagnosis"}},
            context=Context(workspace="demo"),
        )
    )
    messages = state["messages"]
    last_human = max(i for i, m in enumerate(messages) if isinstance(m, HumanMessage))
    turn = messages[last_human + 1 :]
    assert [type(m) for m in turn] == [AIMessage, ToolMessage, AIMessage], turn
    assert turn[1].status != "error", turn[1].content
    summary = summarise_turn("diagnosis", messages)
    return turn[0].tool_calls[0], json.loads(turn[1].content), turn[2].content, summary


def test_diagnosis_plan_and_a_focused_revision_in_one_thread(
    graph: Any, services: Services
) -> None:
    call, result, answer, summary = _turn(graph, "What's wrong with our marketing?")
    assert call["name"] == "diagnose_marketing" and not call["args"].get("focus_areas")
    assert "| Area | Status | Severity | Headline evidence |" in answer
    for area in result["areas"]:
        assert area["title"] in answer
        if area["evidence"]:
            first = area["evidence"][0]
            assert "".join(f"[{n}]" for n in first["citations"]) in answer
    problems = [a for a in result["areas"] if a["status"] == "problem"]
    rows = [line for line in answer.splitlines() if line.startswith("| ")][1:]
    assert rows[0].split(" | ")[1] == "Problem" and len(problems) >= 10  # problems first
    assert summary.citations and {c.kind for c in summary.citations} >= {"kpi_query", "document"}
    assert f"diagnosis v{result['version']}" in answer

    call, result, answer, _ = _turn(graph, "Give me a 30/60/90 plan")
    assert call["name"] == "plan_roadmap"
    assert result["diagnosis_version"] == 1
    for phase in ("Foundation (Days 0–30)", "Activation (Days 31–60)", "Optimisation (Days 61–90)"):
        assert phase in answer
    first = result["phases"][0]["initiatives"][0]
    assert first["title"] in answer and first["addresses"]["statement"] in answer

    call, result, answer, _ = _turn(graph, "Focus the diagnosis on conversion")
    assert call["name"] == "diagnose_marketing"
    assert call["args"]["focus_areas"] == ["conversion_funnel"]
    assert [a["area"] for a in result["areas"]] == ["conversion_funnel"]
    assert result["version"] == 2 and "(focused)" in answer
    store = ArtifactStore(services.workspace_dir("demo"))
    assert [i.versions for i in store.list() if i.kind == "diagnosis"] == [[1, 2]]
    assert store.get("diagnosis", 1).content["focus_areas"] == []  # the first is kept


@pytest.mark.parametrize(
    ("text", "tool", "args"),
    [
        ("Diagnose our marketing", "diagnose_marketing", {}),
        ("Audit our funnel", "diagnose_marketing", {"focus_areas": ["conversion_funnel"]}),
        (
            "Is retention a problem for us?",
            "diagnose_marketing",
            {"focus_areas": ["retention_expansion"]},
        ),
        ("What should we do first?", "plan_roadmap", {}),
        ("Rebuild the roadmap with a fresh diagnosis", "plan_roadmap", {"refresh": True}),
        ("Plan the next 90 days", "plan_roadmap", {}),
    ],
)
def test_routing_among_all_tools(
    services: Services, text: str, tool: str, args: dict[str, Any]
) -> None:
    model = load_chat_model("offline", services.settings, services.embedder)
    bound = model.bind_tools(_tools(services))
    decision = bound._get_router().decide(RoutingInput(text=text))  # noqa: SLF001
    assert (decision.tool, decision.args) == (tool, args)
