"""The chat checkpointer: LangGraph's `AsyncSqliteSaver` with each write in one trip.

`AsyncSqliteSaver` (aiosqlite) sends every step of a write to the connection's worker thread
and waits for it: a checkpoint is three trips (execute, cursor close, commit) and a task's
writes four (cursor, executemany, commit, close). A chat turn writes four checkpoints and
their task writes, so about thirty trips each way between the event loop and that thread
(profiled, issue #16); reading the latest checkpoint at a turn's start was five or six.
`LeanSqliteSaver` runs the same statements (and the same commit) as one function on the same
worker thread: the same rows in the same tables (an existing
`checkpoints.sqlite` reads and writes as before), committed before `aput`/`aput_writes`
return (a killed turn resumes from the same checkpoints), in the same order as every other
operation on the connection (the worker runs its queue in order). `aget_tuple` reads the
checkpoint and its pending writes in one trip too; listing and deleting are
`AsyncSqliteSaver`'s own.

Commits append to the write-ahead log without waiting for the disk (`synchronous=NORMAL`, as
`app.sqlite` does, `core.sqlite`): every step's checkpoint is still committed before the next
step runs, and a killed or crashed server resumes from it; only a power cut or an operating
system crash may lose the last commits (the file is never corrupt). Waiting for the disk at
each of a turn's nine commits cost 3–10 ms a turn, most on a busy disk (issue #16).
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Sequence
from typing import Any, cast

from langchain_core.runnables import RunnableConfig
from langgraph.checkpoint.base import (
    WRITES_IDX_MAP,
    ChannelVersions,
    Checkpoint,
    CheckpointMetadata,
    CheckpointTuple,
    get_checkpoint_id,
    get_checkpoint_metadata,
)
from langgraph.checkpoint.sqlite.aio import AsyncSqliteSaver
from langgraph.checkpoint.sqlite.utils import load_pending_writes, pending_writes_sql

__all__ = ["LeanSqliteSaver"]

_PUT = (
    "INSERT OR REPLACE INTO checkpoints (thread_id, checkpoint_ns, checkpoint_id, "
    "parent_checkpoint_id, type, checkpoint, metadata) VALUES (?, ?, ?, ?, ?, ?, ?)"
)
_WRITES = (
    "INSERT OR {verb} INTO writes (thread_id, checkpoint_ns, checkpoint_id, task_id, "
    "task_path, idx, channel, type, value) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
)


_COLUMNS = "thread_id, checkpoint_id, parent_checkpoint_id, type, checkpoint, metadata"
_LATEST = (
    f"SELECT {_COLUMNS} FROM checkpoints WHERE thread_id = ? AND checkpoint_ns = ? "
    "ORDER BY checkpoint_id DESC LIMIT 1"
)
_BY_ID = (
    f"SELECT {_COLUMNS} FROM checkpoints "
    "WHERE thread_id = ? AND checkpoint_ns = ? AND checkpoint_id = ?"
)
Row = tuple[Any, ...]


def _read(
    connection: sqlite3.Connection, sql: str, args: tuple[str, ...], writes_sql: str
) -> tuple[Row | None, list[Row]]:
    """Run on the connection's worker thread: the checkpoint's row, then its pending writes."""
    row = connection.execute(sql, args).fetchone()
    if row is None:
        return None, []
    return row, connection.execute(writes_sql, (row[0], args[1], row[1])).fetchall()


def _write(connection: sqlite3.Connection, sql: str, rows: list[tuple[Any, ...]]) -> None:
    """Run on the connection's worker thread: the rows, then the commit (or a rollback)."""
    try:
        connection.executemany(sql, rows)
        connection.commit()
    except BaseException:
        connection.rollback()
        raise


class LeanSqliteSaver(AsyncSqliteSaver):
    """`AsyncSqliteSaver` whose `aput` and `aput_writes` take one worker-thread trip each
    (see the module docstring); open it with `LeanSqliteSaver.from_conn_string(path)`."""

    async def setup(self) -> None:
        """`AsyncSqliteSaver.setup` (tables, write-ahead log), then `synchronous=NORMAL`."""
        if self.is_setup:
            return
        await super().setup()
        await self.conn.execute("PRAGMA synchronous=NORMAL")

    async def _run(self, sql: str, rows: list[tuple[Any, ...]]) -> None:
        await self.setup()
        async with self.lock:
            # aiosqlite's own queue to its worker thread: one trip, in order with the rest.
            await self.conn._execute(_write, self.conn._conn, sql, rows)  # type: ignore[no-untyped-call]

    async def aget_tuple(self, config: RunnableConfig) -> CheckpointTuple | None:
        """The config's checkpoint (its `checkpoint_id`, else the thread's latest) with its
        pending writes, as `AsyncSqliteSaver.aget_tuple` returns it; None if there is none."""
        await self.setup()
        configurable = config["configurable"]
        thread_id, checkpoint_ns = (
            str(configurable["thread_id"]),
            configurable.get("checkpoint_ns", ""),
        )
        wanted = get_checkpoint_id(config)
        sql, args = (
            (_BY_ID, (thread_id, checkpoint_ns, wanted))
            if wanted
            else (_LATEST, (thread_id, checkpoint_ns))
        )
        writes_sql = pending_writes_sql(self._has_task_path)
        async with self.lock:
            row, writes = await self.conn._execute(_read, self.conn._conn, sql, args, writes_sql)  # type: ignore[no-untyped-call]
        if row is None:
            return None
        thread, checkpoint_id, parent_id, type_, checkpoint, metadata = row
        if not wanted:
            config = {
                "configurable": {
                    "thread_id": thread,
                    "checkpoint_ns": checkpoint_ns,
                    "checkpoint_id": checkpoint_id,
                }
            }
        parent = {
            "configurable": {
                "thread_id": thread,
                "checkpoint_ns": checkpoint_ns,
                "checkpoint_id": parent_id,
            }
        }
        return CheckpointTuple(
            config,
            self.serde.loads_typed((type_, checkpoint)),
            cast(CheckpointMetadata, json.loads(metadata) if metadata is not None else {}),
            cast(RunnableConfig, parent) if parent_id else None,
            load_pending_writes(writes, self.serde),
        )

    async def aput(
        self,
        config: RunnableConfig,
        checkpoint: Checkpoint,
        metadata: CheckpointMetadata,
        new_versions: ChannelVersions,
    ) -> RunnableConfig:
        """Save a checkpoint (as `AsyncSqliteSaver.aput`, committed on return)."""
        configurable = config["configurable"]
        thread_id, checkpoint_ns = configurable["thread_id"], configurable["checkpoint_ns"]
        type_, serialized = self.serde.dumps_typed(checkpoint)
        meta = json.dumps(get_checkpoint_metadata(config, metadata), ensure_ascii=False)
        row = (
            str(thread_id),
            checkpoint_ns,
            checkpoint["id"],
            configurable.get("checkpoint_id"),
            type_,
            serialized,
            meta.encode("utf-8", "ignore"),
        )
        await self._run(_PUT, [row])
        return {
            "configurable": {
                "thread_id": thread_id,
                "checkpoint_ns": checkpoint_ns,
                "checkpoint_id": checkpoint["id"],
            }
        }

    async def aput_writes(
        self,
        config: RunnableConfig,
        writes: Sequence[tuple[str, Any]],
        task_id: str,
        task_path: str = "",
    ) -> None:
        """Store a task's writes (as `AsyncSqliteSaver.aput_writes`, committed on return)."""
        verb = "REPLACE" if all(w[0] in WRITES_IDX_MAP for w in writes) else "IGNORE"
        configurable = config["configurable"]
        head = (
            str(configurable["thread_id"]),
            str(configurable["checkpoint_ns"]),
            str(configurable["checkpoint_id"]),
            task_id,
            task_path,
        )
        rows = [
            (*head, WRITES_IDX_MAP.get(channel, idx), channel, *self.serde.dumps_typed(value))
            for idx, (channel, value) in enumerate(writes)
        ]
        await self._run(_WRITES.format(verb=verb), rows)
