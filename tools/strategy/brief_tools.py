"""`get_client_brief` and `update_client_brief`: what the agent knows about the client.

The brief lives in the workspace, not in a thread, so a fact told in one conversation is known
in every other conversation of that workspace.
"""

from __future__ import annotations

from typing import Annotated, Any

from langchain_core.tools import BaseTool, StructuredTool

from core.context import ToolRuntimeT
from core.errors import InvalidInput
from core.services import Services
from tools.registry import Routing, RoutingInput, attach_routing, tool_result
from tools.strategy.brief.model import field_specs
from tools.strategy.brief.ops import read_brief, record_fact
from tools.strategy.brief.statements import fields_asked, parse_statement


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
