"""The one way this code base opens SQLite: a short-lived connection, one transaction.

A store written on every request (the thread index in `app.sqlite`) may keep its file in
write-ahead-log mode with an open `WalAnchor`: a commit then appends to the log without
waiting for the disk twice (`synchronous=NORMAL`: after a power cut the last commits may be
missing, the file is never corrupt), and closing a short-lived connection no longer folds
the log back into the file each time (about 20 ms of fsync per turn otherwise).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

BUSY_TIMEOUT_S = 30


@contextmanager
def transaction(path: Path, *, wal: bool = False) -> Iterator[sqlite3.Connection]:
    """A connection to `path` inside one transaction: committed when the block ends, rolled
    back if it raises, closed either way. Waits up to 30 s for another writer. `wal`: the
    file is in write-ahead-log mode (`WalAnchor`), so commits need not reach the disk at
    once."""
    db = sqlite3.connect(path, timeout=BUSY_TIMEOUT_S)
    try:
        if wal:
            db.execute("PRAGMA synchronous=NORMAL")
        with db:
            yield db
    finally:
        db.close()


class WalAnchor:
    """Switches `path` to write-ahead logging (a setting stored in the file: older files are
    converted on first open) and holds one idle connection for the owner's lifetime, so the
    log is folded into the file by SQLite's periodic checkpoint rather than at every close."""

    def __init__(self, path: Path) -> None:
        self._db = sqlite3.connect(path, timeout=BUSY_TIMEOUT_S, check_same_thread=False)
        self._db.execute("PRAGMA journal_mode=WAL")

    def close(self) -> None:
        self._db.close()
