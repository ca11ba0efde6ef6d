"""The one-pass query (tools/kpi/onepass.py) gives what separate queries give, including where
its single statement cannot: periods that overlap, a period without rows, a capped ranking."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from core.stores.campaigns import CampaignStore
from tools.kpi.periods import DateRange, Previous
from tools.kpi.query import run_kpi_query
from tools.kpi.results import KpiQuery


def test_a_comparison_whose_periods_overlap_counts_the_shared_rows_in_both(
    demo_workspace: Path,
) -> None:
    long = DateRange(start=date(2025, 6, 1), end=date(2026, 9, 30))  # 16 months
    asked = run_kpi_query(
        demo_workspace,
        KpiQuery(metrics=["spend", "cpl"], period=long, compare="previous_year"),
    )
    assert asked.comparison is not None
    earlier = asked.comparison.period
    alone = run_kpi_query(
        demo_workspace,
        KpiQuery(metrics=["spend", "cpl"], period=DateRange(start=earlier.start, end=earlier.end)),
    )
    assert earlier.start < long.end and earlier.end >= long.start  # they do overlap
    assert asked.comparison.totals == alone.totals
    assert asked.comparison.totals["spend"] > 0


def test_grouped_figures_add_up_to_the_totals_and_the_ranking_is_capped(
    demo_workspace: Path,
) -> None:
    every = run_kpi_query(
        demo_workspace,
        KpiQuery(metrics=["spend"], dimensions=["campaign"], period=Previous(unit="quarter")),
    )
    top = run_kpi_query(
        demo_workspace,
        KpiQuery(
            metrics=["spend"],
            dimensions=["campaign"],
            period=Previous(unit="quarter"),
            order="best",
            top_n=3,
        ),
    )
    assert len(top.rows) == 3 and top.row_count == every.row_count > 3
    assert [r["campaign"] for r in top.rows] == [r["campaign"] for r in every.rows[:3]]
    assert abs(sum(r["spend"] for r in every.rows) - every.totals["spend"]) < 0.01 * len(every.rows)
    assert top.totals == every.totals  # over the whole selection, not the three shown


def test_a_comparison_period_without_rows_says_so(demo_workspace: Path) -> None:
    first = run_kpi_query(
        demo_workspace,
        KpiQuery(
            metrics=["spend"],
            period=DateRange(start=date(2025, 6, 1), end=date(2025, 6, 30)),
            compare="previous_period",
        ),
    )
    assert first.comparison is not None and first.comparison.totals["spend"] is None
    assert any("comparison period" in n for n in first.notes)
    assert first.totals["spend"] > 0


@pytest.mark.parametrize(
    "query",
    [
        KpiQuery(metrics=["cpl", "spend"], dimensions=["channel"], period=Previous(unit="quarter")),
        KpiQuery(
            metrics=["roas"],
            dimensions=["campaign"],
            order="best",
            top_n=5,
            period=Previous(unit="quarter"),
        ),
        KpiQuery(metrics=["leads", "ctr"], dimensions=["month", "channel"]),
        KpiQuery(
            metrics=["spend", "cpl"],
            dimensions=["channel"],
            period=Previous(unit="month"),
            compare="previous_period",
        ),
        KpiQuery(
            metrics=["leads"],
            dimensions=["month"],
            period=Previous(unit="quarter"),
            compare="previous_year",
        ),
    ],
)
def test_the_lean_statement_answers_as_the_windowed_one(
    demo_workspace: Path, query: KpiQuery, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Few groups are fetched whole and totalled here; many are ranked and totalled in SQL.
    Both give the same answer, notes, totals and comparison."""
    lean = run_kpi_query(demo_workspace, query)
    monkeypatch.setattr("tools.kpi.planning.LEAN_GROUPS", 0)
    CampaignStore(demo_workspace).invalidate()  # plans are cached with the choice made
    windowed = run_kpi_query(demo_workspace, query)
    assert lean.model_dump() == windowed.model_dump()
    assert lean.rows
