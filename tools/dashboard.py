"""The performance dashboard of one workspace, built from the KPI engine only.

`build_dashboard(scope, period, grain)` runs governed `KpiQuery`s through `tools.kpi.tool.lookup`
(the same engine, SQL and rounding as `kpi_lookup` and `POST /workspaces/{id}/kpi`) and reads
the diagnosis's open problems from `tools.strategy.diagnosis` (run, not saved). Nothing is
parsed from text and nothing is computed here but layout: every figure is the engine's.

Shape (`Dashboard`): the period and the one before it; headline metrics (spend, leads, CPL,
SQLs, cost per SQL, pipeline, revenue, ROAS, CAC) with value, previous value and change, or
n/a with the reason and the data that would fill it; a trend by week or month; breakdowns by
channel and by campaign; open problems; and `empty` states naming the data to import.
Money is in the data's currency (`currency`); rates are percentages; ROAS is a ratio (x).
"""

from __future__ import annotations

import csv
import io
from typing import Any, Literal

from pydantic import BaseModel, Field

from core.sanitise import csv_cell
from core.scope import WorkspaceScope
from tools.kpi.errors import NoCampaignData
from tools.kpi.periods import AllData, PeriodSpec
from tools.kpi.results import Change, KpiQuery, KpiResult, PeriodInfo
from tools.kpi.tool import lookup
from tools.strategy.diagnosis.run import run_diagnosis

Grain = Literal["week", "month"]
HEADLINE_METRICS = (
    "spend",
    "leads",
    "cpl",
    "sqls",
    "cost_per_sql",
    "pipeline",
    "revenue",
    "roas",
    "cac",
)
TREND_METRICS = ("spend", "leads", "sqls", "cpl")
BREAKDOWN_METRICS = ("spend", "leads", "cpl", "sqls", "cost_per_sql", "revenue")
CAMPAIGN_LIMIT = 25
ADS_DATA = "an ad-platform export (Google Ads, Meta Ads or LinkedIn: date, campaign, spend)"
CRM_DATA = "a CRM export (HubSpot or Salesforce) with lifecycle stages, deal amounts and dates"
NEEDS: dict[str, str] = {
    "spend": ADS_DATA,
    "leads": "an ad-platform, GA4 or CRM export with leads or conversions",
    "cpl": "spend and leads (" + ADS_DATA + ")",
    "sqls": CRM_DATA,
    "cost_per_sql": "spend and SQLs: " + ADS_DATA + " and " + CRM_DATA,
    "pipeline": CRM_DATA,
    "revenue": CRM_DATA + " (closed-won amounts)",
    "roas": "spend and revenue: " + ADS_DATA + " and " + CRM_DATA,
    "cac": "spend and new customers: " + ADS_DATA + " and " + CRM_DATA,
}
NO_DATA = (
    "No campaign data in this workspace yet: import {ads} and {crm} in the Data view "
    "(or `cmo import --workspace {ws} FILE`)."
)


class Headline(BaseModel):
    """One governed metric for the period and the one before; `value` None means n/a."""

    metric: str
    label: str
    unit: str = Field(description="currency, count, percent or ratio")
    higher_is_better: bool | None = None
    value: float | int | None = None
    formatted: str = "n/a"
    previous: float | int | None = None
    formatted_previous: str = "n/a"
    change: Change | None = None
    reason: str | None = Field(default=None, description="why n/a, and what data would fill it")


class Table(BaseModel):
    """Rows of one KPI result: `columns` in order (dimension first), raw and formatted rows."""

    dimension: str
    columns: list[str]
    labels: dict[str, str] = Field(description="column → label for people")
    units: dict[str, str] = Field(description="metric column → unit")
    rows: list[dict[str, Any]]
    formatted_rows: list[dict[str, str]]
    row_count: int = Field(description="groups found (campaigns beyond the limit are left out)")
    sql: str = Field(description="the SQL the engine ran")


class Problem(BaseModel):
    """An open problem of the diagnosis (status "problem")."""

    area: str
    title: str
    severity: str | None
    headline: str
    settle_with: str


class EmptyState(BaseModel):
    section: Literal["all", "headlines", "trend", "channels", "campaigns", "problems"]
    message: str


class Dashboard(BaseModel):
    workspace: str
    period: PeriodInfo | None = None
    previous_period: PeriodInfo | None = None
    grain: Grain
    currency: str | None = None
    data_start: str | None = None
    data_end: str | None = None
    headlines: list[Headline]
    trend: Table | None = None
    channels: Table | None = None
    campaigns: Table | None = None
    problems: list[Problem]
    empty: list[EmptyState] = Field(default_factory=list)
    notes: list[str] = Field(default_factory=list)


def build_dashboard(
    scope: WorkspaceScope, period: PeriodSpec | None, grain: Grain | None = None
) -> Dashboard:
    """The dashboard of `scope` for `period` (None: all data) against the period before
    (none for all data).
    `grain` None: weeks for periods up to 92 days, months beyond."""
    problems = _problems(scope)
    try:
        compare = period is not None and not isinstance(period, AllData)  # all: none before
        head = lookup(scope, _query(HEADLINE_METRICS, [], period, compare=compare))
    except NoCampaignData:
        return _without_data(scope, problems, grain or "month")
    span = (head.period.end - head.period.start).days + 1
    grain = grain or ("week" if span <= 92 else "month")
    trend = _table(lookup(scope, _query(TREND_METRICS, [grain], period)))
    channels = _table(lookup(scope, _query(BREAKDOWN_METRICS, ["channel"], period)))
    campaign_query = _query(BREAKDOWN_METRICS, ["campaign"], period)
    campaign_query = campaign_query.model_copy(
        update={"order_by": "spend", "order": "desc", "top_n": CAMPAIGN_LIMIT}
    )
    campaigns = _table(lookup(scope, campaign_query))
    dashboard = Dashboard(
        workspace=scope.id,
        period=head.period,
        previous_period=head.comparison.period if head.comparison else None,
        grain=grain,
        currency=head.currency,
        data_start=str(head.data_start),
        data_end=str(head.data_end),
        headlines=_headlines(head),
        trend=trend if trend.rows else None,
        channels=channels if channels.rows else None,
        campaigns=campaigns if campaigns.rows else None,
        problems=problems,
        notes=head.notes,
    )
    dashboard.empty = _empty_states(dashboard)
    return dashboard


def _query(
    metrics: tuple[str, ...], dims: list[str], period: PeriodSpec | None, compare: bool = False
) -> KpiQuery:
    return KpiQuery(
        metrics=list(metrics),
        dimensions=dims,
        period=period,
        compare="previous_period" if compare else None,
    )


def _headlines(result: KpiResult) -> list[Headline]:
    out: list[Headline] = []
    changes = result.comparison.changes if result.comparison else {}
    previous = result.comparison.formatted_totals if result.comparison else {}
    previous_raw = result.comparison.totals if result.comparison else {}
    for info in result.metrics:
        value = result.totals.get(info.name)
        headline = Headline(
            metric=info.name,
            label=info.label,
            unit=info.unit,
            higher_is_better=info.higher_is_better,
            value=value,
            formatted=result.formatted_totals.get(info.name, "n/a"),
            previous=previous_raw.get(info.name),
            formatted_previous=previous.get(info.name, "n/a"),
            change=changes.get(info.name),
        )
        if value is None:
            headline.reason = _reason(result, info.name, info.label)
        out.append(headline)
    return out


def _reason(result: KpiResult, metric: str, label: str) -> str:
    said = next((n for n in result.notes if n.startswith(f"{label} is n/a")), None)
    need = f"import {NEEDS.get(metric, 'the data it is computed from')}"
    return f"{said} To show it, {need}." if said else f"No figures for it; {need}."


def _table(result: KpiResult) -> Table:
    dimension = result.dimensions[0]
    columns = [dimension, *(m.name for m in result.metrics)]
    labels = {dimension: dimension.replace("_", " ").capitalize()}
    labels.update({m.name: m.label for m in result.metrics})
    return Table(
        dimension=dimension,
        columns=columns,
        labels=labels,
        units={m.name: m.unit for m in result.metrics},
        rows=result.rows,
        formatted_rows=result.formatted_rows,
        row_count=result.row_count,
        sql=result.sql,
    )


def _problems(scope: WorkspaceScope) -> list[Problem]:
    diagnosis = run_diagnosis(scope)
    return [
        Problem(
            area=a.area,
            title=a.title,
            severity=a.severity,
            headline=a.headline,
            settle_with=a.settle_with,
        )
        for a in diagnosis.areas
        if a.status == "problem"
    ]


def _without_data(scope: WorkspaceScope, problems: list[Problem], grain: Grain) -> Dashboard:
    message = NO_DATA.format(ads=ADS_DATA, crm=CRM_DATA, ws=scope.id)
    headlines = [
        Headline(metric=m, label=m, unit="", reason=f"No data yet; import {NEEDS[m]}.")
        for m in HEADLINE_METRICS
    ]
    dashboard = Dashboard(workspace=scope.id, grain=grain, headlines=headlines, problems=problems)
    dashboard.empty = [EmptyState(section="all", message=message), *_empty_states(dashboard)]
    return dashboard


def _empty_states(dashboard: Dashboard) -> list[EmptyState]:
    states: list[EmptyState] = []
    label = dashboard.period.label if dashboard.period else "this workspace"
    if dashboard.period is not None and dashboard.trend is None:
        states.append(
            EmptyState(
                section="trend",
                message=f"No data in {label}; pick another period or import newer exports.",
            )
        )
    if dashboard.period is not None and dashboard.channels is None:
        states.append(
            EmptyState(
                section="channels", message=f"No channel figures in {label}; import {ADS_DATA}."
            )
        )
    if dashboard.period is not None and dashboard.campaigns is None:
        states.append(
            EmptyState(
                section="campaigns", message=f"No campaign figures in {label}; import {ADS_DATA}."
            )
        )
    if not dashboard.problems:
        states.append(
            EmptyState(
                section="problems",
                message="No open problems found; the diagnosis needs campaign data and documents "
                "(strategy deck, sales notes) to find any: import them and run a diagnosis.",
            )
        )
    return states


def dashboard_csv(dashboard: Dashboard) -> str:
    """The dashboard as one CSV: `section,group,metric,value,formatted,previous,change_percent`
    (headlines, then trend, channel and campaign rows; raw numbers in `value`, the engine's
    formatting in `formatted`; cells a spreadsheet would run as formulas are escaped)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(
        ["section", "group", "metric", "value", "formatted", "previous", "change_percent", "period"]
    )
    period = dashboard.period.label if dashboard.period else ""
    for h in dashboard.headlines:
        percent = h.change.percent if h.change else None
        writer.writerow(
            _cells(["headline", "", h.metric, h.value, h.formatted, h.previous, percent, period])
        )
    for section, table in (
        ("trend", dashboard.trend),
        ("channel", dashboard.channels),
        ("campaign", dashboard.campaigns),
    ):
        if table is None:
            continue
        for row, text in zip(table.rows, table.formatted_rows, strict=True):
            for metric in table.columns[1:]:
                group = text[table.dimension]
                writer.writerow(
                    _cells(
                        [
                            section,
                            group,
                            metric,
                            row.get(metric),
                            text.get(metric, ""),
                            None,
                            None,
                            period,
                        ]
                    )
                )
    return out.getvalue()


def _cells(values: list[Any]) -> list[str]:
    return [csv_cell("" if v is None else str(v)) for v in values]
