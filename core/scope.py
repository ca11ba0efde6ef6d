"""One client's workspace, resolved once per request or turn: its folder and its stores.

`Services.scope(workspace_id)` checks the registry once and builds this; routes and tools
then use only the stores they need from it. Nothing else builds a path from a workspace id,
and the stores opened here serve the whole request or turn.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any, Literal, TypeVar

from core.stores.artifacts import ArtifactStore
from core.stores.campaigns import CampaignStore
from core.stores.hybrid_index import HybridIndex
from core.workspaces import Workspace

# LangChain's models take ~0.6 s to import: `cmo serve` must not load them before the
# playbooks start indexing (`agent.startup`), so `DraftModel.model` is typed loosely.

T = TypeVar("T")
OutputMethod = Literal["json_schema", "function_calling"]


@dataclass(frozen=True, eq=False)
class DraftModel:
    """A real chat model that writes strategy drafts and reads the brief from documents, by
    structured output (`method`: a JSON-schema `response_format`, or a call to a function
    whose parameters are the schema). `name` is its spec, e.g. "openai:gpt-4o-mini". Built
    by `agent.models` when CMO_MODEL (or CMO_DRAFT_MODEL) names a real model; None offline."""

    model: Any  # a LangChain `BaseChatModel` (see the note above)
    name: str
    method: OutputMethod = "json_schema"


@dataclass(eq=False)
class WorkspaceScope:
    """A resolved client workspace.

    `documents` is the client's own document index; `playbooks` the shared playbook index
    (read-only here). `draft_model` writes drafts when a real model is configured (None:
    the offline drafter and brief rules). `campaigns` (DuckDB) and `drafts` (versioned
    artifacts) open on first use. Stores that belong to one tool family (calendars, the
    brief) are built once per scope with `store(StoreClass)`."""

    workspace: Workspace
    dir: Path
    documents: HybridIndex
    playbooks: HybridIndex
    draft_model: DraftModel | None = None
    _stores: dict[Any, Any] = field(default_factory=dict, repr=False)

    @property
    def id(self) -> str:
        return self.workspace.id

    @cached_property
    def campaigns(self) -> CampaignStore:
        """Campaign and CRM facts (`campaigns.duckdb`); opening it creates no data."""
        return CampaignStore(self.dir)

    @cached_property
    def drafts(self) -> ArtifactStore:
        """Versioned drafts: positioning, ICP, messaging, diagnosis, roadmap."""
        return ArtifactStore(self.dir)

    def store(self, build: Callable[[Path], T]) -> T:
        """The scope's one instance of a folder-based store (e.g. `CalendarStore`)."""
        if build not in self._stores:
            self._stores[build] = build(self.dir)
        return self._stores[build]  # type: ignore[no-any-return]
