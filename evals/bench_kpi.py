"""Benchmark of the KPI engine: import 1M rows, then p50/p95 over ~200 typical KPI queries.

    .venv/bin/python -m evals.bench_kpi [--rows 1000000] [--queries 200]

Targets: import of 1M rows ≤ 15 s and query p95 ≤ 100 ms on a 2-core machine.
"""

from __future__ import annotations

import argparse
import itertools
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

from core.stores.campaigns import close_all
from knowledge_base.demo.campaigns import write_synthetic_csv
from tools.kpi.importers import import_file
from tools.kpi.periods import CalendarPeriod, PeriodSpec, Previous, ToDate, Trailing
from tools.kpi.query import run_kpi_query
from tools.kpi.results import KpiQuery

METRIC_SETS = (
    ["spend"],
    ["cpl"],
    ["spend", "leads", "cpl"],
    ["roas"],
    ["ctr", "cpc"],
    ["mql_to_sql_rate"],
    ["cac", "win_rate"],
    ["pipeline", "revenue"],
)
DIMENSION_SETS: tuple[list[str], ...] = (
    [],
    ["channel"],
    ["campaign"],
    ["month"],
    ["channel", "month"],
    ["week"],
)
PERIODS: tuple[PeriodSpec | None, ...] = (
    None,
    Previous(unit="month"),
    Previous(unit="quarter"),
    Trailing(count=30, unit="day"),
    ToDate(unit="year"),
    CalendarPeriod(unit="quarter", index=3),
)
FILTERS: tuple[dict[str, list[str]], ...] = (
    {},
    {"channel": ["LinkedIn Ads"]},
    {"channel": ["google ads", "Meta Ads"]},
)


def typical_queries(n: int) -> list[KpiQuery]:
    """A deterministic mix of the questions people ask (totals, breakdowns, rankings, compares)."""
    combos = itertools.product(METRIC_SETS, DIMENSION_SETS, PERIODS, FILTERS)
    queries = []
    for i, (metrics, dims, period, filters) in enumerate(combos):
        if i % 4 != 0:
            continue
        extra: dict[str, Any] = {}
        if i % 3 == 0 and "month" not in dims and "week" not in dims and period:
            extra["compare"] = "previous_period"
        if dims == ["campaign"] and i % 2 == 0:
            extra.update(order="best", top_n=5)
        queries.append(
            KpiQuery(metrics=metrics, dimensions=dims, period=period, filters=filters, **extra)
        )
        if len(queries) == n:
            break
    return queries


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def shape(query: KpiQuery) -> str:
    """The kind of question a query is, for per-kind latencies."""
    if query.compare:
        return "comparison"
    if query.top_n:
        return "ranking"
    if any(d in ("month", "week") for d in query.dimensions):
        return "time series"
    return "breakdown" if query.dimensions else "total"


def run_benchmark(n_rows: int, n_queries: int) -> dict[str, Any]:
    """Generate, import and query a synthetic workspace; timings in seconds and milliseconds."""
    with tempfile.TemporaryDirectory(prefix="bench_kpi_") as tmp:
        workspace = Path(tmp) / "ws"
        csv_path = Path(tmp) / "synthetic.csv"
        t0 = time.perf_counter()
        write_synthetic_csv(csv_path, n_rows)
        generate_s = time.perf_counter() - t0
        t0 = time.perf_counter()
        report = import_file(workspace, csv_path)
        import_s = time.perf_counter() - t0
        queries = typical_queries(n_queries)
        for query in queries[:5]:
            run_kpi_query(workspace, query)  # warm-up
        timings: list[tuple[str, float]] = []
        for query in queries:
            t0 = time.perf_counter()
            run_kpi_query(workspace, query)
            timings.append((shape(query), (time.perf_counter() - t0) * 1000))
        close_all()
    all_ms = [ms for _, ms in timings]
    by_shape = {
        kind: [ms for k, ms in timings if k == kind] for kind in sorted({k for k, _ in timings})
    }
    return {
        "rows": n_rows,
        "generate_s": generate_s,
        "rows_imported": report.rows_imported,
        "import_s": import_s,
        "rows_per_s": report.rows_imported / import_s,
        "queries": len(all_ms),
        "p50_ms": statistics.median(all_ms),
        "p95_ms": percentile(all_ms, 0.95),
        "max_ms": max(all_ms),
        "p95_by_shape": {k: (len(v), percentile(v, 0.95)) for k, v in by_shape.items()},
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--queries", type=int, default=200)
    args = parser.parse_args()
    r = run_benchmark(args.rows, args.queries)
    rows = [
        ("rows generated", f"{r['rows']:,}", f"{r['generate_s']:.2f} s"),
        (
            "rows imported",
            f"{r['rows_imported']:,}",
            f"{r['import_s']:.2f} s, {r['rows_per_s']:,.0f} rows/s (target ≤ 15 s for 1M)",
        ),
        ("queries", f"{r['queries']}", ""),
        ("query p50", "", f"{r['p50_ms']:.1f} ms"),
        ("query p95", "", f"{r['p95_ms']:.1f} ms (target ≤ 100 ms)"),
        ("query max", "", f"{r['max_ms']:.1f} ms"),
    ]
    rows += [
        (f"  p95 {kind}", f"{n}", f"{ms:.1f} ms") for kind, (n, ms) in r["p95_by_shape"].items()
    ]
    print(f"{'measure':<18} {'count':>10}  time")
    print("-" * 60)
    for name, count, value in rows:
        print(f"{name:<18} {count:>10}  {value}")


if __name__ == "__main__":
    main()
