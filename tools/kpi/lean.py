"""The lean statement: a KPI answer from the measures' sums alone, when the groups are few.

DuckDB's fixed cost per operator dominates on small and mid-sized data: a window, a union or
a sort each add about as much as the aggregation itself. So when the answer has no
dimensions, or its dimensions make few groups (`PassSpec.few_groups`), the statement is one
plain aggregation returning, per period and group, only the SUM of each measure the metrics
use, the row count and the diagnostics (`tools.kpi.onepass.diagnostic_parts`). Everything
else is arithmetic on those few numbers, done here with DuckDB's own rules
(`CompiledMetric.value`, checked against DuckDB for every metric):

* each group's metric values: the metric's formula over that group's sums;
* each period's totals: the formula over the sums of the groups' sums (exactly rounded);
* the ranking: the answer's ORDER BY (`onepass.order_by`) reproduced as a sort key (NULLs
  last, text in byte order as DuckDB compares it), then capped.

Many groups go to `tools.kpi.onepass.one_pass`, which ranks and totals them in SQL.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import duckdb

from core.stores.campaign_schema import FACT_TABLE, quote_ident
from tools.kpi.compiled import CompiledQuery
from tools.kpi.onepass import (
    PassResult,
    PassSpec,
    diagnostic_parts,
    filter_clauses,
    measures_of,
    one_pass,
    only,
    overlap,
    read_totals,
)


def answer_pass(
    cur: duckdb.DuckDBPyConnection, compiled: CompiledQuery, spec: PassSpec
) -> list[PassResult]:
    """One `PassResult` per period of `spec.periods` (the answer's, then the comparison's):
    the lean statement when it applies (see module docstring), else `one_pass`."""
    if compiled.dims and not spec.few_groups:
        return one_pass(cur, compiled, spec)
    periods = spec.periods
    if len(periods) == 2 and overlap(periods[0], periods[1]):  # a row would be in both
        return answer_pass(cur, compiled, only(spec, 0)) + answer_pass(
            cur, compiled, only(spec, 1, previous=True)
        )
    if spec.prepared is None:  # a cached plan's spec keeps its statement
        spec.prepared = _Prepared(
            *lean_sql(compiled, spec), diagnostic_parts(compiled, spec), measures_of(compiled)
        )
    prepared: _Prepared = spec.prepared
    rows = cur.execute(prepared.sql, prepared.params).fetchall()
    return _read(compiled, spec, prepared, rows)


@dataclass(frozen=True)
class _Prepared:
    sql: str
    params: dict[str, Any]
    diagnostics: list[tuple[str, str, str]]
    measures: list[str]


def lean_sql(compiled: CompiledQuery, spec: PassSpec) -> tuple[str, dict[str, Any]]:
    """Columns: `__p` (0: the answer's period, 1: the comparison's; only with a comparison:
    a constant column costs DuckDB about as much as a sum on small data), the dimensions, the
    row count and other diagnostics, then `__s{j}` = SUM of the j-th measure (`measures_of`)."""
    params: dict[str, Any] = {"start": spec.periods[0].start, "end": spec.periods[0].end}
    filters = filter_clauses(compiled, params)
    two = len(spec.periods) == 2
    tag, span = "0", "date BETWEEN $start AND $end"
    if two and spec.periods[1].end + timedelta(days=1) == spec.periods[0].start:
        params["p_start"] = spec.periods[1].start  # the period just before: one date range
        tag, span = "CASE WHEN date >= $start THEN 0 ELSE 1 END", "date BETWEEN $p_start AND $end"
    elif two:
        params.update(p_start=spec.periods[1].start, p_end=spec.periods[1].end)
        tag = "CASE WHEN date BETWEEN $start AND $end THEN 0 ELSE 1 END"
        span = f"({span} OR date BETWEEN $p_start AND $p_end)"
    if spec.pending:
        params["__pending"] = spec.pending
    parts = [f"{tag} AS __p"] * two
    parts += [f"{d.sql} AS {quote_ident(d.name)}" for d in compiled.dims]
    parts += [f"{expr} AS {alias}" for alias, expr, _ in diagnostic_parts(compiled, spec)]
    parts += [f"SUM({quote_ident(m)}) AS __s{j}" for j, m in enumerate(measures_of(compiled))]
    sql = f"SELECT {', '.join(parts)}\nFROM {FACT_TABLE}\nWHERE {' AND '.join([span, *filters])}"
    group_by = ["__p"] * two + [d.sql for d in compiled.dims]
    if group_by:  # without any, one row even for an empty selection
        sql += f"\nGROUP BY {', '.join(group_by)}"
    return sql, params


def _read(
    compiled: CompiledQuery, spec: PassSpec, prepared: _Prepared, rows: list[tuple[Any, ...]]
) -> list[PassResult]:
    diagnostics, measures = prepared.diagnostics, prepared.measures
    tagged = int(len(spec.periods) == 2)  # the first column is `__p`
    first_sum = tagged + len(compiled.dims) + len(diagnostics)
    per_period: list[list[tuple[Any, ...]]] = [[] for _ in spec.periods]
    for row in rows:
        per_period[row[0] if tagged else 0].append(row)
    out = [PassResult() for _ in spec.periods]
    limit = min(compiled.top_n or spec.limit, spec.limit) if spec.limit else None
    for p, (groups, target) in enumerate(zip(per_period, out, strict=True)):
        if not groups:
            continue  # no rows in the period: its diagnostics come from an empty selection
        totals: dict[str, Any] = {}
        for k, (alias, _, how) in enumerate(diagnostics):
            column = [g[tagged + len(compiled.dims) + k] for g in groups]
            totals[alias] = _sum(column) if how == "sum" else _merge(column)
        sums = {m: _sum([g[first_sum + j] for g in groups]) for j, m in enumerate(measures)}
        for i, m in enumerate(compiled.metrics):
            totals[f"__t{i}"] = m.value(sums)
        read_totals(compiled, totals | {"__groups": len(groups)}, spec.facts, target)
        if compiled.dims and (p == 0 or spec.group_previous):
            answer = [_answer_row(compiled, measures, tagged, first_sum, g) for g in groups]
            answer.sort(key=sort_key(compiled))
            kept = answer[:limit] if p == 0 and limit else answer
            target.rows = [r | {"__groups": len(groups)} for r in kept]
    return out


def _answer_row(
    compiled: CompiledQuery,
    measures: list[str],
    first_dim: int,
    first_sum: int,
    group: tuple[Any, ...],
) -> dict[str, Any]:
    row = {d.name: group[first_dim + i] for i, d in enumerate(compiled.dims)}
    sums = {m: group[first_sum + j] for j, m in enumerate(measures)}
    for m in compiled.metrics:
        row[m.metric.name] = m.value(sums)
    return row


def sort_key(compiled: CompiledQuery) -> Callable[[dict[str, Any]], tuple[Any, ...]]:
    """`onepass.order_by` as a key: date grains in time order; a ranking metric first when
    asked (or, without a date grain, the first metric, best first); then the other dimensions;
    NULLs last throughout, NaN above every number as DuckDB sorts it."""
    dates = [d.name for d in compiled.dims if d.is_date]
    others = [d.name for d in compiled.dims if not d.is_date]
    ranking = compiled.order_metric or (None if dates else compiled.metrics[0])
    parts: list[Callable[[dict[str, Any]], tuple[Any, ...]]] = []
    if compiled.order_metric is None:
        parts += [_ascending(n) for n in dates]
    if ranking is not None:
        parts.append(_metric(ranking.metric.name, compiled.descending))
    parts += [_ascending(n) for n in others]
    if compiled.order_metric is not None:
        parts += [_ascending(n) for n in dates]
    return lambda row: tuple(part(row) for part in parts)


def _ascending(name: str) -> Callable[[dict[str, Any]], tuple[Any, ...]]:
    return lambda row: (row[name] is None, row[name] if row[name] is not None else 0)


def _metric(name: str, descending: bool) -> Callable[[dict[str, Any]], tuple[Any, ...]]:
    def key(row: dict[str, Any]) -> tuple[Any, ...]:
        value = row[name]
        if value is None:
            return (True, False, 0.0)
        nan = math.isnan(value)
        number = 0.0 if nan else float(value)
        return (False, not nan, -number) if descending else (False, nan, number)

    return key


def _sum(values: list[Any]) -> Any:
    """SQL's SUM over the groups' values: NULL when all are; doubles summed exactly rounded."""
    present = [v for v in values if v is not None]
    if not present:
        return None
    if all(isinstance(v, int) for v in present):
        return sum(present)
    return math.fsum(present)


def _merge(values: list[list[Any] | None]) -> list[Any]:
    return list(dict.fromkeys(v for vs in values if vs for v in vs))
