"""The Ledgerly demo data: deterministic, and with the planted patterns the assistant must find
(checked in plain Python on the generated rows)."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path
from typing import Any

from agent.bootstrap import load_demo_data, seed_demo_kpis
from knowledge_base.demo.campaigns import generate_demo_rows, write_synthetic_csv
from tests.tools.kpi.conftest import store_sums
from tools.kpi.importers import import_file


def _monthly(rows: list[dict[str, Any]], field: str, **eq: str) -> dict[str, float]:
    out: dict[str, float] = defaultdict(float)
    for r in rows:
        if all(r[k] == v for k, v in eq.items()):
            out[r["date"][:7]] += r[field]
    return out


def test_deterministic_and_in_range(demo_rows: list[dict[str, Any]]) -> None:
    assert generate_demo_rows(seed=7) == demo_rows
    assert generate_demo_rows(seed=8) != demo_rows
    dates = sorted(r["date"] for r in demo_rows)
    assert (dates[0], dates[-1]) == ("2025-06-01", "2026-11-22")
    per_channel: dict[str, set[str]] = defaultdict(set)
    for r in demo_rows:
        per_channel[r["channel"]].add(r["campaign"])
    assert set(per_channel) == {
        "LinkedIn Ads",
        "Google Ads",
        "Meta Ads",
        "Email",
        "Webinars",
        "Organic",
    }
    assert all(2 <= len(c) <= 4 for c in per_channel.values())
    assert all(r["currency"] == "GBP" for r in demo_rows)


def test_campaign_spend_is_the_media_share_of_a_22k_budget(demo_rows: list[dict[str, Any]]) -> None:
    # The founder's £22k a month includes the agency retainer, software and a freelancer;
    # the campaign data holds media, event and email-tool spend only.
    spend = _monthly(demo_rows, "spend")
    normal = [v for m, v in spend.items() if m[5:] not in ("08", "10", "11", "12")]
    assert all(10_000 <= v <= 13_000 for v in normal)
    assert 10_800 <= sum(normal) / len(normal) <= 12_200


def _linkedin_cpl(rows: list[dict[str, Any]], key: Any) -> dict[str, float]:
    spend: dict[str, float] = defaultdict(float)
    leads: dict[str, float] = defaultdict(float)
    for r in rows:
        if r["channel"] == "LinkedIn Ads":
            spend[key(r)] += r["spend"]
            leads[key(r)] += r["leads"]
    return {k: spend[k] / leads[k] for k in spend}


def test_linkedin_cpl_rises_quarter_after_quarter(demo_rows: list[dict[str, Any]]) -> None:
    quarterly = _linkedin_cpl(
        demo_rows, lambda r: f"{r['date'][:4]}-Q{(int(r['date'][5:7]) - 1) // 3 + 1}"
    )
    quarters = sorted(quarterly)
    assert quarters[0] == "2025-Q2" and quarters[-1] == "2026-Q4"
    assert all(quarterly[a] < quarterly[b] for a, b in zip(quarters, quarters[1:], strict=False))
    monthly = _linkedin_cpl(demo_rows, lambda r: r["date"][:7])
    months = ["2026-04", "2026-05", "2026-06", "2026-07", "2026-08", "2026-09", "2026-10"]
    assert all(monthly[a] < monthly[b] for a, b in zip(months, months[1:], strict=False))
    assert 0.35 <= monthly["2026-09"] / monthly["2025-09"] - 1 <= 0.5


def test_free_template_campaign_has_leads_but_no_sqls(demo_rows: list[dict[str, Any]]) -> None:
    rows = [r for r in demo_rows if r["campaign"] == "LinkedIn – Free AP Process Template"]
    q3 = [r for r in rows if "2026-07-01" <= r["date"] <= "2026-09-30"]
    assert 150 <= sum(r["leads"] for r in q3) < 1000  # "hundreds of leads in Q3"
    assert sum(r["sqls"] for r in rows) == 0
    assert max(r["date"] for r in rows) == "2026-10-07"  # paused after the 7 Oct review
    spend: dict[str, float] = defaultdict(float)
    leads: dict[str, float] = defaultdict(float)
    for r in demo_rows:  # the agency's view: paid media campaigns in Q3
        if r["channel"].endswith(" Ads") and "2026-07-01" <= r["date"] <= "2026-09-30":
            spend[r["campaign"]] += r["spend"]
            leads[r["campaign"]] += r["leads"]
    cpl = {c: spend[c] / leads[c] for c in spend}
    assert min(cpl, key=cpl.get) == "LinkedIn – Free AP Process Template"


def test_linkedin_had_the_most_leads_in_q3(demo_rows: list[dict[str, Any]]) -> None:
    leads: dict[str, float] = defaultdict(float)
    for r in demo_rows:
        if "2026-07-01" <= r["date"] <= "2026-09-30":
            leads[r["channel"]] += r["leads"]
    assert max(leads, key=leads.get) == "LinkedIn Ads"


def test_mql_to_sql_is_low_and_google_beats_linkedin(demo_rows: list[dict[str, Any]]) -> None:
    mqls = sum(r["mqls"] for r in demo_rows)
    assert sum(r["sqls"] for r in demo_rows) / mqls < 0.2
    assert sum(r["mqls"] for r in demo_rows) / sum(r["leads"] for r in demo_rows) > 0.8


def test_august_and_december_dip(demo_rows: list[dict[str, Any]]) -> None:
    leads = _monthly(demo_rows, "leads")
    for dip, before, after in (
        ("2025-08", "2025-07", "2025-09"),
        ("2025-12", "2025-11", "2026-01"),
        ("2026-08", "2026-07", "2026-09"),
    ):
        assert leads[dip] < 0.8 * min(leads[before], leads[after])


def test_webinars_have_the_best_mql_to_sql(demo_rows: list[dict[str, Any]]) -> None:
    mqls: dict[str, float] = defaultdict(float)
    sqls: dict[str, float] = defaultdict(float)
    for r in demo_rows:
        mqls[r["channel"]] += r["mqls"]
        sqls[r["channel"]] += r["sqls"]
    rate = {ch: sqls[ch] / mqls[ch] for ch in mqls}
    assert max(rate, key=rate.get) == "Webinars"
    assert rate["Google Ads"] > rate["LinkedIn Ads"]
    masterclass_august = [
        r
        for r in demo_rows
        if r["campaign"] == "Webinar – Month-End Masterclass" and r["date"][5:7] == "08"
    ]
    assert sum(r["leads"] + r["spend"] for r in masterclass_august) == 0


def test_email_spend_is_low(demo_rows: list[dict[str, Any]]) -> None:
    email = _monthly(demo_rows, "spend", channel="Email")
    assert max(email.values()) < 400
    spend: dict[str, float] = defaultdict(float)
    for r in demo_rows:
        spend[r["channel"]] += r["spend"]
    paid = {ch: v for ch, v in spend.items() if v > 0}
    assert min(paid, key=paid.get) == "Email"


def test_load_demo_data_matches_rows(workspace: Path, demo_rows: list[dict[str, Any]]) -> None:
    report = seed_demo_kpis(workspace)
    assert report is not None and report.rows_imported == len(demo_rows)
    assert seed_demo_kpis(workspace) is None  # the second start does nothing
    assert load_demo_data(workspace).status == "already_imported"
    sums = store_sums(workspace)
    assert abs(sums["spend"] - sum(r["spend"] for r in demo_rows)) < 0.005
    assert sums["leads"] == sum(r["leads"] for r in demo_rows)


def test_synthetic_rows_import(workspace: Path, tmp_path: Path) -> None:
    path = write_synthetic_csv(tmp_path / "synthetic.csv", n_rows=5000, seed=3)
    assert import_file(workspace, path).rows_imported == 5000

