"""Wiring only: a model node and a tool node looping until the model answers, a question node
that ends a turn when the model asks instead of guessing."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Literal

from langchain_core.language_models import BaseChatModel
from langchain_core.messages import AIMessage, HumanMessage, SystemMessage
from langchain_core.tools import BaseTool
from langgraph.graph import StateGraph
from langgraph.prebuilt import ToolNode
from langgraph.runtime import Runtime

from agent.clarify import ask_messages, make_ask_tool
from agent.history import model_view
from agent.reading import ASK_TOOL, reading_line, understood_of
from agent.resilience import invoke_model
from core.context import Context
from core.prompts import render
from core.state import InputState, State
from tools.outputs import tool_error_message


def build_graph(
    model: BaseChatModel,
    tools: Sequence[BaseTool],
    checkpointer: Any = None,
    max_retries: int = 3,
) -> Any:
    """Compile the agent for a model and its tools; the caller owns both and the checkpointer."""
    bound = model.bind_tools([*tools, make_ask_tool()])

    async def call_model(state: State, runtime: Runtime[Context]) -> dict[str, list[AIMessage]]:
        system = runtime.context.system_prompt.replace("{workspace}", runtime.context.workspace)
        system = system.replace("{today}", runtime.context.today.isoformat())
        # Metadata, not a model argument: an OpenAI-compatible API never sees it; the offline
        # model reads it to weigh the workspace's own vocabulary when it routes.
        context = runtime.context
        model = bound.with_config(
            metadata={"workspace": context.workspace, "today": context.today.isoformat()}
        )
        response = await invoke_model(
            model, [SystemMessage(system), *model_view(state.messages)], attempts=max_retries
        )
        assert isinstance(response, AIMessage)
        # Room is needed for the tool step and one more model step after it.
        if state.remaining_steps <= 2 and response.tool_calls:
            response = AIMessage(id=response.id, content=render("answers/step_limit.md.j2"))
        if not response.tool_calls:
            response = _states_its_reading(response, state)
        return {"messages": [response]}

    def ask(state: State) -> dict[str, list[Any]]:
        last = state.messages[-1]
        assert isinstance(last, AIMessage)
        return {"messages": ask_messages(list(last.tool_calls))}

    def route_model_output(state: State) -> Literal["__end__", "tools", "ask"]:
        last = state.messages[-1]
        if isinstance(last, AIMessage) and last.tool_calls:
            return "ask" if any(c["name"] == ASK_TOOL for c in last.tool_calls) else "tools"
        return "__end__"

    builder = StateGraph(State, input_schema=InputState, context_schema=Context)
    builder.add_node("call_model", call_model)
    builder.add_node("tools", ToolNode(list(tools), handle_tool_errors=tool_error_message))
    builder.add_node("ask", ask)
    builder.add_edge("__start__", "call_model")
    builder.add_conditional_edges("call_model", route_model_output)
    builder.add_edge("tools", "call_model")
    builder.add_edge("ask", "__end__")
    return builder.compile(name="Fractional CMO", checkpointer=checkpointer)


def _states_its_reading(answer: AIMessage, state: State) -> AIMessage:
    """The final answer opens with what was understood (the tools' readings), so a misreading
    is visible at once; a model that already said it is left as it wrote."""
    start = max((i for i, m in enumerate(state.messages) if isinstance(m, HumanMessage)), default=0)
    line = reading_line(understood_of(state.messages[start + 1 :]))
    text = str(answer.content)
    if not line or all(part in text for part in line.splitlines()):
        return answer
    return answer.model_copy(update={"content": f"{line}\n\n{text}"})
