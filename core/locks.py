"""One locking policy for every store: a file lock per resource, shared by threads and processes.

Writes that read, change and save a stored thing (a calendar version, a brief, a draft version,
an import, a keyword-index commit) hold `exclusive(lock_path)` for the whole read-change-save.
The lock is a `filelock.FileLock` with one object per path in the process (`is_singleton`), so
it is re-entrant in the thread that holds it, makes other threads wait, and makes other
processes (`cmo` beside a running server) wait too. Nothing else in the code base locks.
"""

from __future__ import annotations

from pathlib import Path

from filelock import FileLock

DEFAULT_TIMEOUT_S = 60.0


def exclusive(lock_path: Path, timeout: float = DEFAULT_TIMEOUT_S) -> FileLock:
    """The lock for one resource; use as `with exclusive(path):`. Raises `filelock.Timeout`
    after `timeout` seconds (a stuck writer), so no request waits forever."""
    lock_path.parent.mkdir(parents=True, exist_ok=True)
    return FileLock(lock_path, timeout=timeout, is_singleton=True)
