"""The brief as it stands now: what was saved, plus the documents as they are.

Two ways to get it, and only one of them writes:

- `current_brief` (reads: GET /brief, `get_client_brief`): the saved brief, with a fresh document
  extraction merged in memory when the documents changed since it was saved. Never writes.
- `ensure_brief` (writes: brief updates and drafting runs): the same brief, saved when the
  extraction changed it, so what a person then records sits on top of the current documents.

The documents' fingerprint (who reads them — the rules' `EXTRACTOR_VERSION`, or the real model
configured for drafts — and the documents' content hashes) decides whether the saved extraction
is current; with it unchanged neither function extracts anything. With a real model the model
reads the documents (`model_read`); when its reading cannot be used the rules read them, under
the rules' fingerprint, so a later process tries the model again. The latest extraction of each
document index is kept in memory for the process: reads between an upload and the next write
extract once (and a failing model is asked once).
"""

from __future__ import annotations

from weakref import WeakKeyDictionary

from core.scope import DraftModel, WorkspaceScope
from core.stores.hybrid_index import HybridIndex
from tools.strategy.brief.extract import EXTRACTOR_VERSION, extract_brief
from tools.strategy.brief.model import BriefStore, BriefValue, ClientBrief, apply_extraction
from tools.strategy.brief.model_read import read_brief_with_model
from tools.strategy.evidence import documents_hash, workspace_passages

Extraction = dict[str, list[BriefValue]]

# document index → (fingerprint asked for, fingerprint of what was extracted, extraction); an
# index dropped by its owner drops its entry
_latest: WeakKeyDictionary[HybridIndex, tuple[str, str, Extraction]] = WeakKeyDictionary()


def current_brief(scope: WorkspaceScope) -> ClientBrief:
    """The brief with the current documents' values; reading it never writes the brief file."""
    brief = scope.store(BriefStore).load()
    if brief.documents_hash == _fingerprint(scope):
        return brief
    fingerprint, extracted = _extraction(scope)
    if brief.documents_hash == fingerprint:
        return brief
    return apply_extraction(brief, extracted, fingerprint)


def ensure_brief(scope: WorkspaceScope) -> ClientBrief:
    """The brief with the current documents' values, saved first (under the brief's lock) when
    the documents changed since the last save; unchanged documents mean no write."""
    store = scope.store(BriefStore)
    brief = store.load()
    if brief.documents_hash == _fingerprint(scope):
        return brief
    fingerprint, extracted = _extraction(scope)
    if brief.documents_hash == fingerprint:
        return brief
    return store.update(lambda saved: apply_extraction(saved, extracted, fingerprint))


def _fingerprint(scope: WorkspaceScope, rules: bool = False) -> str:
    """Who reads the documents and which documents: "1:<hash>" for the rules (as before),
    "model:<spec>:<hash>" for a real model."""
    reader = _reader(scope.draft_model, rules)
    return f"{reader}:{documents_hash(scope.documents)}"


def _reader(draft_model: DraftModel | None, rules: bool) -> str:
    return EXTRACTOR_VERSION if rules or draft_model is None else f"model:{draft_model.name}"


def _extraction(scope: WorkspaceScope) -> tuple[str, Extraction]:
    """The fingerprint of what was extracted and the values (a copy: callers may keep or
    change them); the model reads when one is configured, else (or when it fails) the rules."""
    wanted = _fingerprint(scope)
    kept = _latest.get(scope.documents)
    if kept is None or kept[0] != wanted:
        passages = workspace_passages(scope.documents)
        found = read_brief_with_model(passages, scope.draft_model) if scope.draft_model else None
        if found is None:
            kept = (wanted, _fingerprint(scope, rules=True), extract_brief(passages))
        else:
            kept = (wanted, wanted, found)
        _latest[scope.documents] = kept
    values = {name: [v.model_copy(deep=True) for v in items] for name, items in kept[2].items()}
    return kept[1], values
