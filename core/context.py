"""Per-run settings, passed as `context=` on each invocation (process settings live elsewhere)."""

from __future__ import annotations

from dataclasses import dataclass, field

from langgraph.prebuilt import ToolRuntime

from core.prompts import load_prompt
from core.state import State
from core.workspaces import DEMO_WORKSPACE


@dataclass(kw_only=True)
class Context:
    """Who the run is for and how the agent should behave in it."""

    workspace: str = field(
        default=DEMO_WORKSPACE,
        metadata={"description": "The client workspace every tool reads from and writes to."},
    )
    system_prompt: str = field(
        default_factory=lambda: load_prompt("system.md"),
        metadata={"description": "The system prompt; a run may override it."},
    )


# What tools declare as their `runtime` parameter. Naming the state type too keeps pydantic from
# warning on every call (an unbound state type makes it expect a dict; langgraph#8417).
ToolRuntimeT = ToolRuntime[Context, State]
