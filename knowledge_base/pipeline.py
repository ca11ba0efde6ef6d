"""Index many files at the embedder's speed: read and parse → embed → store, in stages.

Files are read, checked against the index (same content hash: nothing to do) and chunked into
windows of about `WINDOW_CHUNKS` passages still to embed. Each window is embedded in one pass
sorted by length across all its files, so a batch is padded only to its own longest passage
(embedding file by file pads every batch to that file's longest one: 1.8× the work on our
documents), and identical passages are embedded once. The window is then stored in one write
(`HybridIndex.write_sources`). The stages overlap: while a window embeds, the next one is
parsed in one thread and the previous one stored in another.

Each file keeps the guarantees of indexing it alone: its new version replaces the old one
atomically (one transaction; a crash or kill leaves the old version searchable and its
leftovers are swept at its next write); passages the old version already had keep their
vectors; a file that cannot be read or parsed (`CmoError`) gets a failed outcome and the others
go on. A file named twice waits for its first occurrence to be stored.
"""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Literal

import numpy as np

from core.embeddings import embed_in_batches
from core.errors import CmoError
from core.stores.hybrid_index import ChunkRecord, HybridIndex, SourceRecord
from knowledge_base.chunking import chunk_sections
from knowledge_base.parsing.sections import Section

WINDOW_CHUNKS = 1024  # passages per embedding pass (~40 s on 2 cores); one pass for most folders
Status = Literal["added", "replaced", "unchanged", "failed"]
Progress = Callable[[int, int, str], None]  # (files done, files in all, the file just done)
Embedded = Callable[[int, int], None]  # (passages embedded, passages to embed so far)


class IndexingCancelled(Exception):
    """The caller's cancel event was set: files not yet stored were left as they were."""


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


@dataclass(frozen=True)
class Parsed:
    media_type: str
    sections: Sequence[Section]


@dataclass(frozen=True)
class SourceInput:
    """One file to index: its id and name in the index, how to read it, how to parse it.
    `read` and `parse` raise `CmoError` for a file that cannot be used."""

    source_id: str
    name: str
    read: Callable[[], bytes]
    parse: Callable[[bytes], Parsed]


@dataclass(frozen=True)
class SourceOutcome:
    name: str
    status: Status
    record: SourceRecord | None = None
    error: CmoError | None = None


@dataclass
class _Pending:
    """A parsed file waiting for its vectors, then for its write."""

    position: int
    record: SourceRecord
    chunks: list[ChunkRecord]
    vectors: np.ndarray
    fresh: list[int]  # rows of `vectors` still to embed
    existed: bool


def index_sources(
    index: HybridIndex,
    inputs: Sequence[SourceInput],
    progress: Progress | None = None,
    embedded: Embedded | None = None,
    cancel: threading.Event | None = None,
    window_chunks: int = WINDOW_CHUNKS,
) -> list[SourceOutcome]:
    """Index files into one index; one outcome per input, in input order.

    `progress` hears of each file when it is done (stored, unchanged or failed), `embedded`
    of each embedded batch; both may be called from worker threads. Setting `cancel` stops
    the run between files and batches with `IndexingCancelled`. Errors other than `CmoError`
    (a full disk, say) stop the run and propagate; files stored before them stay stored."""
    run = _Run(index, len(inputs), progress, embedded, cancel)
    for batch in _passes(inputs):
        run.pipeline(batch, window_chunks)
    return [o for o in run.outcomes if o is not None]


def _passes(inputs: Sequence[SourceInput]) -> Iterator[list[tuple[int, SourceInput]]]:
    """The inputs in passes: a source id's n-th occurrence goes in pass n, so a later version
    of a file is indexed only after the earlier one is stored, as if one after the other."""
    seen: dict[str, int] = {}
    passes: list[list[tuple[int, SourceInput]]] = []
    for position, item in enumerate(inputs):
        n = seen[item.source_id] = seen.get(item.source_id, -1) + 1
        if n == len(passes):
            passes.append([])
        passes[n].append((position, item))
    yield from passes


class _Run:
    """One call of `index_sources`: its outcomes, counters and stop flag."""

    def __init__(
        self,
        index: HybridIndex,
        total: int,
        progress: Progress | None,
        embedded: Embedded | None,
        cancel: threading.Event | None,
    ) -> None:
        self.index = index
        self.outcomes: list[SourceOutcome | None] = [None] * total
        self._progress, self._embedded = progress, embedded
        self._cancel = cancel
        self._stop = threading.Event()  # set when this run fails: the parse thread stops too
        self._lock = threading.Lock()
        self._done = 0
        self._to_embed = 0
        self._embedded_count = 0

    def pipeline(self, items: list[tuple[int, SourceInput]], window_chunks: int) -> None:
        windows = self._windows(items, window_chunks)
        with (
            ThreadPoolExecutor(1, thread_name_prefix="ingest-parse") as parse,
            ThreadPoolExecutor(1, thread_name_prefix="ingest-store") as store,
        ):
            stored: Future[None] | None = None
            upcoming = parse.submit(next, windows, None)
            try:
                while (window := upcoming.result()) is not None:
                    upcoming = parse.submit(next, windows, None)
                    self._embed(window)
                    if stored is not None:
                        stored.result()
                    stored = store.submit(self._store, window)
                if stored is not None:
                    stored.result()
            except BaseException:
                self._stop.set()
                raise

    def _check(self) -> None:
        if self._cancel is not None and self._cancel.is_set():
            raise IndexingCancelled("indexing was cancelled")
        if self._stop.is_set():
            raise IndexingCancelled("another stage failed")

    def _windows(
        self, items: list[tuple[int, SourceInput]], window_chunks: int
    ) -> Iterator[list[_Pending]]:
        window: list[_Pending] = []
        size = 0
        for position, item in items:
            self._check()
            pending = self._prepare(position, item)
            if pending is None:
                continue
            window.append(pending)
            size += len(pending.fresh)
            if size >= window_chunks:
                yield window
                window, size = [], 0
        if window:
            yield window

    def _prepare(self, position: int, item: SourceInput) -> _Pending | None:
        """Read, skip if unchanged, parse and chunk one file; None when it is already done."""
        try:
            data = item.read()
            digest = content_hash(data)
            existing = self.index.source(item.source_id)
            if existing is not None and existing.content_hash == digest:
                self._finish(position, SourceOutcome(item.name, "unchanged", existing))
                return None
            parsed = item.parse(data)
        except CmoError as exc:
            self._finish(position, SourceOutcome(item.name, "failed", error=exc))
            return None
        chunks = build_chunks(item.source_id, item.name, digest, parsed.sections)
        record = SourceRecord(
            source_id=item.source_id,
            name=item.name,
            media_type=parsed.media_type,
            size_bytes=len(data),
            content_hash=digest,
            chunk_count=len(chunks),
            added_at=datetime.now(UTC).isoformat(timespec="seconds"),
        )
        vectors, fresh = self.index.reusable_vectors(item.source_id, chunks)
        return _Pending(position, record, chunks, vectors, fresh, existing is not None)

    def _embed(self, window: list[_Pending]) -> None:
        """One length-sorted pass over the window's passages; each distinct text once."""
        texts: list[str] = []
        rows_of: dict[str, list[tuple[_Pending, int]]] = {}
        for pending in window:
            for row in pending.fresh:
                text = pending.chunks[row].search_text
                if text not in rows_of:
                    texts.append(text)
                    rows_of[text] = []
                rows_of[text].append((pending, row))
        with self._lock:
            self._to_embed += len(texts)
        for positions, vectors in embed_in_batches(self.index.embedder, texts):
            for i, vector in zip(positions, vectors, strict=True):
                for pending, row in rows_of[texts[i]]:
                    pending.vectors[row] = vector
            with self._lock:
                self._embedded_count += len(positions)
                done, total = self._embedded_count, self._to_embed
            if self._embedded is not None:
                self._embedded(done, total)
            self._check()

    def _store(self, window: list[_Pending]) -> None:
        self.index.write_sources([(p.record, p.chunks, p.vectors) for p in window])
        for p in window:
            status: Status = "replaced" if p.existed else "added"
            self._finish(p.position, SourceOutcome(p.record.name, status, p.record))

    def _finish(self, position: int, outcome: SourceOutcome) -> None:
        with self._lock:
            self.outcomes[position] = outcome
            self._done += 1
            done = self._done
        if self._progress is not None:
            self._progress(done, len(self.outcomes), outcome.name)
