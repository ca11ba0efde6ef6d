"""What a chat turn costs, as behaviour: each text is embedded once per turn, and the
thread index keeps its file in write-ahead-log mode (no fsync per new thread)."""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence

import numpy as np
import pytest

from agent.offline.grammar.search import query_from_message
from core.embeddings import Embedder
from core.workspaces import WorkspaceStore


def test_a_search_turn_embeds_the_message_and_then_its_query_once_each(
    client, embedder: Embedder, monkeypatch: pytest.MonkeyPatch
) -> None:
    message = "Explain repurposing?"
    calls: list[list[str]] = []
    real = embedder._embed

    def counted(texts: Sequence[str]) -> np.ndarray:
        calls.append(list(texts))
        return real(texts)

    monkeypatch.setattr(embedder, "_embed", counted)
    body = client.post("/chat", json={"message": message}).json()
    assert [c["name"] for c in body["tool_calls"]] == ["search_playbooks"]
    assert body["citations"]
    query = query_from_message(message)
    assert query != message
    # The message first (the offer and the model read it), its query after it on a worker
    # thread (the search tool's), each once.
    assert calls == [[message], [query]]


def test_the_thread_index_is_write_ahead_logged_and_old_files_convert(tmp_path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    old = sqlite3.connect(data / "app.sqlite")  # a data dir made by the previous code
    old.executescript(
        "CREATE TABLE workspaces (id TEXT PRIMARY KEY, name TEXT NOT NULL,"
        " created_at TEXT NOT NULL);"
        "CREATE TABLE threads (thread_id TEXT PRIMARY KEY, workspace TEXT NOT NULL,"
        " created_at TEXT NOT NULL, title TEXT NOT NULL);"
        "INSERT INTO workspaces VALUES ('acme', 'Acme', '2025-01-01T00:00:00+00:00');"
        "INSERT INTO threads VALUES ('t1', 'acme', '2025-01-01T00:00:00+00:00', 'hi');"
    )
    old.commit()
    old.close()
    store = WorkspaceStore(data)
    store.claim_thread("t2", "acme", title="second")
    assert store.thread("t1", "acme").title == "hi"
    assert [t.thread_id for t in store.threads("acme")] in (["t1", "t2"], ["t2", "t1"])
    with sqlite3.connect(data / "app.sqlite") as db:
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
