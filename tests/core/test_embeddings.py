"""The embedder: batches in length order, the same vectors either way, queries first."""

from __future__ import annotations

import threading

import numpy as np

from core.embeddings import Embedder, _Turns, embed_in_batches


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
