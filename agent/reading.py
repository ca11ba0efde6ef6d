"""What the agent understood a turn to ask, and the question it asks back when unsure.

Every answer states the reading it acted on. The reading comes from the tools' typed results
(`reading`: what was actually run, after names and periods were resolved), so it is the same
for the offline model and a real one, and a misreading is visible at once. When the model asks
instead of guessing, it calls `ask_clarifying_question`; the question and its options reach
the API as `clarify` (the web workspace shows the options as buttons; each option's `reply`
is a complete message to send back).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from langchain_core.messages import AIMessage, BaseMessage, ToolMessage
from pydantic import BaseModel, Field

from tools.outputs import artifact_dict

ASK_TOOL = "ask_clarifying_question"


class Understood(BaseModel):
    """One tool call of the turn: the tool, its typed arguments, and the reading in words."""

    tool: str
    args: dict[str, Any]
    text: str = Field(description="one line a marketer reads, e.g. 'Cost per lead … — Oct 2026'")
    ok: bool = Field(default=True, description="false when the tool refused the arguments")


class ClarifyOption(BaseModel):
    label: str = Field(max_length=120, description="button text")
    reply: str = Field(max_length=500, description="message sent when chosen")


class Clarify(BaseModel):
    """The one short question asked instead of guessing, with the likely answers."""

    question: str = Field(max_length=500)
    options: list[ClarifyOption] = Field(default_factory=list, max_length=5)


def understood_of(turn: Sequence[BaseMessage]) -> list[Understood]:
    """The readings of a turn's tool calls (the messages after its human message), in order."""
    results = {m.tool_call_id: m for m in turn if isinstance(m, ToolMessage)}
    found: list[Understood] = []
    for message in turn:
        if not isinstance(message, AIMessage):
            continue
        for call in message.tool_calls:
            if call["name"] == ASK_TOOL:
                continue
            result = results.get(call.get("id") or "")
            found.append(_understood(call["name"], dict(call.get("args") or {}), result))
    return found


def _understood(tool: str, args: dict[str, Any], result: ToolMessage | None) -> Understood:
    payload = artifact_dict(result.artifact) if result is not None else None
    if result is not None and result.status == "error":
        error = str(result.content).removeprefix("Error:").strip().splitlines()[0][:200]
        return Understood(tool=tool, args=args, text=f"{tool} could not run: {error}", ok=False)
    reading = payload.get("reading") if isinstance(payload, dict) else None
    return Understood(tool=tool, args=args, text=str(reading or tool.replace("_", " ")))


def clarify_of(turn: Sequence[BaseMessage]) -> Clarify | None:
    """The clarifying question a turn ended with, if it asked one."""
    for message in reversed(turn):
        if isinstance(message, AIMessage) and message.additional_kwargs.get("clarify"):
            return Clarify.model_validate(message.additional_kwargs["clarify"])
    return None


def reading_line(understood: Sequence[Understood]) -> str:
    """The line an answer opens with: "_Understood: …_" (one line per tool that ran)."""
    texts = [u.text for u in understood if u.ok]
    return "\n".join(f"_Understood: {text}._" for text in texts)
