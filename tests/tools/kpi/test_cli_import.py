"""`cmo import` (cli/import_cmd.py): imports into the configured data directory and prints the
report; re-running is a no-op; unknown workspaces are refused."""

from __future__ import annotations

from pathlib import Path

import pytest

from cli.import_cmd import import_data
from core.errors import WorkspaceNotFound
from core.stores.campaigns import CampaignStore
from core.workspaces import WorkspaceStore
from tests.tools.kpi.test_importers import GOOGLE_ROWS, google_ads_csv
from tools.kpi.query import run_kpi_query
from tools.kpi.results import KpiQuery


def test_import_prints_the_report_and_is_idempotent(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("CMO_DATA_DIR", str(tmp_path / "data"))
    workspaces = WorkspaceStore(tmp_path / "data")
    workspaces.create("acme")
    path = google_ads_csv(tmp_path / "google.csv")
    report = import_data("acme", path)
    out = capsys.readouterr().out
    assert report.rows_imported == len(GOOGLE_ROWS)
    assert f"Imported {len(GOOGLE_ROWS)} of 7 rows from google.csv into 'acme'" in " ".join(
        out.split()
    )
    assert "Cost" in out and "total or summary row" in out
    assert import_data("acme", path).status == "already_imported"
    assert "Nothing changed" in capsys.readouterr().out
    ws = workspaces.path("acme")
    spend = run_kpi_query(ws, KpiQuery(metrics=["spend"])).totals["spend"]
    assert abs(spend - sum(r[5] for r in GOOGLE_ROWS)) <= 0.005 + 1e-6
    CampaignStore(ws).close()
    with pytest.raises(WorkspaceNotFound):
        import_data("nobody", path)
