"""The exports in ../shared/field-cases give exactly the figures in that folder's README, and cases
of each kind written here (number formats, micros, currencies, result kinds, layouts) give theirs
or a named refusal. Under CI=true a missing field-cases folder fails instead of skipping."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.tools.kpi.conftest import store_sums, write
from tools.kpi.errors import AmbiguousNumbers, InvalidMapping, UnreadableValues
from tools.kpi.importers import import_file
from tools.kpi.query import run_kpi_query
from tools.kpi.results import KpiQuery

FIELD_CASES = Path(__file__).resolve().parents[3].parent / "shared" / "field-cases"


@pytest.fixture(scope="module")
def cases() -> Path:
    if not FIELD_CASES.is_dir():
        if os.environ.get("CI") == "true":
            pytest.fail(f"{FIELD_CASES} is missing: CI must have ../shared/field-cases")
        pytest.skip(f"{FIELD_CASES} is not here")
    return FIELD_CASES


def _totals(ws: Path, *metrics: str) -> dict[str, float | int | None]:
    return run_kpi_query(ws, KpiQuery(metrics=list(metrics))).totals


def test_google_ads_api_micros(cases: Path, workspace: Path) -> None:
    report = import_file(
        workspace, cases / "c02_google_ads_api_micros.csv", cases / "c02_mapping.yaml"
    )
    assert _totals(workspace, "spend", "clicks", "cpc") == {
        "spend": 1154.75,
        "clicks": 730,
        "cpc": 1.58,
    }
    assert report.currencies == ["GBP"] and report.scales == {"spend": 1e-6}
    assert any("micros" in a for a in report.cleaning_actions) and not report.warnings


def test_meta_results_of_mixed_kinds(cases: Path, workspace: Path) -> None:
    report = import_file(workspace, cases / "c03_meta_ads_results_mixed.csv")
    totals = _totals(workspace, "spend", "clicks", "leads", "conversions")
    assert totals == {"spend": 450.0, "clicks": 900, "leads": 20, "conversions": 20}
    assert report.currencies == ["GBP"]
    assert report.rows_dropped == {"summary row (no campaign, ad set or ad)": 1}
    assert any("agrees" in c for c in report.checks_passed)
    assert any(
        "link_click → already counted in 'Link clicks'" in a for a in report.cleaning_actions
    )


def test_google_ads_resaved_by_excel_in_german(cases: Path, workspace: Path) -> None:
    report = import_file(workspace, cases / "c04_google_ads_excel_de.csv")
    totals = _totals(workspace, "spend", "impressions", "clicks", "conversions")
    assert totals == {"spend": 1234.75, "impressions": 14300, "clicks": 770, "conversions": 6.5}
    assert report.currencies == ["EUR"]
    assert report.number_formats["Cost"] == "decimal comma"
    assert any("'Impr.'" in a and "decimal comma" in a for a in report.cleaning_actions)


def test_ga4_with_comments_and_a_second_table(cases: Path, workspace: Path) -> None:
    report = import_file(workspace, cases / "c06_ga4_two_tables.csv")
    assert _totals(workspace, "conversions", "revenue", "sessions") == {
        "conversions": 55,
        "revenue": 2650.0,
        "sessions": 2500,
    }
    assert (report.first_date.isoformat(), report.last_date.isoformat()) == (
        "2024-01-05",
        "2024-01-20",
    )
    kinds = [x.kind for x in report.left_out]
    assert kinds == ["comment", "comment", "table"]
    assert 'table: "2"' in report.left_out[-1].detail and report.table == "1"
    second = tmp = workspace.parent / "second"
    second.mkdir()
    other = import_file(tmp, cases / "c06_ga4_two_tables.csv", table="2")
    assert other.rows_imported == 2 and _totals(tmp, "sessions") == {"sessions": 1887}


def test_hubspot_deals_in_a_european_locale(cases: Path, workspace: Path) -> None:
    import_file(workspace, cases / "c07_hubspot_deals_eu.csv")
    assert _totals(workspace, "pipeline", "revenue") == {"pipeline": 25500.49, "revenue": 15500.5}
    january_31 = store_sums(workspace, "date = '2024-01-31'")
    assert january_31["revenue"] == 12500.0  # closed 31.01.2024, day-first


@pytest.mark.parametrize("mapping", ["c09_mapping.yaml", None])
def test_microsoft_ads_with_metadata_and_footer(
    cases: Path, workspace: Path, mapping: str | None
) -> None:
    report = import_file(
        workspace, cases / "c09_microsoft_ads.csv", cases / mapping if mapping else None
    )
    assert _totals(workspace, "spend", "revenue", "conversions") == {
        "spend": 400.0,
        "revenue": 600.0,
        "conversions": 6,
    }
    assert [x.kind for x in report.left_out] == ["preamble", "footer"]
    assert "Microsoft Corporation" in report.left_out[1].preview


# ---- cases of each kind, written here ------------------------------------------------------


def test_micros_recognised_by_their_values(workspace: Path, tmp_path: Path) -> None:
    text = (
        "date,channel,clicks,impressions,spend\n2024-03-01,Search,100,5000,150000000\n"
        "2024-03-02,Search,120,6000,180000000\n"
    )
    report = import_file(workspace, write(tmp_path / "m.csv", text))
    assert _totals(workspace, "spend") == {"spend": 330.0}
    assert report.scales == {"spend": 1e-6}
    kept = import_file(
        workspace.parent / "w2",
        write(tmp_path / "m2.csv", text),
        {
            "date": "date",
            "channel": "channel",
            "clicks": "clicks",
            "impressions": "impressions",
            "spend": "spend",
            "scale": {"spend": 1},
        },
    )
    assert any(w.code == "costs_look_like_micros" for w in kept.warnings)


@pytest.mark.parametrize(
    ("cell", "other", "expected"),
    [
        ('"1\u202f234,50"', '"1,5"', 1234.5),
        ('"1\'234.50"', "1.5", 1234.5),
        ('"1 234,50"', '"1,5"', 1234.5),
        ('"USD 12,000.00"', '"USD 1.5"', 12000.0),
        ('"12.000,00 EUR"', '"1,5 EUR"', 12000.0),
    ],
)
def test_thousands_marks_and_currency_codes(
    workspace: Path, tmp_path: Path, cell: str, other: str, expected: float
) -> None:
    text = f"date,channel,campaign,spend\n2024-03-01,Email,A,{cell}\n2024-03-02,Email,B,{other}\n"
    report = import_file(workspace, write(tmp_path / "t.csv", text))
    assert _totals(workspace, "spend") == {"spend": expected + 1.5}
    if "USD" in cell or "EUR" in cell:
        assert report.currencies == ["USD" if "USD" in cell else "EUR"]


def test_ambiguous_numbers_are_refused_with_the_fix(workspace: Path, tmp_path: Path) -> None:
    text = 'date,channel,campaign,spend\n2024-03-01,Email,A,"1,500"\n2024-03-02,Email,B,"2,000"\n'
    with pytest.raises(AmbiguousNumbers) as err:
        import_file(workspace, write(tmp_path / "a.csv", text))
    assert "'1,500'" in err.value.detail and 'decimal: ","' in err.value.detail
    report = import_file(
        workspace,
        tmp_path / "a.csv",
        {"date": "date", "channel": "channel", "spend": "spend", "decimal": "."},
    )
    assert report.rows_imported == 2 and _totals(workspace, "spend") == {"spend": 3500.0}


def test_semicolon_files_lean_to_decimal_comma_and_say_so(workspace: Path, tmp_path: Path) -> None:
    text = "date;channel;spend\n2024-03-01;Email;1.500\n2024-03-02;Email;2.000\n"
    report = import_file(workspace, write(tmp_path / "s.csv", text))
    assert _totals(workspace, "spend") == {"spend": 3500.0}
    assert any("';'-separated" in a for a in report.cleaning_actions)


def test_values_that_are_not_numbers_stop_the_import(workspace: Path, tmp_path: Path) -> None:
    text = "date,channel,spend\n2024-03-01,Email,10\n2024-03-02,Email,about 20\n"
    with pytest.raises(UnreadableValues) as err:
        import_file(workspace, write(tmp_path / "u.csv", text))
    assert "line 3: 'about 20'" in err.value.detail


def test_unknown_result_kind_asks_where_it_goes(workspace: Path, tmp_path: Path) -> None:
    text = (
        "Reporting starts,Campaign name,Result indicator,Results,Amount spent (GBP),"
        "Impressions,Link clicks\n2024-01-01,A,actions:mystery_goal,5,10.00,1000,20\n"
        "2024-01-01,B,actions:onsite_conversion.purchase,2,20.00,2000,30\n"
    )
    with pytest.raises(InvalidMapping) as err:
        import_file(workspace, write(tmp_path / "r.csv", text))
    assert "'actions:mystery_goal'" in err.value.detail and "result_kinds" in err.value.detail
    report = import_file(
        workspace, tmp_path / "r.csv", {"result_kinds": {"actions:mystery_goal": "leads"}}
    )
    assert _totals(workspace, "leads", "conversions", "purchases") == {
        "leads": 5,
        "conversions": 7,
        "purchases": 2,
    }
    assert report.detected_format == "meta_ads"


def test_footer_and_notes_anywhere_are_left_out_and_named(workspace: Path, tmp_path: Path) -> None:
    text = (
        'date,channel,spend\n2024-03-01,Email,10\n\n"note: Email paused"\n'
        "2024-03-02,Email,5\nTotal,,15\n\nGenerated by Tool X\n"
    )
    report = import_file(workspace, write(tmp_path / "f.csv", text))
    assert _totals(workspace, "spend") == {"spend": 15.0}
    assert [(x.kind, x.lines) for x in report.left_out] == [("note", "4"), ("footer", "8")]
    assert any("agrees" in c for c in report.checks_passed)


def test_a_total_row_that_disagrees_is_a_warning(workspace: Path, tmp_path: Path) -> None:
    text = "date,channel,spend\n2024-03-01,Email,10\n2024-03-02,Email,5\nTotal,,25\n"
    report = import_file(workspace, write(tmp_path / "d.csv", text))
    assert [w.code for w in report.warnings] == ["totals_disagree"]
    assert "spend 25.00 in the file vs 15.00 imported" in report.warnings[0].message


def test_google_conversion_actions_each_go_to_their_measure(
    workspace: Path, tmp_path: Path
) -> None:
    text = (
        'Campaign report\n"1 March 2024 - 2 March 2024"\n'
        "Day,Campaign,Conversion action,Conversions\n"
        "2024-03-01,Brand,Website lead form,4.00\n"
        "2024-03-01,Brand,Purchase,2.00\n"
        "2024-03-02,Brand,Demo booked,1.00\n"
        "2024-03-02,Brand,Phone calls,3.00\n"
    )
    path = write(tmp_path / "actions.csv", text)
    report = import_file(
        workspace,
        path,
        {
            "date": "Day",
            "campaign": "Campaign",
            "conversions": "Conversions",
            "channel": "Google Ads",
        },
    )
    totals = _totals(workspace, "conversions", "leads", "purchases", "calls")
    assert totals == {"conversions": 10, "leads": 4, "purchases": 2, "calls": 3}
    assert any("demo booked → conversions" in a for a in report.cleaning_actions)
