"""The compiled graph on the offline model, end to end, with exact message sequences."""

from __future__ import annotations

import asyncio
import json

from langchain_core.messages import AIMessage, HumanMessage, ToolMessage
from langgraph.checkpoint.memory import InMemorySaver

from agent.graph import build_graph
from agent.models import load_chat_model
from core.context import Context
from tools.catalog import build_tools


def _run(graph, text: str, thread: str = "t1", workspace: str = "demo"):  # type: ignore[no-untyped-def]
    return asyncio.run(
        graph.ainvoke(
            {"messages": [HumanMessage(text)]},
            config={"configurable": {"thread_id": thread}},
            context=Context(workspace=workspace),
        )
    )


def test_playbook_question_runs_model_tool_model(services) -> None:
    model = load_chat_model("offline", services.settings, services=services)
    graph = build_graph(model, build_tools(services), InMemorySaver())
    messages = _run(graph, "How should we define an MQL with sales?")["messages"]
    kinds = [type(m) for m in messages]
    assert kinds == [HumanMessage, AIMessage, ToolMessage, AIMessage]
    call = messages[1].tool_calls[0]
    assert call["name"] == "search_playbooks"
    result = json.loads(messages[2].content)
    assert result["passages"], "retrieval returned nothing"
    answer = messages[3].content
    top = result["passages"][0]
    assert top["label"] in answer  # the answer cites what the tool returned
    assert top["text"].split()[0] in answer


def test_threads_keep_their_history(services) -> None:
    model = load_chat_model("offline", services.settings, services=services)
    graph = build_graph(model, build_tools(services), InMemorySaver())
    _run(graph, "How do I write a positioning statement?")
    state = _run(graph, "What is CAC payback?")
    assert sum(isinstance(m, HumanMessage) for m in state["messages"]) == 2


def test_step_limit_stops_a_tool_loop(services) -> None:
    class Looping(type(load_chat_model("offline", services.settings, services=services))):  # type: ignore[misc]
        def _respond(self, messages, *run_facts):  # type: ignore[no-untyped-def]
            return AIMessage(
                "",
                tool_calls=[
                    {
                        "name": "search_playbooks",
                        "args": {"query": "mql"},
                        "id": f"c{len(messages)}",
                    }
                ],
            )

        def bind_tools(self, tools, **kwargs):  # type: ignore[no-untyped-def]
            return Looping(embedder=self.embedder, tools=list(tools))

    graph = build_graph(Looping(embedder=services.embedder), build_tools(services), InMemorySaver())
    state = asyncio.run(
        graph.ainvoke(
            {"messages": [HumanMessage("loop")]},
            config={"configurable": {"thread_id": "x"}, "recursion_limit": 7},
            context=Context(workspace="demo"),
        )
    )
    last = state["messages"][-1]
    assert isinstance(last, AIMessage) and not last.tool_calls
    assert "step" in last.content
