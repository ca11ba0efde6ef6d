"""`draft_positioning`, `draft_icp`, `draft_messaging`: versioned, cited strategy drafts.

Each call saves a new artifact version (earlier versions are kept). Without revision arguments a
fresh draft is built from the brief and documents; with them, the latest version is revised.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Annotated, Any

import yaml
from langchain_core.tools import BaseTool, StructuredTool
from pydantic import BaseModel

from core.context import ToolRuntimeT
from core.prompts import PROMPTS_DIR, render
from core.scope import WorkspaceScope
from core.services import Services
from core.stores.artifacts import Artifact
from tools.citations import Citation
from tools.registry import ArgExtractor, Routing, RoutingInput, attach_routing, tool_result
from tools.strategy.brief.current import ensure_brief
from tools.strategy.brief.ops import record_fact
from tools.strategy.icp import Icp, IcpRevision, draft_icp, revise_icp
from tools.strategy.messaging import (
    MessagingHouse,
    MessagingRevision,
    draft_messaging,
    revise_messaging,
)
from tools.strategy.positioning import (
    Positioning,
    PositioningRevision,
    draft_positioning,
    revise_positioning,
)


class DraftResult(BaseModel):
    workspace: str
    kind: str
    version: int
    versions: list[int]
    title: str
    note: str
    revised_from: int | None
    citations: list[Citation]


class PositioningResult(DraftResult):
    positioning: Positioning


class IcpResult(DraftResult):
    icp: Icp


class MessagingResult(DraftResult):
    messaging: MessagingHouse


# -- operations -----------------------------------------------------------------------------------
def _save(
    scope: WorkspaceScope,
    kind: str,
    title: str,
    content: Any,
    note: str,
    latest: Artifact | None,
) -> dict[str, Any]:
    """Save a new version; returns the `DraftResult` fields every draft kind shares."""
    store = scope.drafts
    data = content.model_dump(mode="json")
    markdown = render(f"strategy/{kind}.md.j2", **{_VAR[kind]: data})
    artifact = store.save(kind, title, data, markdown, note)
    versions = next((i.versions for i in store.list() if i.kind == kind), [artifact.version])
    return {
        "workspace": scope.id,
        "kind": kind,
        "version": artifact.version,
        "versions": versions,
        "title": artifact.title,
        "note": note,
        "revised_from": latest.version if latest else None,
        "citations": content.citations,
    }


_VAR = {"positioning": "p", "icp": "icp", "messaging": "m"}


def run_positioning(scope: WorkspaceScope, revision: PositioningRevision) -> PositioningResult:
    brief = ensure_brief(scope)
    latest = scope.drafts.latest("positioning")
    if revision.category:  # the user's category is a fact about the client: keep it in the brief
        record_fact(scope, "category", [revision.category], "chat")
        brief = ensure_brief(scope)
    if latest is None or revision.is_empty():
        base = draft_positioning(scope, brief)
        note = "first draft" if latest is None else "redrafted from the brief and documents"
    else:
        base, note = Positioning.model_validate(latest.content), ""
    p = base
    if not revision.is_empty():
        p = revise_positioning(scope, brief, base, revision)
        note = revision.note()
    title = f"Positioning — {p.company}"
    saved = _save(scope, "positioning", title, p, note, latest)
    return PositioningResult(**saved, positioning=p)


def run_icp(scope: WorkspaceScope, revision: IcpRevision) -> IcpResult:
    brief = ensure_brief(scope)
    latest = scope.drafts.latest("icp")
    if latest is None or revision.is_empty():
        icp = draft_icp(scope, brief)
        note = "first draft" if latest is None else "redrafted from the brief, documents and data"
    else:
        icp, note = Icp.model_validate(latest.content), ""
    if not revision.is_empty():
        before = len(icp.buying_committee)
        icp = revise_icp(scope, icp, revision)
        note = revision.note()
        if len(icp.buying_committee) == before:  # the role was already in the committee
            role = next(p.role for p in icp.buying_committee if p.requested)
            note = f"persona expanded: {revision.add_persona} (already in the committee as {role})"
    saved = _save(scope, "icp", f"ICP — {icp.company}", icp, note, latest)
    return IcpResult(**saved, icp=icp)


def run_messaging(scope: WorkspaceScope, revision: MessagingRevision) -> MessagingResult:
    brief = ensure_brief(scope)
    saved_p = scope.drafts.latest("positioning")
    saved_icp = scope.drafts.latest("icp")
    positioning = (
        Positioning.model_validate(saved_p.content) if saved_p else draft_positioning(scope, brief)
    )
    icp = Icp.model_validate(saved_icp.content) if saved_icp else draft_icp(scope, brief)
    versions = (saved_p.version if saved_p else None, saved_icp.version if saved_icp else None)
    latest = scope.drafts.latest("messaging")
    if latest is None or revision.is_empty():
        house = draft_messaging(scope, brief, positioning, icp, versions)
        note = "first draft" if latest is None else "redrafted from the positioning and ICP"
    else:
        house, note = MessagingHouse.model_validate(latest.content), ""
    if not revision.is_empty():
        house, note = revise_messaging(scope, house, revision, positioning, icp)
    title = f"Messaging house — {house.company}"
    saved = _save(scope, "messaging", title, house, note, latest)
    return MessagingResult(**saved, messaging=house)


# -- offline argument extraction ----------------------------------------------------------------
@lru_cache(maxsize=1)
def _revision_rules() -> dict[str, list[dict[str, Any]]]:
    path = PROMPTS_DIR / "strategy" / "revisions.yaml"
    return yaml.safe_load(path.read_text(encoding="utf-8"))  # type: ignore[no-any-return]


def revision_args(tool: str, text: str) -> dict[str, Any]:
    """Revision arguments in a message, e.g. {'add_persona': 'CFO'} ({} for a fresh draft)."""
    args: dict[str, Any] = {}
    for rule in _revision_rules().get(tool, []):
        m = re.search(rule["pattern"], text, re.IGNORECASE)
        if not m:
            continue
        if rule.get("flag"):
            args[rule["arg"]] = True
        else:
            value = m.group("value").strip().rstrip(".!?").strip().strip("\"'“”")
            if value:
                args[rule["arg"]] = value
    return args


def _extractor(tool: str) -> ArgExtractor:
    def extract(request: RoutingInput) -> dict[str, Any]:
        return revision_args(tool, request.text)

    return extract


def _routing(
    tool: str, examples: tuple[str, ...], keywords: tuple[str, ...], summary: str
) -> Routing:
    return Routing(
        examples=examples,
        extract_args=_extractor(tool),
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
