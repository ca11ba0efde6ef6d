"""The explicit-mapping path on a real Meta export (shared/datasets/meta_ads_conversions.csv),
with a workspace metric built on an imported extra measure. Expected figures are computed here
with the csv module from the same file."""

from __future__ import annotations

import csv
from collections import defaultdict
from datetime import datetime
from pathlib import Path

import pytest

from tests.tools.kpi.conftest import SHARED_DATASETS, write
from tools.kpi.errors import InvalidMetricDefinition, UnknownMetric
from tools.kpi.importers import import_file
from tools.kpi.query import run_kpi_query
from tools.kpi.results import KpiQuery

DATASET = SHARED_DATASETS / "meta_ads_conversions.csv"

MAPPING = {
    "date": "Date",
    "date_format": "%d-%m-%Y",
    "channel": "Meta Ads",
    "currency": "USD",
    "campaign": "xyz_campaign_id",
    "ad_group": "fb_campaign_id",
    "ad": "ad_id",
    "impressions": "Impressions",
    "clicks": "Clicks",
    "spend": "Spent",
    "conversions": "Total_Conversion",
    "measures": {"approved_conversion": "Approved_Conversion"},
    "dimensions": ["age", "gender", "interest"],
}
WORKSPACE_METRICS = """\
metrics:
  - name: cost_per_approved_conversion
    label: Cost per approved conversion
    synonyms: [cost per approved conversion, cost per sale]
    formula: SUM(spend) / SUM(approved_conversion)
    unit: currency
    higher_is_better: false
  - name: approval_rate
    label: Approval rate
    formula: SUM(approved_conversion) / SUM(conversions)
    unit: percent
synonyms:
  conversions: [enquiries]
"""


def _rows() -> list[dict[str, str]]:
    with DATASET.open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def _sums(rows: list[dict[str, str]], key: str | None = None) -> dict[str, dict[str, float]]:
    out: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    for row in rows:
        bucket = out[row[key] if key else "all"]
        bucket["spend"] += float(row["Spent"])
        bucket["clicks"] += float(row["Clicks"])
        bucket["impressions"] += float(row["Impressions"])
        bucket["conversions"] += float(row["Total_Conversion"])
        bucket["approved"] += float(row["Approved_Conversion"])
    return out


def _cents(value: float | None, expected: float) -> bool:
    return value is not None and abs(value - expected) <= 0.005 + 1e-6  # within half a cent


@pytest.fixture
def meta_workspace(workspace: Path) -> Path:
    report = import_file(workspace, DATASET, MAPPING)
    assert report.detected_format == "mapping"
    assert report.rows_read == len(_rows()) == report.rows_imported
    write(workspace / "metrics.yaml", WORKSPACE_METRICS)
    return workspace


def test_import_report_and_dates(meta_workspace: Path) -> None:
    rows = _rows()
    days = sorted(datetime.strptime(r["Date"], "%d-%m-%Y").date() for r in rows)
    result = run_kpi_query(meta_workspace, KpiQuery(metrics=["spend"]))
    assert (result.data_start, result.data_end) == (days[0], days[-1])
    assert result.currency == "USD" and result.formatted_totals["spend"].startswith("$")
    assert _cents(result.totals["spend"], _sums(rows)["all"]["spend"])


def test_campaign_metrics_match_independent_computation(meta_workspace: Path) -> None:
    expected = _sums(_rows(), "xyz_campaign_id")
    result = run_kpi_query(
        meta_workspace,
        KpiQuery(
            metrics=["spend", "ctr", "cpc", "cpa", "cost per approved conversion", "approval_rate"],
            dimensions=["campaign"],
        ),
    )
    assert {r["campaign"] for r in result.rows} == set(expected)
    for row in result.rows:
        e = expected[row["campaign"]]
        assert _cents(row["spend"], e["spend"])
        assert _cents(row["ctr"], 100 * e["clicks"] / e["impressions"])
        assert _cents(row["cpc"], e["spend"] / e["clicks"])
        assert _cents(row["cpa"], e["spend"] / e["conversions"])
        assert _cents(row["cost_per_approved_conversion"], e["spend"] / e["approved"])
        assert _cents(row["approval_rate"], 100 * e["approved"] / e["conversions"])


def test_extra_dimensions_and_filters(meta_workspace: Path) -> None:
    rows = _rows()
    female = [r for r in rows if r["gender"] == "F"]
    expected = _sums(female, "age")
    result = run_kpi_query(
        meta_workspace,
        KpiQuery(
            metrics=["cost per sale", "enquiries"], dimensions=["age"], filters={"gender": ["f"]}
        ),
    )
    assert {r["age"] for r in result.rows} == set(expected)
    for row in result.rows:
        e = expected[row["age"]]
        assert (
            _cents(row["cost_per_approved_conversion"], e["spend"] / e["approved"])
            if e["approved"]
            else (row["cost_per_approved_conversion"] is None)
        )
        assert row["conversions"] == e["conversions"]


def test_best_campaign_by_cost_per_approved_conversion(meta_workspace: Path) -> None:
    expected = _sums(_rows(), "xyz_campaign_id")
    cheapest = min(expected, key=lambda k: expected[k]["spend"] / expected[k]["approved"])
    result = run_kpi_query(
        meta_workspace,
        KpiQuery(
            metrics=["cost_per_approved_conversion"], dimensions=["campaign"], order="best", top_n=1
        ),
    )
    assert [r["campaign"] for r in result.rows] == [cheapest]


def test_reimport_and_overlapping_subset_do_not_double(
    meta_workspace: Path, tmp_path: Path
) -> None:
    again = import_file(meta_workspace, DATASET, MAPPING)
    assert again.status == "already_imported" and again.rows_imported == 0
    lines = DATASET.read_text(encoding="utf-8").splitlines()
    subset = write(tmp_path / "subset.csv", "\n".join(lines[:200]) + "\n")
    overlap = import_file(meta_workspace, subset, MAPPING)
    assert overlap.status == "imported" and overlap.rows_imported == 0
    assert overlap.rows_dropped == {"identical row already imported from an earlier file": 199}
    result = run_kpi_query(meta_workspace, KpiQuery(metrics=["spend"]))
    assert _cents(result.totals["spend"], _sums(_rows())["all"]["spend"])


def test_bad_workspace_metrics_are_refused(meta_workspace: Path) -> None:
    bad = {
        "SUM(spend) / SUM(approvd_conversion)": "unknown base measure 'approvd_conversion'",
        "SUM(spend); DROP TABLE facts": "only SUM(measure)",
        "AVG(spend)": "only SUM(measure)",
        "SUM(spend) / (SUM(clicks)": "missing ')'",
    }
    for formula, message in bad.items():
        write(
            meta_workspace / "metrics.yaml",
            "metrics:\n  - name: broken\n    label: Broken\n"
            f'    formula: "{formula}"\n    unit: ratio\n',
        )
        with pytest.raises(InvalidMetricDefinition) as err:
            run_kpi_query(meta_workspace, KpiQuery(metrics=["spend"]))
        assert message in err.value.detail and "broken" in err.value.detail
    write(meta_workspace / "metrics.yaml", "metrics: []\n")
    with pytest.raises(UnknownMetric) as err:
        run_kpi_query(meta_workspace, KpiQuery(metrics=["cost per approved conversion"]))
    assert "Unknown metric" in err.value.detail
