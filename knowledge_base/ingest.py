"""Load → chunk → embed → store, incrementally: unchanged content (same hash) is skipped.

The work is done by the staged pipeline (`knowledge_base.pipeline.index_sources`); this module
keeps a folder of Markdown files (the playbooks) in step with an index.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

from core.errors import UnreadableFile
from core.stores.hybrid_index import HybridIndex
from knowledge_base.parsing.markdown import parse_markdown
from knowledge_base.pipeline import (
    Embedded,
    Parsed,
    Progress,
    SourceInput,
    build_chunks,
    chunk_label,
    content_hash,
    index_sources,
)

__all__ = [
    "Embedded",
    "IndexReport",
    "Progress",
    "build_chunks",
    "chunk_label",
    "content_hash",
    "index_markdown_folder",
    "read_file",
]


@dataclass
class IndexReport:
    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    chunks: int = 0

    def summary(self) -> str:
        return (
            f"{len(self.added)} added, {len(self.updated)} updated, "
            f"{len(self.unchanged)} unchanged, {len(self.removed)} removed; "
            f"{self.chunks} chunks written"
        )


def read_file(path: Path) -> bytes:
    """A file's bytes; a file that cannot be read raises `UnreadableFile` naming it."""
    try:
        return path.read_bytes()
    except OSError as exc:
        raise UnreadableFile(f"{path.name}: cannot be read ({exc.strerror or exc})") from exc


def _markdown(data: bytes) -> Parsed:
    return Parsed("text/markdown", parse_markdown(data.decode("utf-8")))


def index_markdown_folder(
    index: HybridIndex,
    folder: Path,
    progress: Progress | None = None,
    embedded: Embedded | None = None,
    cancel: threading.Event | None = None,
) -> IndexReport:
    """Make the index hold exactly the Markdown files of a folder (the playbooks), in one
    pipelined pass. `progress` counts files, `embedded` passages (see `index_sources`)."""
    report = IndexReport()
    files = sorted(folder.glob("*.md"))
    inputs = [SourceInput(p.name, p.name, partial(read_file, p), _markdown) for p in files]
    outcomes = index_sources(index, inputs, progress, embedded, cancel)
    for outcome in outcomes:
        if outcome.error is not None:  # our own files: a broken one is a bug to see at once
            raise outcome.error
        bucket = {"added": report.added, "replaced": report.updated}.get(
            outcome.status, report.unchanged
        )
        bucket.append(outcome.name)
        if outcome.status in ("added", "replaced") and outcome.record is not None:
            report.chunks += outcome.record.chunk_count
    for gone in sorted({s.source_id for s in index.sources()} - {p.name for p in files}):
        index.delete_source(gone)
        report.removed.append(gone)
    return report
