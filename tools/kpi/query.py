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
    known_values,
    resolve_dimension,
)
from tools.kpi.errors import NoCampaignData
from tools.kpi.formatting import format_value, round_value
from tools.kpi.import_warnings import open_warnings, warning_notes
from tools.kpi.metrics import CompiledMetric, MetricRegistry, load_registry
from tools.kpi.onepass import PassSpec, column_facts, filter_clauses, one_pass, order_by
from tools.kpi.periods import CompareMode, Period, previous_period, resolve
from tools.kpi.report import (
    build_comparison,
    build_notes,
    build_pivot,
    metric_infos,
    period_info,
)
from tools.kpi.results import Comparison, KpiQuery, KpiResult

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
        sql, params = main_sql(compiled, period, MAX_ROWS + 1)  # what the citation shows
        raw_rows, diag, previous, missing, used = _answer(cur, store, compiled, period, mode)
        warnings = warning_notes(store.cached("open_warnings", lambda: open_warnings(cur)), used)
        by_currency = per_currency_totals(cur, compiled, period) if split else {}
    result = _result(
        query, compiled, period, bounds, sql, params, raw_rows, diag, previous, missing
    )
    split_money_totals(result, compiled, by_currency)
    result.notes[:0] = warnings
    return result


def _answer(
    cur: duckdb.DuckDBPyConnection,
    store: CampaignStore,
    compiled: CompiledQuery,
    period: Period,
    mode: CompareMode | None,
) -> tuple[
    list[dict[str, Any]],
    Diagnostics,
    tuple[Period, Diagnostics, list[dict[str, Any]]] | None,
    list[tuple[str, str]],
    set[str],
]:
    """The answer's rows, its diagnostics, the comparison, the filter values without data and
    the pending imports used: one statement (`tools.kpi.onepass`)."""
    periods = [period] if mode is None else [period, previous_period(period, mode)]
    group_previous = bool(compiled.dims) and not any(d.is_date for d in compiled.dims)
    pending = store.cached("open_warnings", lambda: open_warnings(cur))
    measures = sorted(set().union(*(m.measures for m in compiled.metrics)))
    facts = store.cached(("columns", *measures), lambda: column_facts(cur, measures))
    spec = PassSpec(periods, MAX_ROWS + 1, group_previous, sorted(pending), facts)
    passes = one_pass(cur, compiled, spec)
    diags = [p.diag or diagnostics(cur, compiled, q) for p, q in zip(passes, periods, strict=True)]
    raw_rows = passes[0].rows if compiled.dims else [dict(diags[0].totals)]
    previous = None
    if mode is not None:
        previous = (periods[1], diags[1], passes[1].rows if group_previous else [])
    missing = _filter_values_without_data(compiled, diags[0], passes[0].present)
    return raw_rows, diags[0], previous, missing, passes[0].imports


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
    return " AND ".join(["date BETWEEN $start AND $end", *filter_clauses(compiled, params)])


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
    order = order_by(compiled)
    sql = (
        f"SELECT {', '.join(dims + metrics)}, count(*) OVER () AS __groups\n"
        f"FROM {FACT_TABLE}\nWHERE {where}\nGROUP BY {groups}\nORDER BY {order}"
    )
    if limit is not None:
        params["limit"] = min(compiled.top_n or limit, limit)
        sql += "\nLIMIT $limit"
    return sql, params


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
    compiled: CompiledQuery, diag: Diagnostics, present: dict[int, set[str]]
) -> list[tuple[str, str]]:
    """(dimension, value) pairs asked for that have no rows in the period (`present`: the
    values seen of each filter with several, lower-case, from the one pass)."""
    missing: list[tuple[str, str]] = []
    for i, (dim, values) in enumerate(compiled.filters):
        if diag.rows == 0:
            missing += [(dim.name, v) for v in values]
        elif len(values) >= 2:
            missing += [(dim.name, v) for v in values if v.lower() not in present.get(i, set())]
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
    citation = _citation(sql, params, comparison)
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


def _citation(sql: str, params: dict[str, Any], comparison: Comparison | None) -> Citation:
    """The answer's own SQL and parameters (and the comparison's period), as a citation."""
    detail = f"{sql}\n-- parameters: {json.dumps(params, default=str)}"
    if comparison is not None:
        detail += (
            f"\n-- comparison: the same query with start={comparison.period.start}, "
            f"end={comparison.period.end}"
        )
    return Citation(
        kind="kpi_query",
        label="KPI query",
        ref="kpi:" + hashlib.sha256(detail.encode()).hexdigest()[:16],
        detail=detail,
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
