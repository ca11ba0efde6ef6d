"""Versioned drafts (positioning, ICP, messaging, diagnosis, roadmap) saved in a workspace.

Each artifact kind has one file per version under `<workspace>/artifacts/<kind>/v<N>.json`, so
a revision never overwrites an earlier version. Writes are atomic (temp file + rename), and
two saves of one kind take turns (`core.locks`).
"""

from __future__ import annotations

import builtins
import datetime as dt
import re
from pathlib import Path
from typing import Any

from pydantic import BaseModel, Field

from core.errors import InvalidInput, NotFound
from core.files import atomic_write_text
from core.locks import exclusive

KIND_PATTERN = re.compile(r"^[a-z][a-z0-9_]{0,31}$")


class Artifact(BaseModel):
    """One saved version of a draft: its typed content and a Markdown rendering."""

    kind: str
    version: int
    created_at: dt.datetime
    title: str
    content: dict[str, Any]
    markdown: str
    note: str = Field(default="", description="what changed in this version")


class ArtifactInfo(BaseModel):
    kind: str
    latest_version: int
    versions: list[int]
    title: str
    updated_at: dt.datetime


class ArtifactStore:
    """Artifacts of one workspace. `workspace_dir` must come from `Services.workspace_dir`."""

    def __init__(self, workspace_dir: Path) -> None:
        self.root = workspace_dir / "artifacts"

    def save(
        self, kind: str, title: str, content: dict[str, Any], markdown: str, note: str = ""
    ) -> Artifact:
        """Save the next version of `kind` (two saves at once get successive versions)."""
        folder = self._folder(kind)
        with exclusive(folder / ".lock"):
            return self._save(kind, folder, title, content, markdown, note)

    def _save(
        self, kind: str, folder: Path, title: str, content: dict[str, Any], markdown: str, note: str
    ) -> Artifact:
        artifact = Artifact(
            kind=kind,
            version=(self._versions(kind)[-1] if self._versions(kind) else 0) + 1,
            created_at=dt.datetime.now(dt.UTC),
            title=title,
            content=content,
            markdown=markdown,
            note=note,
        )
        atomic_write_text(folder / f"v{artifact.version}.json", artifact.model_dump_json(indent=2))
        return artifact

    def get(self, kind: str, version: int | None = None) -> Artifact:
        versions = self._versions(kind)
        if not versions:
            raise NotFound(f"no {kind} artifact in this workspace yet")
        chosen = versions[-1] if version is None else version
        if chosen not in versions:
            raise NotFound(f"{kind} has no version {chosen}; versions: {versions}")
        path = self._folder(kind) / f"v{chosen}.json"
        return Artifact.model_validate_json(path.read_text(encoding="utf-8"))

    def latest(self, kind: str) -> Artifact | None:
        return self.get(kind) if self._versions(kind) else None

    def list(self) -> list[ArtifactInfo]:
        if not self.root.is_dir():
            return []
        infos = []
        for folder in sorted(p for p in self.root.iterdir() if p.is_dir()):
            versions = self._versions(folder.name)
            if versions:
                latest = self.get(folder.name)
                infos.append(
                    ArtifactInfo(
                        kind=folder.name,
                        latest_version=versions[-1],
                        versions=versions,
                        title=latest.title,
                        updated_at=latest.created_at,
                    )
                )
        return infos

    def _folder(self, kind: str) -> Path:
        if not KIND_PATTERN.fullmatch(kind):
            raise InvalidInput(f"invalid artifact kind {kind!r}: use lower-case letters and _")
        return self.root / kind

    def _versions(self, kind: str) -> builtins.list[int]:
        folder = self._folder(kind)
        if not folder.is_dir():
            return []
        found = (re.fullmatch(r"v(\d+)\.json", p.name) for p in folder.iterdir())
        return sorted(int(m.group(1)) for m in found if m)
