"""The brief as it stands now: what was saved, plus the documents as they are.

Two ways to get it, and only one of them writes:

- `current_brief` (reads: GET /brief, `get_client_brief`): the saved brief, with a fresh document
  extraction merged in memory when the documents changed since it was saved. Never writes.
- `ensure_brief` (writes: brief updates and drafting runs): the same brief, saved when the
  extraction changed it, so what a person then records sits on top of the current documents.

The documents' fingerprint (`EXTRACTOR_VERSION` and the documents' content hashes) decides
whether the saved extraction is current; with it unchanged neither function extracts anything.
An extraction is a pure function of the documents, so the latest one of each document index is
kept in memory for the process: reads between an upload and the next write extract once.
"""

from __future__ import annotations

from weakref import WeakKeyDictionary

from core.scope import WorkspaceScope
from core.stores.hybrid_index import HybridIndex
from tools.strategy.brief.extract import EXTRACTOR_VERSION, extract_brief
from tools.strategy.brief.model import BriefStore, BriefValue, ClientBrief, apply_extraction
from tools.strategy.evidence import documents_hash, workspace_passages

Extraction = dict[str, list[BriefValue]]

# document index → (fingerprint, extraction); an index dropped by its owner drops its entry
_latest: WeakKeyDictionary[HybridIndex, tuple[str, Extraction]] = WeakKeyDictionary()


def current_brief(scope: WorkspaceScope) -> ClientBrief:
    """The brief with the current documents' values; reading it never writes the brief file."""
    brief = scope.store(BriefStore).load()
    fingerprint = _fingerprint(scope.documents)
    if brief.documents_hash == fingerprint:
        return brief
    return apply_extraction(brief, _extraction(scope.documents, fingerprint), fingerprint)


def ensure_brief(scope: WorkspaceScope) -> ClientBrief:
    """The brief with the current documents' values, saved first (under the brief's lock) when
    the documents changed since the last save; unchanged documents mean no write."""
    store = scope.store(BriefStore)
    fingerprint = _fingerprint(scope.documents)
    brief = store.load()
    if brief.documents_hash == fingerprint:
        return brief
    extracted = _extraction(scope.documents, fingerprint)
    return store.update(lambda saved: apply_extraction(saved, extracted, fingerprint))


def _fingerprint(documents: HybridIndex) -> str:
    return f"{EXTRACTOR_VERSION}:{documents_hash(documents)}"


def _extraction(documents: HybridIndex, fingerprint: str) -> Extraction:
    """The documents' extracted values (a copy: callers may keep or change them)."""
    kept = _latest.get(documents)
    if kept is None or kept[0] != fingerprint:
        kept = (fingerprint, extract_brief(workspace_passages(documents)))
        _latest[documents] = kept
    return {name: [v.model_copy(deep=True) for v in values] for name, values in kept[1].items()}
