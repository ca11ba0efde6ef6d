"""Diagnosis checks on change over time: volume growth and cost inflation by segment, each
against the same period a year earlier (figures from the KPI engine)."""

from __future__ import annotations

from dataclasses import dataclass

from pydantic import BaseModel

from tools.kpi import KpiQuery, KpiResult
from tools.strategy.diagnosis.checks_base import (
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
from tools.strategy.segments import Row, SegmentRow, row_filter, rows_where


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
    """Segments whose `metric` (e.g. cost per SQL) rose more than the threshold on a year
    earlier at similar spend; healthy evidence names the largest change when none did."""
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
    pairs = rows_where(result, lambda row: _comparable(row, p))
    if not pairs:
        return CheckOutcome(
            missing=[
                f"{label} trend: no {p.dimension} with {p.min_spend:,.0f}+ "
                f"spend at similar levels in both years"
            ]
        )
    trend = _Trend(check, p, result, label, ctx.cite_kpi(result))
    pairs.sort(key=lambda pair: (-pair[0][trend.pct], str(pair[0][p.dimension])))
    flagged = [(r, f) for r, f in pairs if r[trend.pct] > p.problem_above_pct]
    if not flagged:
        return CheckOutcome(evidence=[trend.healthy(pairs)])
    return CheckOutcome(evidence=[trend.rise(row, fmt) for row, fmt in flagged])


def _comparable(row: Row, p: TrendParams) -> bool:
    """Enough spend in both years, at similar levels, and a change to compare."""
    spend, before = row.get("spend") or 0, row.get("spend_previous") or 0
    change = row.get("spend_change_pct")
    return (
        spend >= p.min_spend
        and before >= p.min_spend
        and change is not None
        and abs(change) <= p.max_spend_change_pct
        and row.get(f"{p.metric}_change_pct") is not None
    )


@dataclass(frozen=True)
class _Trend:
    """Evidence items of one `kpi_trend_segments` run (one KPI result, one threshold)."""

    check: CheckConfig
    p: TrendParams
    result: KpiResult
    label: str
    cites: list[int]

    @property
    def pct(self) -> str:
        return f"{self.p.metric}_change_pct"

    def healthy(self, pairs: list[SegmentRow]) -> EvidenceItem:
        row, fmt = pairs[0]
        p = self.p
        text = (
            f"No {p.dimension}'s {self.label} rose more than {p.problem_above_pct:g}% on a year "
            f"earlier ({len(pairs)} compared; largest change: {row[p.dimension]}, "
            f"{fmt[self.pct]})"
        )
        return self._item(row, fmt, "healthy", None, text)

    def rise(self, row: Row, fmt: dict[str, str]) -> EvidenceItem:
        m, prev, result = self.p.metric, f"{self.p.metric}_previous", self.result
        severity: Severity = "high" if row[self.pct] > self.p.high_above_pct else "medium"
        text = (
            f"{row[self.p.dimension]} {self.label} {fmt[m]} in {when(result)} vs {fmt[prev]} a "
            f"year earlier ({when(result, previous=True)}): {fmt[self.pct]}, at similar spend "
            f"({fmt['spend']} vs {fmt['spend_previous']})"
        )
        return self._item(row, fmt, "problem", severity, text)

    def _item(
        self,
        row: Row,
        fmt: dict[str, str],
        supports: Supports,
        severity: Severity | None,
        text: str,
    ) -> EvidenceItem:
        m, prev, result = self.p.metric, f"{self.p.metric}_previous", self.result
        filters = row_filter(self.p.dimension, row)
        return self.check.kpi_evidence(
            supports=supports,
            severity=severity,
            statement=text,
            threshold=f"a rise of at most {self.p.problem_above_pct:g}% in a year at similar spend",
            change_pct=float(row[self.pct]),
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
            citations=self.cites,
        )
