"""The graph with a tool-calling model that is not the offline router: typed arguments in,
tool results back to the model, errors the model can read, and the streamed events."""

from __future__ import annotations

import asyncio
import json
from typing import Any

from langchain_core.messages import AIMessage, HumanMessage, SystemMessage, ToolMessage
from langgraph.checkpoint.memory import InMemorySaver

from agent.graph import build_graph
from agent.runner import prepare_turn, run_turn, stream_turn
from core.context import Context
from tests.support.scripted_model import ScriptedChatModel, call
from tools.catalog import build_tools

LINKEDIN_CPL = {
    "metrics": ["cpl"],
    "filters": {"channel": ["LinkedIn Ads"]},
    "period": {"kind": "previous", "unit": "month"},
}


def _ask(graph: Any, services: Any, text: str) -> list[Any]:
    state = asyncio.run(
        graph.ainvoke(
            {"messages": [HumanMessage(text)]},
            config={"configurable": {"thread_id": "t"}},
            context=Context(workspace="demo", scope=services.scope("demo")),
        )
    )
    return list(state["messages"])


def test_a_tool_call_runs_and_its_result_goes_back_to_the_model(services: Any) -> None:
    model = ScriptedChatModel(script=[call("kpi_lookup", LINKEDIN_CPL), "LinkedIn CPL: see above."])
    graph = build_graph(model, build_tools(services), InMemorySaver())
    messages = _ask(graph, services, "What was our CPL on LinkedIn last month?")

    assert [type(m) for m in messages] == [HumanMessage, AIMessage, ToolMessage, AIMessage]
    result = json.loads(messages[2].content)
    assert result["period"]["label"].startswith("October 2026")
    assert result["rows"][0]["cpl"] > 0 and result["citations"][0]["kind"] == "kpi_query"
    second = model.received[1]
    assert isinstance(second[0], SystemMessage) and "demo" in str(second[0].content)
    assert second[-1].tool_call_id == "call_1"  # the model saw the figures it must quote
    # the answer opens with the reading the tool ran, so a misreading shows at once
    assert messages[3].content == (
        "_Understood: Cost per lead, channel LinkedIn Ads — October 2026 (last month)._\n\n"
        "LinkedIn CPL: see above."
    )


def test_the_schemas_a_provider_receives_are_valid_and_hide_the_runtime(services: Any) -> None:
    model = ScriptedChatModel(script=[])
    build_graph(model, build_tools(services), InMemorySaver())
    names = {s["function"]["name"] for s in model.tool_schemas}
    assert {"kpi_lookup", "generate_content_calendar", "search_playbooks"} <= names
    for schema in model.tool_schemas:
        params = schema["function"]["parameters"]
        assert params["type"] == "object" and "runtime" not in params.get("properties", {})
        assert schema["function"]["description"]


def test_malformed_arguments_come_back_as_an_error_the_model_can_correct(services: Any) -> None:
    model = ScriptedChatModel(
        script=[
            call("kpi_lookup", {"metric": "cpl", "filters": {"period": "last month"}}),
            call("kpi_lookup", LINKEDIN_CPL, call_id="call_2"),
            "Corrected.",
        ]
    )
    graph = build_graph(model, build_tools(services), InMemorySaver())
    messages = _ask(graph, services, "cpl linkedin last month")

    first_result = messages[2]
    assert isinstance(first_result, ToolMessage) and first_result.status == "error"
    assert "metrics" in str(first_result.content)  # names the missing argument
    assert isinstance(messages[4], ToolMessage) and messages[4].status != "error"
    assert str(messages[-1].content).endswith("Corrected.")
    assert "could not run" not in str(messages[-1].content)  # the failed call is not a reading


def test_streamed_turn_reports_tools_and_ends_with_the_final_answer(services: Any) -> None:
    model = ScriptedChatModel(script=[call("kpi_lookup", LINKEDIN_CPL), "Done: LinkedIn CPL."])
    graph = build_graph(model, build_tools(services), InMemorySaver())
    turn = prepare_turn(services, "demo", "What was our CPL on LinkedIn last month?", None)

    async def collect() -> list[dict[str, Any]]:
        return [event async for event in stream_turn(graph, services, turn)]

    events = asyncio.run(collect())
    kinds = [e["event"] for e in events]
    assert kinds[0] == "tool_start" and "tool_end" in kinds and kinds[-2:] == ["final", "done"]
    tokens = "".join(e["data"]["text"] for e in events if e["event"] == "token")
    assert tokens == "Done: LinkedIn CPL."
    final = events[-2]["data"]
    assert final["answer"].endswith("\n\nDone: LinkedIn CPL.")
    [understood] = final["understood"]
    assert understood["tool"] == "kpi_lookup" and understood["args"]["metrics"] == ["cpl"]
    assert understood["text"].startswith("Cost per lead, channel LinkedIn Ads — October 2026")
    assert final["clarify"] is None
    assert [c["kind"] for c in final["citations"]] == ["kpi_query"]


def test_a_question_ends_the_turn_with_its_options(services: Any) -> None:
    ask = call(
        "ask_clarifying_question",
        {
            "question": "Cost per SQL, or the number of SQLs?",
            "options": [
                {"label": "Cost per SQL", "reply": "Cost per SQL by channel this year"},
                {"label": "SQL count", "reply": "Number of SQLs by channel this year"},
            ],
        },
    )
    model = ScriptedChatModel(script=[ask])  # no second reply: the question ends the turn
    graph = build_graph(model, build_tools(services), InMemorySaver())
    turn = prepare_turn(services, "demo", "which channel is best for SQL", None)
    result = asyncio.run(run_turn(graph, services, turn))

    assert result.answer.startswith("Cost per SQL, or the number of SQLs?")
    assert "- SQL count" in result.answer
    assert result.clarify is not None
    assert [o.reply for o in result.clarify.options][0] == "Cost per SQL by channel this year"
    assert result.tool_calls == [] and result.understood == []
    assert any(s["function"]["name"] == "ask_clarifying_question" for s in model.tool_schemas)


def test_the_issues_malformed_calls_come_back_as_messages_naming_the_field(services: Any) -> None:
    """The two calls from issue #12: a small local model put `period` inside `filters`;
    another planned a calendar from only `{"weeks": 6}` (once a 500)."""
    model = ScriptedChatModel(
        script=[
            call("kpi_lookup", {"metrics": ["cpl"], "filters": {"period": "last month"}}),
            call("generate_content_calendar", {"weeks": 6}, call_id="call_2"),
            "Done.",
        ]
    )
    graph = build_graph(model, build_tools(services), InMemorySaver())
    messages = _ask(graph, services, "cpl last month, then plan 6 weeks")

    kpi, calendar = messages[2], messages[4]
    assert isinstance(kpi, ToolMessage) and kpi.status == "error"
    assert "'period' is not a filter" in str(kpi.content)
    assert 'the top-level `period` argument, e.g. "period": {"kind": "previous"' in str(kpi.content)
    # only weeks: planned with the defaults it reports (the channels among them), no error
    assert isinstance(calendar, ToolMessage) and calendar.status != "error"
    assert "channels" in " ".join(json.loads(str(calendar.content))["defaults_used"])
    assert str(messages[-1].content).endswith("Done.")
