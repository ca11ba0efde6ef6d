"""What of a thread reaches the model: tool results compact, earlier turns' results and long
answers clipped, the current ones whole; the thread itself unchanged."""

from __future__ import annotations

import json

from langchain_core.messages import AIMessage, HumanMessage, ToolMessage

from agent.compact import compact_result
from agent.history import (
    CURRENT_RESULT_CHARS,
    EARLIER_ANSWER_CHARS,
    EARLIER_RESULT_CHARS,
    model_view,
)


def _turn(text: str, result: str, call_id: str) -> list:  # type: ignore[type-arg]
    call = {"id": call_id, "name": "draft_icp", "args": {}}
    return [
        HumanMessage(text),
        AIMessage("", tool_calls=[call]),
        ToolMessage(result, tool_call_id=call_id),
        AIMessage("answer"),
    ]


def test_only_earlier_results_are_clipped() -> None:
    big = "x" * (EARLIER_RESULT_CHARS * 10)
    messages = _turn("Who is our ICP?", big, "a") + _turn("add a persona for the CFO", big, "b")
    view = model_view(messages[:-1])  # the model is about to answer the second turn
    earlier, current = view[2], view[6]
    assert isinstance(earlier, ToolMessage) and len(earlier.content) < EARLIER_RESULT_CHARS + 80
    assert "more characters shown in an earlier turn" in earlier.content
    assert current.content == big and messages[2].content == big  # the thread is unchanged
    assert [type(m) for m in view] == [type(m) for m in messages[:-1]]


def test_a_current_result_longer_than_the_limit_is_cut_with_a_note() -> None:
    huge = "y" * (CURRENT_RESULT_CHARS + 5000)
    messages = _turn("Diagnose our marketing", huge, "a")[:-1]
    current = model_view(messages)[2]
    assert isinstance(current, ToolMessage)
    assert current.content.startswith("y" * CURRENT_RESULT_CHARS)
    assert current.content.endswith("… [5,000 more characters cut]")
    assert messages[2].content == huge


def test_an_earlier_long_answer_is_cut_to_its_head_and_keeps_its_tool_calls() -> None:
    long = "Calendar v2.\n" + "| row |\n" * 1000
    call = {"id": "c", "name": "generate_content_calendar", "args": {"weeks": 6}}
    messages = [
        HumanMessage("Plan 6 weeks"),
        AIMessage("", tool_calls=[call]),
        ToolMessage("{}", tool_call_id="c"),
        AIMessage(long),
        HumanMessage("Make February heavier on conversion"),
    ]
    view = model_view(messages)
    assert str(view[3].content).startswith("Calendar v2.")
    assert len(str(view[3].content)) < EARLIER_ANSWER_CHARS + 60
    assert str(view[3].content).endswith("more characters shown earlier]")
    assert view[1].tool_calls == messages[1].tool_calls and messages[3].content == long


def test_results_are_sent_compactly_and_the_thread_keeps_the_full_text() -> None:
    passages = [
        {
            "ref": f"doc#{i}",
            "label": f"notes.md › Part {i}",
            "page": None,
            "text": f"Passage {i}.",
            "score": 0.03,
        }
        for i in range(4)
    ]
    result = {
        "query": "pricing",
        "passages": passages,
        "rows": [{"cpl": 52.1}],
        "formatted_rows": [{"cpl": "£52.10"}],
        "warnings": [],
        "partial": False,
    }
    full = json.dumps(result)
    messages = [
        HumanMessage("pricing?"),
        AIMessage(
            "",
            tool_calls=[
                {"id": "a", "name": "search_client_documents", "args": {"query": "pricing"}}
            ],
        ),
        ToolMessage(full, tool_call_id="a", artifact=result),
    ]
    sent = model_view(messages)[2]
    assert json.loads(str(sent.content)) == {
        "query": "pricing",
        "passages": {
            "columns": ["label", "text"],
            "rows": [[f"notes.md › Part {i}", f"Passage {i}."] for i in range(4)],
        },
        "formatted_rows": [{"cpl": "£52.10"}],  # the figures to quote, not their raw twins
        "partial": False,
    }
    assert sent.artifact == result and messages[2].content == full
    assert len(str(sent.content)) < len(full) / 2


def test_text_that_is_not_a_json_object_is_sent_as_it_is() -> None:
    for text in ("Error: Unknown metric 'cpx'; did you mean cpc?", "asked the user", "[1, 2]"):
        assert compact_result(text) == text
