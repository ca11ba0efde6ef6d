"""One writer per thread: two turns on one thread at once, 20 rounds. Every turn either
completes or is refused with 409 `thread_busy`; no turn is lost or interleaved; the lock
holds across processes (a second process holding the thread's lock makes turns wait out)."""

from __future__ import annotations

import hashlib
import multiprocessing
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient

QUESTIONS = ("How do I define an MQL?", "What is a good LTV to CAC ratio?")


def test_two_turns_on_one_thread_twenty_rounds(client: TestClient) -> None:
    thread = client.post("/chat", json={"message": "How do I define an ICP?"}).json()["thread_id"]
    done = 1
    statuses: list[int] = []
    with ThreadPoolExecutor(max_workers=2) as pool:
        for _ in range(20):
            futures = [
                pool.submit(client.post, "/chat", json={"message": q, "thread_id": thread})
                for q in QUESTIONS
            ]
            for future in futures:
                response = future.result()
                statuses.append(response.status_code)
                if response.status_code == 409:
                    assert response.json()["code"] == "thread_busy"
                else:
                    assert response.status_code == 200, response.text
                    assert response.json()["answer"]
                    done += 1
    assert set(statuses) <= {200, 409}
    messages = client.get(f"/workspaces/demo/threads/{thread}").json()["messages"]
    users = [m for m in messages if m["role"] == "user"]
    assert len(users) == done, "every completed turn is in the thread, no refused one is"
    assert not any(m["unanswered"] for m in users)
    # Turns never interleave: each user message is followed by its own calls and answer.
    for i, message in enumerate(messages):
        if message["role"] == "user":
            tail = messages[i + 1 :]
            nxt = next((j for j, m in enumerate(tail) if m["role"] == "user"), len(tail))
            turn = tail[:nxt]
            calls = [c["id"] for m in turn for c in m["tool_calls"]]
            results = [m for m in turn if m["role"] == "tool"]
            assert len(calls) == len(results), "no tool call is left without its result"
            assert turn and turn[-1]["role"] == "assistant" and not turn[-1]["tool_calls"]


def _hold(lock_path: str, ready: Any, release: Any) -> None:
    from core.locks import try_exclusive

    lock = try_exclusive(Path(lock_path))
    ready.set()
    release.wait(30)
    lock.release()


def test_the_thread_lock_holds_across_processes(client: TestClient, settings: Any) -> None:
    thread = client.post("/chat", json={"message": "How do I define an ICP?"}).json()["thread_id"]
    digest = hashlib.sha256(thread.encode()).hexdigest()[:32]
    lock = settings.data_dir / "workspaces" / "demo" / ".locks" / "threads" / f"{digest}.lock"
    context = multiprocessing.get_context("spawn")
    ready, release = context.Event(), context.Event()
    holder = context.Process(target=_hold, args=(str(lock), ready, release))
    holder.start()
    try:
        assert ready.wait(60)
        busy = client.post("/chat", json={"message": "and SQLs?", "thread_id": thread})
        assert busy.status_code == 409 and busy.json()["code"] == "thread_busy"
    finally:
        release.set()
        holder.join(30)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:  # the holder exits; the lock is free again
        again = client.post("/chat", json={"message": "and SQLs?", "thread_id": thread})
        if again.status_code == 200:
            break
    assert again.status_code == 200
