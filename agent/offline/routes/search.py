"""Routing for `search_playbooks` and `search_client_documents`."""

from __future__ import annotations

from agent.offline.examples.search import DOCUMENT_EXAMPLES, PLAYBOOK_EXAMPLES, PROPER_NOUN
from agent.offline.grammar.search import client_vocabulary, query_from_message
from agent.offline.routing import Routing, RoutingInput
from core.services import Services

PLAYBOOK_KEYWORDS = (
    r"\bplaybook",
    r"\bhow (do|should|can|would) (i|we|you)\b",
    r"\bhow to\b",
    r"\bbest practice",
    r"\bframework\b",
    r"\bformula\b",
    r"\bwhat(’s|'s| is| are) (an?|the)\b",
    r"\b(typical|benchmark|rule of thumb|template|checklist|definition|define)\b",
)
# about this client's own facts ("our sales cycle", "did we", "the board"): documents
PLAYBOOK_PENALTIES = (r"\bour\b|\bfor us\b|(?<!how )\b(do|did|have|are|were) we\b|\bthe board\b",)
DOCUMENT_KEYWORDS = (
    r"\bour (customers?|clients?|competitors?|website|deck|documents?|docs|brand|"
    r"pricing|product|founder|interviews?|report)\b",
    r"\b(interview|sales deck|website copy|competitor)",
    r"(?<!how )\b(do|did|have|are|were) we\b|\bfor us\b|\bour\b",
    r"\b(did|does|do) \w+ (say|mention|think)\b|\bsaid\b",
    PROPER_NOUN,
)


def _query(request: RoutingInput) -> dict[str, object]:
    return {"query": query_from_message(request.text)}


def search_routes(services: Services | None) -> dict[str, Routing]:
    def documents_evidence(request: RoutingInput) -> float | None:
        return client_vocabulary(services, request) if services else None

    def playbooks_evidence(request: RoutingInput) -> float | None:
        share = documents_evidence(request)
        return None if share is None else 1.0 - share

    return {
        "search_playbooks": Routing(
            examples=PLAYBOOK_EXAMPLES,
            extract_args=_query,
            keywords=PLAYBOOK_KEYWORDS,
            penalties=PLAYBOOK_PENALTIES,
            follow_up=True,
            fallback=True,
            summary="answer marketing how-to questions from our playbooks, with citations",
            evidence=playbooks_evidence,
        ),
        "search_client_documents": Routing(
            examples=DOCUMENT_EXAMPLES,
            extract_args=_query,
            keywords=DOCUMENT_KEYWORDS,
            follow_up=True,
            fallback=True,
            summary="search this client's own documents (interviews, deck, website, reports)",
            evidence=documents_evidence,
        ),
    }
