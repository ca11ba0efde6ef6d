"""The embedder: batches in length order, the same vectors either way, queries first."""

from __future__ import annotations

import threading
from collections.abc import Sequence

import numpy as np
import pytest

from core.embeddings import Embedder, _Turns, embed_in_batches, embedding_memo


def test_batches_cover_every_text_once_with_the_same_vectors(embedder: Embedder) -> None:
    texts = [f"passage {i} " + "word " * (i % 7) * 20 for i in range(70)]
    seen: list[int] = []
    out = np.zeros((len(texts), 384), dtype=np.float32)
    for rows, vectors in embedder.embed_batches(texts):
        seen += rows
        out[rows] = vectors
    assert sorted(seen) == list(range(len(texts)))
    assert np.allclose(out, embedder.embed(texts), atol=1e-5)


def test_any_embedder_can_be_batched() -> None:
    class Plain:
        def embed(self, texts: list[str]) -> np.ndarray:
            return np.ones((len(texts), 384), dtype=np.float32)

    assert [rows for rows, _ in embed_in_batches(Plain(), ["a", "b"])] == [[0, 1]]
    assert list(embed_in_batches(Plain(), [])) == []


def test_a_waiting_query_runs_before_the_next_indexing_batch() -> None:
    turns = _Turns()
    order: list[str] = []
    waiting = threading.Semaphore(0)
    real_wait = turns._changed.wait

    def counted_wait(timeout: float | None = None) -> bool:
        waiting.release()
        return real_wait(timeout)

    turns._changed.wait = counted_wait  # type: ignore[method-assign]

    def run(name: str, urgent: bool) -> threading.Thread:
        def work() -> None:
            with turns.turn(urgent):
                order.append(name)

        thread = threading.Thread(target=work)
        thread.start()
        return thread

    with turns.turn(urgent=False):  # an indexing batch is running
        batch = run("next indexing batch", urgent=False)
        assert waiting.acquire(timeout=10)
        query = run("query", urgent=True)
        assert waiting.acquire(timeout=10)
    for thread in (batch, query):
        thread.join(10)
    assert order == ["query", "next indexing batch"]


def test_inside_a_priority_block_indexing_waits_for_every_call() -> None:
    turns = _Turns()
    order: list[str] = []
    waiting = threading.Semaphore(0)
    real_wait = turns._changed.wait

    def counted_wait(timeout: float | None = None) -> bool:
        waiting.release()
        return real_wait(timeout)

    turns._changed.wait = counted_wait  # type: ignore[method-assign]

    def index_batch() -> None:
        with turns.turn(urgent=False):
            order.append("indexing batch")

    with turns.priority():  # e.g. the offline model's warm-up: many small calls
        batch = threading.Thread(target=index_batch)
        batch.start()
        assert waiting.acquire(timeout=10)
        for call in ("warm-up 1", "warm-up 2"):
            with turns.turn(urgent=True):
                order.append(call)
    batch.join(10)
    assert order == ["warm-up 1", "warm-up 2", "indexing batch"]


def test_inside_a_memo_each_text_is_embedded_once(
    embedder: Embedder, monkeypatch: pytest.MonkeyPatch
) -> None:
    embedded: list[str] = []
    real = embedder._embed

    def counted(texts: Sequence[str]) -> np.ndarray:
        embedded.extend(texts)
        return real(texts)

    monkeypatch.setattr(embedder, "_embed", counted)
    with embedding_memo():
        embedder.embed(["what is a good cpl", "good cpl"])
        first = embedder.embed(["what is a good cpl"])
        again = embedder.embed(["good cpl", "what is a good cpl", "something new"])
    assert embedded == ["what is a good cpl", "good cpl", "something new"]
    assert np.array_equal(first[0], again[1])
    assert np.allclose(again[0], embedder.embed(["good cpl"])[0], atol=1e-5)
    embedder.embed(["what is a good cpl"])  # the memo ended with its block
    assert embedded[-1] == "what is a good cpl" and len(embedded) == 5


def test_texts_embedded_ahead_are_waited_for_not_embedded_again(
    embedder: Embedder, monkeypatch: pytest.MonkeyPatch
) -> None:
    embedded: list[list[str]] = []
    release = threading.Event()
    real = embedder._embed

    def slow(texts: Sequence[str]) -> np.ndarray:
        release.wait(10)  # still being embedded when the turn asks for it
        embedded.append(list(texts))
        return real(texts)

    monkeypatch.setattr(embedder, "_embed", slow)
    embedder.embed_ahead(["outside a memo: nothing"])
    with embedding_memo():
        embedder.embed_ahead(["what is a good cpl"], ["good cpl"])
        embedder.embed_ahead(["good cpl"])  # already under way: nothing more
        threading.Timer(0.05, release.set).start()
        vectors = embedder.embed(["good cpl", "what is a good cpl"])
    assert embedded == [["what is a good cpl"], ["good cpl"]]  # in order, each once
    assert np.allclose(vectors, embedder.embed(["good cpl", "what is a good cpl"]), atol=1e-5)


def test_an_embedding_that_failed_ahead_fails_where_it_is_needed(
    embedder: Embedder, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(texts: Sequence[str]) -> np.ndarray:
        raise RuntimeError("onnx failed")

    monkeypatch.setattr(embedder, "_embed", broken)
    with embedding_memo(), pytest.raises(RuntimeError, match="onnx failed"):
        embedder.embed_ahead(["what is a good cpl"])
        embedder.embed(["what is a good cpl"])
