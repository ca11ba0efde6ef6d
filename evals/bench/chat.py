"""Chat-turn rows, served in-process with the offline model.

* **search**: a `/chat` turn that searches the playbooks (server-side time) against what the
  turn cannot do without: embedding the query and the hybrid search (`HybridIndex.search`).
* **overhead**: the same turns' time outside the tools (server time minus the time inside tool
  runs, which a callback measures) against a bare LangGraph turn — a scripted model node, a
  no-op tool, the same SQLite checkpointer (`agent.checkpoints`) — with the same callback
  attached. Its details split the product's time: inside model calls, choosing the tools to
  offer (`agent.offer`: mostly waiting for the message's embedding, begun on a worker thread
  when the request arrived, which the offline model then reuses), and the rest (graph,
  checkpoints, HTTP, turn set-up and summary).
"""

from __future__ import annotations

import asyncio
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any, Literal
from uuid import UUID

from langchain_core.callbacks import BaseCallbackHandler
from langchain_core.messages import AIMessage, HumanMessage, ToolMessage
from langchain_core.tools import tool
from langchain_core.tracers.context import register_configure_hook
from langgraph.graph import MessagesState, StateGraph
from langgraph.prebuilt import ToolNode

from agent.checkpoints import LeanSqliteSaver
from agent.offer import ToolOffer
from agent.offline.grammar.search import query_from_message
from evals.bench.context import Bench
from evals.bench.measure import LoadNote, ainterleave, median
from evals.bench.report import Row
from evals.bench.serving import Served, search_questions, serve, server_ms
from tools.retrieval import DEFAULT_K

SEARCH_TARGET = 2.0
OVERHEAD_TARGET = 1.5
OVERHEAD_MAX_MS = 10.0


class SpanTimer(BaseCallbackHandler):
    """Seconds spent inside tool runs and inside chat-model calls, by callbacks."""

    run_inline = True

    def __init__(self) -> None:
        self.tool_s = 0.0
        self.model_s = 0.0
        self.offer_s = 0.0  # choosing the tools to offer (`agent.offer`), timed by `_timed_offer`
        self._starts: dict[UUID, float] = {}

    def _start(self, run_id: UUID) -> None:
        self._starts[run_id] = time.perf_counter()

    def _stop(self, run_id: UUID) -> float:
        start = self._starts.pop(run_id, None)
        return 0.0 if start is None else time.perf_counter() - start

    def on_tool_start(self, serialized: Any, input_str: str, *, run_id: UUID, **kw: Any) -> None:
        self._start(run_id)

    def on_tool_end(self, output: Any, *, run_id: UUID, **kw: Any) -> None:
        self.tool_s += self._stop(run_id)

    def on_tool_error(self, error: BaseException, *, run_id: UUID, **kw: Any) -> None:
        self.tool_s += self._stop(run_id)

    def on_chat_model_start(
        self, serialized: Any, messages: Any, *, run_id: UUID, **kw: Any
    ) -> None:
        self._start(run_id)

    def on_llm_end(self, response: Any, *, run_id: UUID, **kw: Any) -> None:
        self.model_s += self._stop(run_id)


_TIMER: ContextVar[SpanTimer | None] = ContextVar("cmo_bench_span_timer", default=None)
register_configure_hook(_TIMER, inheritable=True)  # every run started in this context sees it


@contextmanager
def _timed_offer() -> Iterator[None]:
    """While the block runs, `ToolOffer.choose` adds its time to the current `SpanTimer`."""
    choose = ToolOffer.choose

    async def timed(self: ToolOffer, *args: Any, **kwargs: Any) -> list[str]:
        start = time.perf_counter()
        try:
            return await choose(self, *args, **kwargs)
        finally:
            timer = _TIMER.get()
            if timer is not None:
                timer.offer_s += time.perf_counter() - start

    ToolOffer.choose = timed  # type: ignore[method-assign]
    try:
        yield
    finally:
        ToolOffer.choose = choose  # type: ignore[method-assign]


def search_row(bench: Bench) -> list[Row]:
    return [asyncio.run(_search(bench))]


def overhead_row(bench: Bench) -> list[Row]:
    return [asyncio.run(_overhead(bench))]


async def _search(bench: Bench) -> Row:
    note, started = LoadNote(), time.perf_counter()
    async with serve(bench.data_copy("chat-search"), bench.embedder) as served:
        questions = await search_questions(served.client, bench.config.questions)
        index = served.services.playbook_index()

        async def product(i: int) -> float:
            return server_ms(await served.client.post("/chat", json={"message": questions[i]}))

        async def primitive(i: int) -> float:
            start = time.perf_counter()
            index.search(query_from_message(questions[i]), k=DEFAULT_K)
            return (time.perf_counter() - start) * 1000

        product_ms, primitive_ms = await ainterleave(len(questions), product, primitive)
    p, r = median(product_ms), median(primitive_ms)
    return Row(
        id="search",
        path="`/chat` search turn, offline model, server-side",
        product=f"{p:.1f} ms",
        primitive=f"{r:.1f} ms (query embedding + hybrid search)",
        ratio=round(p / r, 2),
        ratio_text=f"{p / r:.1f}×",
        target=f"≤ {SEARCH_TARGET:g}×",
        met=p / r <= SEARCH_TARGET,
        details={"turns": len(questions), "statistic": "median", "k": DEFAULT_K},
        load=note.close().as_dict(),
        seconds=round(time.perf_counter() - started, 1),
    )


def bare_graph(checkpointer: Any) -> Any:
    """A model node that calls a no-op tool once and then answers, and a tool node."""

    @tool
    def noop(query: str) -> str:
        """Does nothing."""
        return "ok"

    async def model(state: MessagesState) -> dict[str, list[AIMessage]]:
        if isinstance(state["messages"][-1], ToolMessage):
            return {"messages": [AIMessage("Here is the answer.")]}
        call = {"name": "noop", "args": {"query": "x"}, "id": f"call_{uuid.uuid4().hex[:8]}"}
        return {"messages": [AIMessage("", tool_calls=[call])]}

    def route(state: MessagesState) -> Literal["tools", "__end__"]:
        last = state["messages"][-1]
        return "tools" if isinstance(last, AIMessage) and last.tool_calls else "__end__"

    builder = StateGraph(MessagesState)
    builder.add_node("model", model)
    builder.add_node("tools", ToolNode([noop]))
    builder.add_edge("__start__", "model")
    builder.add_conditional_edges("model", route)
    builder.add_edge("tools", "model")
    return builder.compile(checkpointer=checkpointer)


async def _overhead(bench: Bench) -> Row:
    note, started = LoadNote(), time.perf_counter()
    spans: list[tuple[float, ...]] = []  # (server, tools, model, offer) ms per product turn
    with _timed_offer():
        return await _overhead_measured(bench, note, started, spans)


async def _overhead_measured(
    bench: Bench, note: LoadNote, started: float, spans: list[tuple[float, ...]]
) -> Row:
    async with (
        serve(bench.data_copy("chat-overhead"), bench.embedder) as served,
        LeanSqliteSaver.from_conn_string(str(bench.root / "bare.sqlite")) as saver,
    ):
        questions = await search_questions(served.client, bench.config.questions)
        graph = bare_graph(saver)
        await graph.ainvoke({"messages": [HumanMessage("warm up")]}, _thread())
        product = _overhead_product(served, questions, spans)
        product_ms, primitive_ms = await ainterleave(
            len(questions), product, lambda i: _bare_turn(graph)
        )
    p, r = median(product_ms), median(primitive_ms)
    ratio = p / r
    return Row(
        id="overhead",
        path="`/chat` turn: time outside the tools",
        product=f"{p:.1f} ms",
        primitive=f"{r:.1f} ms (a bare LangGraph turn, no-op tool, same checkpointer)",
        ratio=round(ratio, 2),
        ratio_text=f"{ratio:.1f}×",
        target=f"≤ {OVERHEAD_TARGET:g}×, and ≤ {OVERHEAD_MAX_MS:g} ms",
        met=ratio <= OVERHEAD_TARGET and p <= OVERHEAD_MAX_MS,
        details={
            "turns": len(questions),
            "statistic": "median",
            "server_ms": round(median([s[0] for s in spans]), 2),
            "inside_tools_ms": round(median([s[1] for s in spans]), 2),
            "inside_model_calls_ms": round(median([s[2] for s in spans]), 2),
            "outside_tools_and_model_ms": round(median([s[0] - s[1] - s[2] for s in spans]), 2),
            "choosing_tools_to_offer_ms": round(median([s[3] for s in spans]), 2),
            "outside_tools_model_and_offer_ms": round(
                median([s[0] - s[1] - s[2] - s[3] for s in spans]), 2
            ),
        },
        load=note.close().as_dict(),
        seconds=round(time.perf_counter() - started, 1),
    )


def _thread() -> dict[str, Any]:
    return {"configurable": {"thread_id": uuid.uuid4().hex}}


def _overhead_product(served: Served, questions: list[str], spans: list[tuple[float, ...]]) -> Any:
    async def product(i: int) -> float:
        timer = SpanTimer()
        token = _TIMER.set(timer)
        try:
            response = await served.client.post("/chat", json={"message": questions[i]})
        finally:
            _TIMER.reset(token)
        total = server_ms(response)
        spans.append((total, timer.tool_s * 1000, timer.model_s * 1000, timer.offer_s * 1000))
        return total - timer.tool_s * 1000

    return product


async def _bare_turn(graph: Any) -> float:
    token = _TIMER.set(SpanTimer())
    try:
        start = time.perf_counter()
        await graph.ainvoke({"messages": [HumanMessage("hello")]}, _thread())
        return (time.perf_counter() - start) * 1000
    finally:
        _TIMER.reset(token)
