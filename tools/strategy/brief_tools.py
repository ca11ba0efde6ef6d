"""`get_client_brief` and `update_client_brief`: what the agent knows about the client.

The brief lives in the workspace, not in a thread, so a fact told in one conversation is known
in every other conversation of that workspace.
"""

from __future__ import annotations

from typing import Annotated

from langchain_core.tools import BaseTool, StructuredTool

from core.context import ToolRuntimeT
from core.errors import InvalidInput
from core.services import Services
from tools.outputs import tool_output
from tools.strategy.brief.model import field_specs
from tools.strategy.brief.ops import BriefResult, BriefUpdateResult, read_brief, record_fact


def make_get_client_brief(services: Services) -> BaseTool:
    def get_client_brief(
        runtime: ToolRuntimeT,
        fields: Annotated[
            list[str] | None, "Brief fields the question is about (empty = the whole brief)."
        ] = None,
    ) -> tuple[str, BriefResult]:
        """Read the client brief: what is known about the client (company, offering, segments,
        competitors, goals, budget, channels, tools, brand voice...), where each value came
        from, and which fields are still unknown. Check it before asking the user anything."""
        return tool_output(read_brief(runtime.context.scope_in(services), fields))

    return StructuredTool.from_function(get_client_brief, response_format="content_and_artifact")


def make_update_client_brief(services: Services) -> BaseTool:
    def update_client_brief(
        field: Annotated[str, "Brief field, e.g. budget, goals, competitors, segments."],
        values: Annotated[list[str], "The value(s) in the user's words."],
        runtime: ToolRuntimeT,
        replace: Annotated[bool, "Replace the field's list instead of adding to it."] = False,
    ) -> tuple[str, BriefUpdateResult]:
        """Record a fact the user told you about their business in the client brief (budget,
        goals, competitors, segments, tools...). It is remembered in every conversation of
        this workspace and beats what was read from documents."""
        if field not in field_specs():
            raise InvalidInput(
                f"{field!r} is not a brief field; use one of: " + ", ".join(field_specs())
            )
        scope = runtime.context.scope_in(services)
        return tool_output(record_fact(scope, field, values, "chat", replace))

    return StructuredTool.from_function(update_client_brief, response_format="content_and_artifact")
