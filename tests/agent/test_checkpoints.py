"""The chat checkpointer writes what LangGraph's own SQLite saver writes, readable both ways."""

from __future__ import annotations

import asyncio
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from langchain_core.messages import HumanMessage
from langgraph.checkpoint.sqlite.aio import AsyncSqliteSaver

from agent.checkpoints import LeanSqliteSaver
from evals.bench.chat import bare_graph


async def _turn(saver: Any, thread: str, text: str) -> list[str]:
    graph = bare_graph(saver)
    config = {"configurable": {"thread_id": thread}}
    await graph.ainvoke({"messages": [HumanMessage(text)]}, config)
    state = await graph.aget_state(config)
    return [str(m.content) for m in state.values["messages"]]


def _rows(path: Path) -> dict[str, int]:
    with sqlite3.connect(path) as db:
        return {
            t: db.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
            for t in ("checkpoints", "writes")
        }  # noqa: S608, E501


def test_a_turn_writes_the_same_rows_as_the_upstream_saver(tmp_path: Path) -> None:
    async def run(cls: Any, name: str) -> list[str]:
        async with cls.from_conn_string(str(tmp_path / name)) as saver:
            return await _turn(saver, "t1", "hello")

    lean = asyncio.run(run(LeanSqliteSaver, "lean.sqlite"))
    upstream = asyncio.run(run(AsyncSqliteSaver, "upstream.sqlite"))
    assert lean == upstream == ["hello", "", "ok", "Here is the answer."]
    assert _rows(tmp_path / "lean.sqlite") == _rows(tmp_path / "upstream.sqlite")
    assert _rows(tmp_path / "lean.sqlite")["checkpoints"] == 5  # input, start, model, tools, model


def test_a_thread_continues_across_the_two_savers(tmp_path: Path) -> None:
    path = str(tmp_path / "checkpoints.sqlite")

    async def run() -> list[str]:
        async with AsyncSqliteSaver.from_conn_string(path) as old:
            await _turn(old, "t1", "first")  # a data dir written before this saver
        async with LeanSqliteSaver.from_conn_string(path) as lean:
            await _turn(lean, "t1", "second")
        async with AsyncSqliteSaver.from_conn_string(path) as old:
            return [
                str(m.content)
                for m in (
                    await bare_graph(old).aget_state({"configurable": {"thread_id": "t1"}})
                ).values["messages"]
            ]

    assert asyncio.run(run()) == [
        "first",
        "",
        "ok",
        "Here is the answer.",
        "second",
        "",
        "ok",
        "Here is the answer.",
    ]


def test_a_failed_write_is_rolled_back_and_the_saver_keeps_working(tmp_path: Path) -> None:
    async def run() -> list[str]:
        async with LeanSqliteSaver.from_conn_string(str(tmp_path / "c.sqlite")) as saver:
            assert isinstance(saver, LeanSqliteSaver)
            await saver.setup()
            with pytest.raises(sqlite3.OperationalError):
                await saver._run("INSERT INTO no_such_table VALUES (?)", [(1,)])
            return await _turn(saver, "t2", "still here")

    assert asyncio.run(run())[0] == "still here"


def test_commits_do_not_wait_for_the_disk_but_every_step_is_committed(tmp_path: Path) -> None:
    path = tmp_path / "checkpoints.sqlite"

    async def run() -> tuple[int, int]:
        async with LeanSqliteSaver.from_conn_string(str(path)) as saver:
            await _turn(saver, "t1", "hello")
            async with saver.conn.execute("PRAGMA synchronous") as cursor:
                (synchronous,) = await cursor.fetchone()  # type: ignore[misc]
            async with saver.conn.execute("PRAGMA journal_mode") as cursor:
                (mode,) = await cursor.fetchone()  # type: ignore[misc]
            return synchronous, mode

    synchronous, mode = asyncio.run(run())
    assert (synchronous, mode) == (1, "wal")  # NORMAL in write-ahead-log mode
    assert _rows(path)["checkpoints"] == 5  # another connection sees every step's checkpoint


def test_reading_a_checkpoint_gives_what_the_upstream_saver_gives(tmp_path: Path) -> None:
    """The latest checkpoint and earlier ones by id (with their steps' pending writes), read
    in one trip, equal what `AsyncSqliteSaver` reads; a new thread has none."""
    path = str(tmp_path / "checkpoints.sqlite")

    async def read(cls: Any, configs: list[dict[str, Any]]) -> list[Any]:
        async with cls.from_conn_string(path) as saver:
            return [await saver.aget_tuple(c) for c in configs]

    async def write() -> list[dict[str, Any]]:
        async with LeanSqliteSaver.from_conn_string(path) as saver:
            await _turn(saver, "t1", "hello")
            ids = [t.config["configurable"]["checkpoint_id"] async for t in saver.alist(None)]
        thread = {"thread_id": "t1", "checkpoint_ns": ""}
        return [
            {"configurable": {"thread_id": "t1"}},
            {"configurable": {**thread, "checkpoint_id": ids[2]}},
            {"configurable": {**thread, "checkpoint_id": ids[-1]}},
            {"configurable": {"thread_id": "no such thread"}},
        ]

    configs = asyncio.run(write())
    lean = asyncio.run(read(LeanSqliteSaver, configs))
    upstream = asyncio.run(read(AsyncSqliteSaver, configs))
    assert lean == upstream
    assert lean[-1] is None and all(t is not None for t in lean[:-1])
    assert any(t.pending_writes for t in lean[:-1])  # a step's writes come with its checkpoint
