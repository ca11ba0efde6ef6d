"""`kpi_lookup`: exact campaign and funnel figures for the current workspace, with their SQL.

The model (LLM or offline router) only chooses governed names, filters and a period; every
figure comes from the DuckDB query engine, and the result cites the SQL that produced it.
"""

from __future__ import annotations

import inspect
from pathlib import Path
from typing import Annotated, Any

from langchain_core.tools import BaseTool, StructuredTool
from pydantic import ValidationError

from core.context import ToolRuntimeT
from core.errors import CmoError, InvalidInput
from core.scope import WorkspaceScope
from core.services import Services
from core.stores.campaign_schema import DIMENSION_FIELDS
from tools.kpi.dimensions import DATE_GRAINS
from tools.kpi.errors import NoCampaignData, no_campaign_data
from tools.kpi.examples import KPI_EXAMPLES
from tools.kpi.extract import extract_kpi_args, workspace_vocabulary
from tools.kpi.metrics import base_metrics
from tools.kpi.query import run_kpi_query
from tools.kpi.resolve import resolve_names
from tools.kpi.results import KpiQuery, KpiResult
from tools.registry import Routing, RoutingInput, attach_routing, tool_result

_METRIC = (
    r"(cpl|cpc|ctr|cpm|cpa|cac|roas|spend|spent|leads?|mqls?|sqls?|pipeline|revenue|"
    r"impressions|clicks|conversions?|cost per \w+|win rate|conversion rate)"
)
# Benchmark and how-to questions belong to the playbooks, even when they name a metric.
_NOT_HOW_TO = (
    r"^(?!.*\b(typical|good|benchmark|healthy|normal|industry|formula|calculate|how do|"
    r"how should|why)\b)"
)
_CHANNEL = r"(linkedin|google|meta|facebook|instagram|email|newsletter|webinars?|organic|seo)"
KEYWORDS = (
    # "our"/"we" plus a governed measure: the client's own figures, not a benchmark question
    r"\bour (cpl|cpc|ctr|cpm|cpa|cac|roas|(ad |media )?spend|cost per (lead|mql|sql|click|"
    r"conversion|acquisition|opportunity)|conversion rates?|win rate|funnel( numbers)?|"
    r"average deal size|mql ?(→|->|to) ?sql)\b",
    r"\bhow much did we (spend|generate|close|make)\b",
    r"\bhow many (leads|mqls|sqls|customers|opportunities|clicks|impressions|conversions|deals) "
    r"(did|have) we\b",
    rf"{_NOT_HOW_TO}.*\b{_METRIC}\b.*\b(by|per) (channel|campaign|month|week|quarter|ad set|"
    r"ad group)\b",
    rf"{_NOT_HOW_TO}.*\b{_METRIC}\b.*\b((this|last) (week|month|quarter|year)|"
    r"q[1-4]( 20\d\d)?|last \d+ days|year to date|ytd)\b",
    rf"{_NOT_HOW_TO}.*\b{_METRIC}\b.*\b(on|for|from|in|via) {_CHANNEL}\b",
    r"\b(month|quarter|year|week) (over|on) (month|quarter|year|week)\b",
    # how a channel or campaign performed, and any "our ... rate/cost" (unknown metrics too:
    # the tool then lists the metrics that exist instead of a document search guessing)
    r"\bhow (did|do|does|is|are|was|were) [\w /&-]{1,40} (perform|performing|do|doing|trending)\b",
    r"\bwhat (was|were|is|are) our [\w /&-]{1,40}\b(rate|cost|spend|ratio)\b",
)


def _description(doc: str) -> str:
    """The tool's docstring plus the governed names, so a real LLM picks exact arguments."""
    metrics = ", ".join(f"{m.name} ({m.label})" for m in base_metrics())
    dims = ", ".join([*DATE_GRAINS, *DIMENSION_FIELDS])
    doc = " ".join(doc.split())  # one paragraph: the docstring's line breaks are layout only
    return (
        f"{doc}\n\nMetrics: {metrics}. Workspace metrics and synonyms are accepted too.\n"
        f"Dimensions: {dims}, plus any column the workspace imported as a dimension."
    )


def build_query(**fields: Any) -> KpiQuery:
    """A KpiQuery from tool arguments; a malformed argument is the caller's mistake (422)."""
    try:
        return KpiQuery(**{k: v for k, v in fields.items() if v is not None})
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"]) or "arguments"
        raise InvalidInput(f"Invalid kpi_lookup argument '{where}': {first['msg']}.") from exc


def lookup(scope: WorkspaceScope, query: KpiQuery) -> KpiResult:
    """Run one KPI query in a workspace (shared by the tool and the API).

    Raises `UnknownMetric`/`InvalidInput` for names outside the governed catalogue and
    `NoCampaignData` (with what to import) when the workspace has no data."""
    query, notes = resolve_names(scope.dir, query)
    try:
        result = run_kpi_query(scope.dir, query)
    except NoCampaignData as exc:
        raise no_campaign_data(scope.id) from exc
    if notes:
        result = result.model_copy(update={"notes": [*notes, *result.notes]})
    return result


def make_kpi_lookup(services: Services) -> BaseTool:
    def kpi_lookup(
        metrics: Annotated[
            list[str], "Metric names or synonyms, e.g. ['cpl'] or ['spend', 'leads', 'cpl']."
        ],
        runtime: ToolRuntimeT,
        dimensions: Annotated[
            list[str] | None,
            "Group by these, e.g. ['channel'], ['campaign'], ['channel', 'month'].",
        ] = None,
        filters: Annotated[
            dict[str, list[str] | str] | None,
            "Only these values, e.g. {'channel': ['LinkedIn Ads']}.",
        ] = None,
        period: Annotated[
            str | None,
            "e.g. 'last month', 'this quarter', 'Q3', 'Q3 2026', "
            "'March 2026', 'last 30 days', 'year to date', "
            "'2026-01-01 to 2026-03-31'. Default: all data.",
        ] = None,
        compare: Annotated[
            str | None, "'previous_period' (e.g. quarter over quarter) or 'previous_year'."
        ] = None,
        order_by: Annotated[str | None, "Metric to rank by (default: the first metric)."] = None,
        order: Annotated[
            str | None, "'best' or 'worst' (respects whether higher is better), or 'desc' / 'asc'."
        ] = None,
        top_n: Annotated[
            int | None,
            "Keep only the first N groups (e.g. 1 for 'which campaign had the best ROAS').",
        ] = None,
    ) -> str:
        """Exact campaign and funnel figures from this client's imported data (ad platforms,
        GA4, CRM): spend, leads, CPL, CPC, CTR, CAC, ROAS, funnel conversion rates, pipeline,
        revenue. Use it for EVERY question about the client's own performance numbers; never
        estimate a figure yourself. Returns the figures (already rounded and formatted), the
        period actually used, the comparison and change when asked, notes on gaps, and the SQL
        it ran. Quote the formatted figures and the period label, and cite "KPI query". Periods
        are relative to the latest imported date. An unknown name returns the names that
        exist: pick from them or ask the user; do not guess."""
        query = build_query(
            metrics=metrics,
            dimensions=dimensions,
            filters=filters,
            period=period,
            compare=compare,
            order_by=order_by,
            order=order,
            top_n=top_n,
        )
        return tool_result(lookup(runtime.context.scope_in(services), query))

    def extract_args(request: RoutingInput) -> dict[str, Any]:
        directory = _workspace_dir(services, request)
        vocabulary = workspace_vocabulary(directory) if directory else {}
        return extract_kpi_args(
            request.text, previous=request.previous_args("kpi_lookup"), **vocabulary
        )

    description = _description(inspect.getdoc(kpi_lookup) or "")
    tool = StructuredTool.from_function(kpi_lookup, description=description)
    return attach_routing(
        tool,
        Routing(
            examples=tuple(KPI_EXAMPLES),
            extract_args=extract_args,
            keywords=KEYWORDS,
            summary="exact campaign figures (spend, CPL, ROAS, funnel rates) from imported data",
            follow_up=True,
            # a figure is only worth querying when a metric or period is named (the keywords)
            # or the message is very close to a performance question
            intent_required=True,
        ),
    )


def _workspace_dir(services: Services, request: RoutingInput) -> Path | None:
    """The routed message's workspace folder (None: no workspace, or an unknown one)."""
    if request.workspace is None:
        return None
    try:
        return services.scope(request.workspace).dir
    except CmoError:
        return None
