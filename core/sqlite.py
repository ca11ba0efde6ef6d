"""The one way this code base opens SQLite: a short-lived connection, one transaction."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

BUSY_TIMEOUT_S = 30


@contextmanager
def transaction(path: Path) -> Iterator[sqlite3.Connection]:
    """A connection to `path` inside one transaction: committed when the block ends, rolled
    back if it raises, closed either way. Waits up to 30 s for another writer."""
    db = sqlite3.connect(path, timeout=BUSY_TIMEOUT_S)
    try:
        with db:
            yield db
    finally:
        db.close()
