"""A workspace's own documents: add (parse, chunk, embed, store), list and delete.

A document is identified by its file name: uploading a file of the same name again replaces the
old version atomically (the previous chunks stay searchable until the new ones are stored), and
the same content again is a no-op. Many files are ingested in one pipelined pass, embedded
across files in length-sorted batches (`knowledge_base.pipeline`).
"""

from __future__ import annotations

import hashlib
import re
import threading
import unicodedata
from collections.abc import Callable, Sequence
from functools import partial
from typing import Literal

from pydantic import BaseModel

from core.errors import CmoError, InvalidInput, NotFound
from core.stores.hybrid_index import HybridIndex, SourceRecord
from knowledge_base.pipeline import Embedded, Parsed, Progress, SourceInput, index_sources

IngestStatus = Literal["added", "replaced", "unchanged", "failed"]
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


class DocumentInfo(BaseModel):
    id: str
    name: str
    media_type: str
    size_bytes: int
    chunks: int
    content_hash: str
    added_at: str


class IngestError(BaseModel):
    status_code: int
    code: str
    message: str


class IngestOutcome(BaseModel):
    filename: str
    status: IngestStatus
    document: DocumentInfo | None = None
    error: IngestError | None = None


def safe_filename(raw: str) -> str:
    """The base name of an uploaded file, without directories or control characters."""
    name = unicodedata.normalize("NFC", raw or "")
    name = _CONTROL.sub("", re.split(r"[\\/]", name)[-1]).strip().lstrip(".")
    if not name:
        raise InvalidInput(f"{raw!r}: the file has no usable name")
    return name[:200]


def document_id(name: str) -> str:
    return hashlib.sha256(name.casefold().encode()).hexdigest()[:16]


def ingest_document(
    index: HybridIndex, filename: str, data: bytes, max_bytes: int
) -> IngestOutcome:
    """Parse and index one file. Bad files give a failed outcome naming the file and reason."""
    return ingest_documents(index, [(filename, lambda: data)], max_bytes)[0]


def ingest_documents(
    index: HybridIndex,
    files: Sequence[tuple[str, Callable[[], bytes]]],
    max_bytes: int,
    progress: Progress | None = None,
    embedded: Embedded | None = None,
    cancel: threading.Event | None = None,
) -> list[IngestOutcome]:
    """Parse and index many (file name, read) pairs in one pipelined pass
    (`knowledge_base.pipeline.index_sources`, which says what `progress`, `embedded` and
    `cancel` do): one outcome per file, in order. A bad file gets a failed outcome naming it
    and the reason; the others go on."""
    outcomes: list[IngestOutcome | None] = [None] * len(files)
    inputs: list[SourceInput] = []
    positions: list[int] = []
    for position, (filename, read) in enumerate(files):
        try:
            name = safe_filename(filename)
        except CmoError as exc:
            outcomes[position] = _failed(filename, exc)
            continue
        inputs.append(SourceInput(document_id(name), name, read, partial(_parse, name, max_bytes)))
        positions.append(position)
    results = index_sources(index, inputs, progress, embedded, cancel)
    for position, result in zip(positions, results, strict=True):
        filename = files[position][0]
        if result.error is not None:
            outcomes[position] = _failed(filename, result.error)
        else:
            document = _info(result.record) if result.record is not None else None
            outcomes[position] = IngestOutcome(
                filename=result.name, status=result.status, document=document
            )
    return [o for o in outcomes if o is not None]


def _parse(name: str, max_bytes: int, data: bytes) -> Parsed:
    from knowledge_base.parsing.detect import parse_document

    parsed = parse_document(name, data, max_bytes)
    return Parsed(parsed.media_type, parsed.sections)


def _failed(filename: str, exc: CmoError) -> IngestOutcome:
    error = IngestError(status_code=exc.status_code, code=exc.code, message=exc.detail)
    return IngestOutcome(filename=filename, status="failed", error=error)


def list_documents(index: HybridIndex) -> list[DocumentInfo]:
    return [_info(s) for s in index.sources()]


def delete_document(index: HybridIndex, doc_id: str) -> DocumentInfo:
    record = index.source(doc_id)
    if record is None:
        raise NotFound(f"no document {doc_id!r} in this workspace")
    index.delete_source(doc_id)
    return _info(record)


def _info(record: SourceRecord) -> DocumentInfo:
    return DocumentInfo(
        id=record.source_id,
        name=record.name,
        media_type=record.media_type,
        size_bytes=record.size_bytes,
        chunks=record.chunk_count,
        content_hash=record.content_hash,
        added_at=record.added_at,
    )
