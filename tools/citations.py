"""The one citation shape every tool returns, so the API and evals treat them alike."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

CitationKind = Literal["playbook", "document", "kpi_query", "calendar", "artifact", "brief"]


class Citation(BaseModel):
    """Where a statement in an answer comes from.

    `label` is what a person reads ("positioning.md › Competitive alternatives",
    "deck.pdf, p. 4", "KPI query"); `ref` is a stable id (chunk id, calendar id, ...);
    `detail` holds what backs it up (the passage text, or the SQL that produced a figure).
    """

    kind: CitationKind
    label: str
    ref: str
    detail: str = Field(default="", description="passage text or SQL behind the citation")
