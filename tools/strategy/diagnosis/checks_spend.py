"""Diagnosis checks on spend: segments spending without SQLs, cost-per-SQL outliers, and spend
with no revenue recorded (figures from the KPI engine)."""

from __future__ import annotations

from dataclasses import dataclass

from pydantic import BaseModel

from tools.kpi import KpiQuery, KpiResult
from tools.strategy.diagnosis.checks_base import (
    CheckConfig,
    CheckContext,
    CheckOutcome,
    EvidenceItem,
    KpiFigure,
    figure,
    metric_label,
    money,
    unavailable,
    when,
)
from tools.strategy.segments import Row, SegmentRow, row_filter, rows_where


# ---- segments without SQLs, cost outliers -------------------------------------------------------
class NoSqlParams(BaseModel):
    dimension: str
    min_leads: int | None = None
    spend_multiple_of_blended_cost_per_sql: float | None = None
    max_items: int = 3


def kpi_no_sql_segments(ctx: CheckContext, check: CheckConfig) -> CheckOutcome:
    """Segments that spent (or brought leads) without producing a single SQL. Which segments
    count: those with `min_leads`+ leads, or spending `spend_multiple_of_blended_cost_per_sql`×
    the blended cost per SQL."""
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
    rule = _NoSqlRule(check, p, result, limit)
    pairs = rows_where(result, rule.qualifies)
    if not pairs:
        return CheckOutcome(missing=[f"no {p.dimension} with {rule.scope} in {when(result)}"])
    cites = ctx.cite_kpi(result)
    flagged = sorted(
        (pair for pair in pairs if pair[0].get("sqls") == 0),
        key=lambda pair: (-(pair[0].get("spend") or 0), str(pair[0][p.dimension])),
    )
    if not flagged:
        return CheckOutcome(evidence=[rule.healthy(len(pairs), cites)])
    return CheckOutcome(evidence=[rule.problem(r, f, cites) for r, f in flagged[: p.max_items]])


@dataclass(frozen=True)
class _NoSqlRule:
    """Which segments `kpi_no_sql_segments` checks and the evidence it gives about them;
    `limit` is the spend floor (None when the rule counts leads instead)."""

    check: CheckConfig
    p: NoSqlParams
    result: KpiResult
    limit: float | None

    def qualifies(self, row: Row) -> bool:
        if self.p.min_leads is not None and (row.get("leads") or 0) < self.p.min_leads:
            return False
        return self.limit is None or (row.get("spend") or 0) >= self.limit

    @property
    def scope(self) -> str:
        """The segments checked, e.g. "spend of £1,500.00+ (3× the blended cost per SQL, …)"."""
        if self.limit is None:
            return f"{self.p.min_leads}+ leads"
        return (
            f"spend of {money(self.result, self.limit)}+ ({self._multiple:g}× the blended cost "
            f"per SQL, {self.result.formatted_totals['cost_per_sql']})"
        )

    @property
    def threshold(self) -> str:
        if self.limit is None:
            return f"at least one SQL from every {self.p.dimension} with {self.p.min_leads}+ leads"
        return (
            f"no {self.p.dimension} spends {self._multiple:g}× the blended cost per SQL "
            f"({money(self.result, self.limit)}) without an SQL"
        )

    @property
    def _multiple(self) -> float:
        return self.p.spend_multiple_of_blended_cost_per_sql or 0.0

    def healthy(self, checked: int, cites: list[int]) -> EvidenceItem:
        return self.check.kpi_evidence(
            supports="healthy",
            statement=(
                f"Every {self.p.dimension} with {self.scope} in {when(self.result)} produced "
                f"SQLs ({checked} checked)"
            ),
            threshold=self.threshold,
            figures=self._figures(None),
            citations=cites,
        )

    def problem(self, row: Row, fmt: dict[str, str], cites: list[int]) -> EvidenceItem:
        name, period = row[self.p.dimension], when(self.result)
        if self.limit is not None:
            text = (
                f"“{name}” spent {fmt['spend']} in {period} and "
                f"produced {fmt['sqls']} SQLs from {fmt['leads']} leads"
            )
        else:
            text = (
                f"“{name}”: {fmt['leads']} leads and {fmt['sqls']} SQLs in "
                f"{period} ({fmt['spend']} spent)"
            )
        return self.check.kpi_evidence(
            supports="problem",
            statement=text,
            threshold=self.threshold,
            figures=self._figures((row, fmt)),
            citations=cites,
        )

    def _figures(self, pair: SegmentRow | None) -> list[KpiFigure]:
        out = []
        if pair is not None:
            row, fmt = pair
            filters = row_filter(self.p.dimension, row)
            out = [
                figure(self.result, name, row[name], fmt[name], filters)
                for name in ("leads", "sqls", "spend")
            ]
        if self.limit is not None:
            blended = self.result.totals.get("cost_per_sql")
            shown = self.result.formatted_totals["cost_per_sql"]
            out.append(figure(self.result, "cost_per_sql", blended, shown))
        return out


class OutlierParams(BaseModel):
    dimension: str
    metric: str
    multiple: float
    min_spend: float


def kpi_cost_outliers(ctx: CheckContext, check: CheckConfig) -> CheckOutcome:
    """Segments spending `min_spend`+ whose `metric` (e.g. cost per SQL) is above `multiple`×
    the blended figure; healthy evidence names the highest when none is."""
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
    pairs = rows_where(
        result, lambda r: (r.get("spend") or 0) >= p.min_spend and r.get(p.metric) is not None
    )
    if not pairs:
        return CheckOutcome(
            missing=[f"{label}: no {p.dimension} spending {money(result, p.min_spend)}+ with SQLs"]
        )
    outliers = _Outliers(check, p, result, label, limit, ctx.cite_kpi(result))
    flagged = sorted(
        (pair for pair in pairs if pair[0][p.metric] > limit),
        key=lambda pair: (-pair[0][p.metric], str(pair[0][p.dimension])),
    )
    if not flagged:
        return CheckOutcome(evidence=[outliers.healthy(max(pairs, key=lambda x: x[0][p.metric]))])
    return CheckOutcome(evidence=[outliers.outlier(row, fmt) for row, fmt in flagged])


@dataclass(frozen=True)
class _Outliers:
    """The evidence of one `kpi_cost_outliers` run: `limit` is `multiple`× the blended figure."""

    check: CheckConfig
    p: OutlierParams
    result: KpiResult
    label: str
    limit: float
    cites: list[int]

    @property
    def blended(self) -> str:
        return self.result.formatted_totals[self.p.metric]

    @property
    def threshold(self) -> str:
        return (
            f"at most {self.p.multiple:g}× the blended {self.label} "
            f"({self.blended}), i.e. {money(self.result, self.limit)}"
        )

    def _blended_figure(self) -> KpiFigure:
        value = self.result.totals.get(self.p.metric)
        return figure(self.result, self.p.metric, value, self.blended)

    def _figure(self, metric: str, row: Row, fmt: dict[str, str]) -> KpiFigure:
        filters = row_filter(self.p.dimension, row)
        return figure(self.result, metric, row[metric], fmt[metric], filters)

    def healthy(self, worst: SegmentRow) -> EvidenceItem:
        row, fmt = worst
        p = self.p
        return self.check.kpi_evidence(
            supports="healthy",
            statement=(
                f"No {p.dimension} spending {money(self.result, p.min_spend)}+ in "
                f"{when(self.result)} has a {self.label} above {p.multiple:g}× the blended "
                f"{self.blended} (highest: {row[p.dimension]}, {fmt[p.metric]})"
            ),
            threshold=self.threshold,
            figures=[self._blended_figure(), self._figure(p.metric, row, fmt)],
            citations=self.cites,
        )

    def outlier(self, row: Row, fmt: dict[str, str]) -> EvidenceItem:
        p = self.p
        return self.check.kpi_evidence(
            supports="problem",
            statement=(
                f"{row[p.dimension]}: {self.label} {fmt[p.metric]} in {when(self.result)} "
                f"({fmt['spend']} spent) vs blended {self.blended}"
            ),
            threshold=self.threshold,
            figures=[
                self._figure(p.metric, row, fmt),
                self._figure("spend", row, fmt),
                self._blended_figure(),
            ],
            citations=self.cites,
        )
