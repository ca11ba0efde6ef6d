"""`OfflineChatModel`: a deterministic tool-calling chat model that needs no network or key.

It behaves like a tool-calling LLM inside the graph: on a user turn it routes to a bound tool
and emits a real `tool_calls` entry; once the tool results are in, it writes the answer from
templates. It never writes a number the tools did not return.
"""

from __future__ import annotations

import hashlib
import json
import re
import threading
from collections.abc import Iterator, Sequence
from datetime import date
from typing import Any

from langchain_core.callbacks import CallbackManagerForLLMRun
from langchain_core.language_models import BaseChatModel
from langchain_core.messages import (
    AIMessage,
    AIMessageChunk,
    BaseMessage,
    HumanMessage,
    ToolCall,
    ToolMessage,
)
from langchain_core.outputs import ChatGeneration, ChatGenerationChunk, ChatResult
from pydantic import ConfigDict, PrivateAttr

from agent.clarify import render_question
from agent.offline.decision import VERBS, Decision
from agent.offline.grammar.search import query_from_message
from agent.offline.intents.model import load_intents
from agent.offline.limits import REFUSED, REFUSED_SAYS
from agent.offline.router import Router
from agent.offline.routes import offline_routes
from agent.offline.routing import PriorCall, Routing, RoutingInput, routing_of
from agent.offline.understand import Understanding
from agent.offline.writer import write_answer, write_fallback
from agent.reading import ASK_TOOL, reading_line, understood_of
from core.embeddings import Embedder

# Streamed a line at a time: a word per event cost ~470 events (callbacks, chunk merges, SSE
# frames) per answer for nothing a reader sees; a line is what Markdown renders anyway.
_PIECE = re.compile(r"[^\n]*\n|[^\n]+")


class OfflineChatModel(BaseChatModel):
    """Routes by example similarity and answers from templates; see the module docstring."""

    model_config = ConfigDict(arbitrary_types_allowed=True)

    embedder: Embedder
    tools: list[Any] = []
    # The process's services: the grammar reads each workspace's vocabulary through them.
    services: Any = None
    _router: Router | None = PrivateAttr(default=None)
    _understanding: Understanding | None = PrivateAttr(default=None)
    _lock: threading.Lock = PrivateAttr(default_factory=threading.Lock)

    @property
    def _llm_type(self) -> str:
        return "cmo-offline"

    def bind_tools(self, tools: Sequence[Any], **kwargs: Any) -> OfflineChatModel:
        """Like an LLM's bind_tools: the returned model may call these tools."""
        return OfflineChatModel(embedder=self.embedder, tools=list(tools), services=self.services)

    def _routes(self) -> dict[str, Routing]:
        """The registered routing of each bound tool (a tool may also carry its own)."""
        registered = offline_routes(self.services)
        routes: dict[str, Routing] = {}
        for tool in self.tools:
            routing = registered.get(tool.name) or routing_of(tool)
            if routing is not None:
                routes[tool.name] = routing
        return routes

    def _get_router(self) -> Router:
        with self._lock:  # built once, even when the first turns arrive together
            if self._router is None:
                self._router = Router(self.embedder, self._routes())
            return self._router

    def _get_understanding(self) -> Understanding | None:
        """The trained reading of the product's catalogue, when its tools are the ones bound
        (any other tool set is routed by example similarity alone)."""
        names = {t.name for t in self.tools}
        if not set(VERBS) <= names:
            return None
        router = self._get_router()
        with self._lock:
            if self._understanding is None:
                intents = load_intents(self.embedder)
                self._understanding = Understanding(intents, self._routes(), router, self.services)
            return self._understanding

    # -- generation --------------------------------------------------------------------------
    def _generate(
        self,
        messages: list[BaseMessage],
        stop: list[str] | None = None,
        run_manager: CallbackManagerForLLMRun | None = None,
        **kwargs: Any,
    ) -> ChatResult:
        message = self._respond(messages, *_run_facts(run_manager))
        return ChatResult(generations=[ChatGeneration(message=message)])

    def _stream(
        self,
        messages: list[BaseMessage],
        stop: list[str] | None = None,
        run_manager: CallbackManagerForLLMRun | None = None,
        **kwargs: Any,
    ) -> Iterator[ChatGenerationChunk]:
        message = self._respond(messages, *_run_facts(run_manager))
        if message.tool_calls:
            chunk = AIMessageChunk(
                content="",
                id=message.id,
                tool_call_chunks=[
                    {"name": c["name"], "args": json.dumps(c["args"]), "id": c["id"], "index": i}
                    for i, c in enumerate(message.tool_calls)
                ],
            )
            yield ChatGenerationChunk(message=chunk)
            return
        for piece in _PIECE.findall(str(message.content)):
            if run_manager:
                run_manager.on_llm_new_token(piece)
            yield ChatGenerationChunk(message=AIMessageChunk(content=piece, id=message.id))

    def _respond(
        self, messages: list[BaseMessage], workspace: str | None = None, today: date | None = None
    ) -> AIMessage:
        last_human = _last_index(messages, HumanMessage)
        if last_human is None:
            return AIMessage(content=write_fallback(self._tool_summaries()))
        after = messages[last_human + 1 :]
        results = [m for m in after if isinstance(m, ToolMessage)]
        if results:
            answer = write_answer(_last_step(after), _call_names(after))
            line = reading_line(understood_of(after))
            notes = [m.additional_kwargs.get("not_done") for m in after if isinstance(m, AIMessage)]
            parts = [line, answer, *(n for n in notes if n)]
            return AIMessage(content="\n\n".join(p for p in parts if p))
        request = RoutingInput(
            text=_text_of(messages[last_human]),
            history=_prior_calls(messages[:last_human]),
            workspace=workspace,
            today=today or date.today(),
        )
        # The message (for reading it) and, on a worker thread meanwhile, its search query (for
        # the search tool, should one run): each embedded once for the turn
        # (core.embeddings.embedding_memo); usually begun already by the runner.
        self.embedder.embed_ahead([request.text], [query_from_message(request.text)])
        understanding = self._get_understanding()
        if understanding is not None:
            return self._message(understanding.decide(request), messages, request.text)
        decision = self._get_router().decide(request)
        if decision.tool is None:
            return AIMessage(content=write_fallback(self._tool_summaries()))
        return self._message(
            Decision(calls=[(decision.tool, decision.args)]), messages, request.text
        )

    def _message(self, decision: Decision, messages: list[BaseMessage], text: str) -> AIMessage:
        """The decision as the AI message a tool-calling model would send."""
        if decision.say is not None:
            return AIMessage(content=decision.say)
        bound = {t.name for t in self.tools}
        if decision.ask is not None:
            if ASK_TOOL not in bound:  # called outside the graph: ask in words
                return AIMessage(content=render_question(decision.ask))
            return AIMessage(
                content="", tool_calls=[_call(ASK_TOOL, decision.ask.model_dump(), messages, text)]
            )
        calls = [
            _call(name, args, messages, text, i) for i, (name, args) in enumerate(decision.calls)
        ]
        extra = {"not_done": decision.note} if decision.note else {}
        return AIMessage(content="", tool_calls=calls, additional_kwargs=extra)

    def _tool_summaries(self) -> list[tuple[str, str]]:
        routes = self._routes()
        return [
            (t.name, (routes[t.name].summary if t.name in routes else "") or t.description)
            for t in self.tools
        ]


def _call(
    name: str, args: dict[str, Any], messages: Sequence[BaseMessage], text: str, index: int = 0
) -> ToolCall:
    """A tool call with a stable id (the same conversation gives the same ids)."""
    seed = f"{len(messages)}|{text}|{name}|{index}"
    return {
        "name": name,
        "args": args,
        "id": "call_" + hashlib.sha256(seed.encode()).hexdigest()[:16],
    }


def _run_facts(run_manager: CallbackManagerForLLMRun | None) -> tuple[str | None, date | None]:
    """The run's workspace and today's date, which the graph puts in the call's metadata."""
    metadata = run_manager.metadata if run_manager else {}
    workspace, today = metadata.get("workspace"), metadata.get("today")
    return (
        workspace if isinstance(workspace, str) else None,
        date.fromisoformat(today) if isinstance(today, str) else None,
    )


def _last_index(messages: Sequence[BaseMessage], kind: type) -> int | None:
    for i in range(len(messages) - 1, -1, -1):
        if isinstance(messages[i], kind):
            return i
    return None


def _last_step(after_human: Sequence[BaseMessage]) -> list[ToolMessage]:
    """The tool results that answer the most recent AI tool-calling message."""
    last_ai = _last_index(after_human, AIMessage)
    tail = after_human[last_ai + 1 :] if last_ai is not None else after_human
    return [m for m in tail if isinstance(m, ToolMessage)]


def _call_names(messages: Sequence[BaseMessage]) -> dict[str, str]:
    return {
        call.get("id") or "": call["name"]
        for m in messages
        if isinstance(m, AIMessage)
        for call in m.tool_calls
        if call.get("id")
    }


def _prior_calls(messages: Sequence[BaseMessage]) -> list[PriorCall]:
    """The tools called so far, and each refusal as a `REFUSED` step (so "ok, just the first
    line then" right after one is refused too)."""
    calls: list[PriorCall] = []
    for m in messages:
        if not isinstance(m, AIMessage):
            continue
        calls += [PriorCall(call["name"], dict(call["args"])) for call in m.tool_calls]
        if not m.tool_calls and isinstance(m.content, str) and m.content.startswith(REFUSED_SAYS):
            calls.append(PriorCall(REFUSED, {}))
    return calls


def _text_of(message: BaseMessage) -> str:
    if isinstance(message.content, str):
        return message.content
    return " ".join(
        part.get("text", "") if isinstance(part, dict) else str(part) for part in message.content
    )
