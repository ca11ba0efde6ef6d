"""`get_client_brief` and `update_client_brief`: what the agent knows about the client.

The brief lives in the workspace, not in a thread, so a fact told in one conversation is known
in every other conversation of that workspace.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Annotated, Any

import yaml
from langchain_core.tools import BaseTool, StructuredTool
from pydantic import BaseModel, Field

from core.context import ToolRuntimeT
from core.errors import InvalidInput
from core.prompts import PROMPTS_DIR
from core.scope import WorkspaceScope
from core.services import Services
from tools.citations import Citation
from tools.registry import Routing, RoutingInput, attach_routing, tool_result
from tools.strategy.brief import (
    BriefSource,
    BriefStore,
    BriefValue,
    ClientBrief,
    apply_update,
    brief_citation,
    check_field,
    field_specs,
)
from tools.strategy.brief_extract import ensure_brief

ASK_AT_MOST = 3
_SPLIT = re.compile(r"\s*,\s*(?:and\s+|or\s+)?|\s+and\s+|\s*&\s*|\s*;\s*", re.IGNORECASE)


class MissingField(BaseModel):
    field: str
    label: str
    question: str


class BriefField(BaseModel):
    field: str
    label: str
    kind: str
    values: list[BriefValue]


class BriefResult(BaseModel):
    """The brief with provenance; `ask` is what to ask next (known fields are never asked)."""

    workspace: str
    known_count: int = Field(description="how many fields have a value")
    field_count: int = Field(description="how many fields the brief has")
    requested: list[str] = Field(description="fields the question was about ([] = all)")
    fields: list[BriefField] = Field(description="known fields (of those requested)")
    unknown_requested: list[MissingField]
    missing: list[MissingField]
    ask: list[MissingField]
    citations: list[Citation]


class BriefUpdateResult(BaseModel):
    workspace: str
    field: str
    label: str
    source: BriefSource
    recorded: list[str]
    replaced: bool
    values: list[BriefValue] = Field(description="the field's values after the update")
    superseded: list[BriefValue] = Field(description="document values a person's value overrides")
    ask: list[MissingField]
    citations: list[Citation]


# -- operations (shared with the API) -------------------------------------------------------------
def read_brief(scope: WorkspaceScope, fields: list[str] | None = None) -> BriefResult:
    """The brief with provenance, the requested fields (all when none are named) and what to
    ask next. Unknown field names raise `InvalidInput`."""
    brief = ensure_brief(scope)
    requested = [check_field(f) for f in fields or []]
    shown = requested or list(field_specs())
    known = [_field(brief, name) for name in shown if brief.values(name)]
    return BriefResult(
        workspace=scope.id,
        known_count=len(field_specs()) - len(brief.missing_fields()),
        field_count=len(field_specs()),
        requested=requested,
        fields=known,
        unknown_requested=[_missing(n) for n in requested if not brief.values(n)],
        missing=[_missing(n) for n in brief.missing_fields()],
        ask=[_missing(n) for n in brief.missing_fields()[:ASK_AT_MOST]],
        citations=[brief_citation(f.field, v) for f in known for v in f.values],
    )


def record_fact(
    scope: WorkspaceScope,
    field: str,
    values: list[str],
    source: BriefSource,
    replace: bool = False,
) -> BriefUpdateResult:
    """Record what a person told us about one field (chat or API); their value beats what was
    extracted from documents. Unknown fields and empty values raise `InvalidInput`."""
    name = check_field(field)
    store = scope.store(BriefStore)
    ensure_brief(scope)  # document values first, so a person's value sits on top
    before = store.load()
    if field_specs()[name].kind == "value" and len(values) > 1:
        values = [", ".join(values)]
    after = store.update(lambda brief: apply_update(brief, name, values, source, replace=replace))
    now = after.values(name)
    superseded = [v for v in before.values(name) if v.source == "document" and v not in now]
    return BriefUpdateResult(
        workspace=scope.id,
        field=name,
        label=field_specs()[name].label,
        source=source,
        recorded=[v.value for v in now if v.source == source and v.value in _clean_all(values)],
        replaced=replace,
        values=now,
        superseded=superseded,
        ask=[_missing(n) for n in after.missing_fields()[:ASK_AT_MOST]],
        citations=[brief_citation(name, v) for v in now],
    )


def merge_brief(
    scope: WorkspaceScope, updates: dict[str, Any], source: BriefSource = "api"
) -> ClientBrief:
    """Set several fields at once (PUT /brief): lists replace that field, strings set it."""
    names = {check_field(k): v for k, v in updates.items() if v is not None}
    ensure_brief(scope)

    for name, raw in names.items():
        items = raw if isinstance(raw, list) else [raw]
        if not all(isinstance(i, str | int | float) for i in items):
            raise InvalidInput(f"brief field {name!r} takes a string or a list of strings")
        if field_specs()[name].kind == "value" and isinstance(raw, list):
            raise InvalidInput(f"brief field {name!r} holds one value: send a string, not a list")

    def change(brief: ClientBrief) -> ClientBrief:
        for name, raw in names.items():
            items = raw if isinstance(raw, list) else [raw]
            brief = apply_update(
                brief, name, [str(i) for i in items], source, replace=isinstance(raw, list)
            )
        return brief

    return scope.store(BriefStore).update(change)


def _field(brief: ClientBrief, name: str) -> BriefField:
    spec = field_specs()[name]
    return BriefField(field=name, label=spec.label, kind=spec.kind, values=brief.values(name))


def _missing(name: str) -> MissingField:
    spec = field_specs()[name]
    return MissingField(field=name, label=spec.label, question=spec.question)


def _clean_all(values: list[str]) -> set[str]:
    return {" ".join(v.split()) for v in values}


# -- offline argument extraction ----------------------------------------------------------------
@lru_cache(maxsize=1)
def _statements() -> dict[str, Any]:
    path = PROMPTS_DIR / "strategy" / "brief_statements.yaml"
    return yaml.safe_load(path.read_text(encoding="utf-8"))  # type: ignore[no-any-return]


def parse_statement(text: str) -> tuple[str, list[str]] | None:
    """(field, values) for a stated fact like 'our competitors are Xero and Sage'."""
    spec = _statements()
    body = text.strip()
    for prefix in spec["prefixes"]:
        body = re.sub(prefix, "", body, count=1, flags=re.IGNORECASE)
    for rule in spec["statements"]:
        for pattern in rule["patterns"]:
            m = re.search(pattern, body, re.IGNORECASE)
            if m:
                raw = m.group("value").strip().rstrip(".!").strip().strip("\"'“”")
                if not raw or raw.endswith("?"):
                    continue
                items = _SPLIT.split(raw) if rule.get("list") else [raw]
                return rule["field"], [i.strip() for i in items if i.strip()]
    return None


def fields_asked(text: str) -> list[str]:
    """The brief fields a question names ('what is our budget?' → ['budget'])."""
    if re.search(r"\b(brief|profile|everything|all you know)\b", text, re.IGNORECASE):
        return []
    words = _statements()["field_words"]
    return [f for f, pats in words.items() if any(re.search(p, text, re.IGNORECASE) for p in pats)]


def _update_args(request: RoutingInput) -> dict[str, Any]:
    parsed = parse_statement(request.text)
    if parsed is None:
        return {"statement": request.text}
    field, values = parsed
    return {"field": field, "values": values}


# -- tools ---------------------------------------------------------------------------------------
GET_EXAMPLES = (
    "What do you know about our business?",
    "What do you know about us?",
    "What do you have on file about our company?",
    "Show me everything you have recorded about us",
    "Remind me what you have on file about our target market",
    "What is our marketing budget?",
    "What's our budget?",
    "What budget do we have?",
    "What are our goals?",
    "What's our main goal?",
    "What did I tell you about our competitors?",
    "Which competitors have I told you about?",
    "Who do we sell to?",
    "What do you remember about our company?",
    "What information about us are you still missing?",
    "What else do you need to know about us?",
    "What have I told you about our company so far?",
    "Summarise our company profile",
    "What is our business model?",
    "What is our offering?",
    "What have I told you so far?",
)
UPDATE_EXAMPLES = (
    "Our budget is £15k a month",
    "Our marketing budget is £200,000 a year",
    "We sell to accountancy firms",
    "We mainly sell to law firms in the UK",
    "Our competitors are Xero and Sage",
    "Note that our budget for next year is £300k",
    "Remember that we work with two contractors on design",
    "Note that our brand voice should be plain and practical",
    "Just so you know, our company is called Acme Ltd",
    "For the record, we now run webinars every month",
    "Remember that our main goal is 200 SQLs a year",
    "Our goal is to double inbound demos this year",
    "Note that we use HubSpot and Pipedrive",
    "Our target market is UK mid-market finance teams",
    "Our pricing starts at £390 a month",
    "Our differentiators are UK support and multi-entity approvals",
    "For the record, our team is Priya and Hannah",
    "Please remember that our budget will be £25k from January",
    "FYI our business model is annual subscriptions",
    "Keep in mind that our main objective is more Scale customers",
)


def make_get_client_brief(services: Services) -> BaseTool:
    def get_client_brief(
        runtime: ToolRuntimeT,
        fields: Annotated[
            list[str] | None, "Brief fields the question is about (empty = the whole brief)."
        ] = None,
    ) -> str:
        """Read the client brief: what is known about the client (company, offering, segments,
        competitors, goals, budget, channels, tools, brand voice...), where each value came
        from, and which fields are still unknown. Check it before asking the user anything."""
        return tool_result(read_brief(runtime.context.scope_in(services), fields))

    tool = StructuredTool.from_function(get_client_brief)
    return attach_routing(
        tool,
        Routing(
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
    )


def make_update_client_brief(services: Services) -> BaseTool:
    def update_client_brief(
        runtime: ToolRuntimeT,
        field: Annotated[str | None, "Brief field, e.g. budget, goals, competitors."] = None,
        values: Annotated[list[str] | None, "The value(s) in the user's words."] = None,
        replace: Annotated[bool, "Replace the field's list instead of adding to it."] = False,
        statement: Annotated[str | None, "The user's sentence, if field is unclear."] = None,
    ) -> str:
        """Record a fact the user told you about their business in the client brief (budget,
        goals, competitors, segments, tools...). It is remembered in every conversation of
        this workspace and beats what was read from documents."""
        if not field or not values:
            parsed = parse_statement(statement or "")
            if parsed is None:
                raise InvalidInput(
                    "I could not tell which part of the brief this is about. Say it like "
                    "'our budget is £15k a month' or name a field: " + ", ".join(field_specs())
                )
            field, values = parsed
        scope = runtime.context.scope_in(services)
        result = record_fact(scope, field, values, "chat", replace)
        return tool_result(result)

    tool = StructuredTool.from_function(update_client_brief)
    return attach_routing(
        tool,
        Routing(
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
    )
