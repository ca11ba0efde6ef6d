"""Routing for the strategy tools: reading and updating the brief, the diagnosis and the
roadmap, and the three drafts. Every one of them except reading the brief writes something
(a brief value, a diagnosis, a draft version), so it runs only on a clear request."""

from __future__ import annotations

import re
from collections.abc import Callable
from difflib import get_close_matches
from typing import Any

from agent.offline.examples.strategy import (
    DIAGNOSE_EXAMPLES,
    GET_EXAMPLES,
    ICP_EXAMPLES,
    MESSAGING_EXAMPLES,
    POSITIONING_EXAMPLES,
    ROADMAP_EXAMPLES,
    UPDATE_EXAMPLES,
)
from agent.offline.grammar.brief import field_named, fields_asked, read_statement
from agent.offline.grammar.drafts import extractor, revision_args
from agent.offline.grammar.strategy import focus_in_text
from agent.offline.routing import Routing, RoutingInput

# a question about what the brief holds ("who are our competitors again?")
_BRIEF_QUESTION = re.compile(
    r"\b(remind me|what(’s|'s| is| are| do we have)|who(’s|'s| is| are)|which)\b.*"
    r"\b(competitors?|competition|pric(e|es|ing)|price points|tiers|plans|team|agenc(y|ies)"
    r"|freelancers|tools|stack|goals?|segments|differentiators|usps?|brand voice|tone of voice"
    r"|business model|category|offering)\b(?!.*\b(spend|cost|cpl|cpa|roas|leads|clicks)\b)",
    re.I,
)
# what only a statement about the client says: meeting competitors, moving tools, an agency
# on notice, the company's name, money approved or charged
_STATEMENT_CUES = (
    r"\badd\b.+\b(to|as|under|in|into)\b.+\b(competitors?|tools|stack|agenc(y|ies)|channels"
    r"|goals|segments|team|brief)\b",
    r"\b(compet(e|ing) (with|against)|(come|coming|came|up) against|bump(ing|ed)? into"
    r"|los(e|ing|t) (\w+ )*?(deals?|business|customers) to)\b",
    r"\b(moved|moving|switched|migrated)\b.*\b(off|from|onto)\b",
    r"\b(cancel+ed|given .+ notice|parted ways|let go of|(has )?left the (company|team))\b",
    r"\b(company|client|business)('s|’s| is)? (called|named)\b",
    r"\b(approved|signed off|sell|selling|charge|charging)\b[^?]*[£$€]\s?\d",
)
# a request to do something, not a fact told ("now do…", "can you…", "lead with…")
_REQUEST = re.compile(
    r"^\W*(?:and\s+|ok\s+|now\s+|pls\s+|please\s+)*(?:do|make|write|draft|redo|rework|create"
    r"|build|give|show|tell|lead|open|add a|tighten|narrow|can you|could you|would you|will you"
    r"|let's|lets|scrap|drop|remove|cut|kill|ditch|swap|move|change|replace|skip|plan)\b",
    re.I,
)
_DRAFT_VERB = re.compile(
    r"\b(draft|write|redo|rework|build|create|put together|update|refresh|do|give me|need)\b", re.I
)
_DRAFT_ORDER = re.compile(
    r"^\s*(?:(?:can|could|would) you |pls |please |let'?s )?" + _DRAFT_VERB.pattern, re.I
)
_DRAFT_NAMES = {
    "draft_positioning": ("positioning",),
    "draft_icp": ("icp",),
    "draft_messaging": ("messaging",),
}
_REFRESH = re.compile(r"\b(fresh|re-?run|new diagnosis|re-?diagnose|updated? data)\b", re.I)


def _update_args(request: RoutingInput) -> dict[str, Any]:
    reading = read_statement(request.text, request.today)
    return reading.args() if reading is not None else {}


def _statement_read(request: RoutingInput) -> float:
    """A statement the brief grammar reads is evidence for recording it; one it cannot read
    at all (no field, no value) is evidence against."""
    if request.text.rstrip().endswith("?"):
        return 0.0
    if _REQUEST.search(request.text):
        return -1.0  # "now do a version for groups moving onto NetSuite" asks, it does not tell
    if read_statement(request.text, request.today) is None:
        return -1.0
    return 3.0 if field_named(request.text) else 1.0


def _brief_asked(request: RoutingInput) -> float:
    """A question naming brief fields ('who are our competitors again?')."""
    return 1.0 if _BRIEF_QUESTION.search(request.text) and fields_asked(request.text) else 0.0


def _revision_read(tool: str) -> Callable[[RoutingInput], float]:
    """A revision phrase for this draft ('lead with X, not Y') is evidence for it, the more so
    right after that draft; so is asking to draft it by name, even misspelt ('draft our
    positoning')."""

    def read(request: RoutingInput) -> float:
        if not revision_args(tool, request.text):
            if not _names_draft(tool, request.text):
                return 0.0
            return 4.0 if _DRAFT_ORDER.match(request.text) else 2.0  # an order: "draft our…"
        just_drafted = bool(request.history) and request.history[-1].name == tool
        return 3.0 if just_drafted else 2.0

    return read


def _names_draft(tool: str, text: str) -> bool:
    """A drafting verb and the draft's name, allowing a slip of the keys."""
    if not _DRAFT_VERB.search(text):
        return False
    words = re.findall(r"[a-z]+", text.lower())
    names = _DRAFT_NAMES.get(tool, ())  # the roadmap has its own keywords
    return any(get_close_matches(name, words, n=1, cutoff=0.85) for name in names)


def _diagnose_args(request: RoutingInput) -> dict[str, Any]:
    focus = focus_in_text(request.text)
    return {"focus_areas": focus} if focus else {}


def _roadmap_args(request: RoutingInput) -> dict[str, Any]:
    args: dict[str, Any] = {"refresh": True} if _REFRESH.search(request.text) else {}
    return args | revision_args("plan_roadmap", request.text)  # "first 30 days mostly about…"


def _draft(
    tool: str, examples: tuple[str, ...], keywords: tuple[str, ...], summary: str
) -> Routing:
    return Routing(
        examples=examples,
        extract_args=extractor(tool),
        keywords=keywords,
        grammar=_revision_read(tool),
        summary=summary,
        follow_up=True,
        intent_required=True,  # drafting saves a new version: only on a clear request
    )


def strategy_routes() -> dict[str, Routing]:
    return {**_brief_routes(), **_diagnosis_routes(), **_draft_routes()}


def _brief_routes() -> dict[str, Routing]:
    return {
        "get_client_brief": Routing(
            examples=GET_EXAMPLES,
            extract_args=lambda request: {"fields": fields_asked(request.text)},
            grammar=_brief_asked,
            keywords=(
                r"\b(client|our|the) brief\b",
                r"\bwhat do you (know|remember)\b",
                r"\bwhat (have|did) i told? you\b",
                r"\bwhat(’s|'s| is| are) our (main |total |marketing )*(budget|goals?)\b",
                _BRIEF_QUESTION,
            ),
            summary="show what I know about the client (the brief) and what is still missing",
        ),
        "update_client_brief": Routing(
            examples=UPDATE_EXAMPLES,
            extract_args=_update_args,
            grammar=_statement_read,
            keywords=(
                r"^\s*(please\s+)?(remember|note|fyi|for the record|just so you know)\b",
                r"^\s*(our|we)\b[^?]*\b(is|are|sell|use|charge)\b[^?]*$",
                *_STATEMENT_CUES,
            ),
            # a question is never a fact to record, however close it is to an example
            penalties=(
                r"\?\s*$",
                r"^\W*(how|what|which|who|when|where|why)\b",
                r"[.!]\s+(?:how|what|which|who|when|where|why|should|can|could)\b[^.!]*$",
            ),  # "we pay for loads of tools. which ones should go": it ends in a question
            summary="remember a fact you tell me about the client (budget, goals, competitors…)",
            intent_required=True,  # writes the brief: only for a stated fact, never a question
        ),
    }


def _diagnosis_routes() -> dict[str, Routing]:
    return {
        "diagnose_marketing": Routing(
            examples=DIAGNOSE_EXAMPLES,
            extract_args=_diagnose_args,
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
        "plan_roadmap": Routing(
            examples=ROADMAP_EXAMPLES,
            extract_args=_roadmap_args,
            keywords=(
                r"\b30\s*/\s*60\s*/\s*90\b|\b30[ -]60[ -]90\b",
                r"\broadmap\b",
                r"\b(90|ninety)[- ]day plan\b",
                r"\bwhat should we do first\b",
            ),
            grammar=_revision_read("plan_roadmap"),
            summary="turn the diagnosis into a 30/60/90-day roadmap of initiatives",
            follow_up=True,
            intent_required=True,  # saves a roadmap version: only on a clear request
        ),
    }


def _draft_routes() -> dict[str, Routing]:
    return {
        "draft_positioning": _draft(
            "draft_positioning",
            POSITIONING_EXAMPLES,
            (
                r"\bour (\w+ )?(positioning|value prop)",
                r"\bposition (us|our)\b",
                r"\b(market )?category\b.*\bspecific\b",
                r"\b(change|narrow) (the |our )?(market )?category\b",
                r"\badd (a |another )?(relevant )?trend\b",
                r"\b(draft|write|do|redo|build|create|update|rework)\b.*\bpos[a-z]{4,9}ing\b",
                r"\b(lead|open|headline) (with|on)\b.*\b(not|rather than|instead of)\b",
                r"\b(version|variant) (of (it|this) )?(specifically |just |only )?for\b",
            ),
            "draft or revise our positioning (alternatives, attributes, value, category)",
        ),
        "draft_icp": _draft(
            "draft_icp",
            ICP_EXAMPLES,
            (
                r"\bour (ICP|ideal customer profile)\b",
                r"\bwho is our\b",
                r"\badd (a |another )?(buyer )?persona\b",
                r"\bas (a |another )?(new )?persona\b",
                r"\bfirmographics?\b",
            ),
            "draft or revise our ideal customer profile (ICP) and personas",
        ),
        "draft_messaging": _draft(
            "draft_messaging",
            MESSAGING_EXAMPLES,
            (
                r"\bour messaging\b",
                r"\b(write|draft|build|create|update|redo)\b.*\bmessaging\b",
                r"\badd (a |another )?(messaging )?pillar\b",
                r"\bwebsite copy\b",
                r"\b(tone|sound|reads?)\b.*\b(salesy|hype|hypey|corporate|stiff|formal|pushy)\b",
            ),
            "draft or revise our messaging house and check our copy",
        ),
    }
