"""The store: re-imports are no-ops, overlapping exports do not double, writers take turns."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from core.stores.campaigns import DB_FILE, CampaignStore
from tests.tools.kpi.conftest import store_sums, write
from tools.kpi.importers import import_file
from tools.kpi.periods import Previous

HEADER = "date,channel,campaign,spend,leads\n"
JAN_MAR = [
    ("2026-01-15", "Email", "News", 10.0, 2),
    ("2026-02-15", "Email", "News", 20.0, 3),
    ("2026-03-15", "Email", "News", 30.0, 4),
    ("2026-03-15", "Email", "News", 30.0, 4),
]
FEB_APR = JAN_MAR[1:] + [("2026-04-15", "Email", "News", 40.0, 5)]


def _csv(path: Path, rows: list[tuple]) -> Path:
    return write(path, HEADER + "".join(",".join(map(str, r)) + "\n" for r in rows))


def test_same_file_twice_is_a_no_op(workspace: Path, tmp_path: Path) -> None:
    first = import_file(workspace, _csv(tmp_path / "a.csv", JAN_MAR))
    copy = _csv(tmp_path / "renamed.csv", JAN_MAR)
    second = import_file(workspace, copy)
    assert first.status == "imported" and first.rows_imported == 4
    assert second.status == "already_imported" and second.import_id == first.import_id
    assert "nothing was changed" in second.message
    assert store_sums(workspace)["spend"] == sum(r[3] for r in JAN_MAR)
    assert len(CampaignStore(workspace).imports()) == 1
    assert (workspace / DB_FILE).is_file()


def test_overlapping_export_adds_only_new_rows(workspace: Path, tmp_path: Path) -> None:
    import_file(workspace, _csv(tmp_path / "jan_mar.csv", JAN_MAR))
    report = import_file(workspace, _csv(tmp_path / "feb_apr.csv", FEB_APR))
    assert report.rows_imported == 1
    assert report.rows_dropped == {"identical row already imported from an earlier file": 3}
    expected = sum(r[3] for r in JAN_MAR) + 40.0  # the union of both exports
    assert store_sums(workspace)["spend"] == expected
    # repeated rows inside one file are real rows and are all kept
    assert store_sums(workspace, "date = '2026-03-15'")["n"] == 2


def test_delete_import_removes_its_rows(workspace: Path, tmp_path: Path) -> None:
    report = import_file(workspace, _csv(tmp_path / "a.csv", JAN_MAR))
    assert CampaignStore(workspace).delete_import(report.import_id) == 4
    assert store_sums(workspace)["n"] == 0
    assert import_file(workspace, _csv(tmp_path / "a.csv", JAN_MAR)).status == "imported"


def test_parallel_imports_take_turns(workspace: Path, tmp_path: Path) -> None:
    paths = [
        _csv(tmp_path / f"f{i}.csv", [(f"2026-01-{i + 1:02d}", "Email", f"C{i}", i + 1.0, 1)])
        for i in range(8)
    ]
    with ThreadPoolExecutor(max_workers=4) as pool:
        reports = list(pool.map(lambda p: import_file(workspace, p), paths))
    assert all(r.rows_imported == 1 for r in reports)
    assert store_sums(workspace)["spend"] == sum(i + 1.0 for i in range(8))


def test_a_deleted_workspace_folder_never_serves_old_data(tmp_path: Path) -> None:
    import shutil

    from agent.bootstrap import seed_demo_kpis
    from tools.kpi.query import run_kpi_query
    from tools.kpi.results import KpiQuery

    ws = tmp_path / "reused-id"
    ws.mkdir()
    seed_demo_kpis(ws)
    assert run_kpi_query(ws, KpiQuery(metrics=["spend"])).totals["spend"] > 1000
    shutil.rmtree(ws)  # what WorkspaceStore.delete does
    ws.mkdir()  # the same id created again, with new data
    import_file(ws, _csv(tmp_path / "new.csv", JAN_MAR[:1]))
    assert (ws / DB_FILE).is_file()
    assert run_kpi_query(ws, KpiQuery(metrics=["spend"])).totals["spend"] == 10.0
    CampaignStore(ws).close()


def test_a_repeated_question_sees_the_rows_imported_or_deleted_since(
    workspace: Path, tmp_path: Path
) -> None:
    """Plans and facts about the data are cached per workspace; every import, deletion or
    confirmation drops them, so the same question asked again answers from the new data."""
    from tools.kpi.query import run_kpi_query
    from tools.kpi.results import KpiQuery

    asked = KpiQuery(
        metrics=["spend", "cpl"], dimensions=["channel"], period=Previous(unit="month")
    )
    first = import_file(workspace, _csv(tmp_path / "jan_mar.csv", JAN_MAR))
    before = run_kpi_query(workspace, asked)
    assert before.totals["spend"] == 20.0  # February: the data runs to 15 March
    import_file(workspace, _csv(tmp_path / "feb_apr.csv", FEB_APR))  # adds a row in April
    after = run_kpi_query(workspace, asked)
    assert after.totals["spend"] == 60.0  # March, now that the data runs to 15 April
    everything = KpiQuery(metrics=["spend"])
    assert run_kpi_query(workspace, everything).totals["spend"] == 130.0
    CampaignStore(workspace).delete_import(first.import_id)
    again = run_kpi_query(workspace, everything)
    assert again.totals["spend"] == 40.0 and again.data_start.isoformat() == "2026-04-15"
