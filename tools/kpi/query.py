"""Run a `KpiQuery` against a workspace's campaign store and return exact, formatted figures.

The query compiles to parameterised SQL: metric and dimension SQL come from the governed layer
(`metrics.py`, `dimensions.py`); periods and filter values are parameters. Every result cites
the SQL that produced it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import duckdb

from core.stores.campaign_schema import FACT_TABLE, quote_ident
from core.stores.campaigns import DB_FILE, CampaignStore
from tools.kpi.compiled import CompiledQuery, Diagnostics
from tools.kpi.currency_split import CURRENCY, split_money_totals
from tools.kpi.errors import NoCampaignData
from tools.kpi.formatting import format_value, round_value
from tools.kpi.import_warnings import open_warnings, warning_notes
from tools.kpi.lean import answer_pass
from tools.kpi.periods import Period
from tools.kpi.planning import MAX_ROWS, NO_DATA, Plan, main_sql, plan_query, where_clause
from tools.kpi.report import (
    build_comparison,
    build_notes,
    build_pivot,
)
from tools.kpi.results import KpiQuery, KpiResult

__all__ = ["MAX_ROWS", "NO_DATA", "diagnostics", "per_currency_totals", "run_kpi_query"]


def run_kpi_query(workspace_dir: Path, query: KpiQuery) -> KpiResult:
    """Answer one KPI question with figures computed by DuckDB (see module docstring)."""
    if not (Path(workspace_dir) / DB_FILE).is_file():
        raise NoCampaignData(NO_DATA)  # and do not create a database just to say so
    store = CampaignStore(workspace_dir)
    with store.connect() as cur:
        plan = plan_query(cur, store, workspace_dir, query)
        raw_rows, diag, previous, missing, used = _answer(cur, plan)
        warnings = warning_notes(store.cached("open_warnings", lambda: open_warnings(cur)), used)
        by_currency = per_currency_totals(cur, plan.compiled, plan.period) if plan.split else {}
    result = _result(query, plan, raw_rows, diag, previous, missing)
    split_money_totals(result, plan.compiled, by_currency)
    result.notes[:0] = warnings
    return result


def _answer(
    cur: duckdb.DuckDBPyConnection, plan: Plan
) -> tuple[
    list[dict[str, Any]],
    Diagnostics,
    tuple[Period, Diagnostics, list[dict[str, Any]]] | None,
    list[tuple[str, str]],
    set[str],
]:
    """The answer's rows, its diagnostics, the comparison, the filter values without data and
    the pending imports used: one statement (`tools.kpi.onepass`)."""
    compiled, periods = plan.compiled, plan.spec.periods
    passes = answer_pass(cur, compiled, plan.spec)
    diags = [p.diag or diagnostics(cur, compiled, q) for p, q in zip(passes, periods, strict=True)]
    raw_rows = passes[0].rows if compiled.dims else [dict(diags[0].totals)]
    previous = None
    if plan.mode is not None:
        previous = (periods[1], diags[1], passes[1].rows if plan.spec.group_previous else [])
    missing = _filter_values_without_data(compiled, diags[0], passes[0].present)
    return raw_rows, diags[0], previous, missing, passes[0].imports


def per_currency_totals(
    cur: duckdb.DuckDBPyConnection, compiled: CompiledQuery, period: Period
) -> dict[str, dict[str, Any]]:
    """currency → metric → value over the selection, one currency at a time."""
    only = CompiledQuery(compiled.metrics, [CURRENCY], compiled.filters, None, True, None)
    sql, params = main_sql(only, period, None)
    return {str(r.pop("currency")): r for r in _fetch(cur, sql, params)}


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
    where = where_clause(compiled, params)
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
    plan: Plan,
    raw_rows: list[dict[str, Any]],
    diag: Diagnostics,
    previous: tuple[Period, Diagnostics, list[dict[str, Any]]] | None,
    missing: list[tuple[str, str]],
) -> KpiResult:
    compiled, period, bounds, sql = plan.compiled, plan.period, plan.bounds, plan.sql
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
    notes = build_notes(compiled, period, diag, previous, missing, bounds, truncated, groups)
    return KpiResult(
        metrics=list(plan.infos),
        dimensions=[d.name for d in compiled.dims],
        filters={d.name: v for d, v in compiled.filters},
        period=plan.period_info,
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
        params=dict(plan.shown_params),
        citations=[plan.citation],
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
