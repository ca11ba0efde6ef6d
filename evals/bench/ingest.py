"""Ingestion rows: client documents and playbook indexing against the embedder alone.

* **ingest**: the demo documents and the playbooks, copied as separate Markdown files into a
  folder and ingested into a new workspace (`agent.bootstrap.ingest_paths`, what `cmo ingest`
  runs), against `Embedder.embed` on the same chunk texts in one call.
* **playbooks**: indexing the playbooks into an empty index (what the first start does,
  `knowledge_base.ingest.index_markdown_folder`), against the same.

Both figures are chunks per second, medians of the rounds; the ratio is the median of the
rounds' product ÷ primitive. One untimed run of each comes first, so neither pays alone for
the process's first calls.
"""

from __future__ import annotations

import shutil
import time
from collections.abc import Callable
from pathlib import Path

from agent.bootstrap import DEMO_DIR, PLAYBOOKS_DIR, ingest_paths
from core.services import Services, build_services
from core.settings import Settings
from core.stores.hybrid_index import HybridIndex
from evals.bench.context import Bench
from evals.bench.measure import LoadNote, interleave, median, timed_cpu
from evals.bench.report import Row
from knowledge_base.ingest import index_markdown_folder

TARGET = 0.9


def markdown_files(limit: int = 0) -> list[Path]:
    """The demo documents and the playbooks: 24 real Markdown files (or the first `limit`)."""
    files = sorted((DEMO_DIR / "documents").glob("*.md")) + sorted(PLAYBOOKS_DIR.glob("*.md"))
    return files[:limit] if limit else files


def stored_texts(index: HybridIndex) -> list[str]:
    """What the product embedded: the search texts of every chunk it stored."""
    return [c.search_text for s in index.sources() for c in index.chunks_of(s.source_id)]


def _services(bench: Bench, name: str) -> Services:
    settings = Settings(data_dir=bench.root / name, _env_file=None, seed_demo=False)
    return build_services(settings, bench.embedder)


def ingest_row(bench: Bench) -> list[Row]:
    note = LoadNote()
    started = time.perf_counter()
    files = markdown_files(bench.config.files)
    folder = bench.root / "ingest-files"
    folder.mkdir()
    for path in files:
        shutil.copy(path, folder / path.name)
    services = _services(bench, "ingest-data")
    indexes: list[HybridIndex] = []

    def product(i: int) -> tuple[float, float]:
        workspace = f"round-{i + 1}"
        services.workspaces.ensure(workspace)
        seconds = timed_cpu(lambda: ingest_paths(services, workspace, [folder]))
        indexes.append(services.scope(workspace).documents)
        return seconds

    return [
        _row(
            bench,
            "ingest",
            f"client-document ingestion ({len(files)} Markdown files, {{chunks}} chunks)",
            product,
            indexes,
            note,
            started,
        )
    ]


def playbooks_row(bench: Bench) -> list[Row]:
    note = LoadNote()
    started = time.perf_counter()
    folder = PLAYBOOKS_DIR
    if bench.config.files:  # a smaller run: the first playbooks only
        folder = bench.root / "playbook-files"
        folder.mkdir()
        for path in sorted(PLAYBOOKS_DIR.glob("*.md"))[: bench.config.files]:
            shutil.copy(path, folder / path.name)
    services = _services(bench, "playbooks-data")
    indexes: list[HybridIndex] = []

    def product(i: int) -> tuple[float, float]:
        index = HybridIndex(
            f"bench-playbooks-{i + 1}",
            bench.root / "playbooks-data" / f"playbooks-{i + 1}.sqlite",
            services.chroma,
            bench.embedder,
        )
        seconds = timed_cpu(lambda: index_markdown_folder(index, folder))
        indexes.append(index)
        return seconds

    return [
        _row(
            bench,
            "playbooks",
            "playbook indexing, first start ({chunks} chunks)",
            product,
            indexes,
            note,
            started,
        )
    ]


def _row(
    bench: Bench,
    row_id: str,
    path: str,
    product: Callable[[int], tuple[float, float]],
    indexes: list[HybridIndex],
    note: LoadNote,
    started: float,
) -> Row:
    # One run of each first, untimed: first-call costs (the model's memory arena, new
    # collections) stay out of the rounds, and the product's run says what it embeds.
    product(-1)
    texts = stored_texts(indexes.pop())
    bench.embedder.embed(texts)
    product_t, primitive_t = interleave(
        bench.config.rounds, product, lambda i: timed_cpu(lambda: bench.embedder.embed(texts))
    )
    product_s, primitive_s = [w for w, _ in product_t], [w for w, _ in primitive_t]
    chunks = len(texts)
    same = all(sorted(stored_texts(i)) == sorted(texts) for i in indexes)
    # Medians: on a shared machine one round can catch a burst of someone else's work.
    product_cps = median([chunks / s for s in product_s])
    primitive_cps = median([chunks / s for s in primitive_s])
    per_round = [r / p for p, r in zip(product_s, primitive_s, strict=True)]
    ratio = median(per_round)
    cpu_per_round = [r / p for (_, p), (_, r) in zip(product_t, primitive_t, strict=True)]
    return Row(
        id=row_id,
        path=path.format(chunks=chunks),
        product=f"{product_cps:.1f} chunks/s",
        primitive=f"{primitive_cps:.1f} chunks/s (the embedder on the same chunk texts, one call)",
        ratio=round(ratio, 3),
        ratio_text=f"{ratio:.2f}",
        target=f"≥ {TARGET}",
        met=ratio >= TARGET,
        details={
            "chunks": chunks,
            "rounds": len(product_s),
            "product_seconds": [round(s, 2) for s in product_s],
            "primitive_seconds": [round(s, 2) for s in primitive_s],
            "ratio_per_round": [round(r, 2) for r in per_round],
            "statistic": "median of the rounds",
            # the same rounds in CPU seconds (all threads): steady under others' load
            "product_cpu_seconds": [round(c, 2) for _, c in product_t],
            "primitive_cpu_seconds": [round(c, 2) for _, c in primitive_t],
            "cpu_ratio_per_round": [round(r, 2) for r in cpu_per_round],
            "cpu_ratio": round(median(cpu_per_round), 3),
            "same_texts_every_round": same,
        },
        load=note.close().as_dict(),
        seconds=round(time.perf_counter() - started, 1),
    )
