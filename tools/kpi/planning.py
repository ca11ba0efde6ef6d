"""Planning a KPI query: names resolved to governed SQL, the period resolved against the data,
and what the one statement needs (`tools.kpi.onepass`), cached per workspace and query.

A plan depends only on the question, the workspace's metrics (`metrics.yaml`, whose registry
is part of the cache key, so an edit takes effect at the next query) and facts about the data
that change only on import, deletion or confirmation, each of which clears the store's cache
(`CampaignStore.invalidate`). Repeating a question therefore runs its statement at once.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from functools import partial
from pathlib import Path
from typing import Any

import duckdb

from core.stores.campaign_schema import EXTRAS_TABLE, FACT_TABLE, quote_ident
from core.stores.campaigns import CampaignStore, fetch_one
from tools.citations import Citation
from tools.kpi.compiled import CompiledQuery
from tools.kpi.currency_split import CURRENCY, MONEY
from tools.kpi.dimensions import (
    Dimension,
    available,
    check_filter_values,
    known_values,
    resolve_dimension,
)
from tools.kpi.errors import NoCampaignData
from tools.kpi.import_warnings import open_warnings
from tools.kpi.metrics import CompiledMetric, MetricRegistry, load_registry
from tools.kpi.onepass import PassSpec, column_facts, filter_clauses, order_by
from tools.kpi.periods import CompareMode, Period, previous_period, resolve
from tools.kpi.report import metric_infos, period_info
from tools.kpi.results import KpiQuery, MetricInfo, PeriodInfo

MAX_ROWS = 1000
LEAN_GROUPS = 2 * MAX_ROWS  # up to this many groups, all are fetched (`tools.kpi.lean`)
NO_DATA = (
    "No campaign data has been imported into this workspace yet; import a CSV or Parquet "
    "export (Google Ads, Meta Ads, LinkedIn, GA4, HubSpot or Salesforce) with "
    "`cmo import --workspace ID FILE` or POST /workspaces/{id}/data."
)


@dataclass(frozen=True)
class Plan:
    """Everything about a query that does not need its statement's result (read-only)."""

    compiled: CompiledQuery
    bounds: tuple[date, date]  # first and latest date with data
    period: Period
    mode: CompareMode | None
    split: bool  # money in several currencies: totals per currency instead
    sql: str  # the answer's own SQL and parameters, as the citation shows them
    params: dict[str, Any]
    spec: PassSpec  # the one statement's inputs: periods (answer's, comparison's), caps, facts
    infos: list[MetricInfo]  # the result's parts that depend on the plan alone
    period_info: PeriodInfo
    citation: Citation
    shown_params: dict[str, Any]


def plan_query(
    cur: duckdb.DuckDBPyConnection, store: CampaignStore, workspace_dir: Path, query: KpiQuery
) -> Plan:
    """The query's plan, from the workspace's cache when it was asked before (see module
    docstring). Raises NoCampaignData, UnknownMetric/Dimension/FilterValue, InvalidPeriod."""
    first, last, extras = store.cached("facts", lambda: _data_facts(cur))
    if first is None or last is None:
        raise NoCampaignData(NO_DATA)
    registry = load_registry(workspace_dir, [n for n, k in extras.items() if k == "measure"])
    key = ("plan", query.model_dump_json(), registry)
    return store.cached(key, lambda: _plan(cur, store, query, registry, extras, (first, last)))


def _plan(
    cur: duckdb.DuckDBPyConnection,
    store: CampaignStore,
    query: KpiQuery,
    registry: MetricRegistry,
    extras: dict[str, str],
    bounds: tuple[date, date],
) -> Plan:
    compiled = compile_query(
        cur,
        query,
        registry,
        [n for n, k in extras.items() if k == "dimension"],
        known=lambda dim: store.cached(("known", dim.name), lambda: known_values(cur, dim)),
    )
    period = resolve(query.period, bounds)
    periods = (
        [period] if query.compare is None else [period, previous_period(period, query.compare)]
    )
    several = store.cached(
        "currencies",
        lambda: fetch_one(cur, f"SELECT count(DISTINCT currency) FROM {FACT_TABLE}")[0],
    )
    split = several > 1 and _mixed_money(cur, compiled, period)
    if split and CURRENCY not in compiled.dims:
        compiled.dims.append(CURRENCY)  # rows never add amounts in different currencies
    sql, params = main_sql(compiled, period, MAX_ROWS + 1)
    pending = store.cached("open_warnings", lambda: open_warnings(cur))
    measures = sorted(set().union(*(m.measures for m in compiled.metrics)))
    facts = store.cached(("columns", *measures), lambda: column_facts(cur, measures))
    group_previous = bool(compiled.dims) and not any(d.is_date for d in compiled.dims)
    few = _estimated_groups(cur, store, compiled) <= LEAN_GROUPS
    spec = PassSpec(periods, MAX_ROWS + 1, group_previous, sorted(pending), facts, few)
    previous = periods[1] if len(periods) == 2 else None
    return Plan(
        compiled,
        bounds,
        period,
        query.compare,
        split,
        sql,
        params,
        spec,
        metric_infos(compiled),
        period_info(period),
        _citation(sql, params, previous),
        {k: (str(v) if isinstance(v, date) else v) for k, v in params.items()},
    )


def _citation(sql: str, params: dict[str, Any], comparison: Period | None) -> Citation:
    """The answer's own SQL and parameters (and the comparison's period), as a citation."""
    detail = f"{sql}\n-- parameters: {json.dumps(params, default=str)}"
    if comparison is not None:
        detail += (
            f"\n-- comparison: the same query with start={comparison.start}, end={comparison.end}"
        )
    return Citation(
        kind="kpi_query",
        label="KPI query",
        ref="kpi:" + hashlib.sha256(detail.encode()).hexdigest()[:16],
        detail=detail,
    )


def _data_facts(cur: duckdb.DuckDBPyConnection) -> tuple[date | None, date | None, dict[str, str]]:
    """First and last date with data, and the extra columns (name → kind)."""
    first, last = fetch_one(cur, f"SELECT min(date), max(date) FROM {FACT_TABLE}")
    extras = dict(cur.execute(f"SELECT name, kind FROM {EXTRAS_TABLE}").fetchall())
    return first, last, extras


def compile_query(
    cur: duckdb.DuckDBPyConnection,
    query: KpiQuery,
    registry: MetricRegistry,
    extra_dimensions: list[str],
    known: Callable[[Dimension], dict[str, str] | None] | None = None,
) -> CompiledQuery:
    """Resolve names (raising UnknownMetric/UnknownDimension/UnknownFilterValue) and order.
    `known` gives a dimension's values (lower-case → spelling) from a cache, when available."""
    metrics: list[CompiledMetric] = []
    for name in query.metrics:
        metric = registry.resolve(name)
        if metric not in metrics:
            metrics.append(metric)
    order_metric = registry.resolve(query.order_by) if query.order_by else None
    if order_metric is not None and order_metric not in metrics:
        metrics.append(order_metric)
    dims_available = available(extra_dimensions)
    dims: list[Dimension] = []
    for name in query.dimensions:
        dim = resolve_dimension(name, dims_available)
        if dim not in dims:
            dims.append(dim)
    filters = [
        (dim, check_filter_values(cur, dim, values, known(dim) if known else None))
        for dim, values in (
            (resolve_dimension(k, dims_available), v) for k, v in query.filters.items()
        )
        if values
    ]
    ranked = query.order is not None or query.top_n is not None
    if ranked and order_metric is None:
        order_metric = metrics[0]
    descending = True
    if order_metric is not None:
        hib = order_metric.metric.higher_is_better is not False
        descending = {"best": hib, "worst": not hib, "desc": True, "asc": False}.get(
            query.order or "best", True
        )
    return CompiledQuery(metrics, dims, filters, order_metric, descending, query.top_n)


def where_clause(compiled: CompiledQuery, params: dict[str, Any]) -> str:
    return " AND ".join(["date BETWEEN $start AND $end", *filter_clauses(compiled, params)])


def main_sql(
    compiled: CompiledQuery, period: Period, limit: int | None
) -> tuple[str, dict[str, Any]]:
    """The SQL behind the answer: grouped by the dimensions, ranked if asked, capped."""
    params: dict[str, Any] = {"start": period.start, "end": period.end}
    where = where_clause(compiled, params)
    dims = [f"{d.sql} AS {quote_ident(d.name)}" for d in compiled.dims]
    metrics = [f"{m.sql} AS {quote_ident(m.metric.name)}" for m in compiled.metrics]
    if not compiled.dims:
        return f"SELECT {', '.join(metrics)}\nFROM {FACT_TABLE}\nWHERE {where}", params
    groups = ", ".join(str(i + 1) for i in range(len(dims)))
    order = order_by(compiled)
    sql = (
        f"SELECT {', '.join(dims + metrics)}, count(*) OVER () AS __groups\n"
        f"FROM {FACT_TABLE}\nWHERE {where}\nGROUP BY {groups}\nORDER BY {order}"
    )
    if limit is not None:
        params["limit"] = min(compiled.top_n or limit, limit)
        sql += "\nLIMIT $limit"
    return sql, params


def _estimated_groups(
    cur: duckdb.DuckDBPyConnection, store: CampaignStore, compiled: CompiledQuery
) -> int:
    """At most how many groups the dimensions make (each one's distinct values in the whole
    table, plus a blank, multiplied; approximate, cached per workspace until an import)."""

    def distinct(dim: Dimension) -> int:
        sql = f"SELECT approx_count_distinct({dim.sql}) FROM {FACT_TABLE}"
        return int(fetch_one(cur, sql)[0])

    estimate = 1
    for dim in compiled.dims:
        estimate *= 1 + store.cached(("distinct", dim.name), partial(distinct, dim))
    return estimate


def _mixed_money(cur: duckdb.DuckDBPyConnection, compiled: CompiledQuery, period: Period) -> bool:
    """Whether money metrics would add amounts in different currencies (never done)."""
    if not any(m.measures & MONEY for m in compiled.metrics):
        return False
    params: dict[str, Any] = {"start": period.start, "end": period.end}
    sql = (
        f"SELECT count(DISTINCT currency) FROM {FACT_TABLE} WHERE {where_clause(compiled, params)}"
    )
    return int(fetch_one(cur, sql, params)[0]) > 1
