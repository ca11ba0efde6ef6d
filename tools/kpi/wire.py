"""What a real model reads for `kpi_lookup`: `KpiQuery` with its period flat.

`KpiQuery.period` is a discriminated union of nine models (`tools.kpi.periods.PeriodSpec`);
spelled out as JSON Schema it was about 1,100 of the tool's 1,650 tokens, on every model call.
The union is needed to validate, not to be understood: every kind is a `kind` plus a few of
the same handful of fields. `PeriodArgs` lists those fields once (and says in one line which
kind takes which); `KpiArgs` is `KpiQuery` with that period. A model fills the flat shape,
which is the union's own JSON (`{"kind": "previous", "unit": "month"}`), so the tool still
validates the arguments as `KpiQuery` — the same typed union, and the same readable errors,
including a field the kind does not take. `KpiArgs(...).to_query()` does the same conversion
for tests and callers holding wire arguments.

Only the schema text differs: `agent.schemas.compact_tool` sends `KpiArgs` instead of
`KpiQuery` (see `tools.wire`).
"""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import BaseModel, Field

from tools.kpi.periods import CompareMode
from tools.kpi.results import KpiQuery, Order

Kind = Literal[
    "all",
    "previous",
    "to_date",
    "latest_complete",
    "trailing",
    "calendar",
    "range",
    "before",
    "since",
]
WireUnit = Literal["day", "week", "month", "quarter", "half", "year", "period"]

KIND_HELP = (
    "previous: unit, back (last month: back 1); to_date: unit (MTD, YTD); "
    "latest_complete: unit; trailing: count, unit, complete (last 30 days); "
    "calendar: unit month|quarter|half|year, index, year (Q3 2026); range: start, end; "
    "before: unit (or period: same length), of; since: of; all"
)


class PeriodArgs(BaseModel):
    """A period; relative kinds count from the latest imported date."""

    kind: Kind = Field(description=KIND_HELP)
    unit: WireUnit | None = None
    back: int | None = None
    count: int | None = None
    complete: bool | None = Field(default=None, description="whole calendar units only")
    index: int | None = Field(default=None, description="month 1-12, quarter 1-4, half 1-2")
    year: int | None = None
    start: date | None = None
    end: date | None = None
    of: PeriodArgs | None = Field(default=None, description="the period it is relative to")


class KpiArgs(BaseModel):
    """`KpiQuery`'s fields as a real model reads them (see the module docstring)."""

    metrics: list[str] = Field(description="metric names, e.g. ['cpl']")
    dimensions: list[str] | None = Field(default=None, description="group by, e.g. ['channel']")
    filters: dict[str, list[str]] | None = Field(
        default=None, description='e.g. {"channel": ["LinkedIn Ads"]}'
    )
    period: PeriodArgs | None = Field(default=None, description="default: all data")
    compare: CompareMode | None = Field(
        default=None, description="previous_period, or the same dates a year earlier"
    )
    order_by: str | None = Field(default=None, description="metric to rank by")
    order: Order | None = Field(
        default=None, description="best/worst know if higher is better; desc/asc are plain"
    )
    top_n: int | None = Field(default=None, description="keep the first N groups")

    def to_query(self) -> KpiQuery:
        """The typed query the tool runs (raises pydantic's `ValidationError` as the tool
        would for the same arguments)."""
        return KpiQuery.model_validate(self.model_dump(exclude_none=True))
