"""Diagnosis checks on spend: segments spending without SQLs, cost-per-SQL outliers, and spend
with no revenue recorded (figures from the KPI engine)."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel

from tools.kpi import KpiQuery
from tools.strategy.checks_base import (
    CheckConfig,
    CheckContext,
    CheckOutcome,
    figure,
    metric_label,
    money,
    unavailable,
    when,
)


# ---- segments without SQLs, cost outliers -------------------------------------------------------
class NoSqlParams(BaseModel):
    dimension: str
    min_leads: int | None = None
    spend_multiple_of_blended_cost_per_sql: float | None = None
    max_items: int = 3


def kpi_no_sql_segments(ctx: CheckContext, check: CheckConfig) -> CheckOutcome:
    p = NoSqlParams.model_validate(check.thresholds)
    query = KpiQuery(
        metrics=["leads", "sqls", "spend", "cost_per_sql"],
        dimensions=[p.dimension],
        period=ctx.period,
    )
    result = ctx.kpi(query)
    if result is None:
        return unavailable(ctx, query, f"SQLs by {p.dimension}")
    if result.totals.get("sqls") is None:
        return CheckOutcome(missing=[f"SQLs by {p.dimension}: the imported data has no SQLs"])
    blended = result.totals.get("cost_per_sql")
    multiple = p.spend_multiple_of_blended_cost_per_sql
    if multiple is not None and blended is None:
        return CheckOutcome(missing=[f"no blended cost per SQL in {when(result)}"])
    limit = multiple * float(blended) if multiple is not None and blended is not None else None

    def qualifies(row: dict[str, Any]) -> bool:
        if p.min_leads is not None and (row.get("leads") or 0) < p.min_leads:
            return False
        return limit is None or (row.get("spend") or 0) >= limit

    pairs = [
        (r, f) for r, f in zip(result.rows, result.formatted_rows, strict=True) if qualifies(r)
    ]
    if limit is not None:
        rule = (
            f"spend of {money(result, limit)}+ ({multiple:g}× the blended cost per SQL, "
            f"{result.formatted_totals['cost_per_sql']})"
        )
        rule_text = (
            f"no {p.dimension} spends {multiple:g}× the blended cost per SQL "
            f"({money(result, limit)}) without an SQL"
        )
    else:
        rule = f"{p.min_leads}+ leads"
        rule_text = f"at least one SQL from every {p.dimension} with {p.min_leads}+ leads"
    if not pairs:
        return CheckOutcome(missing=[f"no {p.dimension} with {rule} in {when(result)}"])
    cites = ctx.cite_kpi(result)
    flagged = sorted(
        (pair for pair in pairs if pair[0].get("sqls") == 0),
        key=lambda pair: (-(pair[0].get("spend") or 0), str(pair[0][p.dimension])),
    )

    def figures(row: dict[str, Any] | None, fmt: dict[str, str] | None) -> list[Any]:
        out = []
        if row is not None and fmt is not None:
            filters = {p.dimension: [str(row[p.dimension])]}
            out = [
                figure(result, name, row[name], fmt[name], filters)
                for name in ("leads", "sqls", "spend")
            ]
        if limit is not None:
            out.append(
                figure(result, "cost_per_sql", blended, result.formatted_totals["cost_per_sql"])
            )
        return out

    if not flagged:
        return CheckOutcome(
            evidence=[
                check.kpi_evidence(
                    supports="healthy",
                    statement=(
                        f"Every {p.dimension} with {rule} in {when(result)} produced SQLs "
                        f"({len(pairs)} checked)"
                    ),
                    threshold=rule_text,
                    figures=figures(None, None),
                    citations=cites,
                )
            ]
        )
    items = []
    for row, fmt in flagged[: p.max_items]:
        if limit is not None:
            text = (
                f"“{row[p.dimension]}” spent {fmt['spend']} in {when(result)} and "
                f"produced {fmt['sqls']} SQLs from {fmt['leads']} leads"
            )
        else:
            text = (
                f"“{row[p.dimension]}”: {fmt['leads']} leads and {fmt['sqls']} SQLs in "
                f"{when(result)} ({fmt['spend']} spent)"
            )
        items.append(
            check.kpi_evidence(
                supports="problem",
                statement=text,
                threshold=rule_text,
                figures=figures(row, fmt),
                citations=cites,
            )
        )
    return CheckOutcome(evidence=items)


class OutlierParams(BaseModel):
    dimension: str
    metric: str
    multiple: float
    min_spend: float


def kpi_cost_outliers(ctx: CheckContext, check: CheckConfig) -> CheckOutcome:
    p = OutlierParams.model_validate(check.thresholds)
    query = KpiQuery(metrics=[p.metric, "spend"], dimensions=[p.dimension], period=ctx.period)
    result = ctx.kpi(query)
    if result is None:
        return unavailable(ctx, query, f"{p.metric} by {p.dimension}")
    blended = result.totals.get(p.metric)
    label = metric_label(result, p.metric)
    if blended is None:
        return CheckOutcome(missing=[f"{label}: no blended figure in {when(result)}"])
    limit = p.multiple * float(blended)
    pairs = [
        (r, f)
        for r, f in zip(result.rows, result.formatted_rows, strict=True)
        if (r.get("spend") or 0) >= p.min_spend and r.get(p.metric) is not None
    ]
    if not pairs:
        return CheckOutcome(
            missing=[f"{label}: no {p.dimension} spending {money(result, p.min_spend)}+ with SQLs"]
        )
    cites = ctx.cite_kpi(result)
    blended_fig = figure(result, p.metric, blended, result.formatted_totals[p.metric])
    threshold = (
        f"at most {p.multiple:g}× the blended {label} "
        f"({result.formatted_totals[p.metric]}), i.e. {money(result, limit)}"
    )
    flagged = sorted(
        (pair for pair in pairs if pair[0][p.metric] > limit),
        key=lambda pair: (-pair[0][p.metric], str(pair[0][p.dimension])),
    )
    if not flagged:
        worst = max(pairs, key=lambda pair: pair[0][p.metric])
        return CheckOutcome(
            evidence=[
                check.kpi_evidence(
                    supports="healthy",
                    statement=(
                        f"No {p.dimension} spending {money(result, p.min_spend)}+ in "
                        f"{when(result)} has a {label} above {p.multiple:g}× the blended "
                        f"{result.formatted_totals[p.metric]} (highest: {worst[0][p.dimension]}, "
                        f"{worst[1][p.metric]})"
                    ),
                    threshold=threshold,
                    figures=[
                        blended_fig,
                        figure(
                            result,
                            p.metric,
                            worst[0][p.metric],
                            worst[1][p.metric],
                            {p.dimension: [str(worst[0][p.dimension])]},
                        ),
                    ],
                    citations=cites,
                )
            ]
        )
    return CheckOutcome(
        evidence=[
            check.kpi_evidence(
                supports="problem",
                statement=(
                    f"{row[p.dimension]}: {label} {fmt[p.metric]} in {when(result)} "
                    f"({fmt['spend']} spent) vs blended {result.formatted_totals[p.metric]}"
                ),
                threshold=threshold,
                figures=[
                    figure(
                        result,
                        p.metric,
                        row[p.metric],
                        fmt[p.metric],
                        {p.dimension: [str(row[p.dimension])]},
                    ),
                    figure(
                        result,
                        "spend",
                        row["spend"],
                        fmt["spend"],
                        {p.dimension: [str(row[p.dimension])]},
                    ),
                    blended_fig,
                ],
                citations=cites,
            )
            for row, fmt in flagged
        ]
    )
