"""Steps of an import that inspect the staged data: date format, CRM stages, summary rows and
which numeric columns needed cleaning. Split from `importers` to keep each module small."""

from __future__ import annotations

from typing import Any

import duckdb

from core.stores.campaign_schema import quote_source_column
from core.stores.campaigns import fetch_one
from tools.kpi import sqlbuild
from tools.kpi.cleaning import TOTALS_RE, detect_date_format
from tools.kpi.crm import funnel_rank
from tools.kpi.plan import ImportPlan
from tools.kpi.reading import STAGE

_RANK_NAMES = ("subscriber", "lead", "MQL", "SQL", "opportunity", "customer")


def choose_date_format(cur: duckdb.DuckDBPyConnection, plan: ImportPlan, name: str) -> str:
    column = plan.fields["date"]
    q = quote_source_column(column)
    values = [
        r[0]
        for r in cur.execute(
            f"SELECT DISTINCT trim({q}) FROM {STAGE} WHERE NOT kpi_blank({q}) "
            f"AND NOT coalesce(regexp_full_match(lower(trim({q})), ?), false) LIMIT 20000",
            [TOTALS_RE],
        ).fetchall()
    ]
    fmt, notes = detect_date_format(
        values,
        column=column,
        file_name=name,
        explicit=plan.explicit_date_format,
        hint=plan.date_hint,
    )
    plan.actions.extend(notes)
    if plan.span_end:
        spans = fetch_one(
            cur,
            f"SELECT count(*) FROM {STAGE} WHERE kpi_text({q}) <> "
            f"kpi_text({quote_source_column(plan.span_end)})",
        )[0]
        if spans:
            plan.actions.append(
                f"{spans} row(s) cover several days ('{column}' to '{plan.span_end}'); each is "
                "dated at its first day. Export with a daily breakdown for day-level periods."
            )
    return fmt


def crm_stage_params(cur: duckdb.DuckDBPyConnection, plan: ImportPlan) -> dict[str, list[Any]]:
    q = quote_source_column(plan.fields["stage"])
    stages = [
        r[0]
        for r in cur.execute(
            f"SELECT DISTINCT trim({q}) FROM {STAGE} WHERE NOT kpi_blank({q}) LIMIT 500"
        ).fetchall()
    ]
    params = sqlbuild.crm_params(stages)
    if plan.kind == "crm_contacts":
        counted = ", ".join(f"{s} → {_RANK_NAMES[funnel_rank(s)]}" for s in sorted(stages))
        plan.actions.append(f"stages counted cumulatively along the funnel: {counted}")
    else:
        won = ", ".join(s for s in stages if s.strip().lower() in params["won_keys"]) or "none"
        plan.actions.append(
            "each deal counts as an opportunity (pipeline = amount) on its create date; "
            f"won deals ({won}) also count as a customer (revenue = amount) on their close date"
        )
    return params


def flag_summary_rows(cur: duckdb.DuckDBPyConnection, plan: ImportPlan) -> None:
    if not (plan.blank_campaign_is_summary and "campaign" in plan.fields):
        return
    cur.execute(
        f"""UPDATE {sqlbuild.CLEAN} SET __drop = 'summary row (no campaign, ad set or ad)'
        WHERE __drop IS NULL AND campaign IS NULL AND ad_group IS NULL AND ad IS NULL
          AND EXISTS (SELECT 1 FROM {sqlbuild.CLEAN} WHERE campaign IS NOT NULL)"""
    )


def value_actions(cur: duckdb.DuckDBPyConnection, plan: ImportPlan) -> list[str]:
    """Say which numeric columns needed symbols, separators or percent signs removed."""
    sources = [
        s
        for f, s in plan.fields.items()
        if f not in ("date", "close_date", "stage")
        and f not in ("channel", "campaign", "ad_group", "ad", "currency")
    ]
    sources += [s for k, s in plan.extras.values() if k == "measure"]
    if not sources:
        return []
    checks = {
        "currency symbols": "regexp_matches({q}, '[£$€¥]')",
        "thousands separators": "regexp_matches({q}, '\\d,\\d{{3}}')",
        "percent signs": "contains({q}, '%')",
    }
    exprs = [
        f"count(*) FILTER (WHERE {c.format(q=quote_source_column(s))})"
        for s in sources
        for c in checks.values()
    ]
    counts = fetch_one(cur, f"SELECT {', '.join(exprs)} FROM {STAGE}")
    actions, labels = [], list(checks)
    for i, source in enumerate(sources):
        found = [labels[j] for j in range(3) if counts[3 * i + j]]
        if found:
            actions.append(f"removed {' and '.join(found)} from '{source}'")
    return actions
