"""Run a `KpiQuery` against a workspace's campaign store and return exact, formatted figures.

The query compiles to parameterised SQL: metric and dimension SQL come from the governed layer
(`metrics.py`, `dimensions.py`); periods and filter values are parameters. Every result cites
the SQL that produced it.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import duckdb

from core.stores.campaign_schema import EXTRAS_TABLE, FACT_TABLE, quote_ident
from core.stores.campaigns import DB_FILE, CampaignStore, fetch_one
from tools.citations import Citation
from tools.kpi.compiled import CompiledQuery, Diagnostics
from tools.kpi.currency_split import CURRENCY, MONEY, split_money_totals
from tools.kpi.dimensions import (
    Dimension,
    available,
    check_filter_values,
    filter_clause,
    known_values,
    resolve_dimension,
)
from tools.kpi.errors import NoCampaignData
from tools.kpi.formatting import format_value, round_value
from tools.kpi.import_warnings import warning_notes
from tools.kpi.metrics import CompiledMetric, MetricRegistry, load_registry
from tools.kpi.periods import Period, previous_period, resolve
from tools.kpi.report import (
    build_comparison,
    build_notes,
    build_pivot,
    metric_infos,
    period_info,
)
from tools.kpi.results import KpiQuery, KpiResult

MAX_ROWS = 1000
NO_DATA = (
    "No campaign data has been imported into this workspace yet; import a CSV or Parquet "
    "export (Google Ads, Meta Ads, LinkedIn, GA4, HubSpot or Salesforce) with "
    "`cmo import --workspace ID FILE` or POST /workspaces/{id}/data."
)


def run_kpi_query(workspace_dir: Path, query: KpiQuery) -> KpiResult:
    """Answer one KPI question with figures computed by DuckDB (see module docstring)."""
    if not (Path(workspace_dir) / DB_FILE).is_file():
        raise NoCampaignData(NO_DATA)  # and do not create a database just to say so
    store = CampaignStore(workspace_dir)
    with store.connect() as cur:
        # Facts about the data change only on import/delete, which clear the store's cache.
        first, last, extras = store.cached("facts", lambda: _data_facts(cur))
        if first is None or last is None:
            raise NoCampaignData(NO_DATA)
        registry = load_registry(workspace_dir, [n for n, k in extras.items() if k == "measure"])
        compiled = compile_query(
            cur,
            query,
            registry,
            [n for n, k in extras.items() if k == "dimension"],
            known=lambda dim: store.cached(("known", dim.name), lambda: known_values(cur, dim)),
        )
        mode = query.compare
        bounds: tuple[date, date] = (first, last)
        period = resolve(query.period, bounds)
        several = store.cached(
            "currencies",
            lambda: fetch_one(cur, f"SELECT count(DISTINCT currency) FROM {FACT_TABLE}")[0],
        )
        split = several > 1 and _mixed_money(cur, compiled, period)
        if split and CURRENCY not in compiled.dims:
            compiled.dims.append(CURRENCY)  # rows never add amounts in different currencies
        sql, params = main_sql(compiled, period, MAX_ROWS + 1)
        raw_rows = _fetch(cur, sql, params)
        diag = diagnostics(cur, compiled, period)
        previous = None
        if mode is not None:
            prev_period = previous_period(period, mode)
            prev_rows = []
            if compiled.dims and not any(d.is_date for d in compiled.dims):
                prev_sql, prev_params = main_sql(compiled, prev_period, None)
                prev_rows = _fetch(cur, prev_sql, prev_params)
            previous = (prev_period, diagnostics(cur, compiled, prev_period), prev_rows)
        missing = _filter_values_without_data(cur, compiled, period, diag)
        w_params: dict[str, Any] = {"start": period.start, "end": period.end}
        warnings = warning_notes(cur, store, _where(compiled, w_params), w_params)
        by_currency = per_currency_totals(cur, compiled, period) if split else {}
    result = _result(
        query, compiled, period, bounds, sql, params, raw_rows, diag, previous, missing
    )
    split_money_totals(result, compiled, by_currency)
    result.notes[:0] = warnings
    return result


def _mixed_money(cur: duckdb.DuckDBPyConnection, compiled: CompiledQuery, period: Period) -> bool:
    """Whether money metrics would add amounts in different currencies (never done)."""
    if not any(m.measures & MONEY for m in compiled.metrics):
        return False
    params: dict[str, Any] = {"start": period.start, "end": period.end}
    sql = f"SELECT count(DISTINCT currency) FROM {FACT_TABLE} WHERE {_where(compiled, params)}"
    return int(fetch_one(cur, sql, params)[0]) > 1


def per_currency_totals(
    cur: duckdb.DuckDBPyConnection, compiled: CompiledQuery, period: Period
) -> dict[str, dict[str, Any]]:
    """currency → metric → value over the selection, one currency at a time."""
    only = CompiledQuery(compiled.metrics, [CURRENCY], compiled.filters, None, True, None)
    sql, params = main_sql(only, period, None)
    return {str(r.pop("currency")): r for r in _fetch(cur, sql, params)}


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


def _where(compiled: CompiledQuery, params: dict[str, Any]) -> str:
    clauses = ["date BETWEEN $start AND $end"]
    for i, (dim, values) in enumerate(compiled.filters):
        params[f"f{i}"] = [v.lower() for v in values]
        clauses.append(filter_clause(dim, f"f{i}"))
    return " AND ".join(clauses)


def main_sql(
    compiled: CompiledQuery, period: Period, limit: int | None
) -> tuple[str, dict[str, Any]]:
    """The SQL behind the answer: grouped by the dimensions, ranked if asked, capped."""
    params: dict[str, Any] = {"start": period.start, "end": period.end}
    where = _where(compiled, params)
    dims = [f"{d.sql} AS {quote_ident(d.name)}" for d in compiled.dims]
    metrics = [f"{m.sql} AS {quote_ident(m.metric.name)}" for m in compiled.metrics]
    if not compiled.dims:
        return f"SELECT {', '.join(metrics)}\nFROM {FACT_TABLE}\nWHERE {where}", params
    groups = ", ".join(str(i + 1) for i in range(len(dims)))
    order = _order_by(compiled)
    sql = (
        f"SELECT {', '.join(dims + metrics)}, count(*) OVER () AS __groups\n"
        f"FROM {FACT_TABLE}\nWHERE {where}\nGROUP BY {groups}\nORDER BY {order}"
    )
    if limit is not None:
        params["limit"] = min(compiled.top_n or limit, limit)
        sql += "\nLIMIT $limit"
    return sql, params


def _order_by(compiled: CompiledQuery) -> str:
    parts = [f"{quote_ident(d.name)} ASC" for d in compiled.dims if d.is_date]
    ranking = compiled.order_metric or (None if parts else compiled.metrics[0])
    if compiled.order_metric is not None:
        parts = []
    if ranking is not None:
        direction = "DESC" if compiled.descending else "ASC"
        parts.append(f"{quote_ident(ranking.metric.name)} {direction} NULLS LAST")
    parts += [f"{quote_ident(d.name)} ASC" for d in compiled.dims if not d.is_date]
    if compiled.order_metric is not None:
        parts += [f"{quote_ident(d.name)} ASC" for d in compiled.dims if d.is_date]
    return ", ".join(parts)


def _fetch(
    cur: duckdb.DuckDBPyConnection, sql: str, params: dict[str, Any]
) -> list[dict[str, Any]]:
    result = cur.execute(sql, params)
    names = [d[0] for d in result.description]
    return [dict(zip(names, row, strict=True)) for row in result.fetchall()]


def diagnostics(
    cur: duckdb.DuckDBPyConnection, compiled: CompiledQuery, period: Period
) -> Diagnostics:
    """Totals over the whole selection plus what the notes need (rows, currencies, gaps)."""
    params: dict[str, Any] = {"start": period.start, "end": period.end}
    where = _where(compiled, params)
    measures = sorted(set().union(*(m.measures for m in compiled.metrics)))
    parts = [f"{m.sql} AS {quote_ident(m.metric.name)}" for m in compiled.metrics]
    parts += [
        "count(*) AS __rows",
        "list(DISTINCT currency) FILTER (WHERE currency IS NOT NULL) AS __currencies",
    ]
    parts += [f"count({quote_ident(m)}) AS {quote_ident('n_' + m)}" for m in measures]
    for m in compiled.metrics:
        used = sorted(m.measures)
        if len(used) > 1:
            some_null = " OR ".join(f"{quote_ident(u)} IS NULL" for u in used)
            some_set = " OR ".join(f"{quote_ident(u)} IS NOT NULL" for u in used)
            parts.append(
                f"count(*) FILTER (WHERE ({some_null}) AND ({some_set})) "
                f"AS {quote_ident('mixed_' + m.metric.name)}"
            )
    row = _fetch(cur, f"SELECT {', '.join(parts)} FROM {FACT_TABLE} WHERE {where}", params)[0]
    return Diagnostics(
        totals={m.metric.name: row[m.metric.name] for m in compiled.metrics},
        rows=row["__rows"],
        currencies=sorted(row["__currencies"] or []),
        measure_counts={m: row[f"n_{m}"] for m in measures},
        mixed_rows={k[6:]: v for k, v in row.items() if k.startswith("mixed_") and v},
    )


def _filter_values_without_data(
    cur: duckdb.DuckDBPyConnection, compiled: CompiledQuery, period: Period, diag: Diagnostics
) -> list[tuple[str, str]]:
    """(dimension, value) pairs asked for that have no rows in the period."""
    missing: list[tuple[str, str]] = []
    for dim, values in compiled.filters:
        if diag.rows == 0:
            missing += [(dim.name, v) for v in values]
            continue
        if len(values) < 2:
            continue
        params: dict[str, Any] = {"start": period.start, "end": period.end}
        where = _where(compiled, params)
        sql = f"SELECT DISTINCT lower(CAST({dim.sql} AS VARCHAR)) FROM {FACT_TABLE} WHERE {where}"
        present = {r[0] for r in cur.execute(sql, params).fetchall()}
        missing += [(dim.name, v) for v in values if v.lower() not in present]
    return missing


def _result(
    query: KpiQuery,
    compiled: CompiledQuery,
    period: Period,
    bounds: tuple[date, date],
    sql: str,
    params: dict[str, Any],
    raw_rows: list[dict[str, Any]],
    diag: Diagnostics,
    previous: tuple[Period, Diagnostics, list[dict[str, Any]]] | None,
    missing: list[tuple[str, str]],
) -> KpiResult:
    currency = diag.currencies[0] if len(diag.currencies) == 1 else None
    groups = raw_rows[0].get("__groups", 1) if raw_rows else 0
    truncated = compiled.top_n is None and len(raw_rows) > MAX_ROWS
    raw_rows = raw_rows[:MAX_ROWS]
    rows, formatted = _shape_rows(compiled, raw_rows, currency)
    totals = {
        m.metric.name: round_value(diag.totals[m.metric.name], m.metric) for m in compiled.metrics
    }
    formatted_totals = {
        m.metric.name: format_value(diag.totals[m.metric.name], m.metric, currency)
        for m in compiled.metrics
    }
    comparison = None
    if previous is not None:
        comparison = build_comparison(compiled, diag, previous, rows, formatted, currency)
    detail = f"{sql}\n-- parameters: {json.dumps(params, default=str)}"
    if comparison is not None:
        detail += (
            f"\n-- comparison: the same query with start={comparison.period.start}, "
            f"end={comparison.period.end}"
        )
    citation = Citation(
        kind="kpi_query",
        label="KPI query",
        ref="kpi:" + hashlib.sha256(detail.encode()).hexdigest()[:16],
        detail=detail,
    )
    notes = build_notes(compiled, period, diag, previous, missing, bounds, truncated, groups)
    return KpiResult(
        metrics=metric_infos(compiled),
        dimensions=[d.name for d in compiled.dims],
        filters={d.name: v for d, v in compiled.filters},
        period=period_info(period),
        comparison=comparison,
        rows=rows,
        formatted_rows=formatted,
        totals=totals,
        formatted_totals=formatted_totals,
        row_count=groups if compiled.dims else 1,
        truncated=truncated,
        currency=currency,
        data_start=bounds[0],
        data_end=bounds[1],
        order=(query.order or "best") if compiled.order_metric else None,
        order_by=compiled.order_metric.metric.name if compiled.order_metric else None,
        top_n=compiled.top_n,
        sql=sql,
        params={k: (str(v) if isinstance(v, date) else v) for k, v in params.items()},
        citations=[citation],
        notes=notes,
        pivot=build_pivot(compiled, formatted, truncated),
    )


def _shape_rows(
    compiled: CompiledQuery, raw_rows: list[dict[str, Any]], currency: str | None
) -> tuple[list[dict[str, Any]], list[dict[str, str]]]:
    rows, formatted = [], []
    for raw in raw_rows:
        # SQL groups and sorts date grains as DATEs; people read "2026-10" / "2026-Q3".
        row: dict[str, Any] = {d.name: d.label(raw[d.name]) for d in compiled.dims}
        text: dict[str, str] = {
            d.name: "(none)" if row[d.name] is None else str(row[d.name]) for d in compiled.dims
        }
        for m in compiled.metrics:
            row[m.metric.name] = round_value(raw[m.metric.name], m.metric)
            text[m.metric.name] = format_value(raw[m.metric.name], m.metric, currency)
        rows.append(row)
        formatted.append(text)
    return rows, formatted
