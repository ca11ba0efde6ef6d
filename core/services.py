"""The long-lived clients a process owns: embedder, vector store, workspace registry, indexes."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager, suppress
from contextvars import ContextVar
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from core.embeddings import Embedder
from core.scope import DraftModel, WorkspaceScope
from core.settings import Settings
from core.stores.hybrid_index import HybridIndex
from core.stores.vector_store import LazyChroma
from core.workspaces import WorkspaceStore

PLAYBOOK_NAMESPACE = "playbooks"

_RESOLVED: ContextVar[WorkspaceScope | None] = ContextVar("cmo_resolved_scope", default=None)


@contextmanager
def resolved_scope(scope: WorkspaceScope) -> Iterator[WorkspaceScope]:
    """A block (a chat turn, with the tasks and threads it starts) in which
    `Services.scope(scope.id)` returns `scope`, already resolved, instead of reading the
    registry again: the offline model looks the workspace up several times per message."""
    token = _RESOLVED.set(scope)
    try:
        yield scope
    finally:
        # An abandoned stream may be closed from another context: nothing to undo there.
        with suppress(ValueError):
            _RESOLVED.reset(token)


@dataclass
class Services:
    """Built once per process (by the API lifespan, the CLI or a test) and passed to tools."""

    settings: Settings
    embedder: Embedder
    chroma: Any
    workspaces: WorkspaceStore
    draft_model: DraftModel | None = None  # set by agent.models when a real model is configured
    _indexes: dict[str, HybridIndex] = field(default_factory=dict)

    @property
    def data_dir(self) -> Path:
        return self.settings.data_dir

    def playbook_index(self) -> HybridIndex:
        return self._index(PLAYBOOK_NAMESPACE, self.data_dir / "playbooks.sqlite")

    def scope(self, workspace_id: str) -> WorkspaceScope:
        """The workspace's scope for one request or turn; unknown ids raise
        `WorkspaceNotFound` (malformed ones `InvalidWorkspaceId`) here and nowhere later.
        Inside `resolved_scope(s)`, `s` itself for its own id."""
        resolved = _RESOLVED.get()
        if resolved is not None and resolved.id == workspace_id:
            return resolved
        workspace = self.workspaces.get(workspace_id)
        path = self.workspaces.path(workspace.id)
        return WorkspaceScope(
            workspace=workspace,
            dir=path,
            documents=self._index(f"ws-{workspace.id}", path / "documents.sqlite"),
            playbooks=self.playbook_index(),
            draft_model=self.draft_model,
        )

    def document_index(self, workspace_id: str) -> HybridIndex:
        """`scope(workspace_id).documents`, for scripts and tests that need nothing else."""
        return self.scope(workspace_id).documents

    def delete_workspace(self, workspace_id: str) -> list[str]:
        """Delete a workspace and everything in it: documents (rows, vectors, keyword index),
        campaign data, calendars, brief, artifacts and thread records. Returns the ids of its
        threads, whose checkpoints the caller (which owns the checkpointer) deletes."""
        scope = self.scope(workspace_id)  # unknown or malformed ids fail here, before anything
        threads = [t.thread_id for t in self.workspaces.threads(scope.id)]
        scope.documents.drop()
        scope.campaigns.close()
        self._indexes.pop(f"ws-{scope.id}", None)
        self.workspaces.delete(scope.id)
        return threads

    def workspace_dir(self, workspace_id: str) -> Path:
        """`scope(workspace_id).dir`, for scripts and tests that need nothing else."""
        return self.scope(workspace_id).dir

    def _index(self, namespace: str, path: Path) -> HybridIndex:
        if namespace not in self._indexes:
            self._indexes[namespace] = HybridIndex(namespace, path, self.chroma, self.embedder)
        return self._indexes[namespace]


def build_services(settings: Settings, embedder: Embedder | None = None) -> Services:
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    return Services(
        settings=settings,
        embedder=embedder or Embedder(),
        chroma=LazyChroma(settings.data_dir, settings.chroma_url),
        workspaces=WorkspaceStore(settings.data_dir),
    )
