"""Client workspaces: validated ids, a registry in SQLite, and one folder per workspace.

A workspace id is the only thing that scopes every read, so it is validated strictly: lower-case
ASCII letters, digits and inner hyphens. Path tricks (`../`), separators and unicode look-alikes
are refused before any path or collection name is built from it.
"""

from __future__ import annotations

import builtins
import shutil
import sqlite3
from contextlib import AbstractContextManager
from datetime import UTC, datetime
from pathlib import Path

from pydantic import BaseModel

from core.errors import InvalidWorkspaceId, ThreadNotFound, WorkspaceExists, WorkspaceNotFound
from core.ids import checked_id
from core.sqlite import WalAnchor, transaction

DEMO_WORKSPACE = "demo"


def validate_workspace_id(raw: str) -> str:
    """Return the id unchanged if it is safe to use in paths and collection names."""
    return checked_id(
        raw,
        40,
        InvalidWorkspaceId,
        "workspace id",
        "use 1–40 lower-case letters, digits and hyphens (for example 'acme-ltd')",
    )


class Workspace(BaseModel):
    id: str
    name: str
    created_at: str


class ThreadInfo(BaseModel):
    thread_id: str
    workspace: str
    created_at: str
    title: str


class WorkspaceStore:
    """Workspaces and the threads that belong to each, in `data_dir/app.sqlite`."""

    def __init__(self, data_dir: Path) -> None:
        self.root = data_dir / "workspaces"
        self.root.mkdir(parents=True, exist_ok=True)
        self._path = data_dir / "app.sqlite"
        # Every new chat thread is recorded here: write-ahead logging keeps that off the disk's
        # critical path (core.sqlite.WalAnchor).
        self._anchor = WalAnchor(self._path)
        with self._db() as db:
            db.executescript(
                "CREATE TABLE IF NOT EXISTS workspaces (id TEXT PRIMARY KEY, name TEXT NOT NULL,"
                " created_at TEXT NOT NULL);"
                "CREATE TABLE IF NOT EXISTS threads (thread_id TEXT PRIMARY KEY,"
                " workspace TEXT NOT NULL, created_at TEXT NOT NULL, title TEXT NOT NULL);"
            )

    def _db(self) -> AbstractContextManager[sqlite3.Connection]:
        return transaction(self._path, wal=True)

    def create(self, workspace_id: str, name: str | None = None) -> Workspace:
        ws = Workspace(
            id=validate_workspace_id(workspace_id),
            name=(name or workspace_id).strip()[:200] or workspace_id,
            created_at=_now(),
        )
        try:
            with self._db() as db:
                db.execute("INSERT INTO workspaces VALUES (?,?,?)", (ws.id, ws.name, ws.created_at))
        except sqlite3.IntegrityError as exc:
            raise WorkspaceExists(f"workspace {ws.id!r} already exists") from exc
        self.path(ws.id).mkdir(parents=True, exist_ok=True)
        return ws

    def ensure(self, workspace_id: str, name: str | None = None) -> Workspace:
        try:
            return self.get(workspace_id)
        except WorkspaceNotFound:
            return self.create(workspace_id, name)

    def get(self, workspace_id: str) -> Workspace:
        validate_workspace_id(workspace_id)
        with self._db() as db:
            row = db.execute("SELECT * FROM workspaces WHERE id=?", (workspace_id,)).fetchone()
        if row is None:
            raise WorkspaceNotFound(f"unknown workspace {workspace_id!r}: create it first")
        return Workspace(id=row[0], name=row[1], created_at=row[2])

    def list(self) -> list[Workspace]:
        with self._db() as db:
            rows = db.execute("SELECT * FROM workspaces ORDER BY id").fetchall()
        return [Workspace(id=r[0], name=r[1], created_at=r[2]) for r in rows]

    def delete(self, workspace_id: str) -> None:
        self.get(workspace_id)
        with self._db() as db:
            db.execute("DELETE FROM workspaces WHERE id=?", (workspace_id,))
            db.execute("DELETE FROM threads WHERE workspace=?", (workspace_id,))
        shutil.rmtree(self.path(workspace_id), ignore_errors=True)

    def path(self, workspace_id: str) -> Path:
        """The workspace's folder; the id is validated, so it cannot escape `root`."""
        return self.root / validate_workspace_id(workspace_id)

    # -- threads ---------------------------------------------------------------------------
    def claim_thread(self, thread_id: str, workspace_id: str, title: str) -> None:
        """Bind a new thread to a workspace, or check an existing one belongs to it."""
        with self._db() as db:
            row = db.execute(
                "SELECT workspace FROM threads WHERE thread_id=?", (thread_id,)
            ).fetchone()
            if row is None:
                db.execute(
                    "INSERT INTO threads VALUES (?,?,?,?)",
                    (thread_id, workspace_id, _now(), title[:80]),
                )
            elif row[0] != workspace_id:
                # Same message as an unknown thread: a guessed id reveals nothing.
                raise ThreadNotFound(f"unknown thread {thread_id!r} in workspace {workspace_id!r}")

    def thread(self, thread_id: str, workspace_id: str) -> ThreadInfo:
        """A thread of `workspace_id`; a thread of any other workspace is as unknown as one
        that never existed (there is no lookup by thread id alone)."""
        with self._db() as db:
            row = db.execute(
                "SELECT * FROM threads WHERE thread_id=? AND workspace=?",
                (thread_id, workspace_id),
            ).fetchone()
        if row is None:
            raise ThreadNotFound(f"unknown thread {thread_id!r} in workspace {workspace_id!r}")
        return ThreadInfo(thread_id=row[0], workspace=row[1], created_at=row[2], title=row[3])

    def threads(self, workspace_id: str) -> builtins.list[ThreadInfo]:
        with self._db() as db:
            rows = db.execute(
                "SELECT * FROM threads WHERE workspace=? ORDER BY created_at DESC", (workspace_id,)
            ).fetchall()
        return [
            ThreadInfo(thread_id=r[0], workspace=r[1], created_at=r[2], title=r[3]) for r in rows
        ]


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")
