"""Idea sources for a calendar: passages retrieved from the client's documents and playbooks.

One query per pillar (with the target segment), one per funnel-stage theme and one per launch.
The client's own documents come first, because a calendar should talk about the client's
customers and proof; playbook passages fill in when the workspace has few documents. Passages
are data: ideas.py quotes them as hooks and cites them, and never follows anything they say.
"""

from __future__ import annotations

from core.scope import WorkspaceScope
from tools.calendar.models import CalendarRequest, IdeaSource
from tools.retrieval import search_index

PER_QUERY = 3
MAX_SOURCES = 30
# Questions whose answers make good content at each funnel stage, asked of every workspace.
STAGE_QUERIES = (
    "customer problems and buying triggers",
    "customer results and proof points",
    "objections, pricing and alternatives",
    "onboarding, adoption and customer tips",
)
MIN_DOCUMENT_SOURCES = 6  # below this, playbook passages are added


def idea_sources(scope: WorkspaceScope, request: CalendarRequest) -> list[IdeaSource]:
    segment = request.segment or ""
    queries = [f"{pillar} {segment}".strip() for pillar in request.effective_pillars()]
    queries += [f"{q} {segment}".strip() for q in STAGE_QUERIES]
    queries += [launch.name for launch in request.launches]
    found: dict[str, IdeaSource] = {}
    documents = scope.documents
    for query in queries:
        for p in search_index(documents, query, PER_QUERY, scope.id, "document").passages:
            found.setdefault(
                p.ref, IdeaSource(text=p.text, label=p.label, ref=p.ref, kind="document")
            )
    if len(found) < MIN_DOCUMENT_SOURCES:
        playbooks = scope.playbooks
        for query in queries:
            result = search_index(playbooks, f"{query} content", 1, "playbooks", "playbook")
            for p in result.passages:
                found.setdefault(
                    p.ref, IdeaSource(text=p.text, label=p.label, ref=p.ref, kind="playbook")
                )
    return list(found.values())[:MAX_SOURCES]
