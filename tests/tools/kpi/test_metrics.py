"""Every governed metric against an independent computation in plain Python, to the cent."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from core.stores.campaign_schema import MEASURE_FIELDS
from tests.tools.kpi.conftest import write
from tools.kpi.importers import import_file
from tools.kpi.metrics import compile_formula, load_registry, normalize_phrase
from tools.kpi.periods import Previous
from tools.kpi.query import run_kpi_query
from tools.kpi.results import KpiQuery


def _div(a: float, b: float) -> float | None:
    return None if b == 0 else a / b


def _cost(spend: float, count: float) -> float | None:
    """A cost per unit: none without spend (a channel with no spend has no CPL, not £0)."""
    return None if spend == 0 else _div(spend, count)


# The definitions a finance person would write down, independent of metrics.yaml.
EXPECTED: dict[str, Callable[[dict[str, float]], float | None]] = {
    **{m: (lambda s, m=m: s[m]) for m in MEASURE_FIELDS},
    "ctr": lambda s: _pct(s["clicks"], s["impressions"]),
    "cpc": lambda s: _cost(s["spend"], s["clicks"]),
    "cpm": lambda s: _cost(s["spend"] * 1000, s["impressions"]),
    "cpa": lambda s: _cost(s["spend"], s["conversions"]),
    "conversion_rate": lambda s: _pct(s["conversions"], s["clicks"]),
    "cpl": lambda s: _cost(s["spend"], s["leads"]),
    "cost_per_mql": lambda s: _cost(s["spend"], s["mqls"]),
    "cost_per_sql": lambda s: _cost(s["spend"], s["sqls"]),
    "cost_per_opportunity": lambda s: _cost(s["spend"], s["opportunities"]),
    "cac": lambda s: _cost(s["spend"], s["customers"]),
    "lead_to_mql_rate": lambda s: _pct(s["mqls"], s["leads"]),
    "mql_to_sql_rate": lambda s: _pct(s["sqls"], s["mqls"]),
    "sql_to_opportunity_rate": lambda s: _pct(s["opportunities"], s["sqls"]),
    "win_rate": lambda s: _pct(s["customers"], s["opportunities"]),
    "lead_to_sql_rate": lambda s: _pct(s["sqls"], s["leads"]),
    "lead_to_customer_rate": lambda s: _pct(s["customers"], s["leads"]),
    "roas": lambda s: _div(s["revenue"], s["spend"]),
    "average_deal_size": lambda s: _div(s["revenue"], s["customers"]),
}


def _pct(a: float, b: float) -> float | None:
    value = _div(a, b)
    return None if value is None else 100 * value


def _sums(rows: list[dict[str, Any]], key: str | None = None) -> dict[str, dict[str, float]]:
    out: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    for row in rows:
        bucket = out[row[key] if key else "all"]
        for m in MEASURE_FIELDS:
            bucket[m] += row[m]
    return out


def _same(got: float | int | None, expected: float | None) -> bool:
    if expected is None:
        return got is None
    return got is not None and abs(got - expected) <= 0.005 + 1e-6  # within half a cent


def test_every_builtin_metric_has_an_independent_definition() -> None:
    assert set(load_registry(None).metrics) == set(EXPECTED)


def test_all_metrics_overall_and_by_channel(
    demo_workspace: Path, demo_rows: list[dict[str, Any]]
) -> None:
    names = sorted(EXPECTED)
    result = run_kpi_query(demo_workspace, KpiQuery(metrics=names, dimensions=["channel"]))
    expected = _sums(demo_rows, "channel")
    assert {r["channel"] for r in result.rows} == set(expected)
    for row in result.rows:
        for name in names:
            expected_value = EXPECTED[name](expected[row["channel"]])
            assert _same(row[name], expected_value), (row["channel"], name)
    overall = _sums(demo_rows)["all"]
    for name in names:
        assert _same(result.totals[name], EXPECTED[name](overall)), name


def test_all_metrics_for_one_month_and_campaign(
    demo_workspace: Path, demo_rows: list[dict[str, Any]]
) -> None:
    rows = [r for r in demo_rows if r["date"].startswith("2026-10")]
    names = sorted(EXPECTED)
    result = run_kpi_query(
        demo_workspace,
        KpiQuery(metrics=names, dimensions=["campaign"], period=Previous(unit="month")),
    )
    assert result.period.start.isoformat() == "2026-10-01"
    expected = _sums(rows, "campaign")
    for row in result.rows:
        for name in names:
            assert _same(row[name], EXPECTED[name](expected[row["campaign"]])), (row, name)


def test_ratios_are_ratios_of_sums_not_averages(
    demo_workspace: Path, demo_rows: list[dict[str, Any]]
) -> None:
    rows = [r for r in demo_rows if r["channel"] == "LinkedIn Ads"]
    daily = [r["spend"] / r["leads"] for r in rows if r["leads"]]
    result = run_kpi_query(
        demo_workspace, KpiQuery(metrics=["cpl"], filters={"channel": ["LinkedIn Ads"]})
    )
    ratio_of_sums = sum(r["spend"] for r in rows) / sum(r["leads"] for r in rows)
    assert _same(result.totals["cpl"], ratio_of_sums)
    assert abs(sum(daily) / len(daily) - ratio_of_sums) > 1  # the wrong way differs


def test_zero_denominators_give_none_and_na(workspace: Path, tmp_path: Path) -> None:
    path = write(
        tmp_path / "z.csv",
        "date,channel,spend,impressions,clicks,leads,customers\n"
        "2025-05-01,Organic,0,1000,0,3,0\n2025-05-02,Organic,0,800,0,2,0\n",
    )
    import_file(workspace, path)
    result = run_kpi_query(workspace, KpiQuery(metrics=["cpc", "cac", "cpl", "roas", "ctr"]))
    assert result.totals["cpc"] is None and result.formatted_totals["cpc"] == "n/a"
    assert result.totals["cac"] is None and result.formatted_totals["cac"] == "n/a"
    assert result.totals["cpl"] is None and result.formatted_totals["cpl"] == "n/a"  # no spend
    assert result.totals["roas"] is None  # revenue not reported at all
    assert result.totals["ctr"] == 0
    assert any("Cost per click is n/a" in n and "denominator is zero" in n for n in result.notes)
    assert any("Return on ad spend is n/a" in n and "no revenue figures" in n for n in result.notes)


@pytest.mark.parametrize(
    ("phrase", "name"),
    [
        ("Cost per lead", "cpl"),
        ("MQL→SQL", "mql_to_sql_rate"),
        ("mql-to-sql rate", "mql_to_sql_rate"),
        ("return on ad spend", "roas"),
        ("customer acquisition cost", "cac"),
        ("CTR", "ctr"),
        ("win rate", "win_rate"),
        ("opportunity to customer", "win_rate"),
        ("ad spend", "spend"),
        ("click-to-conversion rate", "conversion_rate"),
        ("avg deal size", "average_deal_size"),
    ],
)
def test_synonyms_resolve(phrase: str, name: str) -> None:
    assert load_registry(None).resolve(phrase).metric.name == name


def test_formula_compiler_guards_division_and_identifiers() -> None:
    sql, used = compile_formula("1000 * SUM(spend) / SUM(impressions)", frozenset(MEASURE_FIELDS))
    assert used == {"spend", "impressions"}
    assert 'NULLIF(SUM("impressions"), 0)' in sql
    for bad in ('SUM("spend")', "SUM(spend) -- x", "spend", "SUM(spend) ; SELECT 1"):
        with pytest.raises(ValueError):
            compile_formula(bad, frozenset(MEASURE_FIELDS))
    assert normalize_phrase("Lead→MQL rate") == "lead to mql rate"


@pytest.mark.parametrize(
    "sums",
    [
        {"spend": 1234.56, "clicks": 321.0, "leads": 7.0, "revenue": 0.1, "impressions": 3.0},
        {"spend": 0.0, "clicks": 0.0, "leads": 0.0, "revenue": 0.0, "impressions": 0.0},
        {"spend": None, "clicks": 5.0, "leads": None, "revenue": 2.5, "impressions": None},
    ],
)
def test_every_metric_has_the_same_value_in_python_as_in_duckdb(
    sums: dict[str, float | None],
) -> None:
    """Totals re-computed from groups' sums use the Python form of each formula: it must give
    DuckDB's value exactly, NULLs and zero denominators included."""
    import duckdb

    values = {m: sums.get(m, 17.0) for m in MEASURE_FIELDS}
    columns = ", ".join(f"CAST(? AS DOUBLE) AS {m}" for m in MEASURE_FIELDS)
    registry = load_registry(None)
    con = duckdb.connect()
    con.execute(f"CREATE TABLE t AS SELECT {columns}", [values[m] for m in MEASURE_FIELDS])
    for compiled in registry.metrics.values():
        row = con.execute(f"SELECT {compiled.sql} FROM t").fetchone()
        assert row is not None
        in_python = compiled.value(values)
        assert (in_python is None) == (row[0] is None), compiled.metric.name
        if row[0] is not None:
            assert float(in_python) == row[0], compiled.metric.name  # type: ignore[arg-type]


def test_number_literals_keep_duckdb_arithmetic() -> None:
    import duckdb

    from tools.kpi.metrics import MetricDef, MetricRegistry

    metric = MetricDef(
        name="odd",
        label="Odd",
        formula="0.1 * 0.2 * SUM(spend) + 7 / 2 - -SUM(clicks)",
        unit="ratio",
    )
    registry = MetricRegistry([metric], frozenset(MEASURE_FIELDS), "test")
    compiled = registry.metrics["odd"]
    sums = {m: 3.3 for m in MEASURE_FIELDS}
    expected = (
        duckdb.connect()
        .execute(f"SELECT {compiled.sql} FROM (SELECT 3.3::DOUBLE AS spend, 3.3::DOUBLE AS clicks)")
        .fetchone()
    )
    assert expected is not None and compiled.value(sums) == expected[0]
