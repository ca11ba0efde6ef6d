"""A workspace's own documents: add (parse, chunk, embed, store), list and delete.

A document is identified by its file name: uploading a file of the same name again replaces the
old version atomically (the previous chunks stay searchable until the new ones are stored), and
the same content again is a no-op.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from typing import Literal

from pydantic import BaseModel

from core.errors import CmoError, InvalidInput, NotFound
from core.stores.hybrid_index import HybridIndex, SourceRecord
from knowledge_base.ingest import store_source

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
    from knowledge_base.parsing.detect import parse_document

    try:
        name = safe_filename(filename)
        parsed = parse_document(name, data, max_bytes)
        doc_id = document_id(name)
        existed = index.source(doc_id) is not None
        record, changed = store_source(
            index, doc_id, name, parsed.media_type, data, parsed.sections
        )
    except CmoError as exc:
        error = IngestError(status_code=exc.status_code, code=exc.code, message=exc.detail)
        return IngestOutcome(filename=filename, status="failed", error=error)
    status: IngestStatus = "unchanged" if not changed else "replaced" if existed else "added"
    return IngestOutcome(filename=name, status=status, document=_info(record))


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
