"""Per-run settings, passed as `context=` on each invocation (process settings live elsewhere)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

from langgraph.prebuilt import ToolRuntime

from core.prompts import load_prompt
from core.scope import WorkspaceScope
from core.state import State
from core.workspaces import DEMO_WORKSPACE

if TYPE_CHECKING:
    from core.services import Services


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
    today: date = field(
        default_factory=date.today,
        metadata={"description": "The date 'today' means in this run (fixed in tests and evals)."},
    )
    scope: WorkspaceScope | None = field(
        default=None,
        metadata={"description": "The workspace resolved for this run (set by the runner)."},
    )

    def scope_in(self, services: Services) -> WorkspaceScope:
        """The run's workspace scope: the one the runner resolved, else resolved once now
        and kept for the rest of the run."""
        if self.scope is None or self.scope.id != self.workspace:
            self.scope = services.scope(self.workspace)
        return self.scope


# What tools declare as their `runtime` parameter. Naming the state type too keeps pydantic from
# warning on every call (an unbound state type makes it expect a dict; langgraph#8417).
ToolRuntimeT = ToolRuntime[Context, State]
