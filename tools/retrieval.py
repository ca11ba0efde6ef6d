"""Shared shapes and logic for the search tools (playbooks and client documents)."""

from __future__ import annotations

from pydantic import BaseModel, Field, computed_field

from core.stores.hybrid_index import Hit, HybridIndex
from tools.citations import Citation, CitationKind

DEFAULT_K = 4


class SearchInput(BaseModel):
    query: str = Field(description="in the user's words")
    k: int = Field(default=DEFAULT_K, ge=1, le=10, description="passages to return")


class Passage(BaseModel):
    ref: str = Field(description="chunk id")
    label: str = Field(description="citation label, e.g. 'positioning.md › Steps'")
    source: str
    heading: str
    page: int | None = None
    text: str
    score: float


class SearchResult(BaseModel):
    query: str
    scope: str = Field(description="'playbooks' or the workspace searched")
    passages: list[Passage]
    citations: list[Citation]

    @computed_field  # type: ignore[prop-decorator]
    @property
    def reading(self) -> str:
        """What was searched, in one line: the corpus and the words."""
        where = "our playbooks" if self.scope == "playbooks" else f"{self.scope}'s documents"
        return f"Searched {where} for “{self.query}”"


def search_index(
    index: HybridIndex, query: str, k: int, scope: str, kind: CitationKind
) -> SearchResult:
    hits = index.search(query, k=k)
    passages = [_passage(h) for h in hits]
    citations = [Citation(kind=kind, label=p.label, ref=p.ref, detail=p.text) for p in passages]
    return SearchResult(query=query, scope=scope, passages=passages, citations=citations)


def _passage(hit: Hit) -> Passage:
    c = hit.chunk
    return Passage(
        ref=c.id,
        label=c.label,
        source=c.source,
        heading=c.heading,
        page=c.page,
        text=c.text,
        score=round(hit.score, 5),
    )
