"""Everything an import decides before it writes: the table, the mapping, dates, number formats,
result kinds, scales, currency, the rows kept and dropped, and the plausibility checks.

`analyse` leaves the temp tables STAGE and CLEAN on the cursor; the importer then writes (or,
for a dry run, only reads them back).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import duckdb

from core.stores.campaign_schema import EXTRAS_TABLE, quote_source_column
from core.stores.campaigns import fetch_one
from tools.kpi import numbers, sqlbuild
from tools.kpi.cleaning import install_macros
from tools.kpi.errors import InvalidMapping, UnreadableValues
from tools.kpi.formats import all_known_headers, match_format, normalize_header
from tools.kpi.import_steps import (
    choose_date_format,
    crm_stage_params,
    flag_summary_rows,
)
from tools.kpi.mapping import ColumnMapping
from tools.kpi.plan import ImportPlan, classify_candidates, plan_for_format, plan_for_mapping
from tools.kpi.plausibility import ImportWarning, run_checks
from tools.kpi.proposal import Proposal, propose
from tools.kpi.reading import LINE, STAGE, StagedSource, stage
from tools.kpi.result_kinds import plan_split, split_params
from tools.kpi.units import apply_scales, currency_from_values


@dataclass
class Analysis:
    plan: ImportPlan
    staged: StagedSource
    date_format: str
    params: dict[str, Any]
    warnings: list[ImportWarning] = field(default_factory=list)
    checks_passed: list[str] = field(default_factory=list)
    proposal: Proposal | None = None


class Unrecognised(Exception):
    """No format matched and no mapping was given: carries what a mapping would need."""

    def __init__(self, staged: StagedSource, proposal: Proposal) -> None:
        super().__init__("unrecognised")
        self.staged = staged
        self.proposal = proposal


def options_only(mapping: ColumnMapping | None) -> bool:
    """A mapping that only sets options (decimal, scale, table…) for a recognised export."""
    return mapping is not None and not (mapping.columns or mapping.dimensions or mapping.measures)


def analyse(
    cur: duckdb.DuckDBPyConnection,
    path: Path,
    kind: str,
    name: str,
    explicit: ColumnMapping | None,
    *,
    table: str | None = None,
    registered_extras: bool = True,
) -> Analysis:
    install_macros(cur)
    known = all_known_headers() | {
        normalize_header(c)[0] for c in (explicit.all_sources() if explicit else [])
    }
    choose = table or (explicit.table if explicit else None)
    staged = stage(cur, path, kind, known, choose, name)
    plan = _make_plan(cur, explicit, staged, name)
    plan.typed = staged.typed
    _layout_actions(plan, staged)
    classify_candidates(cur, plan)
    if registered_extras:
        _reconcile_extras(cur, plan)
    date_format = _date_format(cur, plan, name)
    _read_numbers(cur, plan, staged, date_format, name)
    plan_split(cur, plan, explicit.result_kinds if explicit else {}, name)
    apply_scales(cur, plan, explicit.scale if explicit else {})
    currency_from_values(cur, plan)
    params = sqlbuild.base_params(plan, date_format)
    params.update(split_params(plan))
    if plan.kind.startswith("crm"):
        params.update(crm_stage_params(cur, plan))
    execute(cur, sqlbuild.clean_sql(plan), params)
    flag_summary_rows(cur, plan)
    _check_unreadable(cur, plan, name)
    _check_rates(cur, plan, name)
    warnings, passed = run_checks(cur, plan)
    return Analysis(plan, staged, date_format, params, warnings, passed)


def execute(cur: duckdb.DuckDBPyConnection, sql: str, params: dict[str, Any]) -> Any:
    """Run with only the named parameters the statement uses (DuckDB rejects extras)."""
    used = set(re.findall(r"\$(\w+)", sql))
    return cur.execute(sql, {k: v for k, v in params.items() if k in used})


def _make_plan(
    cur: duckdb.DuckDBPyConnection,
    explicit: ColumnMapping | None,
    staged: StagedSource,
    name: str,
) -> ImportPlan:
    columns = staged.columns
    if explicit is not None and not options_only(explicit):
        return plan_for_mapping(explicit, columns, name)
    fmt = match_format([normalize_header(c)[0] for c in columns])
    plan = plan_for_format(fmt, columns) if fmt is not None else None
    if plan is None or "date" not in plan.fields or not plan.has_measure():
        raise Unrecognised(staged, propose(cur, columns))
    if explicit is not None:
        _apply_options(plan, explicit)
    return plan


def _apply_options(plan: ImportPlan, options: ColumnMapping) -> None:
    plan.decimal = options.decimal
    plan.explicit_date_format = options.date_format
    plan.convert_to, plan.rates = options.convert_to, dict(options.rates)
    for option in ("channel", "currency"):
        value = getattr(options, option)
        if value:
            plan.fields.pop(option, None)
            plan.constants[option] = value.upper() if option == "currency" else value


def _layout_actions(plan: ImportPlan, staged: StagedSource) -> None:
    if staged.delimiter and staged.delimiter != ",":
        shown = {"\t": "tab", ";": "';'", "|": "'|'"}.get(staged.delimiter, staged.delimiter)
        plan.actions.append(f"values separated by {shown}")
    if staged.encoding and staged.encoding not in ("utf-8", "utf-8-sig", "ascii"):
        plan.actions.append(f"text read as {staged.encoding}")


def _date_format(cur: duckdb.DuckDBPyConnection, plan: ImportPlan, name: str) -> str:
    if plan.typed.get(plan.fields["date"]) == "date" and not plan.explicit_date_format:
        return "%Y-%m-%d"
    return choose_date_format(cur, plan, name)


def _read_numbers(
    cur: duckdb.DuckDBPyConnection,
    plan: ImportPlan,
    staged: StagedSource,
    date_format: str,
    name: str,
) -> None:
    columns = [c for c in plan.number_columns() if plan.typed.get(c) != "number"]
    evidence = numbers.gather(cur, columns)
    counts = {s for f, s in plan.fields.items() if f in numbers.COUNT_FIELDS}
    readings = numbers.decide(
        evidence,
        counts,
        explicit=plan.decimal,
        delimiter=staged.delimiter,
        date_format=date_format,
        file_name=name,
    )
    plan.number_formats = readings.decimal
    plan.unreadable = {c for c, ev in evidence.items() if ev.n("invalid")}
    plan.plain_integers = {
        c for c, ev in evidence.items() if ev.counts and set(ev.counts) <= {"plain"}
    }
    plan.actions.extend(readings.notes)


def _reconcile_extras(cur: duckdb.DuckDBPyConnection, plan: ImportPlan) -> None:
    """Rename an extra whose name is already registered with the other kind."""
    registered = dict(cur.execute(f"SELECT name, kind FROM {EXTRAS_TABLE}").fetchall())
    renamed: dict[str, tuple[str, str]] = {}
    for extra, (kind, source) in plan.extras.items():
        if extra in registered and registered[extra] != kind:
            extra = f"{extra}_{'text' if kind == 'dimension' else 'value'}"
        renamed[extra] = (kind, source)
    plan.extras = renamed


def _check_unreadable(cur: duckdb.DuckDBPyConnection, plan: ImportPlan, name: str) -> None:
    """A filled cell of a mapped number column that is not a number stops the import."""
    sources = [s for s in plan.number_columns() if s in plan.unreadable]
    if not sources:
        return
    kept = f"SELECT {LINE} FROM {sqlbuild.CLEAN} WHERE __drop IS NULL AND __primary"
    bad = [
        f"count(*) FILTER (WHERE NOT kpi_blank({quote_source_column(s)}) AND "
        f"{sqlbuild.number_of(plan, s)} IS NULL)"
        for s in sources
    ]
    counts = fetch_one(
        cur,
        f"SELECT {', '.join(bad)} FROM {STAGE} WHERE CAST({LINE} AS BIGINT) IN ({kept})",
    )
    for source, count in zip(sources, counts, strict=True):
        if not count:
            continue
        q = quote_source_column(source)
        rows = cur.execute(
            f"SELECT CAST({LINE} AS BIGINT) AS line, trim({q}) FROM {STAGE} "
            f"WHERE NOT kpi_blank({q}) AND {sqlbuild.number_of(plan, source)} IS NULL "
            f"AND line IN ({kept}) ORDER BY 1 LIMIT 3"
        ).fetchall()
        shown = ", ".join(f"line {line}: '{value}'" for line, value in rows)
        raise UnreadableValues(
            f"Column '{source}' of '{name}' should hold numbers, but {count:,} cell(s) do not "
            f"({shown}). Fix those cells, or leave the column out with an explicit mapping."
        )


def _check_rates(cur: duckdb.DuckDBPyConnection, plan: ImportPlan, name: str) -> None:
    if not plan.convert_to:
        if plan.rates:
            raise InvalidMapping("'rates' needs 'convert_to': the currency to convert to.")
        return
    codes = {
        r[0]
        for r in cur.execute(
            f"SELECT DISTINCT currency FROM {sqlbuild.CLEAN} WHERE __drop IS NULL"
        ).fetchall()
    }
    missing = sorted(c or "(none)" for c in codes if c != plan.convert_to and c not in plan.rates)
    if missing:
        raise InvalidMapping(
            f"'{name}' has amounts in {', '.join(missing)} but 'rates' gives no rate for them to "
            f"{plan.convert_to}; add them, e.g. rates: {{{missing[0]}: 0.85}}."
        )
    rates = ", ".join(f"1 {c} = {r:g} {plan.convert_to}" for c, r in sorted(plan.rates.items()))
    plan.actions.append(f"amounts converted to {plan.convert_to} at the mapping's rates ({rates})")


def count_kept(cur: duckdb.DuckDBPyConnection) -> int:
    return int(fetch_one(cur, f"SELECT count(*) FROM {sqlbuild.CLEAN} WHERE __drop IS NULL")[0])
