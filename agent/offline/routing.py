"""What the offline model needs to route to a tool: labelled examples, keyword rules and the
grammar that turns a message into the tool's typed arguments (`Routing`), registered per tool
name in `agent.offline.routes` — or, for a tool added elsewhere, carried on the tool itself
(`attach_routing`), so a new tool extends the offline model without changing its code."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from langchain_core.tools import BaseTool


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
    workspace: str | None = None  # the run's workspace, when the model is told it

    def previous_args(self, tool_name: str) -> dict[str, Any] | None:
        for call in reversed(self.history):
            if call.name == tool_name:
                return call.args
        return None


ArgExtractor = Callable[[RoutingInput], dict[str, Any]]
# How well the tool's own corpus matches the message, from 0 to 1 (None: no signal).
Evidence = Callable[[RoutingInput], float | None]


@dataclass(frozen=True)
class Routing:
    """Labelled example utterances, keyword rules and an argument extractor for one tool."""

    examples: tuple[str, ...]
    extract_args: ArgExtractor
    # regexes (strings match case-insensitively; compiled patterns as given); a match
    # strengthens the tool's score
    keywords: tuple[str | re.Pattern[str], ...] = ()
    # regexes that weaken the tool's score by the same amount (e.g. "our ..." for generic advice)
    penalties: tuple[str | re.Pattern[str], ...] = ()
    summary: str = ""  # one line shown when the offline model cannot route a message
    follow_up: bool = False  # may a short "and ...?" message reuse this tool's last call
    # A catch-all: a substantive request no tool is close to goes to the best-scoring fallback
    # tool (the search tools) instead of a refusal; small talk never does.
    fallback: bool = False
    # Tools that create or change things (calendars, drafts) are only chosen when a keyword rule
    # shows the intent, or the message is very close to an example: a question that merely
    # resembles a request must not write anything.
    intent_required: bool = False
    # Search tools: whether the message's words occur in this tool's corpus rather than in the
    # other one's (client names and product terms are in the documents, not the playbooks).
    evidence: Evidence | None = None


def attach_routing(tool: BaseTool, routing: Routing) -> BaseTool:
    tool.metadata = {**(tool.metadata or {}), "routing": routing}
    return tool


def routing_of(tool: Any) -> Routing | None:
    metadata = getattr(tool, "metadata", None) or {}
    routing = metadata.get("routing")
    return routing if isinstance(routing, Routing) else None
