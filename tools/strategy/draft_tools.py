"""`draft_positioning`, `draft_icp`, `draft_messaging`: versioned, cited strategy drafts.

Each call saves a new artifact version (earlier versions are kept). Without revision arguments a
fresh draft is built from the brief and documents; with them, the latest version is revised.
The runs are in tools.strategy.drafting.runs; this module holds the tools.
"""

from __future__ import annotations

from typing import Annotated

from langchain_core.tools import BaseTool, StructuredTool

from core.context import ToolRuntimeT
from core.services import Services
from tools.outputs import tool_output
from tools.strategy.drafting.results import IcpResult, MessagingResult, PositioningResult
from tools.strategy.drafting.runs import run_icp, run_messaging, run_positioning
from tools.strategy.icp.models import IcpRevision
from tools.strategy.messaging.models import MessagingRevision
from tools.strategy.positioning.models import PositioningRevision


def make_draft_positioning(services: Services) -> BaseTool:
    def draft_positioning(
        runtime: ToolRuntimeT,
        category: Annotated[str | None, "Revision: set the market category to this."] = None,
        more_specific_category: Annotated[bool, "Revision: narrow the category."] = False,
        add_trend: Annotated[str | None, "Revision: add a relevant trend about this."] = None,
        add_attribute: Annotated[str | None, "Revision: add a unique attribute."] = None,
        lead_with: Annotated[str | None, "Revision: lead with this differentiator."] = None,
        segment: Annotated[str | None, "Revision: a version for this segment."] = None,
        statement: Annotated[str | None, "Your wording of the positioning statement."] = None,
        value_proposition: Annotated[str | None, "Your wording of the value proposition."] = None,
    ) -> tuple[str, PositioningResult]:
        """Draft (or revise) the client's positioning with April Dunford's components:
        competitive alternatives incl. the status quo, unique attributes, value and proof,
        best-fit customers, market category, trends, a positioning statement and a value
        proposition. Every element is cited or marked as an assumption; cross-checks flag
        inconsistencies. Saved as a new version; earlier versions are kept."""
        revision = PositioningRevision(
            category=category,
            more_specific_category=more_specific_category,
            add_trend=add_trend,
            add_attribute=add_attribute,
            lead_with=lead_with,
            segment=segment,
            statement=statement,
            value_proposition=value_proposition,
        )
        return tool_output(run_positioning(runtime.context.scope_in(services), revision))

    return StructuredTool.from_function(draft_positioning, response_format="content_and_artifact")


def make_draft_icp(services: Services) -> BaseTool:
    def draft_icp(
        runtime: ToolRuntimeT,
        add_persona: Annotated[
            str | None, "Revision: add (or expand) a persona for this role."
        ] = None,
        firmographics: Annotated[
            list[str] | None, "Revision: firmographics to set, e.g. ['100-500 staff']."
        ] = None,
        exclude: Annotated[str | None, "Revision: who is never a fit (disqualified)."] = None,
        add_trigger: Annotated[str | None, "Revision: a buying trigger to add."] = None,
    ) -> tuple[str, IcpResult]:
        """Draft (or revise) the ideal customer profile: firmographics, buying committee with
        jobs-to-be-done, pains, gains, triggers, objections with answers, where buyers gather,
        qualification and disqualification criteria, and (when campaign data exists) the
        best-converting segments from the metrics layer. Saved as a new version."""
        return tool_output(
            run_icp(
                runtime.context.scope_in(services),
                IcpRevision(
                    add_persona=add_persona,
                    firmographics=firmographics or [],
                    exclude=exclude,
                    add_trigger=add_trigger,
                ),
            )
        )

    return StructuredTool.from_function(draft_icp, response_format="content_and_artifact")


def make_draft_messaging(services: Services) -> BaseTool:
    def draft_messaging(
        runtime: ToolRuntimeT,
        add_pillar: Annotated[str | None, "Revision: add a pillar about this topic."] = None,
        tone: Annotated[str | None, "Revision: a tone-of-voice rule to follow."] = None,
        persona: Annotated[str | None, "Revision: only this persona's message (e.g. CFO)."] = None,
        lead_with: Annotated[str | None, "Revision: what the message leads on."] = None,
    ) -> tuple[str, MessagingResult]:
        """Draft (or revise) the messaging house: umbrella message, three or four pillars tied
        to positioning values with proof, per-persona messages, tone-of-voice rules, and a
        check of the website copy against the sales deck and the house. Saved as a new
        version; earlier versions are kept."""
        revision = MessagingRevision(
            add_pillar=add_pillar, tone=tone, persona=persona, lead_with=lead_with
        )
        return tool_output(run_messaging(runtime.context.scope_in(services), revision))

    return StructuredTool.from_function(draft_messaging, response_format="content_and_artifact")
