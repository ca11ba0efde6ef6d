"""Benchmark of the spine: `/chat` latency on the offline model and playbook indexing speed.

Run with `make bench` (or `python -m evals.bench`). Latency is server-side (the app's
`Server-Timing` header) over 200 playbook questions, each in a new thread.
"""

from __future__ import annotations

import statistics
import tempfile
import time
from pathlib import Path

from fastapi.testclient import TestClient

from agent.bootstrap import PLAYBOOKS_DIR
from api.main import create_app
from core.embeddings import Embedder
from core.services import build_services
from core.settings import Settings
from knowledge_base.ingest import index_markdown_folder
from knowledge_base.parsing.markdown import parse_markdown

STEMS = ("How do I", "What does good look like for", "Give me the checklist for", "Explain")


def playbook_questions(n: int = 200) -> list[str]:
    """Questions built from the playbooks' own headings, so every one has an answer."""
    headings = []
    for path in sorted(PLAYBOOKS_DIR.glob("*.md")):
        for section in parse_markdown(path.read_text(encoding="utf-8")):
            if len(section.heading_path) > 1:
                headings.append(section.heading_path[-1].lower())
    questions = [f"{STEMS[i % len(STEMS)]} {h}?" for i, h in enumerate(headings)]
    while len(questions) < n:
        questions += [q.replace("?", " for a B2B SME?") for q in questions[: n - len(questions)]]
    return questions[:n]


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def bench_indexing(embedder: Embedder) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as tmp:
        services = build_services(Settings(data_dir=Path(tmp), _env_file=None), embedder)
        start = time.perf_counter()
        report = index_markdown_folder(services.playbook_index(), PLAYBOOKS_DIR)
        seconds = time.perf_counter() - start
        texts = [
            c.search_text
            for s in services.playbook_index().sources()
            for c in services.playbook_index().chunks_of(s.source_id)
        ]
    start = time.perf_counter()
    embedder.embed(texts)
    embed_seconds = time.perf_counter() - start
    return {
        "chunks": report.chunks,
        "index_chunks_per_s": report.chunks / seconds,
        "embed_only_chunks_per_s": len(texts) / embed_seconds,
    }


def bench_chat(embedder: Embedder, questions: list[str]) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as tmp:
        app = create_app(Settings(data_dir=Path(tmp), _env_file=None), embedder)
        with TestClient(app) as client:
            client.post("/chat", json={"message": "warm up"})
            timings = []
            for question in questions:
                response = client.post("/chat", json={"message": question, "workspace": "demo"})
                response.raise_for_status()
                timings.append(float(response.headers["server-timing"].split("dur=")[1]))
    return {
        "turns": len(timings),
        "p50_ms": statistics.median(timings),
        "p95_ms": percentile(timings, 0.95),
        "max_ms": max(timings),
    }


def main() -> None:
    embedder = Embedder()
    indexing = bench_indexing(embedder)
    print(
        f"indexing: {indexing['chunks']:.0f} playbook chunks, "
        f"{indexing['index_chunks_per_s']:.1f} chunks/s end to end, "
        f"{indexing['embed_only_chunks_per_s']:.1f} chunks/s embedding alone "
        f"({indexing['index_chunks_per_s'] / indexing['embed_only_chunks_per_s']:.0%} kept)"
    )
    chat = bench_chat(embedder, playbook_questions())
    print(
        f"/chat offline: {chat['turns']:.0f} turns, p50 {chat['p50_ms']:.1f} ms, "
        f"p95 {chat['p95_ms']:.1f} ms, max {chat['max_ms']:.1f} ms (server-side)"
    )


if __name__ == "__main__":
    main()
