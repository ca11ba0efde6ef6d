"""The flat KPI schema a real model reads (`tools.kpi.wire`) fills into the same typed query."""

from __future__ import annotations

from datetime import date
from typing import Any, Literal, get_args, get_origin

import pytest
from pydantic import BaseModel, ValidationError

from tools.kpi.periods import (
    AllData,
    Before,
    CalendarPeriod,
    DateRange,
    LatestComplete,
    PeriodSpec,
    Previous,
    Since,
    ToDate,
    Trailing,
)
from tools.kpi.results import KpiQuery
from tools.kpi.wire import KpiArgs, PeriodArgs

Q3 = CalendarPeriod(unit="quarter", index=3, year=2026)
EACH_KIND: list[tuple[dict[str, Any], BaseModel]] = [
    ({"kind": "all"}, AllData()),
    ({"kind": "previous", "unit": "month"}, Previous(unit="month")),
    ({"kind": "previous", "unit": "quarter", "back": 2}, Previous(unit="quarter", back=2)),
    ({"kind": "to_date", "unit": "year"}, ToDate(unit="year")),
    ({"kind": "latest_complete", "unit": "week"}, LatestComplete(unit="week")),
    ({"kind": "trailing", "count": 30, "unit": "day"}, Trailing(count=30, unit="day")),
    (
        {"kind": "trailing", "count": 4, "unit": "quarter", "complete": True},
        Trailing(count=4, unit="quarter", complete=True),
    ),
    ({"kind": "calendar", "unit": "quarter", "index": 3, "year": 2026}, Q3),
    ({"kind": "calendar", "unit": "half", "index": 1}, CalendarPeriod(unit="half", index=1)),
    ({"kind": "calendar", "unit": "year", "year": 2025}, CalendarPeriod(unit="year", year=2025)),
    (
        {"kind": "range", "start": "2026-03-01", "end": "2026-03-31"},
        DateRange(start=date(2026, 3, 1), end=date(2026, 3, 31)),
    ),
    ({"kind": "range", "start": "2026-03-01"}, DateRange(start=date(2026, 3, 1))),
    (
        {
            "kind": "before",
            "unit": "quarter",
            "of": {"kind": "calendar", "unit": "quarter", "index": 3, "year": 2026},
        },
        Before(unit="quarter", of=Q3),
    ),
    (
        {
            "kind": "before",
            "unit": "period",
            "of": {"kind": "trailing", "count": 30, "unit": "day"},
        },
        Before(unit="period", of=Trailing(count=30, unit="day")),
    ),
    (
        {"kind": "since", "of": {"kind": "calendar", "unit": "month", "index": 3}},
        Since(of=CalendarPeriod(unit="month", index=3)),
    ),
]


@pytest.mark.parametrize(("period", "typed"), EACH_KIND, ids=lambda v: str(v)[:40])
def test_every_period_kind_fills_into_the_same_typed_period(
    period: dict[str, Any], typed: BaseModel
) -> None:
    args = {"metrics": ["cpl"], "dimensions": ["channel"], "period": period}
    wire = KpiArgs.model_validate(args)  # what the compact schema allows
    assert wire.to_query().period == typed
    assert KpiQuery.model_validate(args).period == typed  # what the tool validates with


def _values(annotation: Any) -> set[Any]:
    """The literal values of `Literal[...]`, also inside `… | None`."""
    if get_origin(annotation) is Literal:
        return set(get_args(annotation))
    return {v for arg in get_args(annotation) for v in _values(arg)}


def test_compare_and_order_take_every_value_the_server_accepts() -> None:
    for field in ("compare", "order"):
        wire = _values(KpiArgs.model_fields[field].annotation)
        served = _values(KpiQuery.model_fields[field].annotation)
        assert wire == served and wire, field
    query = KpiArgs(
        metrics=["roas"], compare="previous_year", order="best", order_by="roas", top_n=1
    ).to_query()
    assert (query.compare, query.order, query.order_by, query.top_n) == (
        "previous_year",
        "best",
        "roas",
        1,
    )
    assert set(KpiArgs.model_fields) == set(KpiQuery.model_fields)


def test_the_flat_period_can_say_every_field_and_value_of_every_kind() -> None:
    flat = PeriodArgs.model_fields
    kinds, units = _values(flat["kind"].annotation), _values(flat["unit"].annotation)
    for member in get_args(get_args(PeriodSpec)[0]):
        assert member.model_fields["kind"].default in kinds
        assert set(member.model_fields) <= set(flat), member.__name__
        if "unit" in member.model_fields:
            assert _values(member.model_fields["unit"].annotation) <= units


def test_a_field_the_kind_does_not_take_is_a_readable_error_not_dropped() -> None:
    mixed = {"metrics": ["leads"], "period": {"kind": "previous", "unit": "day", "count": 30}}
    KpiArgs.model_validate(mixed)  # the flat schema cannot tell…
    with pytest.raises(ValidationError) as err:
        KpiArgs.model_validate(mixed).to_query()  # …the server does
    assert "period kind 'previous' does not take count (it takes back, unit)" in str(err.value)
    nested = {"kind": "since", "of": {"kind": "to_date", "unit": "month", "index": 3}}
    with pytest.raises(ValidationError, match="'to_date' does not take index"):
        KpiQuery.model_validate({"metrics": ["leads"], "period": nested})
    with pytest.raises(ValidationError, match="there is no Q5"):
        KpiArgs(
            metrics=["leads"], period=PeriodArgs(kind="calendar", unit="quarter", index=5)
        ).to_query()
