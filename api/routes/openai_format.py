"""The OpenAI wire format: the request we read, the responses we build from the `openai`
package's own types (`openai.types.chat`), and the text a chat app shows for a turn.

What a chat app shows (`content`), for every answer:

- the agent's Markdown answer, which opens with what it understood ("_Understood: …_", one
  line per tool it ran);
- then, when it cited anything, a "**Sources**" list (numbered; the passage or the SQL itself
  is in the `cmo` extension member);
- a clarifying question instead is the question and its options as a numbered list, with a
  line saying the user may answer with a number (`openai_wire` turns "2" back into option 2).

The extension member `cmo` (on the completion; in a stream, on the last chunk) carries the
thread id, the full citations, `understood`, `clarify`, `tool_calls` and the charted tools'
typed `results`, as `POST /chat` does; OpenAI clients ignore it.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Sequence
from typing import Any, Literal

from langchain_core.messages import BaseMessage, HumanMessage
from openai.types import CompletionUsage, Model
from openai.types.chat import ChatCompletion, ChatCompletionChunk, ChatCompletionMessage
from openai.types.chat.chat_completion import Choice
from openai.types.chat.chat_completion_chunk import Choice as ChunkChoice
from openai.types.chat.chat_completion_chunk import ChoiceDelta
from pydantic import BaseModel, ConfigDict, Field

from core.errors import CmoError
from core.stores.wire_threads import Turn

MODEL_PREFIX = "cmo/"
CLARIFY_HINT = "_Reply with the number of an option, or in your own words._"


class ModelNotFound(CmoError):
    status_code = 404
    code = "model_not_found"


class WireMessage(BaseModel):
    """One message as chat apps send it; `content` is text or a list of parts (only the text
    parts are read)."""

    model_config = ConfigDict(extra="allow")
    role: str = Field(max_length=40, examples=["user"])
    content: str | list[dict[str, Any]] | None = None

    def text(self) -> str:
        if isinstance(self.content, str):
            return self.content
        parts = self.content or []
        return "".join(str(p.get("text", "")) for p in parts if p.get("type") == "text")


class StreamOptions(BaseModel):
    model_config = ConfigDict(extra="allow")
    include_usage: bool = False


class CompletionRequest(BaseModel):
    """`POST /v1/chat/completions`: `model` (`cmo/<workspace>`), `messages` (the whole
    conversation; only the last, the user's, is sent to the agent), `stream`; sampling
    parameters, `tools` and the like are accepted and ignored (the agent has its own)."""

    model_config = ConfigDict(extra="allow")
    model: str = Field(min_length=1, max_length=200, examples=["cmo/demo"])
    messages: list[WireMessage] = Field(min_length=1)
    stream: bool = False
    stream_options: StreamOptions | None = None

    def split(self) -> tuple[list[Turn], str]:
        """The earlier user/assistant turns and the new user message (the last message);
        system and tool messages are not part of the conversation the agent continues."""
        last = self.messages[-1]
        if last.role != "user" or not last.text().strip():
            raise InvalidMessages(
                "the last message must be the user's, with text: it is what the agent "
                "answers (earlier messages are the conversation so far)"
            )
        earlier = [
            (m.role, m.text()) for m in self.messages[:-1] if m.role in ("user", "assistant")
        ]
        return earlier, last.text()


class InvalidMessages(CmoError):
    status_code = 400
    code = "invalid_messages"


class ModelList(BaseModel):
    """`GET /v1/models`: OpenAI's list shape."""

    object: Literal["list"] = "list"
    data: list[Model]


class WireErrorBody(BaseModel):
    message: str
    type: str = Field(examples=["invalid_request_error"])
    param: str | None = None
    code: str | None = Field(default=None, examples=["model_not_found"])


class WireError(BaseModel):
    """OpenAI's error shape, used by every `/v1/…` refusal."""

    error: WireErrorBody


def content_of(final: dict[str, Any]) -> str:
    """What a chat app shows for a finished turn (see the module docstring)."""
    clarify = final.get("clarify")
    if clarify:
        return clarify_text(clarify)
    return str(final.get("answer", "")) + sources_text(final.get("citations") or [])


def clarify_text(clarify: dict[str, Any]) -> str:
    """A clarifying question with its options numbered, and how to answer it."""
    lines = [str(clarify.get("question", ""))]
    options = clarify.get("options") or []
    if options:
        lines.append("")
        lines += [f"{i}. {option['label']}" for i, option in enumerate(options, 1)]
        lines += ["", CLARIFY_HINT]
    return "\n".join(lines)


def sources_text(citations: Sequence[dict[str, Any]]) -> str:
    """The citations as a numbered Markdown list under "Sources" (empty when none)."""
    if not citations:
        return ""
    lines = [f"{i}. {c['label']}" for i, c in enumerate(citations, 1)]
    return "\n\n**Sources**\n\n" + "\n".join(lines)


def extension(final: dict[str, Any]) -> dict[str, Any]:
    """The `cmo` extension member: the thread, citations (with passage or SQL), what was
    understood, the clarifying question, the tool calls and the charted tools' results."""
    keys = ("thread_id", "citations", "understood", "clarify", "tool_calls", "results")
    return {key: final.get(key) for key in keys}


def usage_of(messages: Sequence[BaseMessage]) -> CompletionUsage | None:
    """The last turn's model tokens as the provider reported them (summed over its model
    calls); None when the model reports none (the offline model)."""
    start = max((i for i, m in enumerate(messages) if isinstance(m, HumanMessage)), default=-1)
    prompt = completion_tokens = 0
    for message in messages[start + 1 :]:
        usage: dict[str, Any] = dict(getattr(message, "usage_metadata", None) or {})
        prompt += int(usage.get("input_tokens") or 0)
        completion_tokens += int(usage.get("output_tokens") or 0)
    if not prompt and not completion_tokens:
        return None
    return CompletionUsage(
        prompt_tokens=prompt,
        completion_tokens=completion_tokens,
        total_tokens=prompt + completion_tokens,
    )


def completion(
    model: str, content: str, final: dict[str, Any], usage: CompletionUsage | None
) -> ChatCompletion:
    """A non-streamed answer (`chat.completion`), with `usage` when known and `cmo`."""
    return ChatCompletion(
        id=f"chatcmpl-{uuid.uuid4().hex}",
        object="chat.completion",
        created=int(time.time()),
        model=model,
        choices=[
            Choice(
                index=0,
                finish_reason="stop",
                message=ChatCompletionMessage(role="assistant", content=content),
            )
        ],
        usage=usage,
        cmo=extension(final),
    )


class ChunkMaker:
    """The chunks of one streamed completion (one id, one `created`)."""

    def __init__(self, model: str) -> None:
        self.id = f"chatcmpl-{uuid.uuid4().hex}"
        self.created = int(time.time())
        self.model = model

    def chunk(
        self,
        content: str | None = None,
        role: Literal["assistant"] | None = None,
        finish: Literal["stop"] | None = None,
        reasoning: str | None = None,
        **extra: Any,
    ) -> ChatCompletionChunk:
        """One chunk; `reasoning` goes in `delta.reasoning_content`, which Open WebUI and
        LibreChat show as a collapsible "thinking" block (others ignore it)."""
        fields: dict[str, Any] = {"role": role, "content": content}
        fields["reasoning_content"] = reasoning
        delta = ChoiceDelta(**{k: v for k, v in fields.items() if v is not None})
        return ChatCompletionChunk(
            id=self.id,
            object="chat.completion.chunk",
            created=self.created,
            model=self.model,
            choices=[ChunkChoice(index=0, delta=delta, finish_reason=finish)],
            **extra,
        )

    def usage_chunk(self, usage: CompletionUsage) -> ChatCompletionChunk:
        """The chunk `stream_options.include_usage` asks for: no choices, the usage."""
        return ChatCompletionChunk(
            id=self.id,
            object="chat.completion.chunk",
            created=self.created,
            model=self.model,
            choices=[],
            usage=usage,
        )
