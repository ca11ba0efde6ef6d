"""One chat turn through the graph, as a result or as a stream of events.

Shared by the HTTP API and the terminal chat so both validate, scope and report the same way.

One writer per thread: `prepare_turn` takes the thread's file lock without waiting (another
turn running on it, in this process or another, gives `ThreadBusy`, 409), and `run_turn` /
`stream_turn` release it when the turn ends. A turn that fails leaves the thread consistent
and says so: tool calls left without a result get an error result, the user's message is
kept and marked unanswered, and a short assistant note records the error code; the failed
exchange is not sent to the model again (`agent.history`). Answers and citations are
neutralised on the way out (`core.sanitise`), streamed tokens included.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import logging
import uuid
from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

from langchain_core.messages import (
    AIMessage,
    AIMessageChunk,
    BaseMessage,
    HumanMessage,
    ToolMessage,
)
from pydantic_core import to_jsonable_python

from agent.history import FAILED_KEY, UNANSWERED_KEY
from agent.offline.grammar.search import query_from_message
from agent.reading import ASK_TOOL, Clarify, Understood, clarify_of, understood_of
from core.context import Context
from core.embeddings import Memo, embedding_memo
from core.errors import CmoError, InvalidInput, PayloadTooLarge, ThreadBusy
from core.locks import Busy, try_exclusive
from core.sanitise import MarkdownStream, neutralise_markdown
from core.scope import WorkspaceScope
from core.services import Services, resolved_scope
from tools.citations import Citation
from tools.outputs import artifact_dict

__all__ = ["FAILED_KEY", "UNANSWERED_KEY", "Turn", "TurnResult", "open_turn", "prepare_turn"]
log = logging.getLogger(__name__)


@dataclass
class TurnResult:
    thread_id: str
    answer: str
    citations: list[Citation] = field(default_factory=list)
    tool_calls: list[dict[str, Any]] = field(default_factory=list)
    understood: list[Understood] = field(default_factory=list)
    clarify: Clarify | None = None
    results: list[dict[str, Any]] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {
            "thread_id": self.thread_id,
            "answer": self.answer,
            "citations": [c.model_dump() for c in self.citations],
            "tool_calls": self.tool_calls,
            "understood": [u.model_dump() for u in self.understood],
            "clarify": self.clarify.model_dump() if self.clarify else None,
            "results": self.results,
        }


@dataclass(frozen=True)
class Turn:
    """A validated request: the workspace exists (resolved once, as `scope`), the thread
    belongs to it, and this turn holds the thread's lock until `release()`."""

    scope: WorkspaceScope
    thread_id: str
    message: str
    message_id: str = field(default_factory=lambda: str(uuid.uuid4()))
    lock: Any = field(default=None, compare=False, repr=False)
    today: date | None = None  # the fixed clock of tests and evals (CMO_TODAY); else the date
    memo: Memo | None = field(default=None, compare=False, repr=False)  # its embeddings

    def release(self) -> None:
        if self.lock is not None:
            self.lock.release()

    def input(self) -> dict[str, Any]:
        return {"messages": [HumanMessage(self.message, id=self.message_id)]}

    @property
    def workspace(self) -> str:
        return self.scope.id

    def config(self, max_steps: int) -> dict[str, Any]:
        return {"configurable": {"thread_id": self.thread_id}, "recursion_limit": 2 * max_steps + 1}

    def context(self) -> Context:
        if self.today is None:
            return Context(workspace=self.scope.id, scope=self.scope)
        return Context(workspace=self.scope.id, scope=self.scope, today=self.today)


def prepare_turn(services: Services, workspace: str, message: str, thread_id: str | None) -> Turn:
    text = (message or "").strip()
    if not text:
        raise InvalidInput("message is empty: write a question or a request")
    limit = services.settings.max_message_chars
    if len(text) > limit:
        raise PayloadTooLarge(f"message is {len(text):,} characters; the limit is {limit:,}")
    if not _encodable(text):
        raise InvalidInput("message holds an unpaired surrogate (not valid Unicode text)")
    scope = services.scope(workspace)
    tid = thread_id or str(uuid.uuid4())
    if len(tid) > 100 or not _encodable(tid):
        raise InvalidInput("thread_id is too long (at most 100 characters) or not valid text")
    digest = hashlib.sha256(tid.encode()).hexdigest()[:32]
    try:
        lock = try_exclusive(scope.dir / ".locks" / "threads" / f"{digest}.lock")
    except Busy as exc:
        raise ThreadBusy(
            "another message is still being answered on this thread; wait for it to finish, "
            "then send yours (or start a new thread)"
        ) from exc
    try:
        services.workspaces.claim_thread(tid, scope.id, title=text)
    except BaseException:
        lock.release()
        raise
    return Turn(scope=scope, thread_id=tid, message=text, lock=lock, today=services.settings.today)


async def open_turn(
    services: Services, workspace: str, message: str, thread_id: str | None
) -> Turn:
    """`prepare_turn` off the event loop (it reads and writes SQLite and takes a file lock,
    which may wait on the disk). A request cancelled meanwhile still releases the lock the
    thread took. Meanwhile a message of a size turns accept begins to be embedded (`memo`)."""
    memo: Memo = {}
    if 0 < len(text := (message or "").strip()) <= services.settings.max_message_chars:
        with embedding_memo(memo):
            _embed_ahead(services, text)
    future = asyncio.get_running_loop().run_in_executor(
        None, prepare_turn, services, workspace, message, thread_id
    )
    try:
        turn = await asyncio.shield(future)
    except asyncio.CancelledError:
        future.add_done_callback(_release_prepared)
        raise
    return replace(turn, memo=memo)


def _release_prepared(future: asyncio.Future[Turn]) -> None:
    if not future.cancelled() and future.exception() is None:
        future.result().release()


def _encodable(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


async def run_turn(graph: Any, services: Services, turn: Turn) -> TurnResult:
    """Run a turn to its answer; on failure mark the thread (see the module docstring) and
    raise (a `CmoError` as it is; anything else as it is, after marking `internal_error`)."""
    try:
        # The message and the search query each embedded once; the workspace looked up once.
        with embedding_memo(turn.memo), resolved_scope(turn.scope):
            _embed_ahead(services, turn.message)
            state = await graph.ainvoke(
                turn.input(),
                config=turn.config(services.settings.max_agent_steps),
                context=turn.context(),
            )
    except BaseException as exc:
        await _shielded_mark(graph, turn, exc)
        raise
    finally:
        turn.release()
    hosts = services.settings.link_host_list  # neutralising is CPU work: off the event loop
    return await asyncio.to_thread(summarise_turn, turn.thread_id, state["messages"], hosts)


async def stream_turn(graph: Any, services: Services, turn: Turn) -> AsyncIterator[dict[str, Any]]:
    """Events: token, tool_start, tool_end, then final — or error — and always done last.
    `final` carries the answer, citations, tool calls, what was understood and, when the
    agent asked instead of guessing, `clarify`."""
    hosts = services.settings.link_host_list
    streams: dict[str, MarkdownStream] = {}
    names: dict[str, str] = {}
    try:
        # The message and the search query each embedded once; the workspace looked up once.
        with embedding_memo(turn.memo), resolved_scope(turn.scope):
            _embed_ahead(services, turn.message)
            async for mode, payload in graph.astream(
                turn.input(),
                config=turn.config(services.settings.max_agent_steps),
                context=turn.context(),
                stream_mode=["messages", "updates"],
            ):
                for event in _events(mode, payload, names, streams, hosts):
                    yield event
        state = await graph.aget_state(turn.config(services.settings.max_agent_steps))
        final = await asyncio.to_thread(
            summarise_turn, turn.thread_id, state.values["messages"], hosts
        )
        yield {"event": "final", "data": final.as_dict()}
    except (asyncio.CancelledError, GeneratorExit) as exc:
        await _shielded_mark(graph, turn, exc)
        raise
    except Exception as exc:  # every failure ends with an error event, never an empty 200
        await _shielded_mark(graph, turn, exc)
        yield {"event": "error", "data": error_data(exc)}
    finally:
        turn.release()
    yield {"event": "done", "data": {"thread_id": turn.thread_id}}


def _embed_ahead(services: Services, message: str) -> None:
    """The message's vector, then its query's, begun on a worker thread (`embed_ahead`)."""
    services.embedder.embed_ahead([message], [query_from_message(message)])


def error_data(exc: BaseException) -> dict[str, Any]:
    """What a client is told about a failed turn (never internals)."""
    if isinstance(exc, CmoError):
        data: dict[str, Any] = {"code": exc.code, "message": exc.detail, "status": exc.status_code}
        if exc.retry_after:
            data["retry_after"] = round(exc.retry_after, 1)
        return data
    log.error("turn failed", exc_info=exc)
    return {
        "code": "internal_error",
        "message": "something went wrong on our side; your message was kept and marked "
        "unanswered, so send it again",
        "status": 500,
    }


async def _shielded_mark(graph: Any, turn: Turn, exc: BaseException) -> None:
    try:
        await asyncio.shield(mark_failed(graph, turn, exc))
    except Exception:  # marking is best effort; the original error is what matters
        log.exception("could not mark a failed turn on thread %s", turn.thread_id)


async def mark_failed(graph: Any, turn: Turn, exc: BaseException) -> None:
    """Leave the thread consistent after a failed turn (see the module docstring). A turn
    that in fact finished (the client left after its answer) is left alone."""
    config = {"configurable": {"thread_id": turn.thread_id}}
    state = await graph.aget_state(config)
    messages: list[BaseMessage] = list((state.values or {}).get("messages", []))
    at = next((i for i, m in enumerate(messages) if m.id == turn.message_id), None)
    after = messages[at + 1 :] if at is not None else []
    if after and isinstance(after[-1], AIMessage) and not after[-1].tool_calls:
        return
    answered = {m.tool_call_id for m in after if isinstance(m, ToolMessage)}
    code = exc.code if isinstance(exc, CmoError) else "internal_error"
    updates: list[BaseMessage] = [
        ToolMessage(
            content=f"Not run: the turn failed ({code}).",
            tool_call_id=call.get("id") or "",
            name=call["name"],
            status="error",
        )
        for m in after
        if isinstance(m, AIMessage)
        for call in m.tool_calls
        if call.get("id") not in answered
    ]
    human = HumanMessage(turn.message, id=turn.message_id, additional_kwargs={UNANSWERED_KEY: True})
    note = AIMessage(
        content=f"(Not answered: {error_data(exc)['message']})",
        additional_kwargs={FAILED_KEY: code},
    )
    await graph.aupdate_state(config, {"messages": [human, *updates, note]}, as_node="call_model")


def _events(
    mode: str,
    payload: Any,
    names: dict[str, str],
    streams: dict[str, MarkdownStream],
    hosts: list[str],
) -> list[dict[str, Any]]:
    if mode == "messages":
        chunk, meta = payload
        if isinstance(chunk, AIMessageChunk) and meta.get("langgraph_node") == "call_model":
            raw = chunk.content if isinstance(chunk.content, str) else ""
            stream = streams.setdefault(chunk.id or "", MarkdownStream(hosts))
            text = stream.feed(raw) if raw else ""
            return [{"event": "token", "data": {"text": text}}] if text else []
        return []
    events: list[dict[str, Any]] = []
    for node, update in (payload or {}).items():
        for message in (update or {}).get("messages", []):
            if node == "call_model" and isinstance(message, AIMessage):
                tail = "".join(streams.pop(key).close() for key in list(streams))
                if tail:  # the model step ended: release what its stream held back
                    events.append({"event": "token", "data": {"text": tail}})
                for call in message.tool_calls:
                    if call["name"] == ASK_TOOL:
                        continue  # a question, not tool activity: it arrives as text below
                    names[call.get("id") or ""] = call["name"]
                    events.append({"event": "tool_start", "data": _call_dict(call)})
            elif node == "ask" and isinstance(message, AIMessage):
                text = neutralise_markdown(str(message.content), hosts)
                events.append({"event": "token", "data": {"text": text}})
            elif node == "tools" and isinstance(message, ToolMessage):
                events.append(
                    {
                        "event": "tool_end",
                        "data": {
                            "id": message.tool_call_id,
                            "name": names.get(message.tool_call_id, message.name),
                            "status": message.status,
                        },
                    }
                )
    return events


def summarise_turn(
    thread_id: str, messages: Sequence[BaseMessage], hosts: Sequence[str] = ()
) -> TurnResult:
    """The answer, citations and tool calls of the last turn in a thread, neutralised for
    display (`core.sanitise`; `hosts`: the link allow-list)."""
    start = max((i for i, m in enumerate(messages) if isinstance(m, HumanMessage)), default=-1)
    turn = messages[start + 1 :]
    calls = [
        _call_dict(c)
        for m in turn
        if isinstance(m, AIMessage)
        for c in m.tool_calls
        if c["name"] != ASK_TOOL
    ]
    answers = [m for m in turn if isinstance(m, AIMessage) and not m.tool_calls]
    answer = neutralise_markdown(str(answers[-1].content), hosts) if answers else ""
    citations = [
        c.model_copy(
            update={
                "label": neutralise_markdown(c.label, hosts),
                "detail": neutralise_markdown(c.detail, hosts),
            }
        )
        for c in citations_of([m for m in turn if isinstance(m, ToolMessage)])
    ]
    return TurnResult(
        thread_id=thread_id,
        answer=answer,
        citations=citations,
        tool_calls=calls,
        understood=understood_of(turn),
        clarify=clarify_of(turn),
        results=results_of([m for m in turn if isinstance(m, ToolMessage)]),
    )


CHARTED_TOOLS = frozenset({"kpi_lookup"})


def results_of(results: Sequence[ToolMessage]) -> list[dict[str, Any]]:
    """The typed results of the turn's charted tools (`kpi_lookup`: a `KpiResult` as JSON), in
    order, as `{"tool", "call_id", "data"}`: figures from the engine for charts, never text."""
    found: list[dict[str, Any]] = []
    for message in results:
        if message.name not in CHARTED_TOOLS or message.status == "error":
            continue
        payload = artifact_dict(message.artifact)
        if payload is not None:  # JSON-ready (a checkpointed artifact holds dates) for SSE too
            data = to_jsonable_python(payload)
            found.append({"tool": message.name, "call_id": message.tool_call_id, "data": data})
    return found


def citations_of(results: Sequence[ToolMessage]) -> list[Citation]:
    """The citations of the tools' typed results (their artifacts), each once."""
    seen: dict[tuple[str, str], Citation] = {}
    for message in results:
        payload = artifact_dict(message.artifact) if message.status != "error" else None
        if payload is None and isinstance(message.content, str) and message.status != "error":
            try:  # a tool that returns JSON text only (none today)
                payload = json.loads(message.content)
            except json.JSONDecodeError:
                payload = None
        for raw in payload.get("citations", []) if isinstance(payload, dict) else []:
            citation = Citation.model_validate(raw)
            seen.setdefault((citation.kind, citation.ref), citation)
    return list(seen.values())


def _call_dict(call: Any) -> dict[str, Any]:
    return {"id": call.get("id") or "", "name": call["name"], "args": dict(call.get("args") or {})}
