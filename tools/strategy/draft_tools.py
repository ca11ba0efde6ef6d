"""`draft_positioning`, `draft_icp`, `draft_messaging`: versioned, cited strategy drafts.

Each call saves a new artifact version (earlier versions are kept). Without revision arguments a
fresh draft is built from the brief and documents; with them, the latest version is revised.
The runs are in tools.strategy.drafting.runs; this module holds the tools and their routing.
"""

from __future__ import annotations

from typing import Annotated

from langchain_core.tools import BaseTool, StructuredTool

from core.context import ToolRuntimeT
from core.services import Services
from tools.registry import Routing, attach_routing, tool_result
from tools.strategy.drafting.revision_args import extractor
from tools.strategy.drafting.runs import run_icp, run_messaging, run_positioning
from tools.strategy.icp.models import IcpRevision
from tools.strategy.messaging.models import MessagingRevision
from tools.strategy.positioning.models import PositioningRevision


def _routing(
    tool: str, examples: tuple[str, ...], keywords: tuple[str, ...], summary: str
) -> Routing:
    return Routing(
        examples=examples,
        extract_args=extractor(tool),
        keywords=keywords,
        summary=summary,
        follow_up=True,
        intent_required=True,  # drafting saves a new version: only on a clear request
    )


# -- tools ---------------------------------------------------------------------------------------
POSITIONING_EXAMPLES = (
    "Draft our positioning",
    "Write up the positioning for our company from our documents",
    "Redraft how we position our product for our buyers",
    "Position our product against the status quo",
    "Draft our positioning statement",
    "Build our positioning with April Dunford's method",
    "What are our unique attributes and the value they deliver?",
    "Which market category should we be in?",
    "Give us our own Moore-style positioning statement",
    "What's our value proposition?",
    "Draft a one-line value proposition for us",
    "Redo our positioning",
    "Update our positioning draft",
    "Make the category more specific",
    "Narrow our market category",
    "Change the category to AP automation for multi-entity groups",
    "Add a trend about e-invoicing",
    "Add a trend about NetSuite migrations",
    "Add a unique attribute: dual-authorised payment runs",
    "Position us against spreadsheets and competitors",
)
ICP_EXAMPLES = (
    "Who is our ICP?",
    "Draft our ICP",
    "Redo the ideal customer profile for our company with our latest data",
    "Write up our buying committee and personas",
    "Give us qualification criteria for our ICP",
    "Draft our ideal customer profile",
    "Profile our ideal customer for marketing and sales",
    "Who should we target?",
    "What are our buyer personas?",
    "Which segments convert best for us?",
    "What objections do our buyers raise and how do we answer them?",
    "Who should sales qualify out?",
    "Update our ICP",
    "Add a persona for the CFO",
    "Add a persona for the Head of IT",
    "Add a persona for the AP clerk",
    "Write our ideal customer profile with firmographics",
    "Who buys from us and why?",
    "What are our qualification and disqualification criteria?",
    "Where do our ideal customers hang out?",
)
MESSAGING_EXAMPLES = (
    "Draft our messaging framework",
    "Write the messaging house for our company from our positioning and documents",
    "Turn our saved positioning into messaging for our website and sales team",
    "What should our key messages be?",
    "Create messaging pillars for us",
    "What's our core message?",
    "Write persona messages for our buyers",
    "Check our website copy against the sales deck",
    "Does our website match our sales deck?",
    "Is our messaging consistent across website and deck?",
    "Audit our copy for consistency",
    "Give us a messaging framework with proof points",
    "Add a pillar about security",
    "Add a messaging pillar about integrations",
    "Add a pillar about UK support",
    "Update our messaging house",
    "Write our umbrella message",
    "How should we talk to CFOs versus Financial Controllers?",
    "What message should each persona get?",
    "Redo the messaging framework",
    "Where does our website copy contradict our messaging?",
)


def make_draft_positioning(services: Services) -> BaseTool:
    def draft_positioning(
        runtime: ToolRuntimeT,
        category: Annotated[str | None, "Revision: set the market category to this."] = None,
        more_specific_category: Annotated[bool, "Revision: narrow the category."] = False,
        add_trend: Annotated[str | None, "Revision: add a relevant trend about this."] = None,
        add_attribute: Annotated[str | None, "Revision: add a unique attribute."] = None,
        statement: Annotated[str | None, "Your wording of the positioning statement."] = None,
        value_proposition: Annotated[str | None, "Your wording of the value proposition."] = None,
    ) -> str:
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
            statement=statement,
            value_proposition=value_proposition,
        )
        return tool_result(run_positioning(runtime.context.scope_in(services), revision))

    tool = StructuredTool.from_function(draft_positioning)
    return attach_routing(
        tool,
        _routing(
            "draft_positioning",
            POSITIONING_EXAMPLES,
            (
                r"\bour (\w+ )?(positioning|value prop)",
                r"\bposition (us|our)\b",
                r"\b(market )?category\b.*\bspecific\b",
                r"\b(change|narrow) (the |our )?(market )?category\b",
                r"\badd (a |another )?(relevant )?trend\b",
            ),
            "draft or revise our positioning (alternatives, attributes, value, category)",
        ),
    )


def make_draft_icp(services: Services) -> BaseTool:
    def draft_icp(
        runtime: ToolRuntimeT,
        add_persona: Annotated[
            str | None, "Revision: add (or expand) a persona for this role."
        ] = None,
    ) -> str:
        """Draft (or revise) the ideal customer profile: firmographics, buying committee with
        jobs-to-be-done, pains, gains, triggers, objections with answers, where buyers gather,
        qualification and disqualification criteria, and (when campaign data exists) the
        best-converting segments from the metrics layer. Saved as a new version."""
        return tool_result(
            run_icp(runtime.context.scope_in(services), IcpRevision(add_persona=add_persona))
        )

    tool = StructuredTool.from_function(draft_icp)
    return attach_routing(
        tool,
        _routing(
            "draft_icp",
            ICP_EXAMPLES,
            (
                r"\bour (ICP|ideal customer profile)\b",
                r"\bwho is our\b",
                r"\badd (a |another )?(buyer )?persona\b",
            ),
            "draft or revise our ideal customer profile (ICP) and personas",
        ),
    )


def make_draft_messaging(services: Services) -> BaseTool:
    def draft_messaging(
        runtime: ToolRuntimeT,
        add_pillar: Annotated[str | None, "Revision: add a pillar about this topic."] = None,
    ) -> str:
        """Draft (or revise) the messaging house: umbrella message, three or four pillars tied
        to positioning values with proof, per-persona messages, tone-of-voice rules, and a
        check of the website copy against the sales deck and the house. Saved as a new
        version; earlier versions are kept."""
        revision = MessagingRevision(add_pillar=add_pillar)
        return tool_result(run_messaging(runtime.context.scope_in(services), revision))

    tool = StructuredTool.from_function(draft_messaging)
    return attach_routing(
        tool,
        _routing(
            "draft_messaging",
            MESSAGING_EXAMPLES,
            (
                r"\bour messaging\b",
                r"\b(write|draft|build|create|update|redo)\b.*\bmessaging\b",
                r"\badd (a |another )?(messaging )?pillar\b",
                r"\bwebsite copy\b",
            ),
            "draft or revise our messaging house and check our copy",
        ),
    )
