"""The agent as users meet it: every tool of the catalogue bound, on the offline model."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable, Iterator
from typing import Any, NamedTuple

import pytest
from langchain_core.messages import AIMessage, BaseMessage, HumanMessage, ToolMessage
from langgraph.checkpoint.memory import InMemorySaver

from agent.bootstrap import seed_demo_workspace
from agent.graph import build_graph
from agent.models import load_chat_model
from agent.runner import TurnResult, prepare_turn, run_turn
from core.context import Context
from core.stores.campaigns import close_all
from tools.catalog import build_tools


class ToolTurn(NamedTuple):
    """One turn that called one tool: the call, its parsed result, the answer, the thread."""

    call: dict[str, Any]
    result: dict[str, Any]
    answer: str
    messages: list[BaseMessage]


@pytest.fixture
def full_graph(services: Any) -> Iterator[Any]:
    model = load_chat_model("offline", services.settings, services=services)
    yield build_graph(model, build_tools(services), InMemorySaver())
    close_all()


@pytest.fixture
def tool_turn(full_graph: Any) -> Callable[..., ToolTurn]:
    """Say something in a thread; assert exactly one tool ran, without error, then an answer."""

    def say(text: str, thread: str = "t1", workspace: str = "demo") -> ToolTurn:
        state = asyncio.run(
            full_graph.ainvoke(
                {"messages": [HumanMessage(text)]},
                config={"configurable": {"thread_id": thread}},
                context=Context(workspace=workspace),
            )
        )
        messages = state["messages"]
        last_human = max(i for i, m in enumerate(messages) if isinstance(m, HumanMessage))
        turn = messages[last_human + 1 :]
        assert [type(m) for m in turn] == [AIMessage, ToolMessage, AIMessage], turn
        assert turn[1].status != "error", turn[1].content
        call = turn[0].tool_calls[0]
        return ToolTurn(call, json.loads(turn[1].content), str(turn[2].content), messages)

    return say


@pytest.fixture
def chat(services: Any) -> Iterator[Callable[..., TurnResult]]:
    """Say something on the demo workspace as `/chat` does (the runner's turn, its reading)."""
    seed_demo_workspace(services)
    model = load_chat_model("offline", services.settings, services=services)
    graph = build_graph(model, build_tools(services), InMemorySaver())

    def ask(text: str, thread: str = "t1") -> TurnResult:
        turn = prepare_turn(services, "demo", text, f"demo-{thread}")
        return asyncio.run(run_turn(graph, services, turn))

    yield ask
    close_all()
