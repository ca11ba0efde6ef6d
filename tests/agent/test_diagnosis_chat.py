"""Diagnosis and roadmap in chat on the offline model, with every other tool also bound."""

from __future__ import annotations

from typing import Any

import pytest

from agent.bootstrap import load_demo_data
from agent.models import load_chat_model
from agent.offline.routing import RoutingInput
from agent.runner import summarise_turn
from core.services import Services
from core.stores.artifacts import ArtifactStore
from tools.catalog import build_tools
from tools.kpi import CampaignStore


@pytest.fixture
def graph(services: Services, full_graph: Any) -> Any:
    ws = services.workspace_dir("demo")
    if not CampaignStore(ws).imports():
        load_demo_data(ws)
    return full_graph


def test_diagnosis_plan_and_a_focused_revision_in_one_thread(
    graph: Any, services: Services, tool_turn: Any
) -> None:
    call, result, answer, messages = tool_turn("What's wrong with our marketing?")
    summary = summarise_turn("diagnosis", messages)
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

    call, result, answer, _ = tool_turn("Give me a 30/60/90 plan")
    assert call["name"] == "plan_roadmap"
    assert result["diagnosis_version"] == 1
    for phase in ("Foundation (Days 0–30)", "Activation (Days 31–60)", "Optimisation (Days 61–90)"):
        assert phase in answer
    first = result["phases"][0]["initiatives"][0]
    assert first["title"] in answer and first["addresses"]["statement"] in answer

    call, result, answer, _ = tool_turn("Focus the diagnosis on conversion")
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
    model = load_chat_model("offline", services.settings, services=services)
    bound = model.bind_tools(build_tools(services))
    decision = bound._get_router().decide(RoutingInput(text=text))  # noqa: SLF001
    assert (decision.tool, decision.args) == (tool, args)
