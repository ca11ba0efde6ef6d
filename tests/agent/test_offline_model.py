"""The offline model routes like a tool-calling LLM, deterministically, and never invents."""

from __future__ import annotations

import json

import pytest
from langchain_core.messages import AIMessage, HumanMessage, ToolMessage
from langchain_core.tools import StructuredTool

from agent.offline.model import OfflineChatModel
from agent.offline.routing import Routing, RoutingInput, attach_routing


def _tool(name: str, examples: tuple[str, ...], follow_up: bool = False) -> StructuredTool:
    def run(query: str) -> str:
        """Test tool."""
        return json.dumps({"query": query})

    tool = StructuredTool.from_function(run, name=name, description=f"{name} tool")

    def extract(request: RoutingInput) -> dict[str, str]:
        previous = request.previous_args(name) or {}
        return {**previous, "query": request.text}

    return attach_routing(
        tool,
        Routing(
            examples=examples, extract_args=extract, follow_up=follow_up, summary=f"does {name}"
        ),
    )


@pytest.fixture
def model(embedder) -> OfflineChatModel:
    tools = [
        _tool(
            "weather",
            ("what's the weather in London", "will it rain tomorrow", "forecast for Paris"),
        ),
        _tool(
            "recipes",
            ("how do I bake bread", "a recipe for lasagne", "what can I cook with eggs"),
            follow_up=True,
        ),
    ]
    return OfflineChatModel(embedder=embedder).bind_tools(tools)


@pytest.mark.parametrize(
    ("utterance", "tool"),
    [
        ("Is it going to rain in Manchester?", "weather"),
        ("give me the forecast for the weekend", "weather"),
        ("How do you make sourdough?", "recipes"),
        ("dinner ideas with chicken", "recipes"),
    ],
)
def test_routes_to_the_nearest_examples(model: OfflineChatModel, utterance: str, tool: str) -> None:
    reply = model.invoke([HumanMessage(utterance)])
    assert isinstance(reply, AIMessage)
    assert [c["name"] for c in reply.tool_calls] == [tool]
    assert reply.tool_calls[0]["args"] == {"query": utterance}


def test_unroutable_message_lists_what_it_can_do(model: OfflineChatModel) -> None:
    reply = model.invoke([HumanMessage("asdf qwerty zxcv")])
    assert not reply.tool_calls
    assert "weather" in reply.content and "recipes" in reply.content


def test_follow_up_reuses_the_previous_tool_with_merged_args(model: OfflineChatModel) -> None:
    history = [
        HumanMessage("a recipe for lasagne"),
        AIMessage(
            "",
            tool_calls=[{"name": "recipes", "args": {"query": "lasagne", "serves": 4}, "id": "c1"}],
        ),
        ToolMessage('{"query": "lasagne"}', tool_call_id="c1"),
        AIMessage("Here it is."),
        HumanMessage("and a vegetarian one?"),
    ]
    reply = model.invoke(history)
    assert reply.tool_calls[0]["name"] == "recipes"
    assert reply.tool_calls[0]["args"] == {"query": "and a vegetarian one?", "serves": 4}


def test_answers_from_tool_results_after_the_call(model: OfflineChatModel) -> None:
    messages = [
        HumanMessage("forecast for Paris"),
        AIMessage("", tool_calls=[{"name": "weather", "args": {"query": "Paris"}, "id": "c1"}]),
        ToolMessage('{"query": "Paris", "citations": []}', tool_call_id="c1", name="weather"),
    ]
    reply = model.invoke(messages)
    assert not reply.tool_calls
    assert "Paris" in reply.content  # the generic template quotes the tool result


def test_tool_errors_are_explained_not_hidden(model: OfflineChatModel) -> None:
    messages = [
        HumanMessage("forecast for Paris"),
        AIMessage("", tool_calls=[{"name": "weather", "args": {"query": "Paris"}, "id": "c1"}]),
        ToolMessage("Error: no forecast for Atlantis", tool_call_id="c1", status="error"),
    ]
    reply = model.invoke(messages)
    assert "no forecast for Atlantis" in reply.content
    assert "could not" in reply.content


def test_is_deterministic(model: OfflineChatModel) -> None:
    first = model.invoke([HumanMessage("will it rain tomorrow in York?")])
    second = model.invoke([HumanMessage("will it rain tomorrow in York?")])
    assert first.tool_calls == second.tool_calls


def test_streams_text_a_line_at_a_time(model: OfflineChatModel) -> None:
    messages = [
        HumanMessage("forecast for Paris"),
        AIMessage("", tool_calls=[{"name": "weather", "args": {"query": "Paris"}, "id": "c1"}]),
        ToolMessage("Error: no data", tool_call_id="c1", status="error"),
    ]
    pieces = [str(c.content) for c in model.stream(messages) if c.content]
    answer = str(model.invoke(messages).content)
    assert "".join(pieces) == answer
    assert len(pieces) == len(answer.splitlines())  # one event per line, not per word
    assert all(p.endswith("\n") and "\n" not in p[:-1] for p in pieces[:-1])
