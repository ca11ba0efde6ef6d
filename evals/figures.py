"""Figures a KPI answer must contain, computed independently of the agent's metrics layer.

The expected value is computed here with plain SQL over the workspace's fact table and this
module's own formula table, not through `tools/kpi`, so a bug in the metrics layer (a ratio
averaged instead of summed, a wrong period) shows up as a mismatch instead of agreeing with
itself. An answer passes when one of its numbers equals the expected value at the precision
the answer shows (currency and ratios to 2 dp, percentages to 1 dp).
"""

from __future__ import annotations

from pathlib import Path

from core.stores.campaigns import DB_FILE, CampaignStore
from evals.cases import Case, Figure
from evals.numbers import numbers_in

# metric → (numerator measure, denominator measure or None, scale shown to the user)
FORMULAS: dict[str, tuple[str, str | None, float]] = {
    "impressions": ("impressions", None, 1),
    "clicks": ("clicks", None, 1),
    "spend": ("spend", None, 1),
    "conversions": ("conversions", None, 1),
    "leads": ("leads", None, 1),
    "mqls": ("mqls", None, 1),
    "sqls": ("sqls", None, 1),
    "opportunities": ("opportunities", None, 1),
    "customers": ("customers", None, 1),
    "revenue": ("revenue", None, 1),
    "ctr": ("clicks", "impressions", 100),
    "cpc": ("spend", "clicks", 1),
    "cpm": ("spend", "impressions", 1000),
    "cpa": ("spend", "conversions", 1),
    "cpl": ("spend", "leads", 1),
    "cost_per_mql": ("spend", "mqls", 1),
    "cost_per_sql": ("spend", "sqls", 1),
    "cac": ("spend", "customers", 1),
    "lead_to_mql_rate": ("mqls", "leads", 100),
    "mql_to_sql_rate": ("sqls", "mqls", 100),
    "roas": ("revenue", "spend", 1),
    "pipeline": ("pipeline", None, 1),
    "win_rate": ("customers", "opportunities", 100),
    "sql_to_opportunity_rate": ("opportunities", "sqls", 100),
    "lead_to_sql_rate": ("sqls", "leads", 100),
    "lead_to_customer_rate": ("customers", "leads", 100),
    "cost_per_opportunity": ("spend", "opportunities", 1),
    "conversion_rate": ("conversions", "clicks", 100),
    "average_deal_size": ("revenue", "customers", 1),
}
PERCENT_METRICS = {m for m, (_, d, scale) in FORMULAS.items() if d and scale == 100}


def expected_value(workspace_dir: Path, figure: Figure) -> float | None:
    """The figure from the raw fact rows; None when it is undefined (no rows, division by 0)."""
    numerator, denominator, scale = FORMULAS[figure.metric]
    where = ["date BETWEEN CAST(? AS DATE) AND CAST(? AS DATE)"]
    params: list[object] = [figure.start, figure.end]
    for column, values in {**figure.filters, **{k: [v] for k, v in figure.group.items()}}.items():
        if column not in ("channel", "campaign", "ad_group", "ad"):
            raise ValueError(f"figure filter on unknown column {column!r}")
        where.append(f"{column} IN ({', '.join('?' for _ in values)})")
        params += values
    select = f"SUM({numerator})" + (f", SUM({denominator})" if denominator else "")
    if not (workspace_dir / DB_FILE).exists():
        return None
    # The store's connection only (DuckDB allows one configuration per file in a process);
    # nothing of the metrics layer is used.
    with CampaignStore(workspace_dir).connect() as cur:
        sql = f"SELECT {select} FROM facts WHERE {' AND '.join(where)}"
        found = cur.execute(sql, params).fetchone()
    if found is None or found[0] is None:
        return None
    if denominator is None:
        return float(found[0])
    if not found[1]:
        return None
    return float(found[0]) / float(found[1]) * scale


def answer_has_figure(answer: str, metric: str, expected: float) -> bool:
    decimals = 1 if metric in PERCENT_METRICS else 2
    # The answer rounds the exact value; float noise in SUM() (2194.145 stored as
    # 2194.1449999…) can sit either side of a half unit, so accept anything within half a unit.
    return any(abs(n - expected) <= 10 ** (-decimals) / 2 + 1e-9 for n in numbers_in(answer))


def expected_figures(workspace_dirs: dict[str, Path], cases: list[Case]) -> dict[str, float | None]:
    """`case_id/turn/index` → expected value, computed while the eval workspaces still exist."""
    values: dict[str, float | None] = {}
    for case in cases:
        for number, turn in enumerate(case.turns):
            for i, figure in enumerate(turn.expect.figures):
                values[f"{case.id}/{number}/{i}"] = expected_value(
                    workspace_dirs[case.workspace], figure
                )
    return values
