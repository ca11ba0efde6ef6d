"""Wiring only: a model node and a tool node looping until the model answers, and a question
node that ends a turn when the model asks instead of guessing (`ask_clarifying_question`).

Each model call goes through `agent.resilience.invoke_model` (retries, deadline, circuit
breaker, optional offline fallback). A turn is capped twice: `max_agent_steps` model↔tool
round trips (the recursion limit, and an answer instead of a last tool call) and
`max_turn_tokens` model tokens as the provider reports them. For a remote model, tool results
are fenced as data (`fence_tool_results`): each is wrapped in markers with a random id the
text inside cannot forge, and the system prompt says what the markers mean; the offline
model reads the results as they are.

With an `offer` (`agent.offer.ToolOffer`, as the server builds it), each model call is offered
the tools the turn is about rather than the whole catalogue, and the system prompt keeps only
the guidance for those tools; a real model is bound to exactly that subset. Without one,
every tool is offered on every call.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Sequence
from typing import Any, Literal

from langchain_core.language_models import BaseChatModel
from langchain_core.messages import AIMessage, BaseMessage, HumanMessage, SystemMessage, ToolMessage
from langchain_core.tools import BaseTool
from langgraph.graph import StateGraph
from langgraph.prebuilt import ToolNode
from langgraph.runtime import Runtime

from agent.clarify import ask_messages, make_ask_tool
from agent.history import model_view
from agent.offer import OFFERED_KEY, ToolOffer
from agent.reading import ASK_TOOL, reading_line, understood_of
from agent.resilience import ModelGuard, invoke_model
from agent.schemas import compact_tool
from core import metrics
from core.context import Context
from core.prompts import render
from core.state import InputState, State
from tools.outputs import tool_error_message

OFFLINE_LLM_TYPE = "cmo-offline"


def build_graph(
    model: BaseChatModel,
    tools: Sequence[BaseTool],
    checkpointer: Any = None,
    max_retries: int = 3,
    *,
    guard: ModelGuard | None = None,
    max_turn_tokens: int | None = None,
    offer: ToolOffer | None = None,
) -> Any:
    """Compile the agent for a model and its tools (the caller owns both and the checkpointer);
    `guard`: retries/breaker/fallback (default `max_retries` attempts); `offer`: see above."""
    offered = [*tools, make_ask_tool()]
    catalogue = [t.name for t in offered]
    fence = getattr(model, "_llm_type", "") != OFFLINE_LLM_TYPE
    # A real model gets compact schemas (agent.schemas); the offline one the tool objects.
    schemas = {t.name: compact_tool(t) for t in offered} if fence else {}
    every = model.bind_tools(list(schemas.values()) if fence else offered)
    guard = guard or ModelGuard(attempts=max(1, max_retries))
    fallback = guard.fallback.bind_tools(offered) if guard.fallback is not None else None

    async def call_model(state: State, runtime: Runtime[Context]) -> dict[str, list[AIMessage]]:
        context = runtime.context
        workspace = context.workspace
        _count_tool_results(state.messages)
        if max_turn_tokens and turn_tokens(state.messages) >= max_turn_tokens:
            note = render("answers/token_limit.md.j2", limit=max_turn_tokens)
            return {"messages": [AIMessage(note)]}
        names = await offer.choose(state.messages, catalogue) if offer else catalogue
        bound = model.bind_tools([schemas[n] for n in names]) if fence and offer else every
        # Metadata, not a model argument: an OpenAI-compatible API never sees it; the offline
        # model reads it to weigh the workspace's own vocabulary and today's date.
        metadata = {"workspace": workspace, "today": context.today.isoformat(), OFFERED_KEY: names}
        configured = bound.with_config(metadata=metadata)
        prompt = _system_prompt(context, set(catalogue) - set(names))
        view = [SystemMessage(prompt), *model_view(state.messages)]
        response = await invoke_model(
            configured,
            fence_tool_results(view) if fence else view,
            guard=guard,
            fallback=fallback.with_config(metadata=metadata) if fallback else None,
            fallback_messages=view,
        )
        _count_tokens(response, workspace)
        # Room is needed for the tool step and one more model step after it.
        if state.remaining_steps <= 2 and response.tool_calls:
            response = AIMessage(id=response.id, content=render("answers/step_limit.md.j2"))
        if not response.tool_calls:
            response = _states_its_reading(response, state)
        return {"messages": [response]}

    builder = StateGraph(State, input_schema=InputState, context_schema=Context)
    builder.add_node("call_model", call_model)
    builder.add_node("tools", ToolNode(list(tools), handle_tool_errors=tool_error_message))
    builder.add_node("ask", ask)
    builder.add_edge("__start__", "call_model")
    builder.add_conditional_edges("call_model", route_model_output)
    builder.add_edge("tools", "call_model")
    builder.add_edge("ask", "__end__")
    return builder.compile(name="Fractional CMO", checkpointer=checkpointer)


def ask(state: State) -> dict[str, list[Any]]:
    """End the turn with the model's question (and close its pending calls)."""
    last = state.messages[-1]
    assert isinstance(last, AIMessage)
    return {"messages": ask_messages(list(last.tool_calls))}


def route_model_output(state: State) -> Literal["__end__", "tools", "ask"]:
    last = state.messages[-1]
    if isinstance(last, AIMessage) and last.tool_calls:
        return "ask" if any(c["name"] == ASK_TOOL for c in last.tool_calls) else "tools"
    return "__end__"


def _system_prompt(context: Context, not_offered: set[str]) -> str:
    """The run's system prompt with its workspace and today's date filled in, without the
    lines whose every named tool (in backticks) is one this call was not offered."""
    text = context.system_prompt.replace("{workspace}", context.workspace)
    text = text.replace("{today}", context.today.isoformat())
    if not not_offered:
        return text
    return "\n".join(line for line in text.split("\n") if not _only_about(line, not_offered))


_NAMED = re.compile(r"`([a-z_]+)`")


def _only_about(line: str, tools: set[str]) -> bool:
    named = set(_NAMED.findall(line))
    return bool(named) and named <= tools


def _states_its_reading(answer: AIMessage, state: State) -> AIMessage:
    """The final answer opens with what was understood (the tools' readings), so a misreading
    is visible at once; a model that already said it is left as it wrote."""
    start = max((i for i, m in enumerate(state.messages) if isinstance(m, HumanMessage)), default=0)
    line = reading_line(understood_of(state.messages[start + 1 :]))
    text = str(answer.content)
    if not line or all(part in text for part in line.splitlines()):
        return answer
    return answer.model_copy(update={"content": f"{line}\n\n{text}"})


def fence_tool_results(messages: Sequence[BaseMessage]) -> list[BaseMessage]:
    """Tool results wrapped as data: `<<data id=…>> … <</data id=…>>` with a fresh random id
    per call, so text inside a result (a document, a campaign name) cannot close the fence."""
    nonce = secrets.token_hex(6)
    fenced: list[BaseMessage] = []
    for message in messages:
        if isinstance(message, ToolMessage):
            content = message.content if isinstance(message.content, str) else str(message.content)
            content = content.replace("<<data", "<< data").replace("<</data", "<< /data")
            wrapped = f"<<data id={nonce}>>\n{content}\n<</data id={nonce}>>"
            message = message.model_copy(update={"content": wrapped})
        fenced.append(message)
    return fenced


def turn_tokens(messages: Sequence[BaseMessage]) -> int:
    """Model tokens (input + output) the current turn has used, as providers reported them."""
    start = max((i for i, m in enumerate(messages) if isinstance(m, HumanMessage)), default=-1)
    total = 0
    for message in messages[start + 1 :]:
        usage: dict[str, Any] = dict(getattr(message, "usage_metadata", None) or {})
        total += int(usage.get("total_tokens") or 0)
    return total


def _count_tool_results(messages: Sequence[BaseMessage]) -> None:
    """Count the results of the step that just ran (the messages after the last AI call)."""
    for message in reversed(messages):
        if not isinstance(message, ToolMessage):
            break
        metrics.TOOL_CALLS.labels(message.name or "unknown", message.status).inc()


def _count_tokens(response: AIMessage, workspace: str) -> None:
    usage: dict[str, Any] = dict(response.usage_metadata or {})
    for direction, key in (("input", "input_tokens"), ("output", "output_tokens")):
        if usage.get(key):
            metrics.MODEL_TOKENS.labels(workspace, direction).inc(int(usage[key]))
