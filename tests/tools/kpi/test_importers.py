"""Each importer on a small file in the shape of the real export; figures checked against sums
computed here from the same rows."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import duckdb
import pytest

from core.errors import UnsupportedFile
from core.stores.campaigns import CampaignStore
from tests.tools.kpi.conftest import store_sums, write
from tools.kpi.cleaning import install_macros
from tools.kpi.errors import AmbiguousDates, InvalidMapping, UnrecognisedFile
from tools.kpi.importers import import_file
from tools.kpi.periods import DateRange
from tools.kpi.query import run_kpi_query
from tools.kpi.results import KpiQuery


def _money(v: float) -> str:
    return f"£{v:,.2f}"


def _close(a: float | None, b: float) -> bool:
    return a is not None and abs(a - b) <= 0.005 + 1e-6


# ---- Google Ads ------------------------------------------------------------------------------

GOOGLE_ROWS = [  # day, campaign, ad group, impressions, clicks, cost, conversions, value
    ("2025-05-01", "Google – Brand", "Brand exact", 1204, 85, 102.00, 4.0, 1500.00),
    ("2025-05-02", "Google – Brand", "Brand exact", 1100, 80, 88.10, 3.5, 0.0),
    (
        "2025-05-01",
        "Google – AP Automation Software",
        "AP software",
        15900,
        301,
        1210.55,
        9.0,
        12400.00,
    ),
    (
        "2025-05-02",
        "Google – AP Automation Software",
        "AP software",
        14320,
        277,
        1188.40,
        7.25,
        0.0,
    ),
    ("2025-05-03", "Total Brand Domination", "Exact", 10, 1, 2.50, 0.0, 0.0),
]


def google_ads_csv(path: Path) -> Path:
    lines = [
        "Campaign report",
        '"1 May 2025 - 3 May 2025"',
        "Day,Campaign,Ad group,Campaign type,Currency code,Impr.,Clicks,CTR,Avg. CPC,Cost,"
        "Conversions,Cost / conv.,Conv. value",
    ]
    for day, camp, group, impr, clicks, cost, conv, value in GOOGLE_ROWS:
        ctr = f"{clicks / impr:.2%}"
        cpc = _money(cost / clicks)
        per_conv = _money(cost / conv) if conv else "--"
        val = f'"{value:,.2f}"' if value else "--"
        lines.append(
            f'{day},{camp},{group},Search,GBP,"{impr:,}",{clicks},{ctr},{cpc},'
            f'"{_money(cost)}",{conv:.2f},"{per_conv}",{val}'
        )
    lines.append(
        'Total: Campaigns,--,--,--,GBP,"32,534",744,2.29%,£3.47,"£2,591.55",23.75,'
        '£109.12,"13,900.00"'
    )
    lines.append(
        'Total: Account,--,--,--,GBP,"32,534",744,2.29%,£3.47,"£2,591.55",23.75,£109.12,"13,900.00"'
    )
    return write(path, "\n".join(lines) + "\n")


def test_google_ads_export(workspace: Path, tmp_path: Path) -> None:
    report = import_file(workspace, google_ads_csv(tmp_path / "google.csv"))
    assert report.detected_format == "google_ads"
    assert report.rows_read == 7 and report.rows_imported == 5
    assert report.rows_dropped == {"total or summary row": 2}
    assert report.columns_mapped["spend"] == "Cost"
    assert report.columns_mapped["impressions"] == "Impr."
    assert report.columns_mapped["channel"] == "(constant) Google Ads"
    assert {"CTR", "Avg. CPC", "Cost / conv."} <= set(report.columns_ignored)
    assert [(e.name, e.kind) for e in report.columns_extra] == [("campaign_type", "dimension")]
    assert report.currencies == ["GBP"]
    assert any("thousands separators" in a and "Impr." in a for a in report.cleaning_actions)
    assert any("currency symbols" in a and "Cost" in a for a in report.cleaning_actions)
    sums = store_sums(workspace)
    assert sums["impressions"] == sum(r[3] for r in GOOGLE_ROWS)
    assert sums["clicks"] == sum(r[4] for r in GOOGLE_ROWS)
    assert _close(sums["spend"], sum(r[5] for r in GOOGLE_ROWS))
    assert _close(sums["conversions"], sum(r[6] for r in GOOGLE_ROWS))
    assert _close(sums["revenue"], sum(r[7] for r in GOOGLE_ROWS))
    result = run_kpi_query(
        workspace, KpiQuery(metrics=["cpc"], filters={"campaign": ["google – brand"]})
    )
    brand = [r for r in GOOGLE_ROWS if r[1] == "Google – Brand"]
    assert _close(result.totals["cpc"], sum(r[5] for r in brand) / sum(r[4] for r in brand))


def test_google_ads_utf16_tab_export(workspace: Path, tmp_path: Path) -> None:
    """The 'Excel CSV' download is UTF-16 with tabs."""
    text = (
        "Campaign report\n1 May 2025 - 2 May 2025\nDay\tCampaign\tImpr.\tClicks\tCost\n"
        "2025-05-01\tGoogle – Brand\t1,204\t85\t102.00\n"
        "2025-05-02\tGoogle – Brand\t1,100\t80\t88.10\n"
    )
    report = import_file(workspace, write(tmp_path / "google.csv", text, encoding="utf-16"))
    assert report.detected_format == "google_ads" and report.rows_imported == 2
    sums = store_sums(workspace)
    assert sums["impressions"] == 2304 and _close(sums["spend"], 190.10)


# ---- Meta Ads ----------------------------------------------------------------------------------

META_ROWS = [  # day, campaign, ad set, ad, reach, impressions, link clicks, spend, results, leads
    (
        "2025-06-01",
        "Meta – AP Cost Calculator Lookalikes",
        "Lookalike 1% UK",
        "Calculator video",
        5200,
        9100,
        88,
        81.37,
        2,
        2,
    ),
    (
        "2025-06-02",
        "Meta – AP Cost Calculator Lookalikes",
        "Lookalike 1% UK",
        "Calculator video",
        5000,
        8800,
        79,
        78.02,
        1,
        1,
    ),
    (
        "2025-06-01",
        "Meta – Retargeting Site Visitors",
        "Site visitors 30d",
        "Case study carousel",
        2100,
        6400,
        95,
        49.50,
        3,
        2,
    ),
]


def test_meta_ads_export_with_summary_row(workspace: Path, tmp_path: Path) -> None:
    header = (
        "Reporting starts,Reporting ends,Campaign name,Ad set name,Ad name,Delivery,Reach,"
        "Impressions,Frequency,Link clicks,Amount spent (GBP),Results,Result indicator,"
        "Cost per result,Leads"
    )
    lines = [header, "2025-06-01,2025-06-02,,,,,11000,24300,2.21,262,208.89,6,,34.82,5"]
    for day, camp, adset, ad, reach, impr, clicks, spend, results, leads in META_ROWS:
        lines.append(
            f"{day},{day},{camp},{adset},{ad},active,{reach},{impr},"
            f"{impr / reach:.2f},{clicks},{spend:.2f},{results},actions:lead,"
            f"{spend / results:.2f},{leads}"
        )
    report = import_file(workspace, write(tmp_path / "meta.csv", "\n".join(lines) + "\n"))
    assert report.detected_format == "meta_ads"
    assert report.rows_dropped == {"summary row (no campaign, ad set or ad)": 1}
    assert report.rows_imported == 3
    assert report.currencies == ["GBP"]
    assert report.columns_mapped["clicks"] == "Link clicks"
    assert report.columns_mapped["leads"] == "Leads"
    assert {"Reach", "Frequency", "Cost per result"} <= set(report.columns_ignored)
    sums = store_sums(workspace)
    assert sums["impressions"] == sum(r[5] for r in META_ROWS)
    assert sums["clicks"] == sum(r[6] for r in META_ROWS)
    assert _close(sums["spend"], sum(r[7] for r in META_ROWS))
    assert sums["conversions"] == sum(r[8] for r in META_ROWS)
    assert sums["leads"] == sum(r[9] for r in META_ROWS)
    result = run_kpi_query(workspace, KpiQuery(metrics=["cpl"], dimensions=["ad_group"]))
    by_set = {r["ad_group"]: r["cpl"] for r in result.rows}
    lal = [r for r in META_ROWS if r[2] == "Lookalike 1% UK"]
    assert _close(by_set["Lookalike 1% UK"], sum(r[7] for r in lal) / sum(r[9] for r in lal))
    assert result.formatted_totals["cpl"].startswith("£")


# ---- LinkedIn ----------------------------------------------------------------------------------

LINKEDIN_HEADER = (
    "Start Date (in UTC),End Date (in UTC),Account Name,Currency,"
    "Campaign Group Name,Campaign Name,Campaign Type,Total Spent,Impressions,"
    "Clicks,Click Through Rate,Average CPM,Average CPC,Conversions,Leads,"
    "Cost per Lead"
)
LINKEDIN_PREAMBLE = (
    "Campaign Performance Report (in UTC)\nReport Start: 5/1/2025, 12:00 AM\n"
    "Report End: 5/31/2025, 11:59 PM\nDate Generated: 6/2/2025, 9:14 AM\n\n"
)


def _linkedin_line(day: str, camp: str, spend: float, impr: int, clicks: int, leads: int) -> str:
    return (
        f"{day},{day},Ledgerly,GBP,Demand Gen,{camp},Sponsored Content,{spend:.2f},{impr},"
        f"{clicks},{clicks / impr:.4f},{spend / impr * 1000:.2f},{spend / clicks:.2f},{leads},"
        f"{leads},{spend / leads:.2f}"
    )


def test_linkedin_export_month_first_dates(workspace: Path, tmp_path: Path) -> None:
    rows = [
        ("5/13/2025", "LinkedIn – Free AP Process Template", 123.45, 8000, 41, 3),
        ("5/14/2025", "LinkedIn – Free AP Process Template", 118.20, 7600, 39, 2),
        ("5/2/2025", "LinkedIn – Finance Leaders Retargeting", 99.99, 5000, 30, 1),
    ]
    text = (
        LINKEDIN_PREAMBLE
        + LINKEDIN_HEADER
        + "\n"
        + "\n".join(_linkedin_line(*r) for r in rows)
        + "\n"
    )
    report = import_file(workspace, write(tmp_path / "linkedin.csv", text))
    assert report.detected_format == "linkedin_ads"
    assert report.date_format == "%m/%d/%Y"
    assert report.rows_imported == 3
    assert [(x.kind, x.lines) for x in report.left_out] == [("preamble", "1–5")]
    assert {
        "Click Through Rate",
        "Average CPM",
        "Average CPC",
        "Cost per Lead",
        "End Date (in UTC)",
    } <= set(report.columns_ignored)
    with_may_second = run_kpi_query(
        workspace,
        KpiQuery(metrics=["spend"], period=DateRange(start=date(2025, 5, 2), end=date(2025, 5, 2))),
    )
    assert _close(with_may_second.totals["spend"], 99.99)
    sums = store_sums(workspace)
    assert _close(sums["spend"], 123.45 + 118.20 + 99.99) and sums["leads"] == 6


def test_linkedin_ambiguous_dates_read_month_first_with_a_note(
    workspace: Path, tmp_path: Path
) -> None:
    text = LINKEDIN_HEADER + "\n" + _linkedin_line("3/4/2025", "LinkedIn – X", 10.0, 100, 5, 1)
    report = import_file(workspace, write(tmp_path / "li.csv", text + "\n"))
    assert report.first_date.isoformat() == "2025-03-04"
    assert any("month-first" in a for a in report.cleaning_actions)


# ---- GA4 ----------------------------------------------------------------------------------------

GA4_ROWS = [
    ("Organic Search", "20250501", 320, 210, 6, 0.0),
    ("Paid Search", "20250501", 150, 90, 4, 1250.0),
    ("Organic Search", "20250502", 300, 190, 5, 0.0),
    ("Email", "20250502", 80, 60, 2, 0.0),
]


def test_ga4_export(workspace: Path, tmp_path: Path) -> None:
    lines = [
        "# ----------------------------------------",
        "# Traffic acquisition: Session default channel group",
        "# Account: Ledgerly",
        "# Property: ledgerly.co.uk",
        "# ----------------------------------------",
        "#",
        "# Start date: 20250501",
        "# End date: 20250502",
        "Session default channel group,Date,Sessions,Engaged sessions,Engagement rate,"
        "Key events,Total revenue",
    ]
    for ch, day, sessions, engaged, key_events, revenue in GA4_ROWS:
        lines.append(f"{ch},{day},{sessions},{engaged},{engaged / sessions},{key_events},{revenue}")
    lines.append("Grand total,,850,550,0.647,17,1250")
    report = import_file(workspace, write(tmp_path / "ga4.csv", "\n".join(lines) + "\n"))
    assert report.detected_format == "ga4"
    assert report.date_format == "%Y%m%d"
    assert report.rows_imported == 4 and report.rows_dropped == {"total or summary row": 1}
    assert report.columns_mapped["channel"] == "Session default channel group"
    assert report.columns_mapped["conversions"] == "Key events"
    assert "Engagement rate" in report.columns_ignored
    assert {(e.name, e.kind) for e in report.columns_extra} == {
        ("sessions", "measure"),
        ("engaged_sessions", "measure"),
    }
    result = run_kpi_query(
        workspace, KpiQuery(metrics=["conversions", "revenue"], dimensions=["channel"])
    )
    by_channel = {r["channel"]: r for r in result.rows}
    organic = [r for r in GA4_ROWS if r[0] == "Organic Search"]
    assert by_channel["Organic Search"]["conversions"] == sum(r[4] for r in organic)
    assert _close(by_channel["Paid Search"]["revenue"], 1250.0)


# ---- CRM exports --------------------------------------------------------------------------------

STAGE_RANK = {
    "Subscriber": 0,
    "Lead": 1,
    "Other": 1,
    "Marketing Qualified Lead": 2,
    "Sales Qualified Lead": 3,
    "Opportunity": 4,
    "Customer": 5,
}
CONTACTS = [
    ("2025-05-02 09:14", "Lead", "Paid Social"),
    ("2025-05-02 11:40", "Marketing Qualified Lead", "Paid Social"),
    ("2025-05-03 08:00", "Customer", "Paid Social"),
    ("2025-05-03 10:30", "Sales Qualified Lead", "Organic Search"),
    ("2025-05-04 16:05", "Subscriber", "Organic Search"),
    ("2025-05-04 17:45", "Opportunity", "Email Marketing"),
    ("2025-05-05 12:00", "Other", "Email Marketing"),
]


def test_hubspot_contacts_export(workspace: Path, tmp_path: Path) -> None:
    lines = [
        "Record ID,First Name,Last Name,Email,Create Date,Lifecycle Stage,Original Source,"
        "Original Source Drill-Down 1,Original Source Drill-Down 2"
    ]
    for i, (created, stage, source) in enumerate(CONTACTS):
        lines.append(
            f"{100 + i},Ann{i},Lee,ann{i}@example.com,{created},{stage},{source},"
            f"LinkedIn,free-ap-template"
        )
    report = import_file(workspace, write(tmp_path / "contacts.csv", "\n".join(lines) + "\n"))
    assert report.detected_format == "hubspot_contacts"
    assert {"First Name", "Last Name", "Email"} <= set(report.columns_ignored)
    assert "personal data" in report.columns_ignored["Email"]
    for channel in {c[2] for c in CONTACTS}:
        ranks = [STAGE_RANK[c[1]] for c in CONTACTS if c[2] == channel]
        sums = store_sums(workspace, "channel = ?", [channel])
        expected = [sum(r >= k for r in ranks) for k in range(1, 6)]
        got = [sums[m] for m in ("leads", "mqls", "sqls", "opportunities", "customers")]
        assert got == expected, channel


def test_hubspot_deals_export(workspace: Path, tmp_path: Path) -> None:
    deals = [
        ("Acme AP rollout", "Closed Won", 12500.0, "2025-06-20 00:00", "2025-05-03 10:00"),
        ("Bolt Ltd", "Closed Lost", 8000.0, "2025-06-11 00:00", "2025-05-09 14:00"),
        ("Cobalt plc", "Contract Sent", 15250.5, "2025-07-30 00:00", "2025-05-20 09:30"),
    ]
    lines = [
        "Record ID,Deal Name,Deal Stage,Amount,Close Date,Create Date,Pipeline,"
        "Original Source Type,Deal owner"
    ]
    for i, (name, stage, amount, close, create) in enumerate(deals):
        lines.append(
            f'{200 + i},{name},{stage},"{amount:,.2f}",{close},{create},Sales Pipeline,'
            f"Paid Search,Sam Smith"
        )
    report = import_file(workspace, write(tmp_path / "deals.csv", "\n".join(lines) + "\n"))
    assert report.detected_format == "hubspot_deals"
    may = store_sums(workspace, "date BETWEEN '2025-05-01' AND '2025-05-31'")
    assert may["opportunities"] == 3 and _close(may["pipeline"], sum(d[2] for d in deals))
    assert may["customers"] == 0
    june = store_sums(workspace, "date BETWEEN '2025-06-01' AND '2025-06-30'")
    assert june["customers"] == 1 and _close(june["revenue"], 12500.0)
    result = run_kpi_query(workspace, KpiQuery(metrics=["average_deal_size", "win_rate"]))
    assert _close(result.totals["average_deal_size"], 12500.0)
    assert _close(result.totals["win_rate"], round(1 / 3 * 100, 2))


def test_salesforce_opportunities_with_footer(workspace: Path, tmp_path: Path) -> None:
    opps = [
        ("Acme", "Closed Won", 12000.0, "15/07/2025", "02/06/2025", "Web"),
        ("Bolt", "Negotiation/Review", 9000.0, "30/08/2025", "13/06/2025", "Partner Referral"),
        ("Cobalt", "Closed Won", 9000.0, "21/07/2025", "20/06/2025", "Web"),
    ]
    lines = ['"Opportunity Name","Stage","Amount","Close Date","Created Date","Lead Source","Type"']
    for name, stage, amount, close, created, source in opps:
        lines.append(
            f'"{name}","{stage}","£{amount:,.2f}","{close}","{created}","{source}","New Business"'
        )
    lines += [
        '"Grand Totals (3 records)","","£30,000.00","","","",""',
        '""',
        '"Copyright (c) 2000-2025 salesforce.com, inc. All rights reserved."',
        '"Confidential Information - Do Not Distribute"',
        '"Generated By:  Sam Smith  16/07/2025 10:23"',
        '"Ledgerly Ltd"',
    ]
    report = import_file(workspace, write(tmp_path / "sf.csv", "\n".join(lines) + "\n"))
    assert report.detected_format == "salesforce_opportunities"
    assert report.date_format == "%d/%m/%Y"
    assert report.rows_dropped == {"total or summary row": 1}
    footer = report.left_out[-1]
    assert (footer.kind, footer.lines, footer.count) == ("footer", "7–10", 4)
    assert footer.preview.startswith('"Copyright (c) 2000-2025 salesforce.com')
    assert any("total row (line 5) agrees" in c for c in report.checks_passed)
    july = store_sums(workspace, "date BETWEEN '2025-07-01' AND '2025-07-31'")
    assert july["customers"] == 2 and _close(july["revenue"], 21000.0)
    june = store_sums(workspace, "date BETWEEN '2025-06-01' AND '2025-06-30'")
    assert june["opportunities"] == 3 and _close(june["pipeline"], 30000.0)
    web = store_sums(workspace, "channel = 'Web'")
    assert web["opportunities"] == 2


def test_parquet_canonical_file(workspace: Path, tmp_path: Path) -> None:
    path = tmp_path / "facts.parquet"
    with duckdb.connect() as con:
        con.execute(f"""COPY (SELECT * FROM (VALUES
            (DATE '2025-05-01', 'Email', 'Newsletter', 12.5, 4, 2),
            (DATE '2025-05-02', 'Email', 'Newsletter', 7.5, 3, 0)) AS t(date, channel, campaign,
            spend, leads, mqls)) TO '{path}' (FORMAT parquet)""")
    report = import_file(workspace, path)
    assert report.detected_format == "canonical" and report.rows_imported == 2
    sums = store_sums(workspace)
    assert _close(sums["spend"], 20.0) and sums["leads"] == 7 and sums["mqls"] == 2


# ---- cleaning, errors and explicit mappings ---------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1,234.50", 1234.5),
        ("£1,234.50", 1234.5),
        ("$3", 3.0),
        ("€ 12", 12.0),
        ("12.5%", 0.125),
        ("(3.00)", -3.0),
        ("--", None),
        ("", None),
        (" 7 ", 7.0),
        ("abc", None),
        ("1e3", 1000.0),
    ],
)
def test_number_cleaning(text: str, expected: float | None) -> None:
    with duckdb.connect() as con:
        install_macros(con)
        value = con.execute("SELECT kpi_num(?)", [text]).fetchone()[0]
    assert value == pytest.approx(expected) if expected is not None else value is None


def test_empty_rows_are_dropped(workspace: Path, tmp_path: Path) -> None:
    text = "date,channel,spend\n2025-05-01,Email,10\n,,\n2025-05-02,Email,5\n"
    report = import_file(workspace, write(tmp_path / "c.csv", text))
    assert report.rows_dropped == {} and report.rows_imported == 2  # a blank line is no row


def test_unrecognised_file_lists_columns_and_mapping_format(
    workspace: Path, tmp_path: Path
) -> None:
    with pytest.raises(UnrecognisedFile) as err:
        import_file(workspace, write(tmp_path / "odd.csv", "when,what,howmuch\n1,2,3\n"))
    assert "'odd.csv'" in err.value.detail
    assert "its columns are when, what, howmuch" in err.value.detail
    assert "date_format" in err.value.detail and "dimensions" in err.value.detail


def test_unsupported_extension(workspace: Path, tmp_path: Path) -> None:
    with pytest.raises(UnsupportedFile):
        import_file(workspace, write(tmp_path / "x.pdf", "%PDF"))


def test_ambiguous_dates_need_a_date_format(workspace: Path, tmp_path: Path) -> None:
    path = write(tmp_path / "amb.csv", "Day,Cost\n03/04/2025,10\n05/06/2025,20\n")
    mapping = {"date": "Day", "spend": "Cost", "channel": "Email"}
    with pytest.raises(AmbiguousDates) as err:
        import_file(workspace, path, mapping)
    assert "'%d/%m/%Y'" in err.value.detail and "'%m/%d/%Y'" in err.value.detail
    report = import_file(workspace, path, {**mapping, "date_format": "%d/%m/%Y"})
    assert (report.first_date.isoformat(), report.last_date.isoformat()) == (
        "2025-04-03",
        "2025-06-05",
    )


def test_mapping_from_yaml_file_and_json_text(workspace: Path, tmp_path: Path) -> None:
    data = write(tmp_path / "x.csv", "Dt;Src;Euros;Share\n31.03.2025;Events;1.234,50;12,5%\n")
    yaml_path = write(
        tmp_path / "map.yaml",
        'date: Dt\ndate_format: "%d.%m.%Y"\nchannel: Src\n'
        "spend: Euros\ncurrency: EUR\ndecimal: ','\nmeasures: {share: Share}\n",
    )
    report = import_file(workspace, data, yaml_path)
    assert report.columns_mapped["channel"] == "Src" and report.currencies == ["EUR"]
    sums = store_sums(workspace)
    assert _close(sums["spend"], 1234.50)
    with CampaignStore(workspace).connect() as cur:
        assert cur.execute("SELECT share FROM facts").fetchone()[0] == pytest.approx(0.125)
    other = write(tmp_path / "y.csv", "Dt;Src;Euros\n01.04.2025;Events;10,00\n")
    text = json.dumps(
        {
            "date": "Dt",
            "date_format": "%d.%m.%Y",
            "channel": "Src",
            "spend": "Euros",
            "decimal": ",",
        }
    )
    assert import_file(workspace, other, text).rows_imported == 1


def test_mapping_names_a_missing_column(workspace: Path, tmp_path: Path) -> None:
    path = write(tmp_path / "m.csv", "Date,Spent\n2025-05-01,3\n")
    with pytest.raises(InvalidMapping) as err:
        import_file(workspace, path, {"date": "Date", "spend": "Spend"})
    assert "'Spend'" in err.value.detail and "Did you mean 'Spent'?" in err.value.detail
    with pytest.raises(InvalidMapping) as err:
        import_file(workspace, path, {"date": "Date", "spnd": "Spent"})
    assert "Did you mean 'spend'?" in err.value.detail
