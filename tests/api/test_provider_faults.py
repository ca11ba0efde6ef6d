"""Provider faults as a user meets them, against a fake OpenAI-compatible server on loopback.

Every case: a clear error with the right status (or `error` then `done` when streaming), no
duplicated text, the thread left consistent, and the next turn works. Timeouts are injected
small (tests/support/fake_openai.py `remote_settings`); nothing asserts wall-clock time.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.support.auth import api_client
from tests.support.fake_openai import (
    ContextOverflow,
    Drop,
    Error,
    FakeOpenAI,
    Hang,
    Text,
    ToolCall,
    remote_settings,
)

ASK = {"message": "How do I define an MQL?", "workspace": "demo"}


@pytest.fixture
def remote(settings: Any, embedder: Any, fake_openai: FakeOpenAI) -> Iterator[TestClient]:
    with api_client(remote_settings(settings, fake_openai), embedder) as client:
        yield client


def sse(client: TestClient, body: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    with client.stream("POST", "/chat", json=body, headers={"Accept": "text/event-stream"}) as r:
        assert r.status_code == 200
        text = "".join(r.iter_text())
    events = []
    for block in text.replace("\r\n", "\n").split("\n\n"):
        name, data = "message", []
        for line in block.split("\n"):
            if line.startswith("event:"):
                name = line[6:].strip()
            elif line.startswith("data:"):
                data.append(line[5:].lstrip())
        if data:
            events.append((name, json.loads("\n".join(data))))
    return events


def thread_of(client: TestClient, thread_id: str) -> list[dict[str, Any]]:
    response = client.get(f"/workspaces/demo/threads/{thread_id}")
    assert response.status_code == 200, response.text
    return list(response.json()["messages"])


def problem(response: Any, status: int, code: str) -> dict[str, Any]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    body = dict(response.json())
    assert body["code"] == code and body["status"] == status and body["error"]["code"] == code
    return body


def test_429_with_retry_after_is_honoured_then_answers(remote, fake_openai) -> None:
    fake_openai.script(Error(429, "slow down", headers={"Retry-After": "0"}), Text("Fine now."))
    response = remote.post("/chat", json=ASK)
    assert response.status_code == 200, response.text
    assert response.json()["answer"] == "Fine now."
    assert len(fake_openai.requests) == 2


def test_429_beyond_the_deadline_is_passed_on_with_retry_after(remote, fake_openai) -> None:
    fake_openai.script(Error(429, "quota", headers={"Retry-After": "120"}))
    response = remote.post("/chat", json=ASK)
    problem(response, 429, "model_rate_limited")
    assert response.headers["Retry-After"] == "120"
    assert len(fake_openai.requests) == 1  # no pointless wait, no retry


def test_500s_are_retried_then_reported_as_502(remote, fake_openai) -> None:
    fake_openai.script(Error(500), Error(503), Text("Recovered."))
    assert remote.post("/chat", json=ASK).json()["answer"] == "Recovered."
    fake_openai.script(Error(500), Error(500), Error(500))
    body = problem(remote.post("/chat", json=ASK), 502, "model_provider_error")
    assert "OPENAI_BASE_URL" in body["detail"]
    assert len(fake_openai.requests) == 6  # 1 + 2 retries each time


def test_a_400_is_a_502_and_not_retried(remote, fake_openai) -> None:
    fake_openai.script(Error(400, "unsupported parameter: tools"))
    body = problem(remote.post("/chat", json=ASK), 502, "model_request_rejected")
    assert "unsupported parameter" in body["detail"]
    assert len(fake_openai.requests) == 1


def test_context_overflow_says_start_a_new_thread(remote, fake_openai) -> None:
    fake_openai.script(ContextOverflow())
    body = problem(remote.post("/chat", json=ASK), 422, "context_too_long")
    assert "new thread" in body["detail"]
    assert len(fake_openai.requests) == 1


def test_a_hung_provider_times_out_once_without_retrying(remote, fake_openai) -> None:
    fake_openai.script(Hang(30))
    body = problem(remote.post("/chat", json=ASK), 504, "model_timeout")
    assert "in time" in body["detail"]
    assert len(fake_openai.requests) == 1


def test_a_dropped_stream_is_not_retried_and_not_duplicated(remote, fake_openai) -> None:
    fake_openai.script(Drop("Partial answer that never ends", after_chunks=3))
    events = sse(remote, ASK)
    names = [n for n, _ in events]
    assert names[-2:] == ["error", "done"] and "final" not in names
    tokens = "".join(d["text"] for n, d in events if n == "token")
    assert tokens and "Partial answer that never ends".startswith(tokens.strip() or "P")
    assert len(fake_openai.requests) == 1  # text reached the user: no retry, no repeat
    error = events[-2][1]
    assert error["code"] == "model_provider_error" and error["status"] == 502

    thread_id = events[-1][1]["thread_id"]
    messages = thread_of(remote, thread_id)
    assert messages[0]["role"] == "user" and messages[0]["unanswered"] is True
    assert messages[-1]["role"] == "assistant" and messages[-1]["error"] == "model_provider_error"

    fake_openai.script(Text("Second answer."))
    reply = remote.post("/chat", json={**ASK, "message": "And an SQL?", "thread_id": thread_id})
    assert reply.status_code == 200 and reply.json()["answer"] == "Second answer."
    sent = [m for m in fake_openai.requests[-1]["messages"] if m["role"] == "user"]
    assert [m["content"] for m in sent] == ["And an SQL?"]  # the failed message is not re-sent


def test_malformed_tool_calls_are_retried_once_then_reported(remote, fake_openai) -> None:
    fake_openai.script(ToolCall("search_playbooks", '{"query": "MQL'), Text("Retried fine."))
    assert remote.post("/chat", json=ASK).json()["answer"] == "Retried fine."
    broken = ToolCall("search_playbooks", "{not json")
    fake_openai.script(broken, broken, broken)
    body = problem(remote.post("/chat", json=ASK), 502, "model_provider_error")
    assert "could not be used" in body["detail"]


def test_tool_calls_round_trip_through_the_wire_format(remote, fake_openai) -> None:
    fake_openai.script(ToolCall("search_playbooks", {"query": "MQL definition"}), Text("Done."))
    body = remote.post("/chat", json=ASK).json()
    assert body["tool_calls"][0]["name"] == "search_playbooks"
    assert body["answer"].endswith("\n\nDone.")  # after the reading the tool ran
    assert body["understood"][0]["text"] == "Searched our playbooks for “MQL definition”"
    result = [m for m in fake_openai.requests[1]["messages"] if m["role"] == "tool"][0]
    assert result["content"].startswith("<<data id=")  # fenced as data for a remote model


def test_the_circuit_opens_after_repeated_failures(
    settings: Any, embedder: Any, fake_openai: FakeOpenAI
) -> None:
    tight = remote_settings(settings, fake_openai, model_max_retries=0, model_breaker_failures=2)
    with api_client(tight, embedder) as client:
        fake_openai.script(Error(502), Error(502))
        problem(client.post("/chat", json=ASK), 502, "model_provider_error")
        problem(client.post("/chat", json=ASK), 502, "model_provider_error")
        response = client.post("/chat", json=ASK)
        problem(response, 503, "model_unavailable")
        assert int(response.headers["Retry-After"]) >= 1
        assert len(fake_openai.requests) == 2  # failed fast, the provider was not called


def test_the_offline_fallback_answers_when_the_provider_fails(
    settings: Any, embedder: Any, fake_openai: FakeOpenAI
) -> None:
    with api_client(
        remote_settings(settings, fake_openai, model_fallback="offline", model_max_retries=0),
        embedder,
    ) as client:
        fake_openai.script(Error(500), Error(500))
        body = client.post("/chat", json=ASK).json()
    assert body["tool_calls"][0]["name"] == "search_playbooks"
    assert "offline model" in body["answer"] and body["citations"]


def test_a_provider_400_while_streaming_is_an_error_event_then_done(remote, fake_openai) -> None:
    fake_openai.script(Error(400, "bad request"))
    events = sse(remote, ASK)
    assert [n for n, _ in events] == ["error", "done"]
    assert events[0][1]["code"] == "model_request_rejected"


def test_an_unexpected_error_is_still_error_then_done(client, monkeypatch) -> None:
    def broken(*_: Any, **__: Any) -> Any:
        raise RuntimeError("boom")

    monkeypatch.setattr("agent.graph.model_view", broken)
    events = sse(client, ASK)
    assert [n for n, _ in events] == ["error", "done"]
    assert events[0][1]["code"] == "internal_error" and "boom" not in json.dumps(events)
    plain = TestClient(client.app, raise_server_exceptions=False, headers=client.headers)
    response = plain.post("/chat", json=ASK)  # as a real client sees it, not re-raised
    body = problem(response, 500, "internal_error")
    assert "boom" not in response.text and body["request_id"]
    monkeypatch.undo()
    thread = client.post("/chat", json=ASK).json()["thread_id"]  # the next turn works
    assert thread
