"""KPI rows: five typical questions through the query engine (`run_kpi_query`) against the
minimal SQL that returns only the answer's figures, on the same DuckDB database.

Run on the demo workspace's data and on a workspace of synthetic rows (1M by default). The
minimal SQL is written by hand per question, with the period the engine resolved; its figures
are checked against the engine's, so both sides answer the same question.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from agent.bootstrap import load_demo_data
from core.stores.campaigns import CampaignStore, close_all
from evals.bench.context import Bench
from evals.bench.measure import LoadNote, fmt_ms, interleave, median, timed
from evals.bench.report import Row
from knowledge_base.demo.campaigns import write_synthetic_csv
from tools.kpi.importers import import_file
from tools.kpi.periods import CalendarPeriod, Previous, ToDate
from tools.kpi.query import run_kpi_query
from tools.kpi.results import KpiQuery, KpiResult

TARGET = 1.2
SqlFor = Callable[[KpiResult], tuple[str, dict[str, Any]]]


@dataclass(frozen=True)
class Question:
    name: str
    query: KpiQuery
    sql: SqlFor  # the minimal SQL, given the periods the engine resolved


def _period(result: KpiResult) -> dict[str, date]:
    return {"start": result.period.start, "end": result.period.end}


def _total_spend(result: KpiResult) -> tuple[str, dict[str, Any]]:
    return "SELECT sum(spend) FROM facts WHERE date BETWEEN $start AND $end", _period(result)


def _cpl_by_channel(result: KpiResult) -> tuple[str, dict[str, Any]]:
    return (
        "SELECT channel, nullif(sum(spend), 0) / nullif(sum(leads), 0) AS cpl FROM facts "
        "WHERE date BETWEEN $start AND $end GROUP BY channel",
        _period(result),
    )


def _top_roas(result: KpiResult) -> tuple[str, dict[str, Any]]:
    return (
        "SELECT campaign, sum(revenue) / nullif(sum(spend), 0) AS roas FROM facts "
        "WHERE date BETWEEN $start AND $end GROUP BY campaign "
        "ORDER BY roas DESC NULLS LAST, campaign LIMIT 5",
        _period(result),
    )


def _leads_by_month(result: KpiResult) -> tuple[str, dict[str, Any]]:
    return (
        "SELECT date_trunc('month', date) AS month, sum(leads) FROM facts "
        "WHERE date BETWEEN $start AND $end GROUP BY month ORDER BY month",
        _period(result),
    )


def _linkedin_compared(result: KpiResult) -> tuple[str, dict[str, Any]]:
    assert result.comparison is not None
    now = "date BETWEEN $start AND $end"
    before = "date BETWEEN $p_start AND $p_end"
    sql = (
        f"SELECT sum(spend) FILTER ({now}), sum(leads) FILTER ({now}), "
        f"sum(spend) FILTER ({before}), sum(leads) FILTER ({before}) FROM facts "
        "WHERE lower(channel) = 'linkedin ads' AND date BETWEEN $p_start AND $end"
    )
    params = {
        **_period(result),
        "p_start": result.comparison.period.start,
        "p_end": result.comparison.period.end,
    }
    return sql, params


QUESTIONS = (
    Question(
        "total spend last month",
        KpiQuery(metrics=["spend"], period=Previous(unit="month")),
        _total_spend,
    ),
    Question(
        "CPL by channel last quarter",
        KpiQuery(metrics=["cpl"], dimensions=["channel"], period=Previous(unit="quarter")),
        _cpl_by_channel,
    ),
    Question(
        "top 5 campaigns by ROAS in Q3",
        KpiQuery(
            metrics=["roas"],
            dimensions=["campaign"],
            period=CalendarPeriod(unit="quarter", index=3),
            order="best",
            top_n=5,
        ),
        _top_roas,
    ),
    Question(
        "leads by month, year to date",
        KpiQuery(metrics=["leads"], dimensions=["month"], period=ToDate(unit="year")),
        _leads_by_month,
    ),
    Question(
        "LinkedIn Ads spend and leads last month vs the month before",
        KpiQuery(
            metrics=["spend", "leads"],
            filters={"channel": ["LinkedIn Ads"]},
            period=Previous(unit="month"),
            compare="previous_period",
        ),
        _linkedin_compared,
    ),
)


def _figures(values: list[Any]) -> list[float]:
    return sorted(round(float(v), 2) for v in values if isinstance(v, int | float))


def product_figures(result: KpiResult) -> list[float]:
    """The numbers an answer quotes: the rows' metric values, else the totals (and the
    comparison's)."""
    names = [m.name for m in result.metrics]
    if result.dimensions:
        return _figures([row[n] for row in result.rows for n in names])
    values = [result.totals[n] for n in names]
    if result.comparison is not None:
        values += [result.comparison.totals[n] for n in names]
    return _figures(values)


def _run_sql(workspace: Path, sql: str, params: dict[str, Any]) -> list[tuple[Any, ...]]:
    with CampaignStore(workspace).connect() as cur:
        return cur.execute(sql, params).fetchall()


def _measure(bench: Bench, workspace: Path, question: Question) -> dict[str, Any]:
    result = run_kpi_query(workspace, question.query)
    sql, params = question.sql(result)
    rows = _run_sql(workspace, sql, params)
    same = _figures([v for row in rows for v in row]) == product_figures(result)
    for _ in range(3):  # warm both
        run_kpi_query(workspace, question.query)
        _run_sql(workspace, sql, params)
    product_s, primitive_s = interleave(
        bench.config.kpi_rounds,
        lambda i: timed(lambda: run_kpi_query(workspace, question.query)),
        lambda i: timed(lambda: _run_sql(workspace, sql, params)),
    )
    product, primitive = median(product_s), median(primitive_s)
    return {
        "question": question.name,
        "product_ms": round(product * 1000, 2),
        "primitive_ms": round(primitive * 1000, 2),
        "ratio": round(product / primitive, 2),
        "same_figures": same,
    }


def _synthetic_workspace(bench: Bench) -> tuple[Path, dict[str, float]]:
    workspace = bench.root / "kpi-synthetic"
    csv_path = bench.root / "synthetic.csv"
    generate = timed(lambda: write_synthetic_csv(csv_path, bench.config.kpi_rows))
    start = time.perf_counter()
    report = import_file(workspace, csv_path)
    seconds = time.perf_counter() - start
    csv_path.unlink()
    return workspace, {
        "rows": report.rows_imported,
        "generate_s": round(generate, 1),
        "import_s": round(seconds, 1),
        "import_rows_per_s": round(report.rows_imported / seconds),
    }


def kpi_row(bench: Bench) -> list[Row]:
    note = LoadNote()
    started = time.perf_counter()
    demo = bench.root / "kpi-demo"
    load_demo_data(demo)
    synthetic, imported = _synthetic_workspace(bench)
    results = {
        "demo": [_measure(bench, demo, q) for q in QUESTIONS],
        f"{imported['rows']:,} rows": [_measure(bench, synthetic, q) for q in QUESTIONS],
    }
    close_all()
    flat = [r for rs in results.values() for r in rs]
    ratios = [r["ratio"] for r in flat]
    product = [r["product_ms"] for r in flat]
    primitive = [r["primitive_ms"] for r in flat]
    worst = max(ratios)
    return [
        Row(
            id="kpi",
            path=f"KPI query ({len(QUESTIONS)} typical questions, demo and "
            f"{imported['rows']:,} rows)",
            product=f"{fmt_ms(min(product) / 1000)}–{fmt_ms(max(product) / 1000)}",
            primitive=f"{fmt_ms(min(primitive) / 1000)}–{fmt_ms(max(primitive) / 1000)} "
            "(the minimal SQL returning only the answer's figures, on DuckDB)",
            ratio=worst,
            ratio_text=f"{min(ratios):.1f}–{worst:.1f}×",
            target=f"≤ {TARGET}× (each)",
            met=worst <= TARGET,
            details={
                "rounds": bench.config.kpi_rounds,
                "all_figures_match": all(r["same_figures"] for r in flat),
                "import": imported,
                **results,
            },
            load=note.close().as_dict(),
            seconds=round(time.perf_counter() - started, 1),
        )
    ]
