"""One locking policy for every store: a file lock per resource, shared by threads and processes.

Writes that read, change and save a stored thing (a calendar version, a brief, a draft version,
an import, a keyword-index commit) hold `exclusive(lock_path)` for the whole read-change-save.
The lock is a `filelock.FileLock` with one object per path in the process (`is_singleton`), so
it is re-entrant in the thread that holds it, makes other threads wait, and makes other
processes (`cmo` beside a running server) wait too. Nothing else in the code base locks.

`try_exclusive` is the one non-blocking variant: a chat turn takes its thread's lock or is
refused at once (409 `thread_busy`); a fresh lock object per turn means two turns in the same
process and thread exclude each other as well (`flock` holds per open file).
"""

from __future__ import annotations

from pathlib import Path

from filelock import FileLock, Timeout

DEFAULT_TIMEOUT_S = 60.0


def exclusive(lock_path: Path, timeout: float = DEFAULT_TIMEOUT_S) -> FileLock:
    """The lock for one resource; use as `with exclusive(path):`. Raises `filelock.Timeout`
    after `timeout` seconds (a stuck writer), so no request waits forever."""
    lock_path.parent.mkdir(parents=True, exist_ok=True)
    return FileLock(lock_path, timeout=timeout, is_singleton=True)


class Busy(Exception):
    """`try_exclusive` found the resource held by someone else."""


def try_exclusive(lock_path: Path) -> FileLock:
    """Take the lock now or raise `Busy`; the caller releases it (`lock.release()`)."""
    lock_path.parent.mkdir(parents=True, exist_ok=True)
    lock = FileLock(lock_path, timeout=0, is_singleton=False, thread_local=False)
    try:
        lock.acquire(blocking=False)
    except Timeout as exc:
        raise Busy(str(lock_path)) from exc
    return lock
