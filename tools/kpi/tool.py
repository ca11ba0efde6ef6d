"""`kpi_lookup`: exact campaign and funnel figures for the current workspace, with their SQL.

The model (a real LLM or the offline model) fills typed arguments — governed metric names, a
typed period, enums for comparison and order; every figure comes from the DuckDB query
engine, and the result cites the SQL that produced it. Metric names are checked on the server
against the workspace's catalogue (an unknown name gets the nearest names), so the schema the
model reads stays small.
"""

from __future__ import annotations

from typing import Any

from langchain_core.tools import BaseTool, StructuredTool
from pydantic import ValidationError

from core.context import ToolRuntimeT
from core.errors import CmoError, InvalidInput
from core.scope import WorkspaceScope
from core.services import Services
from core.stores.campaign_schema import DIMENSION_FIELDS
from tools.kpi.dimensions import DATE_GRAINS
from tools.kpi.errors import NoCampaignData, no_campaign_data
from tools.kpi.metrics import base_metrics, load_registry
from tools.kpi.query import run_kpi_query
from tools.kpi.resolve import resolve_names
from tools.kpi.results import KpiQuery, KpiResult
from tools.outputs import tool_output

DESCRIPTION = (
    "Exact figures from this client's imported campaign and CRM data: use it for every "
    "performance number; never estimate one. Quote the formatted figures and the period label "
    "it returns; cite 'KPI query'. An unknown name returns the names that exist: pick one or "
    "ask."
)


def description() -> str:
    """The tool description: what it does plus the governed names, compactly."""
    metrics = ", ".join(m.name for m in base_metrics())
    dims = ", ".join([*DATE_GRAINS, *DIMENSION_FIELDS])
    return (
        f"{DESCRIPTION}\nMetrics: {metrics} (or a synonym).\n"
        f"Dimensions: {dims}, or an imported column."
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
        raise no_campaign_data(scope.id, _needs(scope, query.metrics)) from exc
    if notes:
        result = result.model_copy(update={"notes": [*notes, *result.notes]})
    return result


def make_kpi_lookup(services: Services) -> BaseTool:
    """The `kpi_lookup` tool; its arguments are `KpiQuery`'s fields."""

    def kpi_lookup(runtime: ToolRuntimeT, **fields: Any) -> tuple[str, KpiResult]:
        query = build_query(**fields)
        result = lookup(runtime.context.scope_in(services), query)
        return tool_output(result, hide=frozenset({"sql", "params", "pivot"}))

    return StructuredTool.from_function(
        kpi_lookup,
        name="kpi_lookup",
        description=description(),
        args_schema=KpiQuery,
        response_format="content_and_artifact",
    )


def _needs(scope: WorkspaceScope, metrics: list[str]) -> list[str]:
    """Each asked metric with the measures it is computed from ("roas (from revenue and
    spend)"), so an empty workspace's answer names the data to import."""
    registry = load_registry(scope.dir)
    named = []
    for name in metrics:
        try:
            measures = sorted(registry.resolve(name).measures)
        except CmoError:
            measures = []
        label = name.replace("_", " ")
        if measures and measures != [name]:
            label += f" (from {' and '.join(measures)})"
        named.append(label)
    return named
