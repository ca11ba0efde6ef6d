"""The OpenAI wire API's threads and limits, with the `openai` client over the app in process:
clarifying questions answered by number, regenerated and unknown conversations, usage from a
model that reports tokens, a busy thread and a rate limit."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import openai
import pytest
from fastapi.testclient import TestClient
from langchain_core.messages import AIMessage, HumanMessage
from langgraph.checkpoint.memory import InMemorySaver

from agent.graph import build_graph
from agent.runner import prepare_turn
from core.settings import Settings
from tests.support.auth import admin_key, api_client
from tests.support.scripted_model import ScriptedChatModel, call
from tools.catalog import build_tools

ASK = call(
    "ask_clarifying_question",
    {
        "question": "Cost per SQL, or the number of SQLs?",
        "options": [
            {"label": "Cost per SQL", "reply": "Cost per SQL by channel this year"},
            {"label": "SQL count", "reply": "Number of SQLs by channel this year"},
        ],
    },
)


@pytest.fixture
def app(settings: Settings, embedder: Any) -> Iterator[TestClient]:
    with api_client(settings, embedder) as client:
        yield client


def _openai(client: TestClient, settings: Settings) -> openai.OpenAI:
    return openai.OpenAI(
        base_url="http://testserver/v1",
        api_key=admin_key(settings),
        http_client=client,
        max_retries=0,
    )


def _scripted(client: TestClient, script: list[Any]) -> ScriptedChatModel:
    """The app's graph with a scripted model (and an in-memory checkpointer)."""
    model = ScriptedChatModel(script=script)
    services = client.app.state.services  # type: ignore[attr-defined]
    client.app.state.graph = build_graph(  # type: ignore[attr-defined]
        model, build_tools(services), InMemorySaver()
    )
    return model


def _humans(model: ScriptedChatModel) -> list[str]:
    return [str(m.content) for m in model.received[-1] if isinstance(m, HumanMessage)]


def test_a_clarifying_question_is_a_numbered_list_answered_by_number(
    app: TestClient, settings: Settings
) -> None:
    model = _scripted(app, [ASK, "Here is cost per SQL."])
    client = _openai(app, settings)
    asked = client.chat.completions.create(
        model="cmo/demo", messages=[{"role": "user", "content": "which channel is best for SQL"}]
    )
    question = asked.choices[0].message.content or ""
    assert question == (
        "Cost per SQL, or the number of SQLs?\n\n1. Cost per SQL\n2. SQL count\n\n"
        "_Reply with the number of an option, or in your own words._"
    )
    assert (asked.model_extra or {})["cmo"]["clarify"]["options"][1]["label"] == "SQL count"

    client.chat.completions.create(
        model="cmo/demo",
        messages=[
            {"role": "user", "content": "which channel is best for SQL"},
            {"role": "assistant", "content": question},
            {"role": "user", "content": "1"},
        ],
    )
    assert _humans(model)[-1] == "Cost per SQL by channel this year"


def test_a_streamed_question_is_numbered_too(app: TestClient, settings: Settings) -> None:
    _scripted(app, [ASK])
    stream = _openai(app, settings).chat.completions.create(
        model="cmo/demo", messages=[{"role": "user", "content": "best for SQL?"}], stream=True
    )
    text = "".join(c.choices[0].delta.content or "" for c in stream if c.choices)
    assert "\n\n1. Cost per SQL\n2. SQL count\n\n" in text and "- SQL count" not in text


def test_a_regenerated_answer_branches_without_the_discarded_one(
    app: TestClient, settings: Settings
) -> None:
    model = _scripted(app, ["Answer one.", "Answer two.", "Answer two, again."])
    client = _openai(app, settings)
    first = [{"role": "user", "content": "First question"}]
    client.chat.completions.create(model="cmo/demo", messages=first)  # type: ignore[arg-type]
    second = [
        *first,
        {"role": "assistant", "content": "Answer one."},
        {"role": "user", "content": "Second question"},
    ]
    original = client.chat.completions.create(model="cmo/demo", messages=second)  # type: ignore[arg-type]
    again = client.chat.completions.create(model="cmo/demo", messages=second)  # type: ignore[arg-type]

    assert _humans(model) == ["First question", "Second question"], "no duplicate question"
    assert "Answer two." not in [m.content for m in model.received[-1]]
    threads = [(c.model_extra or {})["cmo"]["thread_id"] for c in (original, again)]
    assert threads[0] != threads[1]


def test_an_unknown_conversation_starts_a_thread_with_its_context(
    app: TestClient, settings: Settings
) -> None:
    model = _scripted(app, ["Noted."])
    made_up = [
        {"role": "system", "content": "You are helpful."},
        {"role": "user", "content": "Our ICP is B2B SaaS founders."},
        {"role": "assistant", "content": "Understood, B2B SaaS founders."},
        {"role": "user", "content": "Draft a tagline."},
    ]
    answer = _openai(app, settings).chat.completions.create(
        model="cmo/demo",
        messages=made_up,  # type: ignore[arg-type]
    )
    seen = model.received[-1]
    assert _humans(model) == ["Our ICP is B2B SaaS founders.", "Draft a tagline."]
    assert any(
        isinstance(m, AIMessage) and m.content == "Understood, B2B SaaS founders." for m in seen
    )
    assert not any("You are helpful." in str(m.content) for m in seen), "the agent's own prompt"
    thread = (answer.model_extra or {})["cmo"]["thread_id"]
    stored = app.get(f"/workspaces/demo/threads/{thread}").json()["messages"]
    assert [m["role"] for m in stored] == ["user", "assistant", "user", "assistant"]


def test_usage_is_reported_when_the_model_reports_tokens(
    app: TestClient, settings: Settings
) -> None:
    usage = {"input_tokens": 120, "output_tokens": 30, "total_tokens": 150}
    _scripted(app, [AIMessage(content="Short answer.", usage_metadata=usage)])  # type: ignore[arg-type]
    answer = _openai(app, settings).chat.completions.create(
        model="cmo/demo", messages=[{"role": "user", "content": "Hi"}]
    )
    assert answer.usage is not None
    assert (answer.usage.prompt_tokens, answer.usage.completion_tokens) == (120, 30)
    assert answer.usage.total_tokens == 150


def test_a_busy_thread_is_a_409(app: TestClient, settings: Settings) -> None:
    services = app.app.state.services  # type: ignore[attr-defined]
    running = prepare_turn(services, "demo", "a long question", "busy-thread")
    try:
        with pytest.raises(openai.ConflictError) as busy:
            _openai(app, settings).chat.completions.create(
                model="cmo/demo",
                messages=[{"role": "user", "content": "and another"}],
                extra_headers={"X-Thread-Id": "busy-thread"},
            )
    finally:
        running.release()
    assert busy.value.code == "thread_busy" and "wait for it to finish" in busy.value.message


def test_a_rate_limited_key_gets_429_with_retry_after(settings: Settings, embedder: Any) -> None:
    limited = settings.model_copy(update={"rate_limit": "2/minute"})
    with api_client(limited, embedder) as app:
        client = _openai(app, limited)
        client.models.list()
        client.models.list()
        with pytest.raises(openai.RateLimitError) as refused:
            client.models.list()
    assert refused.value.type == "rate_limit_error" and refused.value.code == "rate_limited"
    assert int(refused.value.response.headers["retry-after"]) >= 1
