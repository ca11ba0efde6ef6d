"""How a tool plugs into the agent: a LangChain tool plus what the offline model needs to route.

Routing data rides on the tool itself (`tool.metadata["routing"]`), so a new tool extends the
offline model's routing by registering examples; the model's code never changes.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from langchain_core.tools import BaseTool

from agent.errors import CmoError


@dataclass(frozen=True)
class PriorCall:
    """A tool call made earlier in the conversation, for follow-ups like "and last quarter?"."""

    name: str
    args: dict[str, Any]


@dataclass(frozen=True)
class RoutingInput:
    text: str
    history: Sequence[PriorCall] = ()
    today: date = field(default_factory=date.today)

    def previous_args(self, tool_name: str) -> dict[str, Any] | None:
        for call in reversed(self.history):
            if call.name == tool_name:
                return call.args
        return None


ArgExtractor = Callable[[RoutingInput], dict[str, Any]]


@dataclass(frozen=True)
class Routing:
    """Labelled example utterances, keyword rules and an argument extractor for one tool."""

    examples: tuple[str, ...]
    extract_args: ArgExtractor
    keywords: tuple[str, ...] = ()  # regexes; a match strengthens the tool's score
    summary: str = ""  # one line shown when the offline model cannot route a message
    follow_up: bool = False  # may a short "and ...?" message reuse this tool's last call


def attach_routing(tool: BaseTool, routing: Routing) -> BaseTool:
    tool.metadata = {**(tool.metadata or {}), "routing": routing}
    return tool


def routing_of(tool: Any) -> Routing | None:
    metadata = getattr(tool, "metadata", None) or {}
    routing = metadata.get("routing")
    return routing if isinstance(routing, Routing) else None


def tool_result(payload: Any) -> str:
    """Serialise a tool's pydantic result as the JSON a ToolMessage carries."""
    if hasattr(payload, "model_dump_json"):
        return str(payload.model_dump_json())
    return json.dumps(payload, default=str)


def tool_error_message(exc: Exception) -> str:
    """Tool failures become messages the model can read, not crashes."""
    if isinstance(exc, CmoError):
        return f"Error: {exc.detail}"
    return f"Error: the tool failed unexpectedly ({type(exc).__name__})."
