"""A real model through `/chat` (the fake OpenAI-compatible server on loopback): a drafting
turn whose draft the model writes by structured output, one whose structured output fails
validation and is handled, and tool calls with malformed arguments that come back as messages
the model can correct from — never a 500."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.support import model_drafts as replies
from tests.support.auth import api_client
from tests.support.fake_openai import FakeOpenAI, Text, ToolCall, remote_settings


@pytest.fixture
def remote(settings: Any, embedder: Any, fake_openai: FakeOpenAI) -> Iterator[TestClient]:
    # The fake server answers at once; generous timeouts keep a loaded machine from turning a
    # slow offline fallback draft into a timeout (timeouts have their own tests).
    wide = {"model_timeout_s": 10.0, "model_deadline_s": 30.0}
    with api_client(remote_settings(settings, fake_openai, **wide), embedder) as client:
        yield client


def _json(build: Any) -> Any:
    return lambda body: Text(json.dumps(build(body)))


def _tool_result(request: dict[str, Any]) -> str:
    return str([m for m in request["messages"] if m["role"] == "tool"][-1]["content"])


def _chat(client: TestClient, message: str) -> dict[str, Any]:
    reply = client.post("/chat", json={"message": message, "workspace": "demo"})
    assert reply.status_code == 200, reply.text
    return dict(reply.json())


def test_a_drafting_turn_the_model_writes_by_structured_output(
    remote: TestClient, fake_openai: FakeOpenAI
) -> None:
    fake_openai.script(
        ToolCall("draft_positioning", {}),
        _json(replies.brief),  # the brief read from the documents, by the model
        _json(replies.positioning),  # the draft
        Text("Your positioning is drafted and saved as v1."),
    )
    body = _chat(remote, "Draft our positioning")

    assert body["answer"].endswith("Your positioning is drafted and saved as v1.")
    assert [c["name"] for c in body["tool_calls"]] == ["draft_positioning"]
    formats = [
        r.get("response_format", {}).get("json_schema", {}).get("name")
        for r in fake_openai.requests
    ]
    assert formats == [None, "BriefWritten", "PositioningWritten", None]
    seen = _tool_result(fake_openai.requests[3])  # what the chat model read back
    assert "For multi-entity finance teams drowning in email approvals" in seen
    assert '"note":"first draft"' in seen  # compactly (agent/compact.py)
    saved = remote.get("/workspaces/demo/artifacts/positioning")
    assert saved.status_code == 200, saved.text
    content = saved.json()["content"]
    assert content["statement"]["text"].startswith("For multi-entity finance teams")
    assert any(c["name"] == "status_quo_included" for c in content["checks"])


def test_a_draft_that_fails_validation_twice_is_the_offline_one_and_says_so(
    remote: TestClient, fake_openai: FakeOpenAI
) -> None:
    fake_openai.script(
        ToolCall("draft_positioning", {}),
        _json(replies.brief),
        Text("I'd position Ledgerly as the friendly AP tool."),
        Text('{"statement": 42}'),
        Text("Here is the offline draft; the model's did not validate."),
    )
    body = _chat(remote, "Draft our positioning")

    assert body["answer"].endswith("the model's did not validate.")
    seen = _tool_result(fake_openai.requests[4])
    assert "the model's positioning draft did not validate (" in seen
    assert "this is the offline draft" in seen


def test_kpi_period_put_inside_filters_is_a_message_the_model_can_correct(
    remote: TestClient, fake_openai: FakeOpenAI
) -> None:
    wrong = {"metrics": ["cpl"], "filters": {"period": "last month"}}
    right = {"metrics": ["cpl"], "period": {"kind": "previous", "unit": "month"}}
    fake_openai.script(
        ToolCall("kpi_lookup", wrong), ToolCall("kpi_lookup", right, "call_2"), Text("Fixed.")
    )
    body = _chat(remote, "cpl last month")

    assert body["answer"].endswith("Fixed.")
    error = _tool_result(fake_openai.requests[1])
    assert "filters: Value error, 'period' is not a filter" in error
    assert "send the period as the top-level `period` argument" in error
    assert '"formatted_rows"' in _tool_result(fake_openai.requests[2])  # the figures to quote


def test_a_calendar_from_only_weeks_is_planned_with_its_defaults_reported(
    remote: TestClient, fake_openai: FakeOpenAI
) -> None:
    fake_openai.script(ToolCall("generate_content_calendar", {"weeks": 6}), Text("Planned."))
    body = _chat(remote, "plan 6 weeks of content")

    assert body["answer"].endswith("Planned.")
    result = _tool_result(fake_openai.requests[1])
    assert '"defaults_used"' in result and "channels" in result
