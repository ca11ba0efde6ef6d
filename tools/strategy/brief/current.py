"""The brief as it stands now: what was saved, plus the documents as they are.

Two ways to get it, and only one of them writes:

- `current_brief` (reads: GET /brief, `get_client_brief`): the saved brief, with a fresh document
  extraction merged in memory when the documents changed since it was saved. Never writes.
- `ensure_brief` (writes: brief updates and drafting runs): the same brief, saved when the
  extraction changed it, so what a person then records sits on top of the current documents.

The documents' fingerprint (`EXTRACTOR_VERSION` and the documents' content hashes) decides
whether the saved extraction is current; with it unchanged neither function extracts anything.
"""

from __future__ import annotations

from core.scope import WorkspaceScope
from tools.strategy.brief.extract import EXTRACTOR_VERSION, extract_brief
from tools.strategy.brief.model import BriefStore, BriefValue, ClientBrief, apply_extraction
from tools.strategy.evidence import documents_hash, workspace_passages


def current_brief(scope: WorkspaceScope) -> ClientBrief:
    """The brief with the current documents' values; reading it never writes the brief file."""
    brief = scope.store(BriefStore).load()
    fingerprint = _fingerprint(scope)
    if brief.documents_hash == fingerprint:
        return brief
    return apply_extraction(brief, _extract(scope), fingerprint)


def ensure_brief(scope: WorkspaceScope) -> ClientBrief:
    """The brief with the current documents' values, saved first (under the brief's lock) when
    the documents changed since the last save; unchanged documents mean no write."""
    store = scope.store(BriefStore)
    fingerprint = _fingerprint(scope)
    brief = store.load()
    if brief.documents_hash == fingerprint:
        return brief
    extracted = _extract(scope)
    return store.update(lambda saved: apply_extraction(saved, extracted, fingerprint))


def _fingerprint(scope: WorkspaceScope) -> str:
    return f"{EXTRACTOR_VERSION}:{documents_hash(scope.documents)}"


def _extract(scope: WorkspaceScope) -> dict[str, list[BriefValue]]:
    return extract_brief(workspace_passages(scope.documents))
