"""Retrieval benchmark: ingestion throughput and query latency at 10k and 100k chunks.

Run with `python -m evals.bench_retrieval [--sizes 10000 100000]`. Ingestion throughput is
measured with the real embedder on real chunks (playbooks and demo documents, re-used under new
names). To reach 100k chunks in minutes rather than hours, the large indexes are filled with
real chunk texts whose vectors come from a pool of real embeddings plus small noise: the HNSW
graph and the keyword index then have their true sizes, which is what query latency depends on.
Queries always use the real embedder, end to end through `HybridIndex.search`.
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import statistics
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from agent.bootstrap import DEMO_DIR, PLAYBOOKS_DIR
from core.embeddings import Embedder
from core.services import build_services
from core.settings import Settings
from core.stores.hybrid_index import ChunkRecord, HybridIndex, SourceRecord
from evals.bench import percentile, playbook_questions
from knowledge_base.ingest import build_chunks
from knowledge_base.parsing.markdown import parse_markdown

SOURCE_SIZE = 500  # chunks per synthetic source: one replace_source call


class PooledEmbedder:
    """Stands in for the embedder while filling a large index: a real vector plus noise."""

    def __init__(self, pool: np.ndarray, seed: int = 7) -> None:
        self._pool = pool
        self._rng = np.random.default_rng(seed)

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        picks = self._pool[self._rng.integers(0, len(self._pool), len(texts))]
        noisy = picks + self._rng.normal(0, 0.02, picks.shape).astype(np.float32)
        return noisy / np.linalg.norm(noisy, axis=1, keepdims=True)


def real_chunks() -> list[ChunkRecord]:
    files = sorted(PLAYBOOKS_DIR.glob("*.md")) + sorted((DEMO_DIR / "documents").glob("*.md"))
    chunks: list[ChunkRecord] = []
    for path in files:
        sections = parse_markdown(path.read_text(encoding="utf-8"))
        chunks += build_chunks(path.stem, path.name, path.stem, sections)
    return chunks


def _source(source_id: str, n: int) -> SourceRecord:
    now = dt.datetime.now(dt.UTC).isoformat()
    return SourceRecord(source_id, f"{source_id}.md", "text/markdown", 0, source_id, n, now)


def _copies(base: list[ChunkRecord], total: int) -> list[list[ChunkRecord]]:
    """`total` chunks as sources of SOURCE_SIZE, each chunk a renamed copy of a real one."""
    groups = []
    for start in range(0, total, SOURCE_SIZE):
        source_id = f"bench-{start // SOURCE_SIZE:05d}"
        group = []
        for i in range(start, min(start + SOURCE_SIZE, total)):
            c = base[i % len(base)]
            group.append(
                ChunkRecord(
                    f"{source_id}#{i}",
                    source_id,
                    f"{source_id}.md",
                    i,
                    c.heading,
                    None,
                    f"{source_id}.md › {c.heading}",
                    c.text,
                )
            )
        groups.append(group)
    return groups


def bench_ingestion(embedder: Embedder, base: list[ChunkRecord], root: Path) -> dict[str, float]:
    services = build_services(Settings(data_dir=root / "ingest", _env_file=None), embedder)
    index = HybridIndex("bench-ingest", root / "ingest.sqlite", services.chroma, embedder)
    groups = _copies(base, 2 * len(base))
    start = time.perf_counter()
    for group in groups:
        index.replace_source(_source(group[0].source_id, len(group)), group)
    seconds = time.perf_counter() - start
    total = sum(len(g) for g in groups)
    # A new version of every source with one passage in twenty edited: only those re-embed.
    edited = [[_edited(c) if c.ordinal % 20 == 0 else _renamed(c) for c in g] for g in groups]
    start = time.perf_counter()
    for group in edited:
        index.replace_source(_source(group[0].source_id, len(group)), group)
    edit_seconds = time.perf_counter() - start
    return {
        "chunks": total,
        "seconds": round(seconds, 1),
        "chunks_per_s": round(total / seconds, 1),
        "new_version_5pct_edited_chunks_per_s": round(total / edit_seconds, 1),
    }


def _renamed(chunk: ChunkRecord) -> ChunkRecord:
    """The same passage under a new version's id."""
    return dataclasses.replace(chunk, id=f"{chunk.id}-v2")


def _edited(chunk: ChunkRecord) -> ChunkRecord:
    return dataclasses.replace(_renamed(chunk), text=chunk.text + " (Updated this quarter.)")


def bench_queries(
    embedder: Embedder, base: list[ChunkRecord], size: int, root: Path, questions: list[str]
) -> dict[str, float]:
    services = build_services(Settings(data_dir=root / f"q{size}", _env_file=None), embedder)
    pool = embedder.embed([c.search_text for c in base])
    filler = HybridIndex(
        f"bench-{size}", root / f"q{size}.sqlite", services.chroma, PooledEmbedder(pool)
    )
    start = time.perf_counter()
    for group in _copies(base, size):
        filler.replace_source(_source(group[0].source_id, len(group)), group)
    fill_seconds = time.perf_counter() - start
    index = HybridIndex(f"bench-{size}", root / f"q{size}.sqlite", services.chroma, embedder)
    index.search("warm up", k=5)
    modes = ("hybrid", "dense", "keyword")
    latencies: dict[str, list[float]] = {mode: [] for mode in modes}
    # Modes interleaved per question, so none of them pays alone for a cold page cache.
    for q in questions:
        for mode in modes:
            t = time.perf_counter()
            index.search(q, k=5, mode=mode)  # type: ignore[arg-type]
            latencies[mode].append((time.perf_counter() - t) * 1000)
    timings = {}
    for mode in modes:
        timings[f"{mode}_p50_ms"] = round(statistics.median(latencies[mode]), 1)
        timings[f"{mode}_p95_ms"] = round(percentile(latencies[mode], 0.95), 1)
    return {"chunks": index.count(), "fill_seconds": round(fill_seconds, 1), **timings}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--queries", type=int, default=200)
    args = parser.parse_args()
    embedder = Embedder()
    embedder.embed(["warm up"])
    base = real_chunks()
    questions = playbook_questions(args.queries)
    with tempfile.TemporaryDirectory(prefix="cmo-bench-") as tmp:
        root = Path(tmp)
        ingestion = bench_ingestion(embedder, base, root)
        print(f"ingestion (real embeddings): {ingestion}", flush=True)
        for size in args.sizes:
            print(
                f"queries at {size} chunks: {bench_queries(embedder, base, size, root, questions)}",
                flush=True,
            )


if __name__ == "__main__":
    main()
