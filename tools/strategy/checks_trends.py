"""Diagnosis checks on change over time: volume growth and cost inflation by segment, each
against the same period a year earlier (figures from the KPI engine)."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel

from tools.kpi import KpiQuery
from tools.strategy.checks_base import (
    CheckConfig,
    CheckContext,
    CheckOutcome,
    EvidenceItem,
    Severity,
    Supports,
    covers_previous_year,
    figure,
    metric_label,
    unavailable,
    when,
)


# ---- growth and trends --------------------------------------------------------------------------
class GrowthParams(BaseModel):
    metric: str
    min_growth_pct: float
    high_below_pct: float
    min_previous: float = 30


def kpi_growth(ctx: CheckContext, check: CheckConfig) -> CheckOutcome:
    p = GrowthParams.model_validate(check.thresholds)
    query = KpiQuery(metrics=[p.metric], period=ctx.period, compare="previous_year")
    result = ctx.kpi(query)
    if result is None:
        return unavailable(ctx, query, f"{p.metric} growth")
    label = metric_label(result, p.metric)
    cmp = result.comparison
    if cmp is None or not covers_previous_year(result):
        return CheckOutcome(
            missing=[f"{label} growth: needs data for the same period a year before {when(result)}"]
        )
    change = cmp.changes[p.metric]
    if change.previous is None or change.previous < p.min_previous or change.percent is None:
        return CheckOutcome(
            missing=[
                f"{label} growth: needs {p.min_previous:g}+ {label} in "
                f"{when(result, previous=True)}"
            ]
        )
    pct = float(change.percent)
    supports: Supports = "healthy" if pct >= p.min_growth_pct else "problem"
    severity: Severity | None = None
    if supports == "problem":
        severity = "high" if pct < p.high_below_pct else "medium"
    return CheckOutcome(
        evidence=[
            check.kpi_evidence(
                supports=supports,
                severity=severity,
                statement=(
                    f"{label} {change.formatted_current} in {when(result)} vs "
                    f"{change.formatted_previous} a year earlier ({when(result, previous=True)}): "
                    f"{change.formatted_percent}"
                ),
                threshold=f"growth of at least {p.min_growth_pct:+g}% a year",
                change_pct=pct,
                figures=[
                    figure(result, p.metric, change.current, change.formatted_current),
                    figure(
                        result, p.metric, change.previous, change.formatted_previous, previous=True
                    ),
                ],
                citations=ctx.cite_kpi(result),
            )
        ]
    )


class TrendParams(BaseModel):
    metric: str
    dimension: str
    problem_above_pct: float
    high_above_pct: float
    max_spend_change_pct: float
    min_spend: float


def kpi_trend_segments(ctx: CheckContext, check: CheckConfig) -> CheckOutcome:
    p = TrendParams.model_validate(check.thresholds)
    query = KpiQuery(
        metrics=[p.metric, "spend"],
        dimensions=[p.dimension],
        period=ctx.period,
        compare="previous_year",
    )
    result = ctx.kpi(query)
    if result is None:
        return unavailable(ctx, query, f"{p.metric} trend by {p.dimension}")
    label = metric_label(result, p.metric)
    if not covers_previous_year(result):
        return CheckOutcome(
            missing=[f"{label} trend: needs data for the same period a year before {when(result)}"]
        )
    m, prev, pct = p.metric, f"{p.metric}_previous", f"{p.metric}_change_pct"

    def comparable(row: dict[str, Any]) -> bool:
        spend, before = row.get("spend") or 0, row.get("spend_previous") or 0
        change = row.get("spend_change_pct")
        return (
            spend >= p.min_spend
            and before >= p.min_spend
            and change is not None
            and abs(change) <= p.max_spend_change_pct
            and row.get(pct) is not None
        )

    pairs = [
        (r, f) for r, f in zip(result.rows, result.formatted_rows, strict=True) if comparable(r)
    ]
    if not pairs:
        return CheckOutcome(
            missing=[
                f"{label} trend: no {p.dimension} with {p.min_spend:,.0f}+ "
                f"spend at similar levels in both years"
            ]
        )
    pairs.sort(key=lambda pair: (-pair[0][pct], str(pair[0][p.dimension])))
    cites = ctx.cite_kpi(result)
    cmp_label = when(result, previous=True)

    def item(
        row: dict[str, Any],
        fmt: dict[str, str],
        supports: Supports,
        severity: Severity | None,
        text: str,
    ) -> EvidenceItem:
        filters = {p.dimension: [str(row[p.dimension])]}
        return check.kpi_evidence(
            supports=supports,
            severity=severity,
            statement=text,
            threshold=f"a rise of at most {p.problem_above_pct:g}% in a year at similar spend",
            change_pct=float(row[pct]),
            figures=[
                figure(result, m, row[m], fmt[m], filters),
                figure(result, m, row[prev], fmt[prev], filters, previous=True),
                figure(result, "spend", row["spend"], fmt["spend"], filters),
                figure(
                    result,
                    "spend",
                    row["spend_previous"],
                    fmt["spend_previous"],
                    filters,
                    previous=True,
                ),
            ],
            citations=cites,
        )

    flagged = [(r, f) for r, f in pairs if r[pct] > p.problem_above_pct]
    if not flagged:
        row, fmt = pairs[0]
        return CheckOutcome(
            evidence=[
                item(
                    row,
                    fmt,
                    "healthy",
                    None,
                    f"No {p.dimension}'s {label} rose more than {p.problem_above_pct:g}% on a year "
                    f"earlier ({len(pairs)} compared; largest change: {row[p.dimension]}, "
                    f"{fmt[pct]})",
                )
            ]
        )
    return CheckOutcome(
        evidence=[
            item(
                row,
                fmt,
                "problem",
                "high" if row[pct] > p.high_above_pct else "medium",
                f"{row[p.dimension]} {label} {fmt[m]} in {when(result)} vs {fmt[prev]} a "
                f"year earlier ({cmp_label}): {fmt[pct]}, at similar spend ({fmt['spend']} vs "
                f"{fmt['spend_previous']})",
            )
            for row, fmt in flagged
        ]
    )
