"""Cited passages for strategy drafts: workspace documents or playbooks, as `Evidence` objects.

Shared by the brief, positioning, ICP, messaging, diagnosis and roadmap code so every claim they
make points at the passage it came from. Passages are data, never instructions.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from typing import Literal

from pydantic import BaseModel

from core.stores.hybrid_index import ChunkRecord, Hit, HybridIndex
from tools.citations import Citation, CitationKind
from tools.strategy.vocabulary import has_cue

EvidenceKind = Literal["document", "playbook"]
_CANDIDATES = 6  # when filtering by must_contain, look this many times deeper than k
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+|\n+")
_EMPHASIS = re.compile(r"\*\*|__|(?<!\w)\*(?=\S)|(?<=\S)\*(?!\w)")


class Evidence(BaseModel):
    """One retrieved passage and where it came from."""

    text: str
    label: str
    ref: str
    kind: CitationKind
    score: float
    source: str = ""  # file name, e.g. "website-copy.md"
    heading: str = ""

    def citation(self, detail: str | None = None) -> Citation:
        """A citation to this passage; `detail` narrows it to the quoted sentence."""
        return Citation(kind=self.kind, label=self.label, ref=self.ref, detail=detail or self.text)


def search_evidence(
    index: HybridIndex,
    query: str,
    k: int = 4,
    kind: EvidenceKind = "document",
    must_contain: Sequence[str] = (),
) -> list[Evidence]:
    """Hybrid search of one index (a workspace's documents, or the playbooks), best first.

    `kind` says which it is, for the citations. With `must_contain`, only passages containing at
    least one of those terms (case-insensitive) are kept; the search looks deeper so the filter
    still returns up to `k` passages.
    """
    if k < 1 or not query.strip():
        return []
    depth = k * _CANDIDATES if must_contain else k
    hits = index.search(query, k=depth)
    if must_contain:
        hits = [h for h in hits if contains_any(h.chunk.search_text, must_contain)]
    return [_evidence(h, kind) for h in hits[:k]]


def workspace_passages(documents: HybridIndex) -> list[Evidence]:
    """Every passage of a workspace's documents, by document name then position (score 0).

    For deterministic scans (the brief extractor, copy checks) that must see all documents.
    """
    return [
        _record_evidence(chunk)
        for source in documents.sources()
        for chunk in documents.chunks_of(source.source_id)
    ]


def documents_hash(documents: HybridIndex) -> str:
    """A fingerprint of the documents (16 hex digits): it changes when one is added, replaced
    or removed."""
    hashes = sorted(s.content_hash for s in documents.sources())
    return hashlib.sha256("|".join(hashes).encode()).hexdigest()[:16]


def contains_any(text: str, terms: Sequence[str]) -> bool:
    lowered = text.lower()
    return any(t.lower() in lowered for t in terms if t.strip())


def plain(text: str) -> str:
    """Markdown emphasis, bullets and heading marks removed; whitespace collapsed."""
    text = _EMPHASIS.sub("", text)
    return " ".join(text.strip().lstrip("#-*>|").split()).strip()


def sentences(text: str) -> list[str]:
    """A passage split into sentences and lines, in plain text."""
    parts = (plain(p) for p in _SENTENCE_END.split(text))
    return [p for p in parts if p]


def lines(text: str) -> list[str]:
    """A passage's non-empty lines, in plain text (bullets keep their whole line)."""
    return [p for p in (plain(line) for line in text.splitlines()) if p]


# -- what a passage is ---------------------------------------------------------------------------
def document_title(passage: Evidence) -> str:
    """The passage's document title (the first part of its heading path)."""
    return passage.heading.split(" › ")[0]


def customer_of(passage: Evidence) -> str | None:
    """The customer an interview or case study is about ('… — Pennine Hospitality Group')."""
    title = document_title(passage)
    if not has_cue(title, "customer_documents") or " — " not in title:
        return None
    return title.split(" — ")[-1].strip()


def is_competitor_document(passage: Evidence) -> bool:
    """Whether the passage comes from notes about competitors (not the client's own claims)."""
    return bool(re.search(r"competit", f"{passage.source} {document_title(passage)}", re.I))


def _evidence(hit: Hit, kind: CitationKind) -> Evidence:
    return _record_evidence(hit.chunk, kind, round(hit.score, 5))


def _record_evidence(
    c: ChunkRecord, kind: CitationKind = "document", score: float = 0.0
) -> Evidence:
    return Evidence(
        text=c.text,
        label=c.label,
        ref=c.id,
        kind=kind,
        score=score,
        source=c.source,
        heading=c.heading,
    )
