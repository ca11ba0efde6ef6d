"""`diagnose_marketing` and `plan_roadmap`: the evidence-backed diagnosis and the 30/60/90-day
plan built from it. Each call saves a new artifact version ("diagnosis", "roadmap"); the
operations are in tools.strategy.diagnosis.runs, this module holds the tools and routing."""

from __future__ import annotations

import re
from typing import Annotated

from langchain_core.tools import BaseTool, StructuredTool

from core.context import ToolRuntimeT
from core.services import Services
from tools.registry import Routing, RoutingInput, attach_routing, tool_result
from tools.strategy.diagnosis.run import area_ids, focus_in_text
from tools.strategy.diagnosis.runs import diagnose, plan

# ---- tools --------------------------------------------------------------------------------------
DIAGNOSE_EXAMPLES = (
    "What's wrong with our marketing?",
    "Diagnose our marketing",
    "Audit our funnel",
    "Run a marketing diagnosis",
    "Give me a marketing audit",
    "Where is our marketing failing?",
    "What are our biggest marketing problems?",
    "Assess our marketing against the usual problems",
    "Why isn't our marketing working?",
    "Do a health check of our marketing",
    "What problems should a fractional CMO fix here?",
    "Is our sales and marketing alignment a problem?",
    "Diagnose our conversion and funnel",
    "Check our martech stack for sprawl",
    "Is retention a problem for us?",
    "Focus the diagnosis on conversion",
    "Re-run the diagnosis for retention only",
    "Audit our brand and messaging consistency",
    "Are we too dependent on our agency?",
    "What is holding our growth back?",
    "Which areas of our marketing are healthy?",
    "Review our marketing and tell me what is broken",
    "Update the diagnosis",
)

ROADMAP_EXAMPLES = (
    "Give me a 30/60/90 day plan",
    "Give me a 30/60/90 plan",
    "What should we do first?",
    "Build a marketing roadmap",
    "Plan the next 90 days",
    "Create a 90-day marketing plan",
    "What are our priorities for the next three months?",
    "Turn the diagnosis into a plan",
    "What should marketing focus on this quarter?",
    "Make a roadmap from the diagnosis",
    "Prioritise the fixes for our marketing",
    "Which initiatives should we start with?",
    "What's the plan for the first 30 days?",
    "Give me a foundation, activation and optimisation plan",
    "Lay out a 30 60 90 day roadmap",
    "Who should own which marketing initiatives?",
    "What quick wins should we do first?",
    "Plan our marketing for the next quarter",
    "Rebuild the roadmap with a fresh diagnosis",
    "Update the 30/60/90 plan",
    "Show me the action plan",
)

_REFRESH = re.compile(r"\b(fresh|re-?run|new diagnosis|re-?diagnose|updated? data)\b", re.I)


def diagnose_args(request: RoutingInput) -> dict[str, object]:
    focus = focus_in_text(request.text)
    return {"focus_areas": focus} if focus else {}


def roadmap_args(request: RoutingInput) -> dict[str, object]:
    return {"refresh": True} if _REFRESH.search(request.text) else {}


def make_diagnose_marketing(services: Services) -> BaseTool:
    def diagnose_marketing(
        runtime: ToolRuntimeT,
        focus_areas: Annotated[
            list[str] | None,
            f"Only these areas (ids or plain names); omit for all: {', '.join(area_ids())}.",
        ] = None,
    ) -> str:
        """Diagnose the client's marketing against the problems a fractional CMO is hired to
        fix (strategy, growth, ICP fit, agency dependence, messaging, bandwidth, spend and ROI,
        funnel, sales alignment, measurement, awareness, martech sprawl, retention). Each area
        gets problem / healthy / not enough evidence with KPI tests and cited document
        passages. Saves a new diagnosis version. Quote its evidence; add no findings of your
        own."""
        return tool_result(diagnose(runtime.context.scope_in(services), focus_areas))

    tool = StructuredTool.from_function(diagnose_marketing)
    return attach_routing(
        tool,
        Routing(
            examples=DIAGNOSE_EXAMPLES,
            extract_args=diagnose_args,
            keywords=(
                r"\bdiagnos",
                r"\bwhat'?s wrong\b|\bwhat is wrong\b",
                r"\baudit (our|the|my)\b",
                r"\bhealth ?check\b",
            ),
            summary="diagnose this client's marketing: problems, healthy areas, evidence",
            follow_up=True,
            intent_required=True,  # runs and saves a diagnosis: only on a clear request
        ),
    )


def make_plan_roadmap(services: Services) -> BaseTool:
    def plan_roadmap(
        runtime: ToolRuntimeT,
        refresh: Annotated[bool, "Run a fresh full diagnosis first instead of the latest."] = False,
    ) -> str:
        """Build a 30/60/90-day roadmap (foundation, activation, optimisation) from the latest
        saved diagnosis, or from a new one. Each initiative names the problem it addresses, its
        owner role, effort, impact, expected KPI impact and the KPI to watch. Saves a new
        roadmap version."""
        return tool_result(plan(runtime.context.scope_in(services), refresh))

    tool = StructuredTool.from_function(plan_roadmap)
    return attach_routing(
        tool,
        Routing(
            examples=ROADMAP_EXAMPLES,
            extract_args=roadmap_args,
            keywords=(
                r"\b30\s*/\s*60\s*/\s*90\b|\b30[ -]60[ -]90\b",
                r"\broadmap\b",
                r"\b(90|ninety)[- ]day plan\b",
                r"\bwhat should we do first\b",
            ),
            summary="turn the diagnosis into a 30/60/90-day roadmap of initiatives",
            follow_up=True,
            intent_required=True,  # saves a roadmap version: only on a clear request
        ),
    )
