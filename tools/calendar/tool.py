"""`generate_content_calendar` and `revise_content_calendar`: the calendar engine as agent tools.

Both work on the run's workspace (`runtime.context.workspace`), save the result in it, and
return a compact summary with export links and citations (tools/calendar/results.py).
Impossible requests raise `ImpossibleCalendar`, whose message (conflict + suggested fix) the
ToolNode hands back to the model.
"""

from __future__ import annotations

from typing import Any

from langchain_core.tools import BaseTool, StructuredTool
from pydantic import Field

from core.context import ToolRuntimeT
from core.services import Services
from tools.calendar.models import CalendarDraft
from tools.calendar.results import (
    CalendarResult,
    RevisionResult,
    calendar_result,
    revision_result,
)
from tools.calendar.revise import Revision
from tools.calendar.service import create_calendar, revise
from tools.outputs import tool_output

GENERATE_DESCRIPTION = (
    "Plan and save a content calendar. Fill only what the user said: defaults are applied and "
    "reported, and scheduling (cadences, holidays, limits, shares) is exact code. Returns a "
    "summary, the first items, defaults used, warnings and export links; cite the sources."
)
REVISE_DESCRIPTION = (
    "Change a saved content calendar: drop channels, give a channel a new cadence, or make a "
    "month (or all) heavier on a funnel stage; hand-edited items keep their content. Returns "
    "what changed, the summary and export links."
)


class ReviseArgs(Revision):
    calendar_id: str | None = Field(default=None, description="default: the latest")


def make_generate_content_calendar(services: Services) -> BaseTool:
    def generate_content_calendar(
        runtime: ToolRuntimeT, **fields: Any
    ) -> tuple[str, CalendarResult]:
        scope = runtime.context.scope_in(services)
        draft = CalendarDraft.model_validate(fields)
        calendar = create_calendar(scope, draft, runtime.context.today)
        return tool_output(calendar_result(calendar, scope.id))

    return StructuredTool.from_function(
        generate_content_calendar,
        name="generate_content_calendar",
        description=GENERATE_DESCRIPTION,
        args_schema=CalendarDraft,
        response_format="content_and_artifact",
    )


def make_revise_content_calendar(services: Services) -> BaseTool:
    def revise_content_calendar(runtime: ToolRuntimeT, **fields: Any) -> tuple[str, RevisionResult]:
        scope = runtime.context.scope_in(services)
        args = ReviseArgs.model_validate(fields)
        revision = Revision.model_validate(args.model_dump(exclude={"calendar_id"}))
        calendar, report = revise(scope, args.calendar_id, revision)
        return tool_output(revision_result(calendar, scope.id, report))

    return StructuredTool.from_function(
        revise_content_calendar,
        name="revise_content_calendar",
        description=REVISE_DESCRIPTION,
        args_schema=ReviseArgs,
        response_format="content_and_artifact",
    )
