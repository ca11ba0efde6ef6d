"""Period words → typed periods (the offline grammar), resolved against the latest date in the
data by the KPI engine; impossible periods are clear errors."""

from __future__ import annotations

from datetime import date

import pytest

from agent.offline.grammar.periods import parse_compare, parse_period
from tools.kpi.errors import InvalidPeriod
from tools.kpi.periods import LatestComplete, Period, previous_period, resolve

BOUNDS = (date(2025, 5, 1), date(2026, 10, 31))


def resolve_period(text: str | None, bounds: tuple[date, date]) -> Period:
    """What the engine answers for these words: the grammar's typed period, resolved."""
    return resolve(parse_period(text, today=bounds[1]), bounds)


MID_MONTH = (date(2025, 5, 1), date(2026, 8, 15))


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        (None, "2025-05-01", "2026-10-31"),
        ("all time", "2025-05-01", "2026-10-31"),
        ("last month", "2026-10-01", "2026-10-31"),  # data to 31 Oct: October is complete
        ("this month", "2026-10-01", "2026-10-31"),
        ("last 30 days", "2026-10-02", "2026-10-31"),
        ("last 7 days", "2026-10-25", "2026-10-31"),
        ("last quarter", "2026-07-01", "2026-09-30"),
        ("this quarter", "2026-10-01", "2026-10-31"),
        ("Q3", "2026-07-01", "2026-09-30"),
        ("Q4", "2026-10-01", "2026-10-31"),
        ("Q1", "2026-01-01", "2026-03-31"),
        ("Q3 2025", "2025-07-01", "2025-09-30"),
        ("2025-Q4", "2025-10-01", "2025-12-31"),
        ("year to date", "2026-01-01", "2026-10-31"),
        ("YTD", "2026-01-01", "2026-10-31"),
        ("last 6 months", "2026-05-01", "2026-10-31"),
        ("2026-03", "2026-03-01", "2026-03-31"),
        ("March 2026", "2026-03-01", "2026-03-31"),
        ("in March", "2026-03-01", "2026-03-31"),
        ("november", "2025-11-01", "2025-11-30"),
        ("2025", "2025-01-01", "2025-12-31"),
        ("2026-02-14", "2026-02-14", "2026-02-14"),
        ("2026-01-01 to 2026-03-31", "2026-01-01", "2026-03-31"),
        ("5 March 2026 - 9 March 2026", "2026-03-05", "2026-03-09"),
        ("since 2026-09-15", "2026-09-15", "2026-10-31"),
        ("latest complete quarter", "2026-07-01", "2026-09-30"),
        ("latest complete month", "2026-10-01", "2026-10-31"),
        ("last week", "2026-10-19", "2026-10-25"),
    ],
)
def test_periods_relative_to_latest_data_date(text: str | None, start: str, end: str) -> None:
    period = resolve_period(text, BOUNDS)
    assert (period.start.isoformat(), period.end.isoformat()) == (start, end)


def test_running_periods_are_partial_and_clipped() -> None:
    period = resolve_period("this month", MID_MONTH)
    assert (period.start, period.end, period.partial) == (date(2026, 8, 1), date(2026, 8, 15), True)
    assert "to 15 Aug 2026" in period.label
    assert resolve_period("latest complete month", MID_MONTH).start == date(2026, 7, 1)
    assert resolve_period("Q3", MID_MONTH).end == date(2026, 8, 15)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("Q5", "There is no Q5"),
        ("31 February", "There is no 31 February"),
        ("2026-02-30", "February 2026 has 28 days"),
        ("2026-03-31 to 2026-01-01", "ends"),
        ("2026-13", "no month 13"),
        ("next fortnight-ish", "I don't understand the period"),
    ],
)
def test_impossible_periods(text: str, message: str) -> None:
    with pytest.raises(InvalidPeriod) as err:
        resolve_period(text, BOUNDS)
    assert message in err.value.detail


def test_previous_periods() -> None:
    month = resolve_period("last month", BOUNDS)  # data to 31 Oct: October is complete
    prev = previous_period(month, "previous_period")
    assert (prev.start, prev.end) == (date(2026, 9, 1), date(2026, 9, 30))
    rolling = previous_period(resolve_period("last 30 days", BOUNDS), "previous_period")
    assert (rolling.start, rolling.end) == (date(2026, 9, 2), date(2026, 10, 1))
    yoy = previous_period(resolve_period("Q3", BOUNDS), "previous_year")
    assert (yoy.start, yoy.end) == (date(2025, 7, 1), date(2025, 9, 30))
    partial = previous_period(resolve_period("this month", MID_MONTH), "previous_period")
    assert (partial.start, partial.end) == (date(2026, 7, 1), date(2026, 7, 15))
    with pytest.raises(InvalidPeriod):
        previous_period(resolve_period("all time", BOUNDS), "previous_period")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("vs previous period", ("previous_period", None)),
        ("previous_period", ("previous_period", None)),
        ("quarter over quarter", ("previous_period", LatestComplete(unit="quarter"))),
        ("month over month", ("previous_period", LatestComplete(unit="month"))),
        ("this quarter vs last", ("previous_period", None)),
        ("year over year", ("previous_year", None)),
        (None, (None, None)),
    ],
)
def test_compare_phrases(text: str | None, expected: tuple) -> None:
    assert parse_compare(text) == expected


@pytest.mark.parametrize(
    ("text", "start", "end", "label"),
    [
        ("month before last month", "2026-09-01", "2026-09-30", "September 2026"),
        ("month before month before last month", "2026-08-01", "2026-08-31", "August 2026"),
        ("quarter before Q3", "2026-04-01", "2026-06-30", "Q2 2026"),
        ("month before this quarter", "2026-09-01", "2026-09-30", "September 2026"),
        ("year before 2026", "2025-01-01", "2025-12-31", "2025"),
        ("period before last 30 days", "2026-09-02", "2026-10-01", "previous 30 days"),
    ],
)
def test_a_unit_before_another_period(text: str, start: str, end: str, label: str) -> None:
    period = resolve_period(text, BOUNDS)
    assert (period.start.isoformat(), period.end.isoformat()) == (start, end)
    assert period.label.startswith(label)


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("last week", "2026-11-16", "2026-11-22"),  # data to Sunday 22 Nov: that week is complete
        ("yesterday", "2026-11-22", "2026-11-22"),  # data runs through the day before today
        ("day before yesterday", "2026-11-21", "2026-11-21"),
        ("last month", "2026-10-01", "2026-10-31"),
        ("H1", "2026-01-01", "2026-06-30"),
        ("h2 2025", "2025-07-01", "2025-12-31"),
        ("last 4 full quarters", "2025-10-01", "2026-09-30"),
        ("last 3 full months", "2026-08-01", "2026-10-31"),
        ("since the start of Q3", "2026-07-01", "2026-11-22"),
    ],
)
def test_relative_periods_with_data_to_a_sunday(text: str, start: str, end: str) -> None:
    period = resolve_period(text, (date(2025, 6, 1), date(2026, 11, 22)))
    assert (period.start.isoformat(), period.end.isoformat()) == (start, end)
