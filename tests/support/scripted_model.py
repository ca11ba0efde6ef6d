"""A scripted tool-calling chat model: the graph's real-model path, tested without a network.

It stands where `ChatOpenAI` stands (LangGraph's own prebuilt tests use the same pattern):
`bind_tools` converts the tools to the OpenAI function schemas a provider would receive, and
each call plays back the next scripted reply — an `AIMessage` with `tool_calls`, a plain
answer, a dict (sent as its JSON text), or a function of the messages received. Every call's
messages are recorded, so a test can assert exactly what the model saw (the tool results
included).

Structured output (`with_structured_output`) works as ChatOpenAI's "json_schema" method does:
the schema is recorded in `structured` (with the method asked for) and the reply's text is
parsed as JSON; with `include_raw=True` a reply that is not JSON comes back as
`parsing_error`, as it would from a provider.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator, Sequence
from operator import itemgetter
from typing import Any

from langchain_core.callbacks import CallbackManagerForLLMRun
from langchain_core.language_models import BaseChatModel
from langchain_core.messages import AIMessage, AIMessageChunk, BaseMessage
from langchain_core.output_parsers import JsonOutputParser
from langchain_core.outputs import ChatGeneration, ChatGenerationChunk, ChatResult
from langchain_core.runnables import Runnable, RunnableMap, RunnablePassthrough
from langchain_core.utils.function_calling import convert_to_openai_tool
from pydantic import ConfigDict, Field

Reply = AIMessage | str | dict[str, Any] | Callable[[list[BaseMessage]], AIMessage | str]


def call(name: str, args: dict[str, Any], call_id: str = "call_1") -> AIMessage:
    """A scripted reply that calls one tool."""
    return AIMessage(content="", tool_calls=[{"name": name, "args": args, "id": call_id}])


class ScriptedChatModel(BaseChatModel):
    """Plays back `script` in order; raises when the graph asks for more replies than scripted."""

    model_config = ConfigDict(arbitrary_types_allowed=True)

    script: list[Any] = Field(description="replies in order: AIMessage, text, or fn(messages)")
    received: list[list[BaseMessage]] = Field(default_factory=list)
    tool_schemas: list[dict[str, Any]] = Field(default_factory=list)
    structured: list[dict[str, Any]] = Field(default_factory=list)

    @property
    def _llm_type(self) -> str:
        return "scripted"

    def bind_tools(self, tools: Sequence[Any], **kwargs: Any) -> ScriptedChatModel:
        """Record the tools as OpenAI function schemas; the same model answers."""
        self.tool_schemas = [convert_to_openai_tool(tool) for tool in tools]
        return self

    def with_structured_output(
        self,
        schema: Any,
        *,
        include_raw: bool = False,
        method: str = "json_schema",
        strict: bool | None = None,
        **kwargs: Any,
    ) -> Runnable[Any, Any]:
        """The reply's text parsed as JSON (see the module doc); the schema is recorded."""
        self.structured.append({"schema": schema, "method": method, "strict": strict})
        if not include_raw:
            return self | JsonOutputParser()
        parsed = RunnablePassthrough.assign(
            parsed=itemgetter("raw") | JsonOutputParser(), parsing_error=lambda _: None
        )
        failed = RunnablePassthrough.assign(parsed=lambda _: None)
        return RunnableMap(raw=self) | parsed.with_fallbacks(
            [failed], exception_key="parsing_error"
        )

    def _next(self, messages: list[BaseMessage]) -> AIMessage:
        self.received.append(list(messages))
        if len(self.received) > len(self.script):
            raise AssertionError(
                f"the graph asked for reply {len(self.received)}; scripted {len(self.script)}"
            )
        reply = self.script[len(self.received) - 1]
        if callable(reply):
            reply = reply(list(messages))
        if isinstance(reply, dict):
            reply = json.dumps(reply)
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
