"""Which thread a resent conversation continues (the OpenAI wire API's conversation index).

Chat apps that speak the OpenAI wire format (Open WebUI, LibreChat, the `openai` SDK) resend
the whole conversation every turn. The conversation itself is kept once, in its thread (the
checkpointer); this store keeps only, per thread, a fingerprint of where it stands: the
SHA-256 of its user and assistant messages up to its last answer, exactly as the client
received them (whitespace runs collapsed, so a client that re-wraps text still matches).

A request whose earlier messages hash to a thread's *current* fingerprint continues that
thread. A thread that has moved on since (the client regenerated an answer or edited an
earlier message) no longer matches, so the request becomes a new branch instead of appending
to a history the client no longer shows. Stored per workspace in
`<workspace>/wire_threads.sqlite` (removed with the workspace); a fingerprint includes the
workspace id, so one workspace's conversation can never match another's thread.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path

from core.sqlite import transaction

Turn = tuple[str, str]  # (role, text): role is "user" or "assistant"
DB_FILE = "wire_threads.sqlite"


def fingerprint(workspace: str, turns: Sequence[Turn]) -> str:
    """The hex SHA-256 of a conversation's (role, text) turns in `workspace`; each text with
    its whitespace runs collapsed to one space and its ends trimmed."""
    canonical = json.dumps(
        [workspace, [[role, " ".join(text.split())] for role, text in turns]],
        ensure_ascii=False,
    )
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


class WireThreads:
    """Thread id → its current fingerprint, for one workspace (`scope.store(WireThreads)`)."""

    def __init__(self, workspace_dir: Path) -> None:
        self.path = workspace_dir / DB_FILE
        with transaction(self.path) as db:
            db.execute(
                "CREATE TABLE IF NOT EXISTS threads (thread_id TEXT PRIMARY KEY, "
                "fingerprint TEXT NOT NULL, updated_at TEXT NOT NULL)"
            )
            db.execute("CREATE INDEX IF NOT EXISTS by_fingerprint ON threads (fingerprint)")

    def find(self, key: str) -> str | None:
        """The thread that stands at fingerprint `key` (the latest one, if several do)."""
        with transaction(self.path) as db:
            row = db.execute(
                "SELECT thread_id FROM threads WHERE fingerprint = ? "
                "ORDER BY updated_at DESC, rowid DESC LIMIT 1",
                (key,),
            ).fetchone()
        return str(row[0]) if row else None

    def advance(self, thread_id: str, key: str) -> None:
        """Record that `thread_id` now stands at fingerprint `key` (after an answered turn)."""
        with transaction(self.path) as db:
            db.execute(
                "INSERT INTO threads VALUES (?, ?, ?) ON CONFLICT (thread_id) DO UPDATE SET "
                "fingerprint = excluded.fingerprint, updated_at = excluded.updated_at",
                (thread_id, key, datetime.now(UTC).isoformat(timespec="microseconds")),
            )
