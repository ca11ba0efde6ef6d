"""Periods as typed values, resolved against the data: "last month" means the month before the
month of the latest date imported, not before today's date (exports lag, demos are frozen).

A `PeriodSpec` is what a model (or the offline model's grammar, in `agent/offline`) fills in;
`resolve(spec, (first, latest))` turns it into an inclusive date range, `Period`. Kinds:

* `all` — everything imported.
* `previous` — the `back`-th complete calendar unit counting back from the latest date
  ("last month" = back 1; "the month before last" = back 2). Data is taken to run through
  the day before today, so a unit that ends on the latest date is complete: with data to
  Sunday 22 Nov, "last week" is 16–22 Nov and "yesterday" is 22 Nov; with data to 31 Oct,
  "last month" is October.
* `to_date` — the unit holding the latest date, up to it ("this month", "YTD").
* `latest_complete` — the latest calendar unit that has ended by the latest date.
* `trailing` — the last `count` units ending on the latest date ("last 30 days"), or with
  `complete` the last `count` complete calendar units ("the last four full quarters").
* `calendar` — a named month, quarter, half or year ("Q3 2026", "March", "H1"); without a
  year, the latest one that has started by the latest date.
* `range` — explicit dates; `end` omitted means up to the latest date ("since 1 March").
* `before` — the `unit` just before another period ("quarter before Q3"), or with unit
  `period` the same-length period before it.
* `since` — from the start of another period to the latest date ("since March").

Comparisons: `previous_period` (the period before, like-for-like when the current one is still
running) and `previous_year` (same dates a year earlier).
"""

from __future__ import annotations

import calendar
from collections.abc import Callable
from datetime import date, timedelta
from typing import Annotated, Any, Literal

from dateutil.relativedelta import relativedelta
from pydantic import BaseModel, Field, model_validator

from tools.kpi.errors import InvalidPeriod

Unit = Literal["day", "week", "month", "quarter", "year"]
PeriodKind = Literal["day", "week", "month", "quarter", "year", "range", "all"]
CompareMode = Literal["previous_period", "previous_year"]
_UNIT_MONTHS = {"month": 1, "quarter": 3, "year": 12}


class AllData(BaseModel):
    """Everything imported."""

    kind: Literal["all"] = "all"


class Previous(BaseModel):
    """The `back`-th complete calendar unit counting back from the latest date ("last month");
    a unit ending on the latest date counts as complete."""

    kind: Literal["previous"] = "previous"
    unit: Unit
    back: int = Field(default=1, ge=1, le=520, description="1 = last, 2 = the one before…")


class ToDate(BaseModel):
    """The unit holding the latest date, up to it: "this quarter", "MTD", "YTD"."""

    kind: Literal["to_date"] = "to_date"
    unit: Unit


class LatestComplete(BaseModel):
    """The latest calendar unit that has ended by the latest date."""

    kind: Literal["latest_complete"] = "latest_complete"
    unit: Literal["week", "month", "quarter", "year"]


class Trailing(BaseModel):
    """The last `count` units ending on the latest date: "last 30 days", "past 6 months"; with
    `complete`, the last `count` whole calendar units: "the last four full quarters"."""

    kind: Literal["trailing"] = "trailing"
    count: int = Field(ge=1, le=3660)
    unit: Unit
    complete: bool = Field(default=False, description="whole calendar units only")


class CalendarPeriod(BaseModel):
    """A named month, quarter, half or year: "Q3 2026", "March", "H1", "2025"."""

    kind: Literal["calendar"] = "calendar"
    unit: Literal["month", "quarter", "half", "year"]
    index: int | None = Field(
        default=None, description="month 1–12, quarter 1–4 or half 1–2; not for a year"
    )
    year: int | None = Field(
        default=None, ge=1900, le=2200, description="default: the latest one started"
    )

    @model_validator(mode="after")
    def _index_fits_unit(self) -> CalendarPeriod:
        top = {"month": 12, "quarter": 4, "half": 2, "year": None}[self.unit]
        if top is None:
            if self.year is None:
                raise ValueError("a calendar year needs `year`")
        elif self.index is None or not 1 <= self.index <= top:
            name = {"quarter": "Q", "half": "H"}.get(self.unit, "month ")
            raise ValueError(f"there is no {name}{self.index}: use 1–{top}")
        return self


class DateRange(BaseModel):
    """Explicit dates, inclusive; no `end` means up to the latest date ("since 1 March")."""

    kind: Literal["range"] = "range"
    start: date
    end: date | None = None

    @model_validator(mode="after")
    def _ordered(self) -> DateRange:
        if self.end is not None and self.end < self.start:
            raise ValueError(f"the range ends ({self.end}) before it starts ({self.start})")
        return self


class Before(BaseModel):
    """The `unit` just before another period, or (unit `period`) the same-length period."""

    kind: Literal["before"] = "before"
    unit: Literal["week", "month", "quarter", "year", "period"]
    of: PeriodSpec


class Since(BaseModel):
    """From the start of another period to the latest date: "since March", "since Q3"."""

    kind: Literal["since"] = "since"
    of: PeriodSpec


PeriodSpec = Annotated[
    AllData
    | Previous
    | ToDate
    | LatestComplete
    | Trailing
    | CalendarPeriod
    | DateRange
    | Before
    | Since,
    Field(discriminator="kind"),
]
Before.model_rebuild()
Since.model_rebuild()


class Period(BaseModel):
    """An inclusive date range; `end` is clipped to the latest data date when `partial`."""

    start: date
    end: date
    label: str
    kind: PeriodKind
    partial: bool = False


def resolve(spec: PeriodSpec | None, bounds: tuple[date, date]) -> Period:
    """The dates `spec` means for data running from `bounds[0]` to `bounds[1]` (the latest
    date). None means all data. Raises `InvalidPeriod` for a period that ends before it
    starts."""
    first, latest = bounds
    spec = spec or AllData()
    period = _RESOLVERS[spec.kind](spec, first, latest)
    if period.end < period.start:
        raise InvalidPeriod(f"The period {period.label!r} ends before it starts.")
    return period


def _all(spec: object, first: date, latest: date) -> Period:
    label = f"all time ({span_text(first, latest)})"
    return Period(start=first, end=latest, label=label, kind="all")


def _previous(spec: Previous, first: date, latest: date) -> Period:
    back = spec.back
    if spec.unit == "day" or _unit_bounds(spec.unit, latest)[1] == latest:
        back -= 1  # the unit holding the latest date is complete: it is the "last" one
    if spec.unit == "day":
        day = latest - timedelta(days=back)
        return Period(start=day, end=day, label=_fmt(day), kind="day")
    prefix = f"last {spec.unit}" if spec.back == 1 else ""
    return _calendar(spec.unit, _shift(spec.unit, latest, -back), latest, prefix)


def _to_date(spec: ToDate, first: date, latest: date) -> Period:
    if spec.unit == "day":
        return Period(start=latest, end=latest, label=_fmt(latest), kind="day")
    start, end = _unit_bounds(spec.unit, latest)
    label = f"{_unit_label(spec.unit, start)} to date (to {_fmt(latest)})"
    return Period(start=start, end=latest, label=label, kind=spec.unit, partial=latest < end)


def _latest_complete(spec: LatestComplete, first: date, latest: date) -> Period:
    start, end = _unit_bounds(spec.unit, latest)
    anchor = latest if end == latest else _shift(spec.unit, start, -1)
    return _calendar(spec.unit, anchor, latest, f"latest complete {spec.unit}")


def _trailing(spec: Trailing, first: date, latest: date) -> Period:
    n, unit = spec.count, spec.unit
    if spec.complete and unit != "day":
        start, end = _unit_bounds(unit, latest)
        last_end = latest if end == latest else start - timedelta(days=1)
        first_start = _shift(unit, _unit_bounds(unit, last_end)[0], -(n - 1))
        label = f"last {n} full {unit}s ({span_text(first_start, last_end)})"
        return Period(start=first_start, end=last_end, kind="range", label=label)
    if unit in ("day", "week"):
        start = latest - timedelta(days=n * (7 if unit == "week" else 1))
    else:
        start = latest - relativedelta(months=n * _UNIT_MONTHS[unit])
    start += timedelta(days=1)
    return Period(
        start=start,
        end=latest,
        kind="range",
        label=f"last {n} {unit}{'s' if n > 1 else ''} ({span_text(start, latest)})",
    )


def _calendar_period(spec: CalendarPeriod, first: date, latest: date) -> Period:
    if spec.unit == "year":
        return _calendar("year", date(spec.year or latest.year, 1, 1), latest)
    assert spec.index is not None  # checked by the model
    if spec.unit == "half":
        return _half(spec.index, spec.year, latest)
    month = spec.index if spec.unit == "month" else 3 * spec.index - 2
    year = spec.year
    if year is None:
        year = latest.year if date(latest.year, month, 1) <= latest else latest.year - 1
    return _calendar(spec.unit, date(year, month, 1), latest)


def _half(index: int, year: int | None, latest: date) -> Period:
    """H1 (January–June) or H2 (July–December); without a year, the latest one started."""
    month = 1 if index == 1 else 7
    if year is None:
        year = latest.year if date(latest.year, month, 1) <= latest else latest.year - 1
    start = date(year, month, 1)
    end = start + relativedelta(months=6) - timedelta(days=1)
    name = f"H{index} {year}"
    if start <= latest < end:
        label = f"{name} (to {_fmt(latest)})"
        return Period(start=start, end=latest, label=label, kind="range", partial=True)
    return Period(start=start, end=end, label=name, kind="range")


def _range(spec: DateRange, first: date, latest: date) -> Period:
    if spec.end is None:
        label = f"since {_fmt(spec.start)} ({span_text(spec.start, latest)})"
        return Period(start=spec.start, end=latest, kind="range", label=label)
    kind: PeriodKind = "day" if spec.start == spec.end else "range"
    return Period(start=spec.start, end=spec.end, label=span_text(spec.start, spec.end), kind=kind)


def _before(spec: Before, first: date, latest: date) -> Period:
    inner = resolve(spec.of, (first, latest))
    if spec.unit == "period":
        return previous_period(inner, "previous_period")
    return _calendar(spec.unit, _shift(spec.unit, inner.start, -1), latest)


def _since(spec: Since, first: date, latest: date) -> Period:
    start = resolve(spec.of, (first, latest)).start
    label = f"since {_fmt(start)} ({span_text(start, latest)})"
    return Period(start=start, end=latest, kind="range", label=label)


_RESOLVERS: dict[str, Callable[[Any, date, date], Period]] = {
    "all": _all,
    "previous": _previous,
    "to_date": _to_date,
    "latest_complete": _latest_complete,
    "trailing": _trailing,
    "calendar": _calendar_period,
    "range": _range,
    "before": _before,
    "since": _since,
}


def previous_period(period: Period, mode: CompareMode) -> Period:
    """The period to compare with: like-for-like when `period` is still running."""
    if period.kind == "all":
        raise InvalidPeriod("'All time' has no previous period to compare with; pick a period.")
    if mode == "previous_year":
        start, end = period.start - relativedelta(years=1), period.end - relativedelta(years=1)
        return Period(
            start=start,
            end=end,
            kind=period.kind,
            label=f"same period a year earlier ({span_text(start, end)})",
        )
    if period.kind in ("week", "month", "quarter", "year"):
        start = _shift(period.kind, period.start, -1)
        full_end = period.start - timedelta(days=1)
        end = min(full_end, start + (period.end - period.start)) if period.partial else full_end
        label = _unit_label(period.kind, start)
        if period.partial:
            label += f" (same {(end - start).days + 1} days: {span_text(start, end)})"
        return Period(start=start, end=end, kind=period.kind, label=label)
    end = period.start - timedelta(days=1)
    start = end - (period.end - period.start)
    days = (end - start).days + 1
    name = "previous day" if days == 1 else f"previous {days} days"
    return Period(start=start, end=end, kind="range", label=f"{name} ({span_text(start, end)})")


def _fmt(d: date) -> str:
    return f"{d.day} {calendar.month_abbr[d.month]} {d.year}"


def span_text(start: date, end: date) -> str:
    """ "5 Mar 2026" or "1 Jan 2026 – 31 Mar 2026"."""
    return _fmt(start) if start == end else f"{_fmt(start)} – {_fmt(end)}"


def _unit_bounds(kind: PeriodKind, anchor: date) -> tuple[date, date]:
    """The calendar week/month/quarter/year containing `anchor`."""
    if kind == "week":
        start = anchor - timedelta(days=anchor.weekday())
        return start, start + timedelta(days=6)
    if kind == "day":
        return anchor, anchor
    months = _UNIT_MONTHS[kind]
    start = date(anchor.year, ((anchor.month - 1) // months) * months + 1, 1)
    return start, start + relativedelta(months=months) - timedelta(days=1)


def _unit_label(kind: PeriodKind, start: date) -> str:
    if kind == "month":
        return f"{calendar.month_name[start.month]} {start.year}"
    if kind == "quarter":
        return f"Q{(start.month - 1) // 3 + 1} {start.year}"
    if kind == "year":
        return str(start.year)
    if kind == "day":
        return _fmt(start)
    return f"week of {_fmt(start)}"


def _calendar(kind: PeriodKind, anchor: date, latest: date, prefix: str = "") -> Period:
    """The calendar unit containing `anchor`, clipped (and marked partial) at the latest date."""
    start, end = _unit_bounds(kind, anchor)
    name = _unit_label(kind, start)
    if start <= latest < end:
        detail = f"{prefix}, to {_fmt(latest)}" if prefix else f"to {_fmt(latest)}"
        return Period(start=start, end=latest, label=f"{name} ({detail})", kind=kind, partial=True)
    return Period(start=start, end=end, label=f"{name} ({prefix})" if prefix else name, kind=kind)


def _shift(kind: PeriodKind, anchor: date, units: int) -> date:
    if kind == "week":
        return anchor + timedelta(weeks=units)
    if kind == "day":
        return anchor + timedelta(days=units)
    return anchor + relativedelta(months=_UNIT_MONTHS[kind] * units)
