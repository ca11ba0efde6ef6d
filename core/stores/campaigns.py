"""The campaign store of one workspace: a DuckDB file `campaigns.duckdb` in its directory.

A DuckDB file admits one read-write owner per process, so each workspace database is opened
once per process and every caller gets its own short-lived cursor (a separate connection to
the same database, safe to use from its own thread). Writes (imports, schema changes) take a
per-workspace lock; reads run concurrently under DuckDB's MVCC. One server process per data
directory: a second process opening the same file would be refused by DuckDB's file lock.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any, TypeVar

import duckdb

from core.locks import exclusive
from core.stores.campaign_schema import (
    EXTRAS_TABLE,
    FACT_TABLE,
    IMPORTS_TABLE,
    ExtraKind,
    create_statements,
    migration_statements,
    quote_ident,
)

DB_FILE = "campaigns.duckdb"
T = TypeVar("T")

_registry_lock = threading.Lock()
_databases: dict[Path, duckdb.DuckDBPyConnection] = {}
_caches: dict[Path, dict[Any, Any]] = {}


def _open(db_path: Path) -> duckdb.DuckDBPyConnection:
    """The process-wide root connection for a database file, created (with tables) once."""
    with _registry_lock:
        root = _databases.get(db_path)
        if root is not None and not db_path.exists():
            # The workspace folder was deleted: never serve the old data under a reused id.
            root.close()
            _caches.pop(db_path, None)
            root = None
        if root is None:
            db_path.parent.mkdir(parents=True, exist_ok=True)
            root = duckdb.connect(str(db_path))
            for statement in create_statements() + migration_statements():
                root.execute(statement)
            _databases[db_path] = root
        return root


@lru_cache(maxsize=1024)
def _resolved(path: str) -> Path:
    """A workspace folder's absolute path (resolved once per process: stores are built per
    query, and resolving costs a system call per path component)."""
    return Path(path).resolve()


def fetch_one(
    cur: duckdb.DuckDBPyConnection, sql: str, params: list[Any] | dict[str, Any] | None = None
) -> tuple[Any, ...]:
    """The single row of an aggregate query (which always returns one)."""
    row = cur.execute(sql, params or []).fetchone()
    if row is None:
        raise RuntimeError(f"query returned no row: {sql[:80]}")
    return row


def close_all() -> None:
    """Close every open workspace database (tests, shutdown)."""
    with _registry_lock:
        for root in _databases.values():
            root.close()
        _databases.clear()
        _caches.clear()


class CampaignStore:
    """Campaign facts, imports and extra columns of one workspace."""

    def __init__(self, workspace_dir: Path) -> None:
        """Names the database; it is opened (and created, with its tables) on first use, so a
        store built only to ask `exists` leaves nothing behind."""
        self.workspace_dir = _resolved(str(workspace_dir))
        self.db_path = self.workspace_dir / DB_FILE

    @property
    def exists(self) -> bool:
        """Whether this workspace has a campaign database (anything was ever imported)."""
        return self.db_path.is_file()

    @contextmanager
    def connect(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """A cursor for this thread only; closed on exit."""
        root = _open(self.db_path)
        with _registry_lock:
            cur = root.cursor()
        try:
            yield cur
        finally:
            cur.close()

    @contextmanager
    def writing(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """A cursor holding the workspace's write lock: one import at a time."""
        with exclusive(self.db_path.with_suffix(".lock")), self.connect() as cur:
            yield cur

    def cached(self, key: Any, compute: Callable[[], T]) -> T:
        """Per-workspace memo of facts about the data (date range, distinct values), dropped
        whenever an import or deletion changes the data."""
        with _registry_lock:
            cache = _caches.setdefault(self.db_path, {})
            if key in cache:
                return cache[key]  # type: ignore[no-any-return]
        value = compute()
        with _registry_lock:
            _caches.setdefault(self.db_path, {})[key] = value
        return value

    def invalidate(self) -> None:
        with _registry_lock:
            _caches.pop(self.db_path, None)

    def close(self) -> None:
        """Release this workspace's database file (e.g. before deleting the workspace)."""
        with _registry_lock:
            root = _databases.pop(self.db_path, None)
            _caches.pop(self.db_path, None)
        if root is not None:
            root.close()

    # ---- reads -------------------------------------------------------------------------

    def row_count(self) -> int:
        with self.connect() as cur:
            return int(fetch_one(cur, f"SELECT count(*) FROM {FACT_TABLE}")[0])

    def date_bounds(self) -> tuple[date, date] | None:
        """First and last date with data: relative periods count back from the last one."""
        with self.connect() as cur:
            lo, hi = fetch_one(cur, f"SELECT min(date), max(date) FROM {FACT_TABLE}")
        return (lo, hi) if lo is not None else None

    def extra_columns(self) -> dict[str, ExtraKind]:
        with self.connect() as cur:
            rows = cur.execute(f"SELECT name, kind FROM {EXTRAS_TABLE} ORDER BY name").fetchall()
        return {name: kind for name, kind in rows}

    def imports(self) -> list[dict[str, Any]]:
        with self.connect() as cur:
            cursor = cur.execute(
                f"SELECT id, file_name, file_hash, format, rows_read, rows_imported, imported_at "
                f"FROM {IMPORTS_TABLE} ORDER BY imported_at"
            )
            names = [d[0] for d in cursor.description]
            return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]

    def distinct_values(self, column: str, limit: int = 500) -> list[str]:
        """Distinct values of a governed dimension column (for filters and the extractor)."""
        with self.connect() as cur:
            rows = cur.execute(
                f"SELECT DISTINCT {quote_ident(column)} AS v FROM {FACT_TABLE} "
                f"WHERE v IS NOT NULL ORDER BY v LIMIT ?",
                [limit],
            ).fetchall()
        return [str(r[0]) for r in rows]

    # ---- writes ------------------------------------------------------------------------

    def delete_import(self, import_id: str) -> int:
        """Remove an import and its rows (e.g. before loading restated figures)."""
        with self.writing() as cur:
            cur.execute("BEGIN TRANSACTION")
            sql = f"DELETE FROM {FACT_TABLE} WHERE import_id = ?"
            deleted = fetch_one(cur, sql, [import_id])[0]
            cur.execute(f"DELETE FROM {IMPORTS_TABLE} WHERE id = ?", [import_id])
            cur.execute("COMMIT")
        self.invalidate()
        return int(deleted)
