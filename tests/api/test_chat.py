"""`/chat` as a client sees it: JSON, SSE, threads across restarts, and clear 4xx errors."""

from __future__ import annotations

import json

from fastapi.testclient import TestClient

from api.main import create_app
from tests.support.auth import admin_key, bearer


def _sse_events(body: str) -> list[tuple[str, dict]]:
    """Parse a Server-Sent Events stream into (event, data) pairs."""
    events = []
    for block in body.replace("\r\n", "\n").split("\n\n"):
        name, data = "message", []
        for line in block.split("\n"):
            if line.startswith("event:"):
                name = line[6:].strip()
            elif line.startswith("data:"):
                data.append(line[5:].lstrip())
        if data:
            events.append((name, json.loads("\n".join(data))))
    return events


def test_chat_json_answers_with_citations_and_tool_calls(client) -> None:
    response = client.post(
        "/chat", json={"message": "How do I calculate CAC?", "workspace": "demo"}
    )
    assert response.status_code == 200, response.text
    body = response.json()
    assert set(body) == {
        "thread_id",
        "answer",
        "citations",
        "tool_calls",
        "understood",
        "clarify",
        "results",
    }
    assert body["tool_calls"][0]["name"] == "search_playbooks"
    [understood] = body["understood"]
    assert understood["tool"] == "search_playbooks" and understood["args"]["query"]
    assert body["answer"].startswith(f"_Understood: {understood['text']}._")
    assert body["clarify"] is None
    assert body["citations"], "a playbook answer must cite passages"
    for citation in body["citations"]:
        assert citation["kind"] == "playbook"
    assert body["citations"][0]["label"] in body["answer"]


def test_chat_streams_server_sent_events(client) -> None:
    with client.stream(
        "POST",
        "/chat",
        json={"message": "What is a good LTV to CAC ratio?"},
        headers={"Accept": "text/event-stream"},
    ) as response:
        assert response.headers["content-type"].startswith("text/event-stream")
        events = _sse_events("".join(response.iter_text()))
    names = [name for name, _ in events]
    assert names[0] == "tool_start" and "tool_end" in names and names[-2:] == ["final", "done"]
    tokens = [data["text"] for name, data in events if name == "token"]
    final = events[-2][1]
    assert "".join(tokens) == final["answer"]
    lines = final["answer"].splitlines()
    assert 5 < len(tokens) <= len(lines) + 1  # streamed a line at a time, not word by word
    assert all(t.endswith("\n") for t in tokens[:-1])
    assert final["citations"]


def test_the_final_event_carries_the_kpi_results_for_charts(client) -> None:
    """A KPI answer streamed over SSE carries the engine's typed result (dates as ISO text),
    equal to the JSON mode's, so the web workspace draws charts from figures, not text."""
    question = {"message": "What was our spend by month this year?", "workspace": "demo"}
    with client.stream(
        "POST", "/chat", json=question, headers={"Accept": "text/event-stream"}
    ) as response:
        events = _sse_events("".join(response.iter_text()))
    assert [name for name, _ in events][-2:] == ["final", "done"]
    [result] = events[-2][1]["results"]
    assert result["tool"] == "kpi_lookup"
    data = result["data"]
    assert data["dimensions"] == ["month"] and data["metrics"][0]["name"] == "spend"
    assert data["period"]["start"] == "2026-01-01"
    assert [r["month"] for r in data["rows"]][:2] == ["2026-01", "2026-02"]
    again = client.post("/chat", json=question).json()["results"][0]["data"]
    assert again["rows"] == data["rows"] and again["totals"] == data["totals"]


def test_thread_survives_an_app_restart(settings, embedder) -> None:
    with TestClient(create_app(settings, embedder)) as first:
        first.headers.update(bearer(admin_key(settings)))
        thread = first.post("/chat", json={"message": "How do I define an ICP?"}).json()[
            "thread_id"
        ]
    with TestClient(create_app(settings, embedder)) as second:
        second.headers.update(bearer(admin_key(settings)))
        reply = second.post(
            "/chat", json={"message": "What about positioning?", "thread_id": thread}
        )
        assert reply.status_code == 200
        history = second.get(f"/workspaces/demo/threads/{thread}").json()
    roles = [m["role"] for m in history["messages"]]
    assert roles.count("user") == 2
    assert history["messages"][0]["content"] == "How do I define an ICP?"
    assert history["workspace"] == "demo"


def _error(response, status: int, code: str) -> str:
    assert response.status_code == status, response.text
    body = response.json()
    assert body["error"]["code"] == code
    return str(body["error"]["message"])


def test_empty_message_is_refused(client) -> None:
    assert "empty" in _error(client.post("/chat", json={"message": "   "}), 422, "invalid_input")


def test_missing_message_is_refused(client) -> None:
    assert "message" in _error(client.post("/chat", json={}), 422, "invalid_input")


def test_oversized_message_is_refused(client) -> None:
    message = _error(client.post("/chat", json={"message": "x" * 9000}), 413, "payload_too_large")
    assert "8,000" in message


def test_unknown_workspace_is_refused(client) -> None:
    response = client.post("/chat", json={"message": "hi", "workspace": "nobody"})
    assert "nobody" in _error(response, 404, "workspace_not_found")


def test_crafted_workspace_ids_are_refused(client) -> None:
    for bad in ("../demo", "demo/../../etc", "DEMO", "dеmo", "demo\x00", "a" * 80):  # Cyrillic е
        response = client.post("/chat", json={"message": "hi", "workspace": bad})
        _error(response, 422, "invalid_workspace_id")


def test_unknown_thread_is_404(client) -> None:
    _error(client.get("/workspaces/demo/threads/does-not-exist"), 404, "thread_not_found")


def test_thread_of_another_workspace_cannot_be_continued(client) -> None:
    client.post("/workspaces", json={"id": "acme"})
    thread = client.post("/chat", json={"message": "How do I define an ICP?"}).json()["thread_id"]
    response = client.post(
        "/chat", json={"message": "hi", "workspace": "acme", "thread_id": thread}
    )
    _error(response, 404, "thread_not_found")
    _error(client.get(f"/workspaces/acme/threads/{thread}"), 404, "thread_not_found")
    _error(client.get(f"/threads/{thread}"), 404, "not_found")  # no unscoped path


def test_health_reports_model_and_index(client) -> None:
    body = client.get("/health").json()
    assert body["status"] == "ok" and body["model"] == "offline"
    assert body["playbook_chunks"] > 50


def test_openapi_docs_are_served(client) -> None:
    assert client.get("/docs").status_code == 200
    assert "/chat" in client.get("/openapi.json").json()["paths"]
