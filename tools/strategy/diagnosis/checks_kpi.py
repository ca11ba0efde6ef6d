"""Diagnosis checks on funnel figures: stage conversion rates (overall and by segment) and what
the data holds (funnel stages, revenue against spend). Every number comes from the KPI engine;
the checks only compare it with thresholds."""

from __future__ import annotations

from pydantic import BaseModel

from tools.kpi import KpiQuery, KpiResult
from tools.strategy.diagnosis.checks_base import (
    CheckConfig,
    CheckContext,
    CheckOutcome,
    EvidenceItem,
    Severity,
    Supports,
    figure,
    metric_label,
    metric_noun,
    unavailable,
    when,
)
from tools.strategy.segments import SegmentRow, row_filter, rows_where


# ---- funnel rates -------------------------------------------------------------------------------
class RateRule(BaseModel):
    metric: str
    denominator: str
    problem_below: float | None = None
    high_below: float | None = None
    problem_above: float | None = None
    high_above: float | None = None


class RatesParams(BaseModel):
    min_denominator: int = 30
    rates: list[RateRule]


def judge(value: float, rule: RateRule) -> tuple[Supports, Severity | None]:
    """Problem (with severity) or healthy for one value against a rule's bounds."""
    if rule.high_below is not None and value < rule.high_below:
        return "problem", "high"
    if rule.problem_below is not None and value < rule.problem_below:
        return "problem", "medium"
    if rule.high_above is not None and value > rule.high_above:
        return "problem", "high"
    if rule.problem_above is not None and value > rule.problem_above:
        return "problem", "medium"
    return "healthy", None


def threshold_text(rule: RateRule) -> str:
    parts = []
    if rule.problem_below is not None:
        parts.append(f"at least {rule.problem_below:g}%")
    if rule.problem_above is not None:
        parts.append(f"at most {rule.problem_above:g}%")
    return " and ".join(parts)


def kpi_rates(ctx: CheckContext, check: CheckConfig) -> CheckOutcome:
    params = RatesParams.model_validate(check.thresholds)
    metrics = list(
        dict.fromkeys([r.metric for r in params.rates] + [r.denominator for r in params.rates])
    )
    query = KpiQuery(metrics=metrics, period=ctx.period)
    result = ctx.kpi(query)
    if result is None:
        return unavailable(ctx, query, "funnel conversion rates")
    out = CheckOutcome()
    cites = ctx.cite_kpi(result)
    for rule in params.rates:
        value, base = result.totals.get(rule.metric), result.totals.get(rule.denominator)
        label, base_label = metric_label(result, rule.metric), metric_noun(result, rule.denominator)
        if value is None or base is None or base < params.min_denominator:
            out.missing.append(
                f"{label}: needs {params.min_denominator}+ {base_label} in {when(result)}"
                f" (found {result.formatted_totals.get(rule.denominator, 'none')})"
            )
            continue
        supports, severity = judge(float(value), rule)
        out.evidence.append(
            check.kpi_evidence(
                supports=supports,
                severity=severity,
                statement=(
                    f"{label} {result.formatted_totals[rule.metric]} over "
                    f"{result.formatted_totals[rule.denominator]} {base_label} in "
                    f"{when(result)}"
                ),
                threshold=threshold_text(rule),
                figures=[
                    figure(result, rule.metric, value, result.formatted_totals[rule.metric]),
                    figure(
                        result, rule.denominator, base, result.formatted_totals[rule.denominator]
                    ),
                ],
                citations=cites,
            )
        )
    return out


class SegmentRateParams(BaseModel):
    metric: str
    denominator: str
    dimension: str
    problem_below: float
    min_denominator: int = 30
    max_items: int = 4


def kpi_rate_segments(ctx: CheckContext, check: CheckConfig) -> CheckOutcome:
    """Segments whose stage conversion rate is below the threshold (at most `max_items`, lowest
    first); healthy evidence names the lowest when none is."""
    p = SegmentRateParams.model_validate(check.thresholds)
    query = KpiQuery(metrics=[p.metric, p.denominator], dimensions=[p.dimension], period=ctx.period)
    result = ctx.kpi(query)
    if result is None:
        return unavailable(ctx, query, f"{p.metric} by {p.dimension}")
    label, base_label = metric_label(result, p.metric), metric_noun(result, p.denominator)
    pairs = rows_where(
        result,
        lambda row: (
            row.get(p.metric) is not None and (row.get(p.denominator) or 0) >= p.min_denominator
        ),
    )
    if not pairs:
        return CheckOutcome(
            missing=[
                f"{label} by {p.dimension}: no {p.dimension} with {p.min_denominator}+ "
                f"{base_label} in {when(result)}"
            ]
        )
    pairs.sort(key=lambda pair: (pair[0][p.metric], str(pair[0][p.dimension])))
    cites = ctx.cite_kpi(result)
    flagged = [(r, f) for r, f in pairs if r[p.metric] < p.problem_below]
    if not flagged:
        row, fmt = pairs[0]
        text = (
            f"All {len(pairs)} {p.dimension} values with {p.min_denominator}+ {base_label} "
            f"in {when(result)} are at or above {p.problem_below:g}% {label} "
            f"(lowest: {row[p.dimension]}, {fmt[p.metric]})"
        )
        return CheckOutcome(evidence=[_rate_item(check, p, result, (row, fmt), text, cites)])
    return CheckOutcome(
        evidence=[
            _rate_item(
                check,
                p,
                result,
                (row, fmt),
                f"{row[p.dimension]}: {label} {fmt[p.metric]} over {fmt[p.denominator]} "
                f"{base_label} in {when(result)}",
                cites,
            )
            for row, fmt in flagged[: p.max_items]
        ]
    )


def _rate_item(
    check: CheckConfig,
    p: SegmentRateParams,
    result: KpiResult,
    pair: SegmentRow,
    text: str,
    cites: list[int],
) -> EvidenceItem:
    """One segment's rate as evidence: a problem below the threshold, else healthy."""
    row, fmt = pair
    supports: Supports = "problem" if row[p.metric] < p.problem_below else "healthy"
    filters = row_filter(p.dimension, row)
    return check.kpi_evidence(
        supports=supports,
        severity=check.severity_level() if supports == "problem" else None,
        statement=text,
        threshold=f"at least {p.problem_below:g}%",
        figures=[
            figure(result, p.metric, row[p.metric], fmt[p.metric], filters),
            figure(result, p.denominator, row[p.denominator], fmt[p.denominator], filters),
        ],
        citations=cites,
    )


# ---- what the data holds ------------------------------------------------------------------------
def kpi_revenue_tracked(ctx: CheckContext, check: CheckConfig) -> CheckOutcome:
    query = KpiQuery(metrics=["spend", "revenue", "customers"], period=ctx.period)
    result = ctx.kpi(query)
    if result is None:
        return unavailable(ctx, query, "spend and revenue")
    t, f = result.totals, result.formatted_totals
    if not t.get("spend"):
        return CheckOutcome(missing=[f"no spend recorded in {when(result)}"])
    figs = [
        figure(result, name, t.get(name), f[name]) for name in ("spend", "revenue", "customers")
    ]
    cites = ctx.cite_kpi(result)
    if not t.get("revenue") and not t.get("customers"):
        return CheckOutcome(
            evidence=[
                check.kpi_evidence(
                    supports="problem",
                    statement=(
                        f"No revenue or customer data imported: {f['spend']} of spend in "
                        f"{when(result)} cannot be tied to revenue"
                    ),
                    threshold="revenue or customers recorded against spend",
                    figures=figs,
                    citations=cites,
                )
            ]
        )
    return CheckOutcome(
        evidence=[
            check.kpi_evidence(
                supports="healthy",
                statement=(
                    f"Spend is tracked through to revenue: {f['revenue']} from {f['customers']} "
                    f"customers on {f['spend']} of spend in {when(result)}"
                ),
                threshold="revenue or customers recorded against spend",
                figures=figs,
                citations=cites,
            )
        ]
    )


class CoverageParams(BaseModel):
    stages: list[str]


def kpi_stage_coverage(ctx: CheckContext, check: CheckConfig) -> CheckOutcome:
    p = CoverageParams.model_validate(check.thresholds)
    query = KpiQuery(metrics=p.stages, period=ctx.period)
    result = ctx.kpi(query)
    if result is None:
        return unavailable(ctx, query, "funnel stages")
    t, f = result.totals, result.formatted_totals
    figs = [figure(result, s, t.get(s), f[s]) for s in p.stages]
    cites = ctx.cite_kpi(result)
    absent = [metric_label(result, s) for s in p.stages if not t.get(s)]
    if len(absent) == len(p.stages):
        return CheckOutcome(missing=[f"no funnel figures in {when(result)}"])
    if absent:
        return CheckOutcome(
            evidence=[
                check.kpi_evidence(
                    supports="problem",
                    statement=(
                        f"No {', '.join(absent)} figures in the imported data for "
                        f"{when(result)}: those funnel stages cannot be measured"
                    ),
                    threshold="every stage from lead to revenue recorded",
                    figures=figs,
                    citations=cites,
                )
            ]
        )
    chain = " → ".join(f"{f[s]} {metric_label(result, s)}" for s in p.stages)
    return CheckOutcome(
        evidence=[
            check.kpi_evidence(
                supports="healthy",
                statement=f"Every funnel stage is in the imported data for {when(result)}: {chain}",
                threshold="every stage from lead to revenue recorded",
                figures=figs,
                citations=cites,
            )
        ]
    )
