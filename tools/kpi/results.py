"""The KPI tool's input (`KpiQuery`) and output (`KpiResult`) models."""

from __future__ import annotations

from datetime import date
from typing import Any, Literal, get_args

from pydantic import BaseModel, Field, computed_field, field_validator, model_serializer

from tools.citations import Citation
from tools.kpi.periods import CompareMode, PeriodSpec

Order = Literal["best", "worst", "desc", "asc"]
_PERIOD_KEYS = frozenset({"period", "date", "dates", "date_range", "time_period", "timeframe"})
# each period kind → the fields it takes (a flat schema shows a model them all at once)
_KIND_FIELDS = {
    str(m.model_fields["kind"].default): frozenset(m.model_fields)
    for m in get_args(get_args(PeriodSpec)[0])
}


class KpiQuery(BaseModel):
    """A question about campaign performance, in governed names (or their synonyms).

    Example: which campaign had the best ROAS in Q3 →
    KpiQuery(metrics=["roas"], dimensions=["campaign"],
             period=CalendarPeriod(unit="quarter", index=3), order="best", top_n=1)
    """

    metrics: list[str] = Field(
        min_length=1, description="governed metric names or synonyms, e.g. ['cpl']"
    )
    dimensions: list[str] = Field(
        default_factory=list, description="group by, e.g. ['channel'], ['campaign', 'month']"
    )
    filters: dict[str, list[str]] = Field(
        default_factory=dict, description='e.g. {"channel": ["LinkedIn Ads"]}; case-insensitive'
    )
    period: PeriodSpec | None = Field(
        default=None, description="default: all data; relative kinds count from the latest data"
    )
    compare: CompareMode | None = Field(
        default=None, description="compare with the period before, or the same one a year earlier"
    )
    order_by: str | None = Field(default=None, description="metric to rank by (default: first)")
    order: Order | None = Field(
        default=None, description="best/worst respect whether higher is better; desc/asc are plain"
    )
    top_n: int | None = Field(
        default=None, ge=1, le=1000, description="keep the first N groups (1: 'which … best')"
    )

    @field_validator("filters", mode="before")
    @classmethod
    def _single_values_as_lists(cls, value: Any) -> Any:
        if isinstance(value, dict):
            misplaced = [k for k in value if str(k).strip().lower() in _PERIOD_KEYS]
            if misplaced:  # a model put the period among the filters: say where it goes
                raise ValueError(
                    f"'{misplaced[0]}' is not a filter: send the period as the top-level "
                    '`period` argument, e.g. "period": {"kind": "previous", "unit": "month"}, '
                    "and keep `filters` for dimensions such as channel or campaign"
                )
            return {k: [v] if isinstance(v, str) else v for k, v in value.items()}
        return value

    @field_validator("period", mode="before")
    @classmethod
    def _only_the_kinds_fields(cls, value: Any) -> Any:
        _check_period_fields(value)
        return value


def _check_period_fields(value: Any) -> None:
    """A field the period's kind does not take is an error, not silently dropped: with
    `{"kind": "previous", "unit": "day", "count": 30}` the model meant the last 30 days."""
    if not isinstance(value, dict) or value.get("kind") not in _KIND_FIELDS:
        return  # no kind, or not a dict: the union's own error says what is wrong
    kind = str(value["kind"])
    extra = sorted(k for k, v in value.items() if v is not None and k not in _KIND_FIELDS[kind])
    if extra:
        takes = ", ".join(sorted(_KIND_FIELDS[kind] - {"kind"})) or "no other fields"
        raise ValueError(
            f"period kind '{kind}' does not take {', '.join(extra)} (it takes {takes})"
        )
    _check_period_fields(value.get("of"))


class MetricInfo(BaseModel):
    name: str
    label: str
    unit: str
    higher_is_better: bool | None
    formula: str


class PeriodInfo(BaseModel):
    start: date
    end: date
    label: str
    partial: bool = False


class Change(BaseModel):
    """current vs previous for one metric; percent is relative change (n/a from zero)."""

    current: float | int | None
    previous: float | int | None
    absolute: float | None
    percent: float | None
    formatted_current: str
    formatted_previous: str
    formatted_absolute: str
    formatted_percent: str
    direction: Literal["up", "down", "flat", "n/a"]
    assessment: Literal["better", "worse", "neutral", "n/a"]


class Comparison(BaseModel):
    period: PeriodInfo
    totals: dict[str, float | int | None]
    formatted_totals: dict[str, str]
    changes: dict[str, Change]


class Pivot(BaseModel):
    """One metric by a date grain and one category, laid out as a table: a row per period,
    a column per category ("spend by channel by month"). Cells are the formatted values."""

    row_dimension: str
    column_dimension: str
    metric: str
    columns: list[str]
    rows: list[dict[str, str]]


class KpiResult(BaseModel):
    """Exact figures from the query engine, ready to render; never produced by a model."""

    metrics: list[MetricInfo]
    dimensions: list[str]
    filters: dict[str, list[str]]
    period: PeriodInfo
    comparison: Comparison | None = None
    rows: list[dict[str, Any]]
    formatted_rows: list[dict[str, str]]
    totals: dict[str, float | int | None]
    formatted_totals: dict[str, str]
    row_count: int = Field(description="groups found before top_n / the row cap")
    order: Order | None = Field(default=None, description="how rows were ranked, if they were")
    order_by: str | None = Field(default=None, description="the metric rows were ranked by")
    top_n: int | None = Field(default=None, description="rows kept after ranking, if limited")
    truncated: bool = False
    currency: str | None = None
    data_start: date
    data_end: date
    sql: str
    params: dict[str, Any]
    citations: list[Citation]
    notes: list[str] = Field(default_factory=list)
    totals_by_currency: dict[str, dict[str, float | int | None]] = Field(
        default_factory=dict,
        description="currency → metric → total, when amounts in several currencies are selected",
    )
    formatted_totals_by_currency: dict[str, dict[str, str]] = Field(default_factory=dict)
    pivot: Pivot | None = Field(default=None, description="rows re-laid as period × category")

    @model_serializer(mode="wrap")
    def _omit_empty_currency_split(self, handler):  # type: ignore[no-untyped-def]
        """The per-currency totals appear only when a selection holds several currencies."""
        data = handler(self)
        for key in ("totals_by_currency", "formatted_totals_by_currency"):
            if isinstance(data, dict) and not data.get(key):
                data.pop(key, None)
        return data

    @computed_field  # type: ignore[prop-decorator]
    @property
    def reading(self) -> str:
        """The question this result answers, in one line a marketer reads: metrics, breakdown,
        filters, ranking, period and comparison (what the engine ran, after name resolution)."""
        return describe_reading(self)


_DIMENSION_WORDS = {"ad_group": "ad group", "day": "day", "week": "week", "month": "month"}


def describe_reading(result: KpiResult) -> str:
    """ "Cost per SQL by channel, lowest first — 2026 (to date, to 22 Nov 2026)"."""
    labels = [m.label for m in result.metrics]
    text = labels[0] if len(labels) == 1 else ", ".join(labels[:-1]) + " and " + labels[-1]
    if result.dimensions:
        text += " by " + " and ".join(_DIMENSION_WORDS.get(d, d) for d in result.dimensions)
    for name, values in result.filters.items():
        text += f", {_DIMENSION_WORDS.get(name, name)} {' / '.join(values)}"
    if result.order_by:
        text += ", " + _ranking(result)
    text += f" — {result.period.label}"
    if result.comparison is not None:
        text += f", compared with {result.comparison.period.label}"
    return text


def _ranking(result: KpiResult) -> str:
    metric = next((m for m in result.metrics if m.name == result.order_by), None)
    better = metric.higher_is_better if metric else None
    order = result.order or "best"
    if order in ("best", "worst") and better is not None:
        high = (order == "best") == better
        if metric is not None and metric.unit == "currency" and better is False:
            direction = "cheapest first" if order == "best" else "most expensive first"
        else:
            direction = f"{order} first ({'highest' if high else 'lowest'})"
    else:
        direction = "lowest first" if order == "asc" else "highest first"
    top = f", top {result.top_n}" if result.top_n else ""
    if metric is not None and len(result.metrics) > 1:
        return f"ranked by {metric.label}, {direction}{top}"
    return f"{direction}{top}"
