"""`diagnose_marketing` and `plan_roadmap`: the evidence-backed diagnosis and the 30/60/90-day
plan built from it. Each call saves a new artifact version ("diagnosis", "roadmap"); the
operations are in tools.strategy.diagnosis.runs; this module holds the tools."""

from __future__ import annotations

from typing import Annotated

from langchain_core.tools import BaseTool, StructuredTool

from core.context import ToolRuntimeT
from core.services import Services
from tools.outputs import tool_output
from tools.strategy.diagnosis.roadmap import Roadmap
from tools.strategy.diagnosis.run import Diagnosis, area_ids
from tools.strategy.diagnosis.runs import diagnose, plan


def make_diagnose_marketing(services: Services) -> BaseTool:
    def diagnose_marketing(
        runtime: ToolRuntimeT,
        focus_areas: Annotated[
            list[str] | None,
            f"Only these areas (ids or plain names); omit for all: {', '.join(area_ids())}.",
        ] = None,
    ) -> tuple[str, Diagnosis]:
        """Diagnose the client's marketing against the problems a fractional CMO is hired to
        fix (strategy, growth, ICP fit, agency dependence, messaging, bandwidth, spend and ROI,
        funnel, sales alignment, measurement, awareness, martech sprawl, retention). Each area
        gets problem / healthy / not enough evidence with KPI tests and cited document
        passages. Saves a new diagnosis version. Quote its evidence; add no findings of your
        own."""
        return tool_output(diagnose(runtime.context.scope_in(services), focus_areas))

    return StructuredTool.from_function(diagnose_marketing, response_format="content_and_artifact")


def make_plan_roadmap(services: Services) -> BaseTool:
    def plan_roadmap(
        runtime: ToolRuntimeT,
        refresh: Annotated[bool, "Run a fresh full diagnosis first instead of the latest."] = False,
        first_30_days_focus: Annotated[
            str | None,
            "Revision: what the first 30 days should be about, or an initiative to pull into them.",
        ] = None,
    ) -> tuple[str, Roadmap]:
        """Build a 30/60/90-day roadmap (foundation, activation, optimisation) from the latest
        saved diagnosis, or from a new one. Each initiative names the problem it addresses, its
        owner role, effort, impact, expected KPI impact and the KPI to watch. Saves a new
        roadmap version."""
        return tool_output(plan(runtime.context.scope_in(services), refresh, first_30_days_focus))

    return StructuredTool.from_function(plan_roadmap, response_format="content_and_artifact")
