"""Limits (body size before parsing, rate limits, input that must never 5xx, per-turn caps)
and what operators see (request ids, JSON logs, readiness, admin-only metrics)."""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.support.auth import api_client, bearer, key_for


def refused(response: Any, status: int, code: str) -> dict[str, Any]:
    assert response.status_code == status, response.text
    body = dict(response.json())
    assert body["code"] == code
    return body


def test_a_huge_json_body_is_refused_before_parsing(client: TestClient) -> None:
    body = b'{"message": "' + b"x" * (300 * 1024) + b'"}'
    response = client.post("/chat", content=body, headers={"content-type": "application/json"})
    refused(response, 413, "payload_too_large")


def test_a_streamed_body_is_cut_at_the_limit(client: TestClient) -> None:
    def chunks() -> Iterator[bytes]:
        yield b'{"message": "'
        for _ in range(400):
            yield b"y" * 1024
        yield b'"}'

    response = client.post("/chat", content=chunks(), headers={"content-type": "application/json"})
    refused(response, 413, "payload_too_large")


def test_a_lone_surrogate_is_a_422_not_a_500(client: TestClient) -> None:
    raw = b'{"message": "hello \\ud800 there"}'
    response = client.post("/chat", content=raw, headers={"content-type": "application/json"})
    refused(response, 422, "invalid_input")
    paired = b'{"message": "How do I define an MQL? \\ud83d\\ude00"}'  # benign: a real emoji
    ok = client.post("/chat", content=paired, headers={"content-type": "application/json"})
    assert ok.status_code == 200, ok.text


@pytest.mark.parametrize(
    "body",
    [
        {"start": "9999-12-20", "weeks": 4},
        {"weeks": 10**9},
        {"start": "2027-01-04", "end": "9999-12-31"},
        {"start": "0001-01-01", "weeks": 1},
        {"blackout_dates": ["9999-12-31"]},
    ],
)
def test_extreme_calendar_requests_are_4xx(client: TestClient, body: dict[str, Any]) -> None:
    response = client.post("/workspaces/demo/calendars", json=body)
    assert 400 <= response.status_code < 500, response.text


def test_timestamps_in_responses_carry_a_time_zone(client: TestClient) -> None:
    created = client.post("/workspaces/demo/calendars", json={"start": "2027-01-04", "weeks": 1})
    assert created.status_code == 201
    assert created.json()["created_at"].endswith(("Z", "+00:00"))
    assert client.get("/workspaces").json()[0]["created_at"].endswith("+00:00")


def test_a_key_over_its_rate_limit_gets_429_with_retry_after(settings: Any, embedder: Any) -> None:
    tight = settings.model_copy(update={"rate_limit": "3/minute"})
    with api_client(tight, embedder) as client:
        statuses = [client.get("/workspaces").status_code for _ in range(4)]
        assert statuses[:3] == [200, 200, 200]
        response = client.get("/workspaces")
        refused(response, 429, "rate_limited")
        assert int(response.headers["Retry-After"]) >= 1
        other = bearer(key_for(tight, "viewer", "demo"))  # limits are per key
        assert client.get("/workspaces/demo", headers=other).status_code == 200


def test_guessing_keys_is_rate_limited_per_client(settings: Any, embedder: Any) -> None:
    tight = settings.model_copy(update={"rate_limit_unauthenticated": "2/minute"})
    with api_client(tight, embedder) as client:
        anon = TestClient(client.app)
        codes = [
            anon.get("/workspaces", headers=bearer("cmo_abcdefgh_" + "x" * 43)).status_code
            for _ in range(3)
        ]
        assert codes == [401, 401, 429]
        assert client.get("/workspaces").status_code == 200  # a valid key is not held back


def test_the_token_budget_ends_a_turn_with_an_answer(services: Any) -> None:
    import asyncio

    from langchain_core.messages import AIMessage
    from langgraph.checkpoint.memory import InMemorySaver

    from agent.graph import build_graph
    from agent.runner import prepare_turn, run_turn
    from tests.support.scripted_model import ScriptedChatModel, call
    from tools.catalog import build_tools

    costly = call("search_playbooks", {"query": "MQL"})
    costly.usage_metadata = {"input_tokens": 5000, "output_tokens": 100, "total_tokens": 5100}
    model = ScriptedChatModel(script=[costly, AIMessage("never reached")])
    graph = build_graph(model, build_tools(services), InMemorySaver(), max_turn_tokens=5000)
    turn = prepare_turn(services, "demo", "How do I define an MQL?", None)
    result = asyncio.run(run_turn(graph, services, turn))
    assert "token budget" in result.answer and len(model.received) == 1


def test_every_response_has_a_request_id(client: TestClient) -> None:
    ok = client.get("/workspaces")
    assert len(ok.headers["X-Request-ID"]) >= 32
    missing = client.get("/workspaces/nope")
    assert missing.json()["request_id"] == missing.headers["X-Request-ID"]


def test_logs_are_json_with_the_request_id_and_no_query_string(
    client: TestClient, capsys: Any
) -> None:
    from api.logs import configure_logging

    root = logging.getLogger()
    saved = root.handlers[:], root.level
    configure_logging("json")
    try:
        response = client.get("/workspaces?token=SECRETVALUE")
    finally:
        root.handlers[:], level = saved
        root.setLevel(level)
    lines = [json.loads(x) for x in capsys.readouterr().err.splitlines() if x.startswith("{")]
    access = [x for x in lines if x.get("logger") == "cmo.access"]
    assert access and access[-1]["path"] == "/workspaces" and access[-1]["status"] == 200
    assert access[-1]["request_id"] == response.headers["X-Request-ID"]
    server = [x for x in lines if not str(x.get("logger")).startswith("httpx")]  # the test client
    assert len(access[-1]["key"]) == 8 and "SECRETVALUE" not in json.dumps(server)


def test_metrics_are_for_admins_and_count_what_matters(client: TestClient, settings: Any) -> None:
    client.post("/chat", json={"message": "How do I define an MQL?"})
    text = client.get("/admin/metrics").text
    for name in (
        "http_requests_total",
        "http_request_duration_seconds_bucket",
        "cmo_tool_calls_total",
        "cmo_model_errors_total",
        "cmo_model_tokens_total",
    ):
        assert name in text, name
    assert 'tool="search_playbooks"' in text
    editor = bearer(key_for(settings, "editor", "demo"))
    refused(client.get("/admin/metrics", headers=editor), 403, "forbidden")
    assert client.get("/workspaces/demo/metrics").status_code == 200  # no clash


def test_readiness_reports_an_unreachable_model(settings: Any, embedder: Any) -> None:
    from tests.support.live_server import free_port

    remote = settings.model_copy(
        update={
            "model": "openai-compatible:x",
            "openai_base_url": f"http://127.0.0.1:{free_port()}/v1",
            "model_connect_timeout_s": 0.5,
        }
    )
    with api_client(remote, embedder) as client:
        response = TestClient(client.app).get("/readyz")
    assert response.status_code == 503
    assert response.json()["status"] == "not_ready"
    checks = response.json()["checks"]
    assert (checks["stores"], checks["model"]) == ("ok", "unreachable")
