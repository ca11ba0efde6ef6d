"""SQL that turns the staging table into clean fact rows, and writes them without doubling.

Everything runs inside DuckDB. Values from the file and constants from the mapping travel as
parameters; the only identifiers spliced into SQL are quoted header names of the file being
imported (escaped) and governed names from `schema`.

A measure column that the file has counts blank cells ("", "--") as 0; a measure the file does
not have at all stays NULL ("not reported"), so metrics can say when a source lacks a figure.

Deduplication, in two layers:
1. a file whose bytes were imported before (same SHA-256) is a no-op;
2. each fact row carries a fingerprint (MD5 of every canonical value and its extra columns) and
   its occurrence number among identical rows of its file. A row is skipped when an earlier
   import already holds that (fingerprint, occurrence) pair — so an export overlapping an
   earlier one (say Jan–Mar, then Feb–Apr) adds only the new rows, while genuinely repeated
   rows inside one file are all kept. Restated figures (same day, different numbers) are
   new rows: remove the old import first if a platform restated its data.
"""

from __future__ import annotations

from typing import Any

from core.stores.campaign_schema import (
    DIMENSION_FIELDS,
    FACT_TABLE,
    MEASURE_FIELDS,
    quote_ident,
    quote_source_column,
)
from tools.kpi.cleaning import FOOTER_RE, TOTALS_RE, number_expr
from tools.kpi.crm import funnel_rank, is_won_stage
from tools.kpi.plan import ImportPlan
from tools.kpi.reading import LINE, STAGE
from tools.kpi.result_kinds import split_exprs
from tools.kpi.units import currency_sql

CLEAN = "__kpi_clean"
NEW = "__kpi_new"
FUNNEL = ("leads", "mqls", "sqls", "opportunities", "customers")
CRM_DEAL_MEASURES = ("opportunities", "customers", "revenue", "pipeline")  # what deals count


def _q(plan: ImportPlan, target: str) -> str | None:
    source = plan.fields.get(target)
    return quote_source_column(source) if source else None


def _dimension_exprs(plan: ImportPlan) -> list[str]:
    exprs = []
    for dim in DIMENSION_FIELDS:
        q = _q(plan, dim)
        if q and dim == "channel":
            exprs.append(f"COALESCE(kpi_text({q}), 'Unknown') AS channel")
        elif q:
            exprs.append(f"kpi_text({q}) AS {dim}")
        elif dim in plan.constants:
            exprs.append(f"CAST($const_{dim} AS VARCHAR) AS {dim}")
        else:
            exprs.append(f"CAST(NULL AS VARCHAR) AS {dim}")
    q = _q(plan, "currency")
    from_values = currency_sql(plan)
    if q:
        exprs.append(f"upper(kpi_text({q})) AS currency")
    elif from_values:
        exprs.append(f"{from_values} AS currency")
    elif "currency" in plan.constants:
        exprs.append("CAST($const_currency AS VARCHAR) AS currency")
    else:
        exprs.append("CAST(NULL AS VARCHAR) AS currency")
    return exprs


def number_of(plan: ImportPlan, source: str, target: str | None = None) -> str:
    """SQL for a source column as a number: its decimal mark, and the target field's scale."""
    expr = number_expr(quote_source_column(source), plan.number_formats.get(source, "."))
    scale = plan.scales.get(target or "", 1.0)
    return f"({expr} * {scale!r})" if scale != 1.0 else expr


def _measure_exprs(plan: ImportPlan, overrides: dict[str, str]) -> list[str]:
    exprs = []
    for measure in MEASURE_FIELDS:
        source = plan.fields.get(measure)
        if measure in overrides:
            exprs.append(f"{overrides[measure]} AS {measure}")
        elif source:
            exprs.append(f"{number_of(plan, source, measure)} AS {measure}")
        else:
            exprs.append(f"CAST(NULL AS DOUBLE) AS {measure}")
    return exprs


def reported_measures(plan: ImportPlan) -> set[str]:
    """Measures the file reports (blank cells count 0); the others stay NULL. A CRM export
    reports its funnel counts (contacts: leads to customers; deals: opportunities, customers,
    revenue, pipeline) and never spend, impressions or clicks: those stay "not reported", so
    a cost asked of CRM data is n/a with the missing measure named, never £0."""
    found = {m for m in MEASURE_FIELDS if m in plan.fields}
    if plan.kind == "crm_contacts":
        found |= set(FUNNEL)
    elif plan.kind == "crm_deals":
        found |= set(CRM_DEAL_MEASURES)
    found |= set(split_exprs(plan))
    return found | {n for n, (k, _) in plan.extras.items() if k == "measure"}


def _extra_exprs(plan: ImportPlan) -> list[str]:
    exprs = []
    split = split_exprs(plan)
    for name, (kind, source) in sorted(plan.extras.items()):
        q = quote_source_column(source)
        if name in split:
            value = split[name]
        elif kind == "measure":
            value = number_of(plan, source, name)
        else:
            value = f"kpi_text({q})"
        exprs.append(f"{value} AS {quote_ident(name)}")
    return exprs


def _flag_exprs(plan: ImportPlan) -> list[str]:
    first = quote_source_column(plan.columns[0])
    blank = " AND ".join(f"kpi_blank({quote_source_column(c)})" for c in plan.columns)
    label_cols = {plan.columns[0]} | {
        plan.fields[f] for f in ("date", "channel", "campaign", "ad_group") if f in plan.fields
    }
    totals = " OR ".join(
        f"coalesce(regexp_full_match(lower(trim({quote_source_column(c)})), $totals_re), false)"
        for c in sorted(label_cols)
    )
    return [
        f"({blank}) AS __all_blank",
        f"({totals}) AS __totals",
        f"coalesce(regexp_matches(lower({first}), $footer_re), false) AS __footer",
        f"CAST({first} AS VARCHAR) AS __first",
    ]


def _date_expr(plan: ImportPlan, source_field: str = "date") -> str:
    q = _q(plan, source_field)
    return f"CAST(try_strptime(kpi_datetext({q}), $date_fmt) AS DATE)"


def _stage_expr(plan: ImportPlan) -> str:
    q = _q(plan, "stage")
    return f"lower(trim(coalesce({q}, '')))"


def crm_params(stages: list[str]) -> dict[str, list[Any]]:
    """Ranks and won-flags for the distinct CRM stages found (tiny lists, passed as params)."""
    keys = [s.strip().lower() for s in stages]
    return {
        "stage_keys": keys,
        "stage_ranks": [funnel_rank(s) for s in stages],
        "won_keys": [k for k, s in zip(keys, stages, strict=True) if is_won_stage(s)],
    }


def _crm_overrides(plan: ImportPlan, won: bool | None) -> dict[str, str]:
    """Funnel counts for CRM rows: contacts by lifecycle rank, deals as opportunity or win."""
    if plan.kind == "crm_contacts":
        position = f"list_position($stage_keys, {_stage_expr(plan)})"
        rank = f"coalesce(list_extract($stage_ranks, {position}), 1)"
        return {m: f"CAST(({rank}) >= {i + 1} AS DOUBLE)" for i, m in enumerate(FUNNEL)}
    amount = number_of(plan, plan.fields["amount"], "amount") if "amount" in plan.fields else "NULL"
    zeros = {m: "0.0" for m in CRM_DEAL_MEASURES}
    if won:
        return {**zeros, "customers": "1.0", "revenue": f"coalesce({amount}, 0.0)"}
    return {**zeros, "opportunities": "1.0", "pipeline": f"coalesce({amount}, 0.0)"}


def _emitter(plan: ImportPlan, *, won: bool | None, primary: bool) -> str:
    overrides = _crm_overrides(plan, won) if plan.kind.startswith("crm") else {}
    overrides.update({m: e for m, e in split_exprs(plan).items() if m in MEASURE_FIELDS})
    date = _date_expr(plan)
    where = ""
    if won:
        close = _date_expr(plan, "close_date") if "close_date" in plan.fields else date
        date = f"coalesce({close}, {date})"
        where = f" WHERE list_contains($won_keys, {_stage_expr(plan)})"
    cols = [
        f"{date} AS date",
        f"CAST({LINE} AS BIGINT) AS {LINE}",
        *_dimension_exprs(plan),
        *_measure_exprs(plan, overrides),
        *_extra_exprs(plan),
        *_flag_exprs(plan),
        f"{'true' if primary else 'false'} AS __primary",
    ]
    return f"SELECT {', '.join(cols)} FROM {STAGE}{where}"


def clean_sql(plan: ImportPlan) -> str:
    """CREATE the clean table: typed canonical columns, extras, and a drop reason per row."""
    inner = _emitter(plan, won=None, primary=True)
    if plan.kind == "crm_deals":
        inner = (
            f"{_emitter(plan, won=False, primary=True)} UNION ALL "
            f"{_emitter(plan, won=True, primary=False)}"
        )
    return f"""CREATE OR REPLACE TEMP TABLE {CLEAN} AS
SELECT *, CASE
    WHEN __all_blank THEN 'empty row'
    WHEN __totals THEN 'total or summary row'
    WHEN __footer THEN 'report footer or comment line'
    WHEN date IS NULL THEN 'date missing or not a date'
  END AS __drop
FROM ({inner}) AS emitted"""


def base_params(plan: ImportPlan, date_format: str) -> dict[str, object]:
    params: dict[str, object] = {
        "date_fmt": date_format,
        "totals_re": TOTALS_RE,
        "footer_re": FOOTER_RE,
    }
    params.update({f"const_{k}": v for k, v in plan.constants.items()})
    return params


def fact_columns(plan: ImportPlan) -> list[str]:
    """Columns written to the fact table for this import, canonical then extras."""
    canonical = ["date", *DIMENSION_FIELDS, *MEASURE_FIELDS, "currency"]
    return canonical + sorted(plan.extras)


def new_rows_sql(plan: ImportPlan) -> str:
    """Fingerprint the kept rows and number identical rows within the file."""
    cols = fact_columns(plan)
    parts = []
    for col in cols:
        label = f"'{col}=' || " if col in plan.extras else ""
        parts.append(f"{label}coalesce(CAST({quote_ident(col)} AS VARCHAR), '∅')")
    fingerprint = f"md5_number(concat_ws('|', {', '.join(parts)}))"
    select = ", ".join(_final(plan, c) for c in cols)
    return f"""CREATE OR REPLACE TEMP TABLE {NEW} AS
SELECT *, row_number() OVER (PARTITION BY row_fp) AS row_seq
FROM (SELECT *, {fingerprint} AS row_fp FROM (
  SELECT {select} FROM {CLEAN} WHERE __drop IS NULL))"""


MONEY = ("spend", "revenue", "pipeline")


def _final(plan: ImportPlan, col: str) -> str:
    """A fact column as stored: blanks of reported measures as 0, amounts converted."""
    q = quote_ident(col)
    reported = reported_measures(plan)
    expr = f"coalesce({q}, 0.0)" if col in reported else q
    if plan.convert_to and col in MONEY:
        cases = " ".join(
            f"WHEN '{code}' THEN {rate!r}" for code, rate in sorted(plan.rates.items())
        )
        expr = f"({expr} * CASE currency WHEN '{plan.convert_to}' THEN 1.0 {cases} END)"
    if plan.convert_to and col == "currency":
        expr = f"CAST('{plan.convert_to}' AS VARCHAR)"
    return f"{expr} AS {q}"


def insert_sql(plan: ImportPlan) -> str:
    """Append rows whose (fingerprint, occurrence) no earlier import holds."""
    cols = ", ".join(quote_ident(c) for c in fact_columns(plan))
    return f"""INSERT INTO {FACT_TABLE} ({cols}, source_file, import_id, row_fp, row_seq)
SELECT {cols}, $source_file, $import_id, n.row_fp, n.row_seq FROM {NEW} AS n
WHERE NOT EXISTS (
  SELECT 1 FROM {FACT_TABLE} AS f WHERE f.row_fp = n.row_fp AND f.row_seq = n.row_seq)"""
