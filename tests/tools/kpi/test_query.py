"""The query engine: names, filters, rankings, comparisons, notes, citations and safety."""

from __future__ import annotations

from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest

from agent.offline.grammar.kpi import extract_kpi_args, workspace_vocabulary
from tools.kpi.errors import NoCampaignData, UnknownDimension, UnknownFilterValue, UnknownMetric
from tools.kpi.periods import CalendarPeriod, LatestComplete, Previous, ToDate
from tools.kpi.query import run_kpi_query
from tools.kpi.results import KpiQuery


def _sum(rows: list[dict[str, Any]], field: str) -> float:
    return sum(r[field] for r in rows)


def _cpl(rows: list[dict[str, Any]]) -> float:
    return _sum(rows, "spend") / _sum(rows, "leads")


def _in(rows: list[dict[str, Any]], start: str, end: str, **eq: str) -> list[dict[str, Any]]:
    return [r for r in rows if start <= r["date"] <= end and all(r[k] == v for k, v in eq.items())]


def test_cpl_on_linkedin_last_month(demo_workspace: Path, demo_rows: list[dict]) -> None:
    result = run_kpi_query(
        demo_workspace,
        KpiQuery(
            metrics=["CPL"], filters={"channel": ["linkedin ads"]}, period=Previous(unit="month")
        ),
    )
    rows = _in(demo_rows, "2026-10-01", "2026-10-31", channel="LinkedIn Ads")
    assert abs(result.totals["cpl"] - _cpl(rows)) <= 0.005 + 1e-6
    assert result.filters == {"channel": ["LinkedIn Ads"]}
    assert result.formatted_totals["cpl"] == f"£{result.totals['cpl']:,.2f}"
    assert result.period.label.startswith("October 2026")  # the data runs to 22 Nov 2026
    [citation] = result.citations
    assert citation.kind == "kpi_query" and citation.label == "KPI query"
    assert citation.ref.startswith("kpi:") and "SELECT" in citation.detail
    assert "LinkedIn" not in result.sql  # values are parameters, never spliced into SQL


def test_best_roas_campaign_in_q3(demo_workspace: Path, demo_rows: list[dict]) -> None:
    q3 = _in(demo_rows, "2026-07-01", "2026-09-30")
    by_campaign: dict[str, list[dict]] = defaultdict(list)
    for r in q3:
        by_campaign[r["campaign"]].append(r)
    roas = {
        c: _sum(rs, "revenue") / _sum(rs, "spend")
        for c, rs in by_campaign.items()
        if _sum(rs, "spend")
    }
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
    assert [r["campaign"] for r in result.rows] == [max(roas, key=roas.get)]
    assert result.row_count == len(by_campaign)


def test_best_cpl_means_lowest(demo_workspace: Path, demo_rows: list[dict]) -> None:
    paid = {"LinkedIn Ads", "Google Ads", "Meta Ads"}
    cpl = {ch: _cpl([r for r in demo_rows if r["channel"] == ch]) for ch in paid}
    result = run_kpi_query(
        demo_workspace,
        KpiQuery(
            metrics=["cpl"], dimensions=["channel"], filters={"channel": sorted(paid)}, order="best"
        ),
    )
    assert [r["channel"] for r in result.rows] == sorted(cpl, key=cpl.get)
    worst = run_kpi_query(
        demo_workspace,
        KpiQuery(
            metrics=["cpl"],
            dimensions=["channel"],
            filters={"channel": sorted(paid)},
            order="worst",
            top_n=1,
        ),
    )
    assert worst.rows[0]["channel"] == max(cpl, key=cpl.get)


def test_quarter_over_quarter_change(demo_workspace: Path, demo_rows: list[dict]) -> None:
    result = run_kpi_query(
        demo_workspace,
        KpiQuery(
            metrics=["mql_to_sql_rate"],
            period=LatestComplete(unit="quarter"),
            compare="previous_period",
        ),
    )
    q3, q2 = (
        _in(demo_rows, "2026-07-01", "2026-09-30"),
        _in(demo_rows, "2026-04-01", "2026-06-30"),
    )
    now, before = (
        100 * _sum(q3, "sqls") / _sum(q3, "mqls"),
        100 * _sum(q2, "sqls") / _sum(q2, "mqls"),
    )
    change = result.comparison.changes["mql_to_sql_rate"]
    assert result.period.label.startswith("Q3 2026")
    assert result.comparison.period.label.startswith("Q2 2026")
    assert abs(change.current - now) <= 0.005 + 1e-6
    assert abs(change.previous - before) <= 0.005 + 1e-6
    assert abs(change.percent - (now - before) / before * 100) <= 0.005 + 1e-6
    assert change.formatted_absolute.endswith(" pp")
    assert change.assessment == ("better" if now > before else "worse")


def test_spend_by_channel_by_month(demo_workspace: Path, demo_rows: list[dict]) -> None:
    result = run_kpi_query(
        demo_workspace, KpiQuery(metrics=["spend"], dimensions=["channel", "month"])
    )
    expected: dict[tuple[str, str], float] = defaultdict(float)
    for r in demo_rows:
        expected[(r["channel"], r["date"][:7])] += r["spend"]
    got = {(r["channel"], r["month"]): r["spend"] for r in result.rows}
    assert got.keys() == expected.keys()
    assert all(abs(got[k] - v) <= 0.005 + 1e-6 for k, v in expected.items())
    assert [r["month"] for r in result.rows] == sorted(r["month"] for r in result.rows)


def test_date_groups_are_readable_labels(demo_workspace: Path, demo_rows: list[dict]) -> None:
    quarters = run_kpi_query(demo_workspace, KpiQuery(metrics=["leads"], dimensions=["quarter"]))
    labels = [r["quarter"] for r in quarters.rows]
    assert labels[0] == "2025-Q2" and labels[-1] == "2026-Q4" and labels == sorted(labels)
    assert [r["quarter"] for r in quarters.formatted_rows] == labels
    q3 = next(r for r in quarters.rows if r["quarter"] == "2026-Q3")
    assert q3["leads"] == _sum(_in(demo_rows, "2026-07-01", "2026-09-30"), "leads")
    weeks = run_kpi_query(
        demo_workspace,
        KpiQuery(metrics=["spend"], dimensions=["week"], period=Previous(unit="month")),
    )
    assert weeks.rows[0]["week"] == "2026-09-28"  # the Monday of the week holding 1 Oct


def test_per_row_comparison_for_channels(demo_workspace: Path, demo_rows: list[dict]) -> None:
    result = run_kpi_query(
        demo_workspace,
        KpiQuery(
            metrics=["leads"],
            dimensions=["channel"],
            period=Previous(unit="month"),
            compare="previous_period",
        ),
    )
    september = _in(demo_rows, "2026-09-01", "2026-09-30", channel="Email")
    email = next(r for r in result.rows if r["channel"] == "Email")
    assert email["leads_previous"] == _sum(september, "leads")


def test_unknown_names_list_what_exists_and_the_nearest(demo_workspace: Path) -> None:
    with pytest.raises(UnknownMetric) as err:
        run_kpi_query(demo_workspace, KpiQuery(metrics=["cost per leed"]))
    assert "Did you mean" in err.value.detail and "cpl" in err.value.detail
    with pytest.raises(UnknownDimension) as err:
        run_kpi_query(demo_workspace, KpiQuery(metrics=["spend"], dimensions=["chanel"]))
    assert "Did you mean 'channel'?" in err.value.detail and "campaign" in err.value.detail
    with pytest.raises(UnknownFilterValue) as err:
        run_kpi_query(
            demo_workspace, KpiQuery(metrics=["spend"], filters={"channel": ["LinkdIn Ads"]})
        )
    assert "Did you mean 'LinkedIn Ads'?" in err.value.detail
    assert "Webinars" in err.value.detail


def test_hostile_filter_values_are_just_values(demo_workspace: Path) -> None:
    with pytest.raises(UnknownFilterValue):
        run_kpi_query(
            demo_workspace,
            KpiQuery(metrics=["spend"], filters={"channel": ["x'); DROP TABLE facts; --"]}),
        )
    assert run_kpi_query(demo_workspace, KpiQuery(metrics=["spend"])).totals["spend"] > 0


def test_no_data_in_period_is_a_note(demo_workspace: Path) -> None:
    result = run_kpi_query(
        demo_workspace,
        KpiQuery(
            metrics=["cpl"],
            filters={"channel": ["LinkedIn Ads"]},
            period=CalendarPeriod(unit="quarter", index=1, year=2024),
        ),
    )
    assert result.totals["cpl"] is None
    assert any("No data for channel LinkedIn Ads in Q1 2024" in n for n in result.notes)


def test_no_data_imported(workspace: Path) -> None:
    with pytest.raises(NoCampaignData) as err:
        run_kpi_query(workspace, KpiQuery(metrics=["spend"]))
    assert "No campaign data has been imported" in err.value.detail
    assert not list(workspace.iterdir())  # asking does not create a database
    assert workspace_vocabulary(workspace)["channels"] == []


def test_workspace_vocabulary_feeds_the_extractor(demo_workspace: Path) -> None:
    vocabulary = workspace_vocabulary(demo_workspace)
    assert "LinkedIn Ads" in vocabulary["channels"]
    args = extract_kpi_args("leads from the Month-End Masterclass webinar", **vocabulary)
    assert args["filters"]["campaign"] == ["Webinar – Month-End Masterclass"]
    assert run_kpi_query(demo_workspace, KpiQuery(**args)).totals["leads"] > 0


def test_partial_period_note(demo_workspace: Path) -> None:
    result = run_kpi_query(
        demo_workspace,
        KpiQuery(metrics=["spend"], period=ToDate(unit="year"), compare="previous_period"),
    )
    assert result.period.partial
    assert any("still running" in n for n in result.notes)
    assert result.comparison.period.end.isoformat() == "2025-11-22"  # like for like


def test_concurrent_queries_from_threads(demo_workspace: Path) -> None:
    queries = [
        KpiQuery(metrics=["spend", "cpl"], dimensions=[d], period=p)
        for d in ("channel", "campaign", "month")
        for p in (Previous(unit="month"), CalendarPeriod(unit="quarter", index=3), None)
    ]
    with ThreadPoolExecutor(max_workers=6) as pool:
        results = list(pool.map(lambda q: run_kpi_query(demo_workspace, q), queries * 3))
    assert len(results) == 27 and all(r.rows for r in results)
