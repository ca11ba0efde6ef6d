"""Turning query output into the parts of a KpiResult a person reads: changes and notes."""

from __future__ import annotations

from datetime import date
from typing import Any, Literal

from tools.kpi.compiled import CompiledQuery, Diagnostics
from tools.kpi.formatting import (
    format_change,
    format_percent_change,
    format_value,
    round2,
    round_value,
)
from tools.kpi.metrics import CompiledMetric
from tools.kpi.periods import Period, span_text
from tools.kpi.results import Change, Comparison, MetricInfo, PeriodInfo, Pivot

MAX_PIVOT_COLUMNS = 12


def metric_infos(compiled: CompiledQuery) -> list[MetricInfo]:
    return [
        MetricInfo(
            name=m.metric.name,
            label=m.metric.label,
            unit=m.metric.unit,
            higher_is_better=m.metric.higher_is_better,
            formula=m.metric.formula,
        )
        for m in compiled.metrics
    ]


def period_info(period: Period) -> PeriodInfo:
    return PeriodInfo(
        start=period.start, end=period.end, label=period.label, partial=period.partial
    )


def change(
    metric: CompiledMetric, current: float | None, previous: float | None, currency: str | None
) -> Change:
    """Absolute and relative change, and whether it is good news for this metric."""
    m = metric.metric
    absolute = None if current is None or previous is None else current - previous
    percent = None
    if absolute is not None and previous not in (None, 0):
        percent = round2(absolute / abs(previous) * 100)
    direction: Literal["up", "down", "flat", "n/a"] = (
        "n/a"
        if absolute is None
        else ("flat" if abs(absolute) < 1e-9 else "up" if absolute > 0 else "down")
    )
    if direction in ("n/a",):
        assessment = "n/a"
    elif direction == "flat" or m.higher_is_better is None:
        assessment = "neutral"
    else:
        assessment = "better" if (direction == "up") == m.higher_is_better else "worse"
    return Change(
        current=round_value(current, m),
        previous=round_value(previous, m),
        absolute=None if absolute is None else round2(absolute),
        percent=percent,
        formatted_current=format_value(current, m, currency),
        formatted_previous=format_value(previous, m, currency),
        formatted_absolute=format_change(absolute, m, currency),
        formatted_percent=format_percent_change(percent),
        direction=direction,
        assessment=assessment,
    )


def build_comparison(
    compiled: CompiledQuery,
    diag: Diagnostics,
    previous: tuple[Period, Diagnostics, list[dict[str, Any]]],
    rows: list[dict[str, Any]],
    formatted: list[dict[str, str]],
    currency: str | None,
) -> Comparison:
    """Totals of the previous period and their changes; per-row changes for non-date groups."""
    prev_period, prev_diag, prev_rows = previous
    changes = {
        m.metric.name: change(
            m, diag.totals[m.metric.name], prev_diag.totals[m.metric.name], currency
        )
        for m in compiled.metrics
    }
    if prev_rows:
        _attach_row_changes(compiled, rows, formatted, prev_rows, currency)
    return Comparison(
        period=PeriodInfo(
            start=prev_period.start,
            end=prev_period.end,
            label=prev_period.label,
            partial=prev_period.partial,
        ),
        totals={
            m.metric.name: round_value(prev_diag.totals[m.metric.name], m.metric)
            for m in compiled.metrics
        },
        formatted_totals={
            m.metric.name: format_value(prev_diag.totals[m.metric.name], m.metric, currency)
            for m in compiled.metrics
        },
        changes=changes,
    )


def _attach_row_changes(
    compiled: CompiledQuery,
    rows: list[dict[str, Any]],
    formatted: list[dict[str, str]],
    prev_rows: list[dict[str, Any]],
    currency: str | None,
) -> None:
    names = [d.name for d in compiled.dims]
    by_key = {tuple(r[n] for n in names): r for r in prev_rows}
    for row, text in zip(rows, formatted, strict=True):
        prev = by_key.get(tuple(row[n] for n in names), {})
        for m in compiled.metrics:
            name = m.metric.name
            c = change(m, row[name], prev.get(name), currency)
            row[f"{name}_previous"], row[f"{name}_change_pct"] = c.previous, c.percent
            text[f"{name}_previous"], text[f"{name}_change_pct"] = (
                c.formatted_previous,
                c.formatted_percent,
            )


def _describe_filters(compiled: CompiledQuery) -> str:
    if not compiled.filters:
        return "this workspace"
    return ", ".join(f"{d.name} {' / '.join(v)}" for d, v in compiled.filters)


def build_notes(
    compiled: CompiledQuery,
    period: Period,
    diag: Diagnostics,
    previous: tuple[Period, Diagnostics, list[dict[str, Any]]] | None,
    missing: list[tuple[str, str]],
    bounds: tuple[date, date],
    truncated: bool,
    groups: int,
) -> list[str]:
    """Plain statements about gaps, partial periods and n/a values: never invented figures."""
    notes: list[str] = []
    if diag.rows == 0:
        notes.append(
            f"No data for {_describe_filters(compiled)} in {period.label}; the data "
            f"covers {span_text(*bounds)}."
        )
    else:
        notes += [f"No data for {dim} '{value}' in {period.label}." for dim, value in missing]
    if period.partial:
        notes.append(
            f"{period.label.split(' (')[0]} is still running: figures run to the "
            f"latest data date, {span_text(period.end, period.end)}."
        )
    if previous is not None and previous[1].rows == 0:
        notes.append(f"No data for the comparison period ({previous[0].label}).")
    for m in compiled.metrics:
        if diag.rows and diag.totals[m.metric.name] is None:
            absent = [x for x in sorted(m.measures) if not diag.measure_counts.get(x)]
            reason = (
                f"no {', '.join(absent)} figures in this selection"
                if absent
                else "its denominator is zero in this selection"
            )
            notes.append(f"{m.metric.label} is n/a: {reason}.")
        elif diag.mixed_rows.get(m.metric.name):
            notes.append(
                f"{m.metric.label} combines rows that report all of "
                f"{', '.join(sorted(m.measures))} with {diag.mixed_rows[m.metric.name]:,} row(s) "
                "that report only some of them; filter by channel for a like-for-like figure."
            )
    if len(diag.currencies) > 1:
        notes.append(f"Figures mix currencies ({', '.join(diag.currencies)}) without conversion.")
    if truncated:
        notes.append(f"Showing the first 1,000 of {groups:,} rows; narrow the question.")
    return notes


def build_pivot(
    compiled: CompiledQuery, formatted: list[dict[str, str]], truncated: bool
) -> Pivot | None:
    """Period × category layout for one metric over a date grain and one other dimension, when
    it fits (at most 12 categories, nothing truncated); missing combinations show "–"."""
    if len(compiled.metrics) != 1 or len(compiled.dims) != 2 or truncated:
        return None
    dates = [d for d in compiled.dims if d.is_date]
    others = [d for d in compiled.dims if not d.is_date]
    if len(dates) != 1 or len(others) != 1 or compiled.top_n is not None:
        return None
    row_dim, col_dim, metric = dates[0].name, others[0].name, compiled.metrics[0].metric.name
    columns = sorted({row[col_dim] for row in formatted}, key=str.lower)
    if not columns or len(columns) > MAX_PIVOT_COLUMNS:
        return None
    table: dict[str, dict[str, str]] = {}
    for row in formatted:
        table.setdefault(row[row_dim], {})[row[col_dim]] = row[metric]
    rows = [
        {row_dim: period, **{c: cells.get(c, "–") for c in columns}}
        for period, cells in sorted(table.items())
    ]
    return Pivot(
        row_dimension=row_dim, column_dimension=col_dim, metric=metric, columns=columns, rows=rows
    )
