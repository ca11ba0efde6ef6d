"""The OpenAI wire API with the real `openai` client (sync, async, streaming) against the app
served on loopback, with the offline model: models, completions, threads, errors."""

from __future__ import annotations

import asyncio
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import openai
import pytest

from core.settings import Settings
from tests.support.auth import TEST_HOSTS, admin_key, bearer, key_for
from tests.support.live_server import live_server

CPL = "What was cost per lead by channel last month?"


@pytest.fixture(scope="module")
def live(
    tmp_path_factory: pytest.TempPathFactory, _prepared_data: Path, embedder: Any
) -> Iterator[tuple[str, Settings]]:
    """One server for the module (tests use their own conversations and workspaces)."""
    from api.main import create_app
    from core.stores.campaigns import close_all

    data_dir = tmp_path_factory.mktemp("wire") / "data"
    shutil.copytree(_prepared_data, data_dir)
    config = Settings(data_dir=data_dir, allowed_hosts=TEST_HOSTS, _env_file=None)
    with live_server(create_app(config, embedder)) as url:
        httpx.post(f"{url}/workspaces", json={"id": "acme"}, headers=bearer(admin_key(config)))
        yield url, config
    close_all()


def _client(live: tuple[str, Settings], key: str | None = None) -> openai.OpenAI:
    url, config = live
    return openai.OpenAI(
        base_url=f"{url}/v1", api_key=key or admin_key(config), max_retries=0, timeout=120
    )


def _user_messages(live: tuple[str, Settings], workspace: str, thread: str) -> list[str]:
    url, config = live
    history = httpx.get(
        f"{url}/workspaces/{workspace}/threads/{thread}", headers=bearer(admin_key(config))
    ).json()
    return [m["content"] for m in history["messages"] if m["role"] == "user"]


def test_models_are_the_workspaces_the_key_reaches(live: tuple[str, Settings]) -> None:
    admin = [m.id for m in _client(live).models.list()]
    assert {"cmo/demo", "cmo/acme"} <= set(admin)
    viewer = _client(live, key_for(live[1], "viewer", "acme"))
    [model] = viewer.models.list()
    assert model.id == "cmo/acme" and model.object == "model" and model.created > 0


def test_a_completion_shows_what_was_understood_and_its_sources(
    live: tuple[str, Settings],
) -> None:
    raw = _client(live).chat.completions.with_raw_response.create(
        model="cmo/demo", messages=[{"role": "user", "content": CPL}]
    )
    completion = raw.parse()
    assert completion.object == "chat.completion" and completion.model == "cmo/demo"
    assert completion.choices[0].finish_reason == "stop"
    content = completion.choices[0].message.content or ""
    assert content.startswith("_Understood: Cost per lead by channel")
    assert "| LinkedIn Ads |" in content
    assert content.endswith("**Sources**\n\n1. KPI query")
    extra = (completion.model_extra or {})["cmo"]
    assert raw.headers["x-thread-id"] == extra["thread_id"]
    assert extra["citations"][0]["detail"].startswith("SELECT"), "the SQL travels with it"
    assert extra["results"][0]["data"]["rows"], "so do the KPI figures, for a chart"
    assert extra["understood"][0]["tool"] == "kpi_lookup" and extra["clarify"] is None


def test_a_three_turn_conversation_is_one_thread_stored_once(
    live: tuple[str, Settings],
) -> None:
    client = _client(live)
    questions = [CPL, "And spend by month this year?", "How do I calculate CAC?"]
    conversation: list[dict[str, str]] = [{"role": "system", "content": "Be brief."}]
    threads = []
    for turn, question in enumerate(questions):
        conversation.append({"role": "user", "content": question})
        if turn == 1:  # one turn streamed: the stream's text continues the thread as well
            stream = client.chat.completions.create(
                model="cmo/demo",
                messages=conversation,
                stream=True,  # type: ignore[arg-type]
            )
            chunks = list(stream)
            answer = "".join(c.choices[0].delta.content or "" for c in chunks if c.choices)
            threads.append((chunks[-1].model_extra or {})["cmo"]["thread_id"])
        else:
            raw = client.chat.completions.with_raw_response.create(
                model="cmo/demo",
                messages=conversation,  # type: ignore[arg-type]
            )
            answer = raw.parse().choices[0].message.content or ""
            threads.append(raw.headers["x-thread-id"])
        conversation.append({"role": "assistant", "content": answer})

    assert len(set(threads)) == 1
    assert _user_messages(live, "demo", threads[0]) == questions  # 3, not 1 + 2 + 3


def test_two_conversations_get_two_threads(live: tuple[str, Settings]) -> None:
    client = _client(live)
    one = client.chat.completions.create(
        model="cmo/demo", messages=[{"role": "user", "content": "How do I define an MQL?"}]
    )
    two = client.chat.completions.create(
        model="cmo/demo", messages=[{"role": "user", "content": "How do I define an SQL?"}]
    )
    threads = {(c.model_extra or {})["cmo"]["thread_id"] for c in (one, two)}
    assert len(threads) == 2


def test_a_conversation_never_continues_another_workspaces_thread(
    live: tuple[str, Settings],
) -> None:
    client = _client(live)
    first = [{"role": "user", "content": "How do I calculate CAC?"}]
    demo = client.chat.completions.create(model="cmo/demo", messages=first)  # type: ignore[arg-type]
    demo_thread = (demo.model_extra or {})["cmo"]["thread_id"]
    resent = [
        *first,
        {"role": "assistant", "content": demo.choices[0].message.content or ""},
        {"role": "user", "content": "And payback?"},
    ]
    acme = client.chat.completions.with_raw_response.create(
        model="cmo/acme",
        messages=resent,  # type: ignore[arg-type]
    )
    assert acme.headers["x-thread-id"] != demo_thread  # same text, other workspace: new thread
    with pytest.raises(openai.NotFoundError) as refused:
        client.chat.completions.create(
            model="cmo/acme",
            messages=[{"role": "user", "content": "Continue"}],
            extra_headers={"X-Thread-Id": demo_thread},
        )
    assert refused.value.code == "thread_not_found"
    assert _user_messages(live, "demo", demo_thread) == ["How do I calculate CAC?"]


def test_streaming_sends_tool_activity_then_the_answer(live: tuple[str, Settings]) -> None:
    stream = _client(live).chat.completions.create(
        model="cmo/demo",
        messages=[{"role": "user", "content": "How do I calculate CAC?"}],
        stream=True,
        stream_options={"include_usage": True},
    )
    chunks = list(stream)
    assert chunks[0].choices[0].delta.role == "assistant"
    assert all(c.object == "chat.completion.chunk" and c.model == "cmo/demo" for c in chunks)
    assert len({c.id for c in chunks}) == 1
    activity = [
        (c.choices[0].delta.model_extra or {}).get("reasoning_content") for c in chunks[1:3]
    ]
    assert activity == [
        "Running `search_playbooks` (`query: How do I calculate CAC?`)…\n",
        "`search_playbooks` done\n",
    ]
    text = "".join(c.choices[0].delta.content or "" for c in chunks if c.choices)
    assert text.startswith("_Understood: Searched our playbooks") and "**Sources**\n\n1. " in text
    last = chunks[-1]  # the offline model reports no tokens, so no usage chunk follows
    assert last.choices[0].finish_reason == "stop" and last.usage is None
    assert (last.model_extra or {})["cmo"]["citations"][0]["kind"] == "playbook"


def test_the_async_client_continues_a_thread_named_by_header(
    live: tuple[str, Settings],
) -> None:
    async def ask() -> tuple[str, str]:
        client = openai.AsyncOpenAI(
            base_url=f"{live[0]}/v1", api_key=admin_key(live[1]), max_retries=0, timeout=120
        )
        async with client:
            first = await client.chat.completions.create(
                model="cmo/demo", messages=[{"role": "user", "content": "What is an ICP?"}]
            )
            thread = (first.model_extra or {})["cmo"]["thread_id"]
            second = await client.chat.completions.with_raw_response.create(
                model="cmo/demo",
                messages=[{"role": "user", "content": "And a persona?"}],
                extra_headers={"X-Thread-Id": thread},
            )
        return thread, second.headers["x-thread-id"]

    thread, again = asyncio.run(ask())
    assert thread == again
    assert _user_messages(live, "demo", thread) == ["What is an ICP?", "And a persona?"]


def test_refusals_come_in_openai_shape_and_say_what_to_do(live: tuple[str, Settings]) -> None:
    client = _client(live)
    hello = [{"role": "user", "content": "hello"}]
    with pytest.raises(openai.NotFoundError) as unknown_model:
        client.chat.completions.create(model="gpt-4o", messages=hello)  # type: ignore[arg-type]
    assert unknown_model.value.code == "model_not_found"
    assert "GET /v1/models" in unknown_model.value.message
    with pytest.raises(openai.NotFoundError) as unknown_workspace:
        client.chat.completions.create(model="cmo/nope", messages=hello)  # type: ignore[arg-type]
    assert unknown_workspace.value.code == "workspace_not_found"
    assert unknown_workspace.value.type == "invalid_request_error"
    with pytest.raises(openai.BadRequestError, match="last message must be the user's"):
        client.chat.completions.create(
            model="cmo/demo", messages=[{"role": "assistant", "content": "hi"}]
        )
    with pytest.raises(openai.PermissionDeniedError, match="editor key"):
        _client(live, key_for(live[1], "viewer", "demo")).chat.completions.create(
            model="cmo/demo",
            messages=hello,  # type: ignore[arg-type]
        )
    with pytest.raises(openai.AuthenticationError) as bad_key:
        _client(live, "cmo_not_a_key").models.list()
    assert bad_key.value.code == "unauthorized" and bad_key.value.type == "authentication_error"
    assert "Authorization: Bearer" in bad_key.value.message


def test_a_body_that_is_not_a_chat_request_is_a_400(live: tuple[str, Settings]) -> None:
    url, config = live
    for body in ({"model": "cmo/demo"}, {"messages": []}):
        response = httpx.post(
            f"{url}/v1/chat/completions", json=body, headers=bearer(admin_key(config))
        )
        error = response.json()["error"]
        assert response.status_code == 400 and error["type"] == "invalid_request_error"
        assert "`messages`" in error["message"] and error["param"]
    response = httpx.post(
        f"{url}/v1/chat/completions",
        content=b"{not json",
        headers={**bearer(admin_key(config)), "Content-Type": "application/json"},
    )
    assert response.status_code == 400
    assert response.json()["error"]["message"].startswith("the body is not valid JSON")
