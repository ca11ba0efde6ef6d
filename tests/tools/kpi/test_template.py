"""The answer template prints the result's figures and nothing else."""

from __future__ import annotations

import re
from pathlib import Path

from core.prompts import render
from tools.kpi.periods import CalendarPeriod, Previous
from tools.kpi.query import run_kpi_query
from tools.kpi.results import KpiQuery, KpiResult

TEMPLATE = "answers/kpi_lookup.md.j2"


def _numbers(text: str) -> set[str]:
    return set(re.findall(r"\d[\d,]*(?:\.\d+)?", text))


def _allowed(result: KpiResult) -> set[str]:
    """Every number the result itself carries, as text (figures, labels, dates, counts)."""
    return _numbers(result.model_dump_json())


def _render(result: KpiResult) -> str:
    return render(TEMPLATE, result=result.model_dump(mode="json"))


def test_single_figure_with_comparison(demo_workspace: Path) -> None:
    result = run_kpi_query(
        demo_workspace,
        KpiQuery(
            metrics=["cpl"],
            filters={"channel": ["LinkedIn Ads"]},
            period=Previous(unit="month"),
            compare="previous_period",
        ),
    )
    text = _render(result)
    change = result.comparison.changes["cpl"]
    assert result.formatted_totals["cpl"] in text
    assert change.formatted_previous in text and change.formatted_percent in text
    assert result.period.label in text and result.comparison.period.label in text
    assert "channel: LinkedIn Ads" in text
    assert text.strip().endswith("the SQL it ran is attached to the citation.")
    assert "Source: KPI query on the imported campaign data (2025-06-01 to 2026-11-22)" in text
    assert _numbers(text) <= _allowed(result)


def test_table_is_capped_at_twenty_rows(demo_workspace: Path) -> None:
    result = run_kpi_query(
        demo_workspace, KpiQuery(metrics=["spend", "leads"], dimensions=["campaign", "quarter"])
    )
    text = _render(result)
    assert len(result.rows) > 20
    table = [line for line in text.splitlines() if line.startswith("| ")]
    assert len(table) == 2 + 20  # header, rule, 20 rows
    hidden = len(result.rows) - 20
    assert f"…and {hidden} more row(s) not shown." in text
    assert result.formatted_totals["spend"] in text
    assert _numbers(text) <= _allowed(result) | {str(hidden)}


def test_top_one_and_notes(demo_workspace: Path) -> None:
    result = run_kpi_query(
        demo_workspace,
        KpiQuery(
            metrics=["roas"],
            dimensions=["campaign"],
            period=CalendarPeriod(unit="quarter", index=3),
            order="best",
            top_n=1,
        ),
    )
    text = _render(result)
    assert result.formatted_rows[0]["campaign"] in text and result.formatted_rows[0]["roas"] in text
    assert f"Best campaign of {result.row_count} by Return on ad spend" in text
    worst = run_kpi_query(
        demo_workspace,
        KpiQuery(
            metrics=["cpl"],
            dimensions=["channel"],
            period=CalendarPeriod(unit="quarter", index=3),
            order="worst",
            top_n=1,
            filters={"channel": ["LinkedIn Ads", "Google Ads", "Meta Ads"]},
        ),
    )
    assert (
        f"Worst channel of 3 by Cost per lead: **{worst.formatted_rows[0]['channel']}**"
        in _render(worst)
    )
    empty = run_kpi_query(
        demo_workspace,
        KpiQuery(metrics=["cpl"], period=CalendarPeriod(unit="quarter", index=1, year=2024)),
    )
    text = _render(empty)
    assert "n/a" in text and "_Note: No data" in text
    assert _numbers(text) <= _allowed(empty)


def test_one_metric_by_category_and_month_is_a_pivot(demo_workspace: Path) -> None:
    result = run_kpi_query(
        demo_workspace, KpiQuery(metrics=["spend"], dimensions=["channel", "month"])
    )
    pivot = result.pivot
    assert pivot is not None and pivot.row_dimension == "month"
    assert pivot.columns == sorted({r["channel"] for r in result.rows}, key=str.lower)
    assert [r["month"] for r in pivot.rows] == sorted({r["month"] for r in result.rows})
    for row in result.formatted_rows:
        cells = next(p for p in pivot.rows if p["month"] == row["month"])
        assert cells[row["channel"]] == row["spend"]
    text = _render(result)
    assert "| Month | " + " | ".join(pivot.columns) + " |" in text
    assert len([line for line in text.splitlines() if line.startswith("| 20")]) == len(pivot.rows)
    assert _numbers(text) <= _allowed(result)
    two_metrics = run_kpi_query(
        demo_workspace, KpiQuery(metrics=["spend", "leads"], dimensions=["channel", "month"])
    )
    assert two_metrics.pivot is None
