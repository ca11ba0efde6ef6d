"""CRM exports hold funnel counts and deal amounts, never spend, clicks or impressions: those
stay "not reported" (NULL), so a cost of CRM data is n/a with the missing measure named, never
£0 — and data dirs written by the release that stored zeros are repaired when they open."""

from __future__ import annotations

from pathlib import Path

from core.stores.campaigns import CampaignStore, close_all
from tools.kpi.importers import import_file
from tools.kpi.query import run_kpi_query
from tools.kpi.results import KpiQuery

CRM_EXPORT = Path(__file__).parents[3] / "evals/fixtures/crm-only/data/hubspot-deals-2026.csv"


def _counts(workspace: Path) -> dict[str, int]:
    with CampaignStore(workspace).connect() as cur:
        row = cur.execute(
            "SELECT count(*), count(spend), count(clicks), count(leads), count(customers) "
            "FROM facts"
        ).fetchone()
    assert row is not None
    return dict(zip(("rows", "spend", "clicks", "leads", "customers"), row, strict=True))


def test_a_deals_export_reports_deals_and_not_spend(workspace: Path) -> None:
    import_file(workspace, CRM_EXPORT)
    counts = _counts(workspace)
    assert counts["rows"] > 0 and counts["customers"] == counts["rows"]
    assert counts["spend"] == counts["clicks"] == counts["leads"] == 0
    result = run_kpi_query(workspace, KpiQuery(metrics=["cpl", "win_rate"]))
    assert result.totals["cpl"] is None and result.totals["win_rate"] is not None
    assert any("spend" in note for note in result.notes), result.notes


def test_zeros_stored_by_the_previous_release_become_not_reported(workspace: Path) -> None:
    import_file(workspace, CRM_EXPORT)
    with CampaignStore(workspace).connect() as cur:  # what the previous release wrote
        cur.execute(
            "UPDATE facts SET spend = 0, clicks = 0, impressions = 0, conversions = 0, "
            "leads = 0, mqls = 0, sqls = 0"
        )
    close_all()
    counts = _counts(workspace)  # opening the database runs the repair
    assert counts["spend"] == counts["clicks"] == counts["leads"] == 0
    assert counts["customers"] == counts["rows"]  # the deal counts are untouched


def test_a_real_zero_in_an_ads_export_stays_zero(workspace: Path, tmp_path: Path) -> None:
    csv = tmp_path / "ads.csv"
    csv.write_text("date,channel,spend,clicks\n2026-01-05,Email,0,0\n", encoding="utf-8")
    import_file(workspace, csv)
    close_all()
    assert _counts(workspace)["spend"] == 1
