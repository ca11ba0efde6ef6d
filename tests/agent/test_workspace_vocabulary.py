"""The offline router weighs the workspace's own vocabulary between the two search tools."""

from __future__ import annotations

import asyncio
import json
from typing import Any

import pytest
from langchain_core.messages import AIMessage, HumanMessage
from langchain_core.tools import StructuredTool
from langgraph.checkpoint.memory import InMemorySaver

from agent.graph import build_graph
from agent.offline.grammar.search import client_vocabulary
from agent.offline.model import OfflineChatModel
from agent.offline.router import _weigh_evidence
from agent.offline.routing import Evidence, Routing, RoutingInput, attach_routing
from agent.offline.understand import Understanding
from core.context import Context
from knowledge_base.documents import ingest_document

SEARCH_EXAMPLES = ("tell me about onboarding", "what do we know about onboarding")


def _tool(name: str, examples: tuple[str, ...], evidence: Evidence | None = None) -> Any:
    def run(query: str) -> str:
        """Test tool."""
        return json.dumps({"query": query})

    tool = StructuredTool.from_function(run, name=name, description=f"{name} tool")
    routing = Routing(
        examples=examples, extract_args=lambda r: {"query": r.text}, evidence=evidence
    )
    return attach_routing(tool, routing)


def _named_in_docs(request: RoutingInput) -> float | None:
    return 1.0 if "Zephyrine" in request.text else None


def _called(model: Any, text: str, workspace: str | None = "acme") -> str:
    config = {"metadata": {"workspace": workspace}} if workspace else None
    reply = model.invoke([HumanMessage(text)], config=config)
    assert isinstance(reply, AIMessage) and reply.tool_calls
    return str(reply.tool_calls[0]["name"])


@pytest.fixture
def model(embedder) -> Any:
    tools = [
        # Same examples: the two search tools tie, as playbooks and documents often nearly do.
        _tool("search_documents", SEARCH_EXAMPLES, _named_in_docs),
        _tool(
            "search_guides",
            SEARCH_EXAMPLES,
            lambda r: None if _named_in_docs(r) is None else 1.0 - _named_in_docs(r),  # type: ignore[operator]
        ),
        _tool("weather", ("what's the weather in London", "will it rain tomorrow")),
    ]
    return OfflineChatModel(embedder=embedder).bind_tools(tools)


def test_evidence_settles_a_tie_between_the_search_tools(model: Any) -> None:
    assert _called(model, "Tell me about Zephyrine onboarding") == "search_documents"
    # No telling word: the tie falls to the name order, as before evidence existed.
    assert _called(model, "Tell me about onboarding") == "search_guides"


def test_evidence_never_beats_another_tool(model: Any) -> None:
    assert _called(model, "Will it rain on the Zephyrine office tomorrow?") == "weather"


def test_evidence_only_swaps_the_search_tools_scores() -> None:
    scores = {"docs": 0.60, "guides": 0.65, "kpi": 0.70}
    weighed = _weigh_evidence(scores, {"docs": 1.0, "guides": 0.0})
    assert weighed == {"docs": 0.65, "guides": 0.60, "kpi": 0.70}
    tied = _weigh_evidence({"docs": 0.6, "guides": 0.6}, {"docs": 1.0, "guides": 0.0})
    assert tied["docs"] > tied["guides"]
    assert _weigh_evidence(scores, {"docs": 0.5, "guides": 0.5}) == scores
    far = {"docs": 0.30, "guides": 0.65}
    assert _weigh_evidence(far, {"docs": 1.0, "guides": 0.0}) == far  # a clear match stands


def test_vocabulary_overlap_tells_the_client_from_the_playbooks(services) -> None:
    services.workspaces.create("acme")
    index = services.document_index("acme")
    note = b"# Team\n\nZephyrine leads onboarding for the Harrogate office.\n"
    ingest_document(index, "team.md", note, 25 * 1024 * 1024)

    def share(text: str, workspace: str | None = "acme") -> float | None:
        return client_vocabulary(services, RoutingInput(text, workspace=workspace))

    assert share("Who is Zephyrine?") == 1.0
    assert share("Who is Zephyrine?", workspace=None) is None
    assert share("Who is Zephyrine?", workspace="nobody") is None
    assert share("Quixotic vellichor?") is None  # in neither corpus
    assert share("What is a positioning statement?") == 0.0  # the playbooks' words only


def test_the_graph_tells_the_model_its_workspace(services, monkeypatch) -> None:
    from agent.models import load_chat_model
    from tools.catalog import build_tools

    seen: list[str | None] = []
    decide = Understanding.decide  # the catalogue's tools are read by the trained model

    def spy(self: Understanding, request: RoutingInput) -> Any:
        seen.append(request.workspace)
        return decide(self, request)

    monkeypatch.setattr(Understanding, "decide", spy)
    services.workspaces.create("acme")
    graph = build_graph(
        load_chat_model("offline", services.settings, services=services),
        build_tools(services),
        InMemorySaver(),
    )
    asyncio.run(
        graph.ainvoke(
            {"messages": [HumanMessage("What do our customers say about onboarding?")]},
            config={"configurable": {"thread_id": "t1"}},
            context=Context(workspace="acme"),
        )
    )
    assert seen == ["acme"]
