"""`ask_clarifying_question`: how a model asks one short question instead of guessing.

Bound with the tools, so a real model can call it like any tool; the graph ends the turn on it
(no second model call), and the question with its options becomes the answer. The offline
model calls it when two readings are close, when words it could not place matter, or when the
data a question needs is missing.
"""

from __future__ import annotations

from langchain_core.messages import AIMessage, ToolCall, ToolMessage
from langchain_core.tools import BaseTool, StructuredTool
from pydantic import BaseModel, Field

from agent.reading import ASK_TOOL, Clarify, ClarifyOption

DESCRIPTION = (
    "Ask ONE short question instead of guessing (see the instructions); give 2–4 options, each "
    "`reply` the full message the user would send to choose it. Ends the turn."
)


class AskArgs(BaseModel):
    question: str = Field(max_length=500)
    options: list[ClarifyOption] = Field(default_factory=list, max_length=5)


def make_ask_tool() -> BaseTool:
    def ask_clarifying_question(question: str, options: list[ClarifyOption] | None = None) -> str:
        return "asked"

    return StructuredTool.from_function(
        ask_clarifying_question, name=ASK_TOOL, description=DESCRIPTION, args_schema=AskArgs
    )


def ask_messages(calls: list[ToolCall]) -> list[ToolMessage | AIMessage]:
    """Close every pending call of the asking message and end the turn with the question."""
    asked = next(c for c in calls if c["name"] == ASK_TOOL)
    clarify = Clarify.model_validate(asked.get("args") or {})
    closing: list[ToolMessage | AIMessage] = [
        ToolMessage(
            content="asked the user" if c["name"] == ASK_TOOL else "not run: a question was asked",
            tool_call_id=c.get("id") or "",
            name=c["name"],
        )
        for c in calls
    ]
    question = AIMessage(
        content=render_question(clarify), additional_kwargs={"clarify": clarify.model_dump()}
    )
    closing.append(question)
    return closing


def render_question(clarify: Clarify) -> str:
    """The question as chat text: the question, then its options as a list."""
    lines = [clarify.question]
    lines += [f"- {option.label}" for option in clarify.options]
    return "\n".join(lines)
