"""Wiring only: a model node and a tool node looping until the model answers."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Literal

from langchain_core.language_models import BaseChatModel
from langchain_core.messages import AIMessage, SystemMessage
from langchain_core.tools import BaseTool
from langgraph.graph import StateGraph
from langgraph.prebuilt import ToolNode
from langgraph.runtime import Runtime

from agent.history import model_view
from agent.resilience import invoke_model
from core.context import Context
from core.prompts import render
from core.state import InputState, State
from tools.registry import tool_error_message


def build_graph(
    model: BaseChatModel,
    tools: Sequence[BaseTool],
    checkpointer: Any = None,
    max_retries: int = 3,
) -> Any:
    """Compile the agent for a model and its tools; the caller owns both and the checkpointer."""
    bound = model.bind_tools(list(tools))

    async def call_model(state: State, runtime: Runtime[Context]) -> dict[str, list[AIMessage]]:
        system = runtime.context.system_prompt.replace("{workspace}", runtime.context.workspace)
        # Metadata, not a model argument: an OpenAI-compatible API never sees it; the offline
        # model reads it to weigh the workspace's own vocabulary when it routes.
        model = bound.with_config(metadata={"workspace": runtime.context.workspace})
        response = await invoke_model(
            model, [SystemMessage(system), *model_view(state.messages)], attempts=max_retries
        )
        assert isinstance(response, AIMessage)
        # Room is needed for the tool step and one more model step after it.
        if state.remaining_steps <= 2 and response.tool_calls:
            response = AIMessage(id=response.id, content=render("answers/step_limit.md.j2"))
        return {"messages": [response]}

    def route_model_output(state: State) -> Literal["__end__", "tools"]:
        last = state.messages[-1]
        if isinstance(last, AIMessage) and last.tool_calls:
            return "tools"
        return "__end__"

    builder = StateGraph(State, input_schema=InputState, context_schema=Context)
    builder.add_node("call_model", call_model)
    builder.add_node("tools", ToolNode(list(tools), handle_tool_errors=tool_error_message))
    builder.add_edge("__start__", "call_model")
    builder.add_conditional_edges("call_model", route_model_output)
    builder.add_edge("tools", "call_model")
    return builder.compile(name="Fractional CMO", checkpointer=checkpointer)
