"""Earlier turns' tool results are clipped before they reach the model, the current ones not."""

from __future__ import annotations

from langchain_core.messages import AIMessage, HumanMessage, ToolMessage

from agent.history import CURRENT_RESULT_CHARS, EARLIER_RESULT_CHARS, model_view


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
