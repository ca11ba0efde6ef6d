"""One agent turn as an OpenAI chat completion stream (`chat.completion.chunk` objects).

The chunks, in order:

1. `delta: {role: "assistant", content: ""}`;
2. tool activity as it happens, in `delta.reasoning_content` ("Running `kpi_lookup` …",
   "`kpi_lookup` done"): Open WebUI and LibreChat show it as a collapsible "thinking" block,
   other clients ignore it, and it is not part of the answer's text;
3. the answer's text as the model writes it (`delta.content`);
4. what the answer still owes once the turn ends: the "_Understood: …_" line when the model's
   own text did not hold it (a streamed answer cannot be rewritten, so it comes last), the
   "**Sources**" list, or the numbered form of a clarifying question;
5. a last chunk with `finish_reason: "stop"` and the `cmo` extension member;
6. with `stream_options.include_usage`, a chunk with no choices and the `usage` (when the
   model reports tokens; the offline model does not);
7. `data: [DONE]`.

A turn that fails sends `data: {"error": {"message", "type", "param", "code"}}` (the `openai`
client raises it as an `APIError`), then `data: [DONE]`; the thread is left consistent by the
runner.
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any

from openai.types import CompletionUsage

from agent.runner import Turn, error_data, stream_turn
from api.errors import openai_error_body
from api.routes.openai_format import ChunkMaker, content_of, extension, sources_text
from core.services import Services

ARG_CHARS = 60


class WireStream:
    """Translates the runner's events (`agent.runner.stream_turn`) into chunks; calls
    `answered(text)` with the full text the client received once the turn has answered."""

    def __init__(
        self,
        maker: ChunkMaker,
        answered: Callable[[str], None],
        usage: Callable[[], Awaitable[CompletionUsage | None]] | None = None,
    ) -> None:
        self.maker, self.answered, self.usage = maker, answered, usage
        self.sent = ""

    async def events(
        self, graph: Any, services: Services, turn: Turn
    ) -> AsyncIterator[dict[str, str]]:
        """The SSE events (`{"data": json}`), `[DONE]` last whatever happens."""
        try:
            async for chunk in self._chunks(graph, services, turn):
                yield {"data": json.dumps(chunk, ensure_ascii=False)}
        except Exception as exc:  # the runner already reports its own failures as events
            yield {"data": json.dumps(wire_error(error_data(exc)))}
        yield {"data": "[DONE]"}

    async def _chunks(
        self, graph: Any, services: Services, turn: Turn
    ) -> AsyncIterator[dict[str, Any]]:
        yield self._dump(self.maker.chunk(role="assistant", content=""))
        pending: str | None = None  # the last text, held back until the next event
        async for event in stream_turn(graph, services, turn):
            kind, data = event["event"], event["data"]
            if kind in ("tool_start", "tool_end"):
                yield self._dump(self.maker.chunk(reasoning=activity(kind, data)))
            if kind == "token" and data.get("text"):
                if pending:
                    yield self._text(pending)
                pending = str(data["text"])
            elif kind == "final":
                tail = self.tail(pending or "", data)
                if tail:
                    yield self._text(tail)
                pending = None
                self.answered(self.sent)
                yield self._dump(self.maker.chunk(finish="stop", cmo=extension(data)))
                usage = await self.usage() if self.usage is not None else None
                if usage is not None:
                    yield self._dump(self.maker.usage_chunk(usage))
            elif kind == "error":
                if pending:
                    yield self._text(pending)
                    pending = None
                yield wire_error(data)

    def tail(self, pending: str, final: dict[str, Any]) -> str:
        """What the stream still owes at the end: the rest of the content a chat app shows
        (`content_of`), in place of the held-back last piece when the content continues what
        was sent (a clarifying question is rewritten this way); otherwise the held-back piece,
        then what the streamed text lacks (the "Understood" line) and the sources."""
        full = content_of(final)
        if full.startswith(self.sent):
            return full[len(self.sent) :]
        streamed = self.sent + pending
        if full.startswith(streamed):
            return pending + full[len(streamed) :]
        answer = str(final.get("answer", ""))
        at = answer.find(streamed.strip()) if streamed.strip() else -1
        missing = answer[:at].strip() if at > 0 else ""
        sources = sources_text(final.get("citations") or [])
        return pending + (f"\n\n{missing}" if missing else "") + sources

    def _text(self, text: str) -> dict[str, Any]:
        self.sent += text
        return self._dump(self.maker.chunk(content=text))

    @staticmethod
    def _dump(chunk: Any) -> dict[str, Any]:
        return chunk.model_dump(mode="json", exclude_unset=True)  # type: ignore[no-any-return]


def wire_error(data: dict[str, Any]) -> dict[str, Any]:
    """A failed turn (the runner's `error` event data) as OpenAI's error body."""
    status = int(data.get("status", 500))
    message = str(data.get("message", "the turn failed; send your message again"))
    return openai_error_body(status, str(data.get("code") or "internal_error"), message)


def activity(kind: str, data: dict[str, Any]) -> str:
    """One line of tool activity: `Running kpi_lookup (metrics: cpl; by: channel)…` when a
    tool starts, `kpi_lookup done` (or `failed`) when it ends; arguments cut short and shown
    as code, so nothing in them renders as a link or markup."""
    name = _code(str(data.get("name", "tool")))
    if kind == "tool_end":
        return f"{name} {'failed' if data.get('status') == 'error' else 'done'}\n"
    args = data.get("args") or {}
    shown = "; ".join(f"{key}: {_short(value)}" for key, value in args.items() if value)
    return f"Running {name}" + (f" ({_code(shown)})" if shown else "") + "…\n"


def _short(value: Any) -> str:
    text = ", ".join(map(str, value)) if isinstance(value, list) else str(value)
    return text if len(text) <= ARG_CHARS else text[: ARG_CHARS - 1] + "…"


def _code(text: str) -> str:
    return "`" + " ".join(text.replace("`", "'").split()) + "`"
