"""Load → chunk → embed → store, incrementally: unchanged content (same hash) is skipped."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from core.stores.hybrid_index import ChunkRecord, HybridIndex, SourceRecord
from knowledge_base.chunking import chunk_sections
from knowledge_base.parsing.markdown import parse_markdown
from knowledge_base.parsing.sections import Section

Progress = Callable[[int, int, str], None]  # (done, total, current item)


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


def content_hash(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def chunk_label(name: str, heading_path: Sequence[str], page: int | None) -> str:
    """'deck.pdf, p. 4', 'interviews.md › Customer 3', or just the file name."""
    label = name
    if heading_path:
        label += " › " + heading_path[-1]
    if page is not None:
        label += f", p. {page}"
    return label


def build_chunks(
    source_id: str, name: str, digest: str, sections: Sequence[Section]
) -> list[ChunkRecord]:
    """Chunk ids carry the content hash, so a new version never overwrites the old vectors."""
    return [
        ChunkRecord(
            id=f"{source_id}#{digest[:10]}-{piece.ordinal}",
            source_id=source_id,
            source=name,
            ordinal=piece.ordinal,
            heading=" › ".join(piece.heading_path),
            page=piece.page,
            label=chunk_label(name, piece.heading_path, piece.page),
            text=piece.text,
        )
        for piece in chunk_sections(list(sections))
    ]


def store_source(
    index: HybridIndex,
    source_id: str,
    name: str,
    media_type: str,
    data: bytes,
    sections: Sequence[Section],
) -> tuple[SourceRecord, bool]:
    """Index one file unless the same content is already there. Returns (record, changed)."""
    digest = content_hash(data)
    existing = index.source(source_id)
    if existing is not None and existing.content_hash == digest:
        return existing, False
    chunks = build_chunks(source_id, name, digest, sections)
    record = SourceRecord(
        source_id=source_id,
        name=name,
        media_type=media_type,
        size_bytes=len(data),
        content_hash=digest,
        chunk_count=len(chunks),
        added_at=datetime.now(UTC).isoformat(timespec="seconds"),
    )
    index.replace_source(record, chunks)
    return record, True


def index_markdown_folder(
    index: HybridIndex, folder: Path, progress: Progress | None = None
) -> IndexReport:
    """Make the index hold exactly the Markdown files of a folder (the playbooks)."""
    report = IndexReport()
    files = sorted(folder.glob("*.md"))
    known = {s.source_id: s for s in index.sources()}
    for done, path in enumerate(files, start=1):
        data = path.read_bytes()
        sections = parse_markdown(data.decode("utf-8"))
        record, changed = store_source(index, path.name, path.name, "text/markdown", data, sections)
        bucket = (
            report.unchanged
            if not changed
            else report.updated
            if path.name in known
            else report.added
        )
        bucket.append(path.name)
        report.chunks += record.chunk_count if changed else 0
        if progress:
            progress(done, len(files), path.name)
    for gone in sorted(set(known) - {p.name for p in files}):
        index.delete_source(gone)
        report.removed.append(gone)
    return report
