"""A scripted tool-calling chat model: the graph's real-model path, tested without a network.

It stands where `ChatOpenAI` stands (LangGraph's own prebuilt tests use the same pattern):
`bind_tools` converts the tools to the OpenAI function schemas a provider would receive, and
each call plays back the next scripted reply — an `AIMessage` with `tool_calls`, a plain
answer, or a function of the messages received. Every call's messages are recorded, so a test
can assert exactly what the model saw (the tool results included).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator, Sequence
from typing import Any

from langchain_core.callbacks import CallbackManagerForLLMRun
from langchain_core.language_models import BaseChatModel
from langchain_core.messages import AIMessage, AIMessageChunk, BaseMessage
from langchain_core.outputs import ChatGeneration, ChatGenerationChunk, ChatResult
from langchain_core.utils.function_calling import convert_to_openai_tool
from pydantic import ConfigDict, Field

Reply = AIMessage | str | Callable[[list[BaseMessage]], AIMessage | str]


def call(name: str, args: dict[str, Any], call_id: str = "call_1") -> AIMessage:
    """A scripted reply that calls one tool."""
    return AIMessage(content="", tool_calls=[{"name": name, "args": args, "id": call_id}])


class ScriptedChatModel(BaseChatModel):
    """Plays back `script` in order; raises when the graph asks for more replies than scripted."""

    model_config = ConfigDict(arbitrary_types_allowed=True)

    script: list[Any] = Field(description="replies in order: AIMessage, text, or fn(messages)")
    received: list[list[BaseMessage]] = Field(default_factory=list)
    tool_schemas: list[dict[str, Any]] = Field(default_factory=list)

    @property
    def _llm_type(self) -> str:
        return "scripted"

    def bind_tools(self, tools: Sequence[Any], **kwargs: Any) -> ScriptedChatModel:
        """Record the tools as OpenAI function schemas; the same model answers."""
        self.tool_schemas = [convert_to_openai_tool(tool) for tool in tools]
        return self

    def _next(self, messages: list[BaseMessage]) -> AIMessage:
        self.received.append(list(messages))
        if len(self.received) > len(self.script):
            raise AssertionError(
                f"the graph asked for reply {len(self.received)}; scripted {len(self.script)}"
            )
        reply = self.script[len(self.received) - 1]
        if callable(reply):
            reply = reply(list(messages))
        return AIMessage(content=reply) if isinstance(reply, str) else reply

    def _generate(
        self,
        messages: list[BaseMessage],
        stop: list[str] | None = None,
        run_manager: CallbackManagerForLLMRun | None = None,
        **kwargs: Any,
    ) -> ChatResult:
        return ChatResult(generations=[ChatGeneration(message=self._next(messages))])

    def _stream(
        self,
        messages: list[BaseMessage],
        stop: list[str] | None = None,
        run_manager: CallbackManagerForLLMRun | None = None,
        **kwargs: Any,
    ) -> Iterator[ChatGenerationChunk]:
        message = self._next(messages)
        if message.tool_calls:
            chunks = [
                {"name": c["name"], "args": json.dumps(c["args"]), "id": c["id"], "index": i}
                for i, c in enumerate(message.tool_calls)
            ]
            yield ChatGenerationChunk(message=AIMessageChunk(content="", tool_call_chunks=chunks))
            return
        for piece in re.findall(r"\S+\s*|\s+", str(message.content)):
            yield ChatGenerationChunk(message=AIMessageChunk(content=piece))
