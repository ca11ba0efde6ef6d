"""What a drafter may consult: the client brief, the workspace's documents (every passage, and
search) and the shared playbooks. All of it is read-only, and passages are data, never
instructions: a drafter quotes them, it does not follow them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property

from core.scope import WorkspaceScope
from core.stores.hybrid_index import HybridIndex
from tools.citations import Citation
from tools.strategy.brief.model import ClientBrief
from tools.strategy.elements import playbook_source, support, supporting_line
from tools.strategy.evidence import (
    Evidence,
    is_competitor_document,
    search_evidence,
    workspace_passages,
)


@dataclass
class DraftSources:
    """The inputs every drafter gets for one workspace; passages are read once and kept."""

    brief: ClientBrief
    documents: HybridIndex
    playbooks: HybridIndex

    @classmethod
    def of(cls, scope: WorkspaceScope, brief: ClientBrief) -> DraftSources:
        """The sources of a resolved workspace, with the brief the draft starts from."""
        return cls(brief=brief, documents=scope.documents, playbooks=scope.playbooks)

    @cached_property
    def passages(self) -> list[Evidence]:
        """Every passage of the workspace's documents, by document then position."""
        return workspace_passages(self.documents)

    @cached_property
    def own_passages(self) -> list[Evidence]:
        """The client's own passages: notes about competitors left out."""
        return [p for p in self.passages if not is_competitor_document(p)]

    def search(self, query: str, k: int = 4, must_contain: Sequence[str] = ()) -> list[Evidence]:
        """Hybrid search of the documents, best first (see `search_evidence`)."""
        return search_evidence(self.documents, query, k, "document", must_contain)

    def supporting_line(self, claim: str) -> tuple[Evidence, str] | None:
        """The document line that best supports a claim, if one shares enough of its words."""
        return supporting_line(self.documents, claim)

    def support(self, claim: str) -> Citation | None:
        """A citation for a claim, or None when no document line supports it."""
        return support(self.documents, claim)

    def playbook(self, query: str) -> Citation | None:
        """The playbook passage best matching the query, as a citation."""
        return playbook_source(self.playbooks, query)
