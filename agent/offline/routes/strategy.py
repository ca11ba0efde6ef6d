"""Routing for the strategy tools: reading and updating the brief, the diagnosis and the
roadmap, and the three drafts. Every one of them except reading the brief writes something
(a brief value, a diagnosis, a draft version), so it runs only on a clear request."""

from __future__ import annotations

import re
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
from agent.offline.grammar.brief import fields_asked, parse_statement
from agent.offline.grammar.drafts import extractor
from agent.offline.grammar.strategy import focus_in_text
from agent.offline.routing import Routing, RoutingInput

_REFRESH = re.compile(r"\b(fresh|re-?run|new diagnosis|re-?diagnose|updated? data)\b", re.I)


def _update_args(request: RoutingInput) -> dict[str, Any]:
    parsed = parse_statement(request.text)
    if parsed is None:
        return {}
    field, values = parsed
    return {"field": field, "values": values}


def _diagnose_args(request: RoutingInput) -> dict[str, Any]:
    focus = focus_in_text(request.text)
    return {"focus_areas": focus} if focus else {}


def _roadmap_args(request: RoutingInput) -> dict[str, Any]:
    return {"refresh": True} if _REFRESH.search(request.text) else {}


def _draft(
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


def strategy_routes() -> dict[str, Routing]:
    return {**_brief_routes(), **_diagnosis_routes(), **_draft_routes()}


def _brief_routes() -> dict[str, Routing]:
    return {
        "get_client_brief": Routing(
            examples=GET_EXAMPLES,
            extract_args=lambda request: {"fields": fields_asked(request.text)},
            keywords=(
                r"\b(client|our|the) brief\b",
                r"\bwhat do you (know|remember)\b",
                r"\bwhat (have|did) i told? you\b",
                r"\bwhat(’s|'s| is| are) our (main |total |marketing )*(budget|goals?)\b",
            ),
            summary="show what I know about the client (the brief) and what is still missing",
        ),
        "update_client_brief": Routing(
            examples=UPDATE_EXAMPLES,
            extract_args=_update_args,
            keywords=(
                r"^\s*(please\s+)?(remember|note|fyi|for the record|just so you know)\b",
                r"^\s*(our|we)\b[^?]*\b(is|are|sell|use|charge)\b[^?]*$",
            ),
            # a question is never a fact to record, however close it is to an example
            penalties=(r"\?\s*$", r"^\W*(how|what|which|who|when|where|why)\b"),
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
            ),
            "draft or revise our messaging house and check our copy",
        ),
    }
