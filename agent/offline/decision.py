"""What the offline model decides for a message (`Decision`), the replies its clarifying
options carry (`VERBS`), and small helpers shared by `understand.py`."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from agent.offline.routing import RoutingInput
from agent.reading import Clarify, ClarifyOption

# What each option's reply starts with; a message starting so goes to that tool.
VERBS = {
    "kpi_lookup": "Show the figures",
    "search_client_documents": "Search our documents",
    "search_playbooks": "Search the playbooks",
    "generate_content_calendar": "Plan a new content calendar",
    "revise_content_calendar": "Change the latest calendar",
    "get_client_brief": "Show the client brief",
    "update_client_brief": "Remember this",
    "diagnose_marketing": "Diagnose our marketing",
    "plan_roadmap": "Build the 30/60/90 roadmap",
    "draft_positioning": "Draft our positioning",
    "draft_icp": "Draft our ICP",
    "draft_messaging": "Draft our messaging",
}
CHOSEN = re.compile(
    r"^(" + "|".join(re.escape(v) for v in VERBS.values()) + r")\s*[:—-]\s*(.+)$", re.I | re.S
)


@dataclass(frozen=True)
class Decision:
    """What to do with a message: call tools, ask one question, or answer in words."""

    calls: list[tuple[str, dict[str, Any]]] = field(default_factory=list)
    ask: Clarify | None = None
    say: str | None = None
    note: str | None = None  # said after the tools' answer: a part of the message not done
    reason: str = ""


def which(text: str, tools: list[str]) -> Clarify:
    """One short question: which of these did you mean? Each option sends a full message."""
    short = " ".join(text.split())
    options = [ClarifyOption(label=VERBS[t], reply=f"{VERBS[t]}: {short}") for t in tools]
    return Clarify(question="Do you want me to:", options=options)


def with_text(request: RoutingInput, text: str) -> RoutingInput:
    return RoutingInput(
        text=text, history=request.history, today=request.today, workspace=request.workspace
    )


def defaulted(args: dict[str, Any]) -> bool:
    return bool(args.get("metrics") == ["spend", "leads", "cpl"])


def has_scope(args: dict[str, Any]) -> bool:
    """A figure question names a period, a breakdown, a filter, a ranking or a comparison."""
    return any(k in args for k in ("period", "dimensions", "filters", "order", "compare"))
