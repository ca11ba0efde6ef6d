"""A KPI answer, its diagnostics and its comparison in one statement (one scan of the facts).

`one_pass` runs a single SQL statement over the selection (the period, plus the comparison
period when asked, tagged `__p`, and the filters). Without dimensions it is one aggregate
row per period: the metrics beside the diagnostics. With dimensions it groups by the period
and the dimensions, and window functions over each period's groups give the selection-wide
figures: the totals (each metric's formula over the sums of the groups' sums; metrics are
arithmetic over SUM(measure), `tools.kpi.metrics`), the row count and the other diagnostics;
a window also ranks and caps the groups, so the answer's rows come back ordered and capped as
the answer's own SQL (`main_sql` in `tools.kpi.query`, which the citation shows) returns them.

Diagnostics cost nothing where the table already answers them (`ColumnFacts`, cached per
workspace until the next import): a measure with no blank anywhere is reported by every row
of any selection, and a table with one currency and none missing has that currency in every
non-empty selection. Only the rest is counted in the statement: reporting rows of measures
with blanks, rows that report only some of a metric's measures, the currencies of a
multi-currency table, filter values present, imports with open warnings used.

A period with no rows has no group; its diagnostics are then read by a query over that empty
selection (`tools.kpi.query.diagnostics`). Overlapping periods (a comparison a year back over a
range longer than a year) are run as two such statements, since a row would belong to both.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import duckdb

from core.stores.campaign_schema import FACT_TABLE, quote_ident
from tools.kpi.compiled import CompiledQuery, Diagnostics
from tools.kpi.dimensions import filter_clause
from tools.kpi.periods import Period

_SUM = re.compile(r'SUM\(("(?:[^"]|"")+")\)')
Wrap = Callable[[str], str]


@dataclass(frozen=True)
class ColumnFacts:
    """What the whole fact table says about its currencies and blank measures."""

    currencies: tuple[str, ...]  # distinct, sorted, blanks left out
    currency_blanks: bool  # some row has no currency
    blank_measures: frozenset[str]  # measures blank (NULL) in some row


def column_facts(cur: duckdb.DuckDBPyConnection, measures: list[str]) -> ColumnFacts:
    """One scan of the table for `ColumnFacts` (cache it: it changes only on import)."""
    parts = [
        "list(DISTINCT currency) FILTER (WHERE currency IS NOT NULL)",
        "count(*) > count(currency)",
        *(f"count(*) > count({quote_ident(m)})" for m in measures),
    ]
    row = cur.execute(f"SELECT {', '.join(parts)} FROM {FACT_TABLE}").fetchone()
    assert row is not None  # an aggregate without GROUP BY always returns a row
    blanks = frozenset(m for m, blank in zip(measures, row[2:], strict=True) if blank)
    return ColumnFacts(tuple(sorted(row[0] or [])), bool(row[1]), blanks)


@dataclass
class PassResult:
    """What one pass returns for one period."""

    rows: list[dict[str, Any]] = field(default_factory=list)  # the answer's rows, capped
    diag: Diagnostics | None = None  # None: no rows in the period (no totals row)
    present: dict[int, set[str]] = field(default_factory=dict)  # filter index → values seen
    imports: set[str] = field(default_factory=set)  # pending imports the selection uses
    groups: int = 0  # the period's groups, before any cap


@dataclass
class PassSpec:
    """The statement's inputs besides the compiled query."""

    periods: list[Period]  # the answer's period first, then the comparison's
    limit: int | None  # cap on the answer's rows
    group_previous: bool  # whether the comparison period needs its groups too
    pending: list[str]  # imports with unconfirmed warnings (empty: none)
    facts: ColumnFacts
    few_groups: bool = False  # few enough groups to fetch them all (`tools.kpi.lean`)
    prepared: Any = None  # what `tools.kpi.lean` builds once per (cached) spec


def one_pass(
    cur: duckdb.DuckDBPyConnection, compiled: CompiledQuery, spec: PassSpec
) -> list[PassResult]:
    """One `PassResult` per period of `spec.periods`, in that order (see module docstring)."""
    periods = spec.periods
    if len(periods) == 2 and overlap(periods[0], periods[1]):
        first = one_pass(cur, compiled, only(spec, 0))
        second = one_pass(cur, compiled, only(spec, 1, previous=True))
        return first + second
    sql, params = one_pass_sql(compiled, spec)
    result = cur.execute(sql, params)
    names = [d[0] for d in result.description]
    answer = [d.name for d in compiled.dims] + [m.metric.name for m in compiled.metrics]
    out = [PassResult() for _ in periods]
    for values in result.fetchall():
        row = dict(zip(names, values, strict=True))
        target = out[row["__p"]]
        if row["__total"]:
            read_totals(compiled, row, spec.facts, target)
        else:
            target.rows.append({k: row[k] for k in answer})
    for target in out:
        if compiled.dims and target.diag is not None:
            groups = target.groups
            target.rows = [r | {"__groups": groups} for r in target.rows]
    return out


def only(spec: PassSpec, i: int, previous: bool = False) -> PassSpec:
    limit = None if previous else spec.limit
    return PassSpec(
        [spec.periods[i]],
        limit,
        spec.group_previous or not previous,
        spec.pending,
        spec.facts,
        spec.few_groups,
    )


def overlap(a: Period, b: Period) -> bool:
    return a.start <= b.end and b.start <= a.end


def measures_of(compiled: CompiledQuery) -> list[str]:
    return sorted(set().union(*(m.measures for m in compiled.metrics)))


def diagnostic_parts(compiled: CompiledQuery, spec: PassSpec) -> list[tuple[str, str, str]]:
    """The diagnostics the table does not already answer (see module docstring), as
    (alias, aggregate over the selection's rows, how the groups' values combine)."""
    blank = spec.facts.blank_measures
    parts = [("__rows", "count(*)", "sum")]
    if len(spec.facts.currencies) > 1:
        currencies = "list(DISTINCT currency) FILTER (WHERE currency IS NOT NULL)"
        parts.append(("__currencies", currencies, "merge"))
    elif spec.facts.currency_blanks:
        parts.append(("__with_currency", "count(currency)", "sum"))
    parts += [
        (f"__n{j}", f"count({quote_ident(m)})", "sum")
        for j, m in enumerate(measures_of(compiled))
        if m in blank
    ]
    for i, m in enumerate(compiled.metrics):
        used = sorted(m.measures)
        if len(used) > 1 and blank & m.measures:
            some_null = " OR ".join(f"{quote_ident(u)} IS NULL" for u in used)
            some_set = " OR ".join(f"{quote_ident(u)} IS NOT NULL" for u in used)
            mixed = f"count(*) FILTER (WHERE ({some_null}) AND ({some_set}))"
            parts.append((f"__mixed_{i}", mixed, "sum"))
    for i, (dim, values) in enumerate(compiled.filters):
        if len(values) > 1:
            seen = f"list(DISTINCT lower(CAST({dim.sql} AS VARCHAR)))"
            parts.append((f"__present_{i}", seen, "merge"))
    if spec.pending:
        used_ids = "list(DISTINCT import_id) FILTER (WHERE list_contains($__pending, import_id))"
        parts.append(("__imports", used_ids, "merge"))
    return parts


_COMBINE = {"sum": "sum({})", "merge": "list_distinct(flatten(list({})))"}


def filter_clauses(compiled: CompiledQuery, params: dict[str, Any]) -> list[str]:
    """The filters' SQL conditions; their values go into `params` (`$f0`, `$f1`…)."""
    clauses = []
    for i, (dim, values) in enumerate(compiled.filters):
        params[f"f{i}"] = [v.lower() for v in values]
        clauses.append(filter_clause(dim, f"f{i}"))
    return clauses


def one_pass_sql(compiled: CompiledQuery, spec: PassSpec) -> tuple[str, dict[str, Any]]:
    """The statement (see module docstring); every row has `__p` (0: the answer's period,
    1: the comparison's) and `__total` (the row of the period's totals and diagnostics)."""
    current = spec.periods[0]
    params: dict[str, Any] = {"start": current.start, "end": current.end}
    filters = filter_clauses(compiled, params)
    tag, span = "0", "date BETWEEN $start AND $end"
    if len(spec.periods) == 2:
        params.update(p_start=spec.periods[1].start, p_end=spec.periods[1].end)
        tag = "CASE WHEN date BETWEEN $start AND $end THEN 0 ELSE 1 END"
        span = f"({span} OR date BETWEEN $p_start AND $p_end)"
    if spec.pending:
        params["__pending"] = spec.pending
    where = " AND ".join([span, *filters])
    metrics = [f"{m.sql} AS {quote_ident(m.metric.name)}" for m in compiled.metrics]
    diagnostics = diagnostic_parts(compiled, spec)
    plain = ", ".join(metrics + [f"{expr} AS {alias}" for alias, expr, _ in diagnostics])
    if not compiled.dims and len(spec.periods) == 1:  # one aggregate row, even for no rows
        return (
            f"SELECT 0 AS __p, true AS __total, {plain}\nFROM {FACT_TABLE}\nWHERE {where}",
            params,
        )
    selection = f"(SELECT *, {tag} AS __p FROM {FACT_TABLE} WHERE {where}) AS __selection"
    if not compiled.dims:
        return f"SELECT __p, true AS __total, {plain}\nFROM {selection}\nGROUP BY __p", params
    return _grouped_sql(compiled, spec, selection, plain, diagnostics), params | {
        "limit": min(compiled.top_n or spec.limit, spec.limit) if spec.limit else None
    }


def _grouped_sql(
    compiled: CompiledQuery,
    spec: PassSpec,
    selection: str,
    plain: str,
    diagnostics: list[tuple[str, str, str]],
) -> str:
    """Groups materialised once; the answer's rows ranked and capped from them, and each
    period's totals row summed from them (metrics re-computed from the groups' sums)."""
    measures = measures_of(compiled)
    sums = {quote_ident(m): f"__s{j}" for j, m in enumerate(measures)}
    partial = ", ".join(f"SUM({q}) AS {alias}" for q, alias in sums.items())
    dims = ", ".join(f"{d.sql} AS {quote_ident(d.name)}" for d in compiled.dims)
    totals = [
        f"{_SUM.sub(lambda x: f'sum({sums[x.group(1)]})', m.sql)} AS __t{i}"
        for i, m in enumerate(compiled.metrics)
    ]
    totals += [f"{_COMBINE[how].format(alias)} AS {alias}" for alias, _, how in diagnostics]
    group_by = ", ".join(["__p", *(d.sql for d in compiled.dims)])
    answer = ", ".join(
        ["__p", *(quote_ident(d.name) for d in compiled.dims)]
        + [quote_ident(m.metric.name) for m in compiled.metrics]
    )
    previous = "__p = 1" if spec.group_previous else "false"
    return (
        f"WITH __grouped AS MATERIALIZED (\n"
        f"  SELECT __p, {dims}, {plain}, {partial}\n  FROM {selection}\n  GROUP BY {group_by})\n"
        f"SELECT {answer}, false AS __total, __rank FROM (\n"
        f"  SELECT *, row_number() OVER (PARTITION BY __p ORDER BY {order_by(compiled)})"
        " AS __rank\n  FROM __grouped)\n"
        f"WHERE (__p = 0 AND ($limit IS NULL OR __rank <= $limit)) OR {previous}\n"
        f"UNION ALL BY NAME\n"
        f"SELECT __p, true AS __total, {', '.join(totals)}, count(*) AS __groups\n"
        f"FROM __grouped GROUP BY __p\n"
        "ORDER BY __p, __total, __rank"
    )


def order_by(compiled: CompiledQuery) -> str:
    """The answer's ORDER BY: date grains in time order; a ranking metric first when asked
    (or, without a date grain, the first metric, best first); then the other dimensions."""
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


def read_totals(
    compiled: CompiledQuery, row: dict[str, Any], facts: ColumnFacts, target: PassResult
) -> None:
    rows = int(row["__rows"] or 0)
    if "__currencies" in row:
        currencies = sorted(row["__currencies"] or [])
    else:
        present = row.get("__with_currency", rows)
        currencies = list(facts.currencies) if present else []
    counts = {m: row.get(f"__n{j}", rows) for j, m in enumerate(measures_of(compiled))}
    names = [m.metric.name for m in compiled.metrics]
    totals = {n: row[f"__t{i}"] if f"__t{i}" in row else row[n] for i, n in enumerate(names)}
    mixed = {n: row.get(f"__mixed_{i}") for i, n in enumerate(names)}
    target.diag = Diagnostics(
        totals=totals,
        rows=rows,
        currencies=currencies,
        measure_counts=counts,
        mixed_rows={k: v for k, v in mixed.items() if v},
    )
    target.present = {
        i: set(row[f"__present_{i}"] or [])
        for i in range(len(compiled.filters))
        if f"__present_{i}" in row
    }
    target.imports = set(row.get("__imports") or [])
    target.groups = int(row.get("__groups") or 0)
