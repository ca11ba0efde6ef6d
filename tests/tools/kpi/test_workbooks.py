"""Workbooks import like CSV: each sheet offered as a table, the data block found under a title
block and a merged group header, typed cells used as they are, formula totals checked."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import xlsxwriter

from tools.kpi.errors import UnrecognisedFile
from tools.kpi.importers import import_file
from tools.kpi.query import run_kpi_query
from tools.kpi.results import KpiQuery

ROWS = [
    (dt.date(2024, 2, 1), "Brand", 1500, 120, 120.5),
    (dt.date(2024, 2, 2), "Generic", 12000, 610, 1034.25),
    (dt.date(2024, 2, 13), "Generic", 800, 40, 80.0),
]


def workbook(path: Path) -> Path:
    book = xlsxwriter.Workbook(str(path))
    summary = book.add_worksheet("Summary")
    summary.write("A1", "Performance summary, February 2024")
    summary.write("A3", "See the Campaigns sheet.")
    sheet = book.add_worksheet("Campaigns")
    sheet.merge_range("A1:F1", "Google Ads · campaign report")
    sheet.write("A2", "Downloaded 2024-03-01")
    sheet.merge_range("C4:E4", "Delivery")
    sheet.write_row("A5", ["Day", "Campaign", "Impr.", "Clicks", "Cost", "Currency code"])
    day = book.add_format({"num_format": "dd/mm/yyyy"})
    money = book.add_format({"num_format": "#,##0.00 [$€-407]"})
    for i, (when, name, impressions, clicks, cost) in enumerate(ROWS, start=6):
        sheet.write_datetime(f"A{i}", dt.datetime.combine(when, dt.time()), day)
        sheet.write_row(f"B{i}", [name, impressions, clicks])
        sheet.write_number(f"E{i}", cost, money)
        sheet.write(f"F{i}", "EUR")
    last = 5 + len(ROWS)
    sheet.write(f"A{last + 1}", "Total")
    for col, value in (("C", 14300), ("D", 770), ("E", 1234.75)):
        sheet.write_formula(f"{col}{last + 1}", f"=SUM({col}6:{col}{last})", None, value)
    other = book.add_worksheet("Meta")
    other.write_row("A1", ["Day", "Campaign name", "Amount spent (GBP)", "Impressions"])
    other.write_row("A2", ["2024-02-03", "Retargeting", 55.5, 4000])
    book.close()
    return path


def test_the_campaigns_sheet_is_found_and_read_as_typed(workspace: Path, tmp_path: Path) -> None:
    report = import_file(workspace, workbook(tmp_path / "report.xlsx"))
    assert report.table == "Campaigns" and report.rows_imported == 3
    assert [t.id for t in report.tables] == ["Campaigns", "Meta"]
    totals = run_kpi_query(workspace, KpiQuery(metrics=["spend", "impressions", "clicks"])).totals
    assert totals == {"spend": 1234.75, "impressions": 14300, "clicks": 770}
    assert report.date_format == "%Y-%m-%d" and report.number_formats == {}
    assert report.first_date == dt.date(2024, 2, 1) and report.last_date == dt.date(2024, 2, 13)
    assert any("agrees" in c for c in report.checks_passed)  # the formula total, as saved
    assert report.currencies == ["EUR"]
    kinds = {(x.kind, x.lines) for x in report.left_out}
    assert ("preamble", "1–4") in kinds
    assert any(x.kind == "table" and "Meta" in x.detail for x in report.left_out)


def test_another_sheet_by_name(workspace: Path, tmp_path: Path) -> None:
    report = import_file(workspace, workbook(tmp_path / "report.xlsx"), table="Meta")
    assert report.detected_format == "meta_ads" and report.currencies == ["GBP"]
    assert run_kpi_query(workspace, KpiQuery(metrics=["spend"])).totals == {"spend": 55.5}
    with pytest.raises(UnrecognisedFile) as err:
        import_file(workspace, tmp_path / "report.xlsx", table="Nope")
    assert "'Campaigns', 'Meta'" in err.value.detail
