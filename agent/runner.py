"""One chat turn through the graph, as a result or as a stream of events.

Shared by the HTTP API and the terminal chat so both validate, scope and report the same way.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from langchain_core.messages import (
    AIMessage,
    AIMessageChunk,
    BaseMessage,
    HumanMessage,
    ToolMessage,
)

from agent.reading import ASK_TOOL, Clarify, Understood, clarify_of, understood_of
from core.context import Context
from core.errors import CmoError, InvalidInput, PayloadTooLarge
from core.scope import WorkspaceScope
from core.services import Services
from tools.citations import Citation
from tools.outputs import artifact_dict


@dataclass
class TurnResult:
    thread_id: str
    answer: str
    citations: list[Citation] = field(default_factory=list)
    tool_calls: list[dict[str, Any]] = field(default_factory=list)
    understood: list[Understood] = field(default_factory=list)
    clarify: Clarify | None = None

    def as_dict(self) -> dict[str, Any]:
        return {
            "thread_id": self.thread_id,
            "answer": self.answer,
            "citations": [c.model_dump() for c in self.citations],
            "tool_calls": self.tool_calls,
            "understood": [u.model_dump() for u in self.understood],
            "clarify": self.clarify.model_dump() if self.clarify else None,
        }


@dataclass(frozen=True)
class Turn:
    """A validated request: the workspace exists (resolved once, as `scope`) and the thread
    belongs to it."""

    scope: WorkspaceScope
    thread_id: str
    message: str

    @property
    def workspace(self) -> str:
        return self.scope.id

    def config(self, max_steps: int) -> dict[str, Any]:
        return {"configurable": {"thread_id": self.thread_id}, "recursion_limit": 2 * max_steps + 1}

    today: date | None = None

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
    scope = services.scope(workspace)
    tid = thread_id or str(uuid.uuid4())
    if len(tid) > 100:
        raise InvalidInput("thread_id is too long (at most 100 characters)")
    services.workspaces.claim_thread(tid, scope.id, title=text)
    return Turn(scope=scope, thread_id=tid, message=text, today=services.settings.today)


async def run_turn(graph: Any, services: Services, turn: Turn) -> TurnResult:
    state = await graph.ainvoke(
        {"messages": [HumanMessage(turn.message)]},
        config=turn.config(services.settings.max_agent_steps),
        context=turn.context(),
    )
    return summarise_turn(turn.thread_id, state["messages"])


async def stream_turn(graph: Any, services: Services, turn: Turn) -> AsyncIterator[dict[str, Any]]:
    """Events: token, tool_start, tool_end, final (or error). `final` carries the answer,
    citations, tool calls, what was understood and, when the agent asked, `clarify`."""
    names: dict[str, str] = {}
    try:
        async for mode, payload in graph.astream(
            {"messages": [HumanMessage(turn.message)]},
            config=turn.config(services.settings.max_agent_steps),
            context=turn.context(),
            stream_mode=["messages", "updates"],
        ):
            for event in _events(mode, payload, names):
                yield event
        state = await graph.aget_state(turn.config(services.settings.max_agent_steps))
        yield {
            "event": "final",
            "data": summarise_turn(turn.thread_id, state.values["messages"]).as_dict(),
        }
    except CmoError as exc:
        yield {"event": "error", "data": {"code": exc.code, "message": exc.detail}}


def _events(mode: str, payload: Any, names: dict[str, str]) -> list[dict[str, Any]]:
    if mode == "messages":
        chunk, meta = payload
        if isinstance(chunk, AIMessageChunk) and meta.get("langgraph_node") == "call_model":
            text = chunk.content if isinstance(chunk.content, str) else ""
            return [{"event": "token", "data": {"text": text}}] if text else []
        return []
    events: list[dict[str, Any]] = []
    for node, update in (payload or {}).items():
        for message in (update or {}).get("messages", []):
            if node == "call_model" and isinstance(message, AIMessage):
                for call in message.tool_calls:
                    if call["name"] == ASK_TOOL:
                        continue  # a question, not tool activity: it arrives as text below
                    names[call.get("id") or ""] = call["name"]
                    events.append({"event": "tool_start", "data": _call_dict(call)})
            elif node == "ask" and isinstance(message, AIMessage):
                events.append({"event": "token", "data": {"text": str(message.content)}})
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


def summarise_turn(thread_id: str, messages: Sequence[BaseMessage]) -> TurnResult:
    """The answer, citations and tool calls of the last turn in a thread."""
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
    answer = str(answers[-1].content) if answers else ""
    citations = citations_of([m for m in turn if isinstance(m, ToolMessage)])
    return TurnResult(
        thread_id=thread_id,
        answer=answer,
        citations=citations,
        tool_calls=calls,
        understood=understood_of(turn),
        clarify=clarify_of(turn),
    )


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
