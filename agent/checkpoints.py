"""The chat checkpointer: LangGraph's `AsyncSqliteSaver` with each write in one trip.

`AsyncSqliteSaver` (aiosqlite) sends every step of a write to the connection's worker thread
and waits for it: a checkpoint is three trips (execute, cursor close, commit) and a task's
writes four (cursor, executemany, commit, close). A chat turn writes four checkpoints and
their task writes, so about thirty trips each way between the event loop and that thread
(profiled, issue #16). `LeanSqliteSaver` runs the same statements and the same commit as one
function on the same worker thread: the same rows in the same tables (an existing
`checkpoints.sqlite` reads and writes as before), committed before `aput`/`aput_writes`
return (a killed turn resumes from the same checkpoints), in the same order as every other
operation on the connection (the worker runs its queue in order). Reads and deletes are
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
from typing import Any

from langchain_core.runnables import RunnableConfig
from langgraph.checkpoint.base import (
    WRITES_IDX_MAP,
    ChannelVersions,
    Checkpoint,
    CheckpointMetadata,
    get_checkpoint_metadata,
)
from langgraph.checkpoint.sqlite.aio import AsyncSqliteSaver

__all__ = ["LeanSqliteSaver"]

_PUT = (
    "INSERT OR REPLACE INTO checkpoints (thread_id, checkpoint_ns, checkpoint_id, "
    "parent_checkpoint_id, type, checkpoint, metadata) VALUES (?, ?, ?, ?, ?, ?, ?)"
)
_WRITES = (
    "INSERT OR {verb} INTO writes (thread_id, checkpoint_ns, checkpoint_id, task_id, "
    "task_path, idx, channel, type, value) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
)


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
