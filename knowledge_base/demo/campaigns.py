"""Demo data for "Ledgerly" (UK B2B SaaS, AP automation, GBP) and synthetic benchmark data.

`generate_demo_rows(seed=7)` gives about 18 months of daily campaign and funnel rows
(2025-06-01 to 2026-11-22, the day before the demo's "today") that agree with the client's own
documents (knowledge_base/demo/documents) and plant the patterns the assistant should find:

* LinkedIn Ads CPL rises quarter after quarter (the auction inflation the agency reports): a
  linear ×1.0 → ×1.6 ramp over the whole period, so every quarter and every month costs more;
* "LinkedIn – Free AP Process Template" has the lowest CPL and hundreds of leads a quarter, and
  not one SQL (students, sole traders); it was paused after the 7 Oct 2026 pipeline review;
* marketing counts nearly every form fill as an MQL, so MQL→SQL is low overall (sales reject
  most leads); Google search leads convert better than LinkedIn's;
* the Month-End Masterclass webinars convert MQL→SQL better than any other channel; there was
  no Masterclass in August, and August and December dip for every channel;
* media, event and email-tool spend is about £11.5k a month: the rest of the £22k marketing
  budget (agency retainer, software, freelancer) is not campaign spend.

Counts are whole numbers produced by cumulative rounding of expected values, so monthly figures
follow the plan closely (little noise) while days still vary. Funnel stages are dated on the
lead's day (a simplification).
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import duckdb
import numpy as np

from core.stores.campaign_schema import CANONICAL_FIELDS

START, END = date(2025, 6, 1), date(2026, 11, 22)
DEMO_FILE = "ledgerly_demo_campaigns.csv"
COLUMNS = CANONICAL_FIELDS  # date, dimensions, measures, currency: what a client could upload
TEMPLATE_CAMPAIGN = "LinkedIn – Free AP Process Template"


@dataclass(frozen=True)
class CampaignPlan:
    channel: str
    campaign: str
    monthly_spend: float  # £ per month before seasonality
    cpl: float  # £ per lead; for unpaid campaigns, leads come from leads_per_day
    cpm: float  # £ per 1,000 impressions (0: impressions derived from leads)
    ctr: float
    lead_to_mql: float
    mql_to_sql: float
    sql_to_opp: float
    win_rate: float
    deal_size: float  # first-year contract value, £
    leads_per_day: float = 0.0
    last_day: date = END  # paused after this day (no rows)
    skip_august: bool = False  # the Masterclass is not held in August


PLANS: tuple[CampaignPlan, ...] = (
    CampaignPlan(
        "LinkedIn Ads",
        TEMPLATE_CAMPAIGN,
        1800,
        14,
        30,
        0.007,
        0.92,
        0.0,
        0.0,
        0.0,
        0,
        last_day=date(2026, 10, 7),
    ),
    CampaignPlan(
        "LinkedIn Ads",
        "LinkedIn – Finance Leaders Retargeting",
        1700,
        95,
        42,
        0.009,
        0.88,
        0.15,
        0.55,
        0.25,
        14500,
    ),
    CampaignPlan(
        "LinkedIn Ads",
        "LinkedIn – CFO Thought Leadership",
        1500,
        120,
        32,
        0.005,
        0.85,
        0.12,
        0.50,
        0.22,
        16000,
    ),
    CampaignPlan("Google Ads", "Google – Brand", 600, 30, 60, 0.085, 0.90, 0.32, 0.60, 0.30, 12500),
    CampaignPlan(
        "Google Ads",
        "Google – AP Automation Software",
        2200,
        75,
        70,
        0.045,
        0.88,
        0.27,
        0.55,
        0.27,
        13500,
    ),
    CampaignPlan(
        "Google Ads",
        "Google – Invoice Processing Competitors",
        1000,
        105,
        75,
        0.038,
        0.86,
        0.24,
        0.50,
        0.24,
        13000,
    ),
    CampaignPlan(
        "Meta Ads",
        "Meta – AP Cost Calculator Lookalikes",
        700,
        45,
        9,
        0.011,
        0.90,
        0.07,
        0.45,
        0.18,
        6500,
    ),
    CampaignPlan(
        "Meta Ads",
        "Meta – Retargeting Site Visitors",
        500,
        40,
        12,
        0.014,
        0.90,
        0.10,
        0.45,
        0.20,
        8000,
    ),
    CampaignPlan(
        "Email",
        "Email – Monthly Finance Ops Newsletter",
        120,
        0,
        0,
        0.035,
        0.85,
        0.08,
        0.50,
        0.22,
        11000,
        leads_per_day=1.2,
    ),
    CampaignPlan(
        "Email",
        "Email – Demo Request Nurture",
        80,
        0,
        0,
        0.06,
        0.90,
        0.18,
        0.55,
        0.25,
        11500,
        leads_per_day=0.6,
    ),
    CampaignPlan(
        "Webinars",
        "Webinar – Month-End Masterclass",
        900,
        26,
        20,
        0.02,
        0.92,
        0.46,
        0.62,
        0.32,
        19000,
        skip_august=True,
    ),
    CampaignPlan(
        "Webinars",
        "Webinar – AP Automation Live Demo",
        400,
        30,
        20,
        0.02,
        0.92,
        0.38,
        0.60,
        0.30,
        15500,
    ),
    CampaignPlan(
        "Organic",
        "Organic – SEO Blog",
        0,
        0,
        0,
        0.025,
        0.80,
        0.12,
        0.50,
        0.22,
        12000,
        leads_per_day=1.5,
    ),
    CampaignPlan(
        "Organic",
        "Organic – Direct & Referral",
        0,
        0,
        0,
        0.04,
        0.90,
        0.35,
        0.60,
        0.30,
        14000,
        leads_per_day=1.0,
    ),
)


def _days(plan: CampaignPlan | None = None) -> list[date]:
    last = plan.last_day if plan else END
    return [START + timedelta(days=i) for i in range((last - START).days + 1)]


def _season(days: list[date], plan: CampaignPlan) -> np.ndarray:
    """Weekday shape and the August / December holiday dips (no Masterclass in August)."""
    weekday = np.array([0.55 if d.weekday() >= 5 else 1.18 for d in days])
    august = 0.0 if plan.skip_august else 0.62
    month = np.array([august if d.month == 8 else 0.58 if d.month == 12 else 1.0 for d in days])
    shape: np.ndarray = weekday * month
    return shape


def _cum_round(expected: np.ndarray) -> np.ndarray:
    """Whole numbers whose running total tracks the running expected total."""
    cum = np.floor(np.cumsum(expected) + 1e-9)
    counts: np.ndarray = np.diff(np.concatenate([[0.0], cum])).astype(int)
    return counts


def _cpl_factor(days: list[date], plan: CampaignPlan) -> np.ndarray:
    """LinkedIn's CPL ramps up linearly over the whole period (×1.0 → ×1.6)."""
    if plan.channel != "LinkedIn Ads":
        return np.ones(len(days))
    span = (END - START).days
    return np.array([1.0 + 0.6 * (d - START).days / span for d in days])


def _campaign_rows(
    plan: CampaignPlan, days: list[date], rng: np.random.Generator
) -> list[dict[str, Any]]:
    season = _season(days, plan)
    noise = np.clip(rng.normal(1.0, 0.12, len(days)), 0.6, 1.4)
    spend = np.round(plan.monthly_spend * 12 / 365 * season * noise, 2)
    if plan.leads_per_day:
        jitter = np.clip(rng.normal(1.0, 0.2, len(days)), 0.4, 1.6)
        leads = _cum_round(plan.leads_per_day * season * jitter)
    else:
        leads = _cum_round(spend / (plan.cpl * _cpl_factor(days, plan)) * (0.92 + 0.08 * noise))
    impressions = (
        np.round(spend / plan.cpm * 1000)
        if plan.cpm and plan.monthly_spend
        else np.round(leads * 900 + 400 * season)
    ).astype(int)
    clicks = _cum_round(impressions * plan.ctr)
    mqls = _cum_round(leads * plan.lead_to_mql)
    sqls = _cum_round(mqls * plan.mql_to_sql)
    opps = _cum_round(sqls * plan.sql_to_opp)
    customers = _cum_round(opps * plan.win_rate)
    deal = plan.deal_size * rng.uniform(0.8, 1.2, len(days))
    rows = []
    for i, day in enumerate(days):
        rows.append(
            {
                "date": day.isoformat(),
                "channel": plan.channel,
                "campaign": plan.campaign,
                "ad_group": None,
                "ad": None,
                "impressions": int(impressions[i]),
                "clicks": int(clicks[i]),
                "spend": float(spend[i]),
                "currency": "GBP",
                "conversions": int(leads[i] + (mqls[i] > 0)),
                "leads": int(leads[i]),
                "mqls": int(mqls[i]),
                "sqls": int(sqls[i]),
                "opportunities": int(opps[i]),
                "customers": int(customers[i]),
                "revenue": round(float(customers[i] * deal[i]), 2),
                "pipeline": round(float(opps[i] * deal[i] * 1.1), 2),
            }
        )
    return rows


def generate_demo_rows(seed: int = 7) -> list[dict[str, Any]]:
    """Ledgerly's daily rows in the canonical schema (deterministic for a given seed)."""
    rng = np.random.default_rng(seed)
    rows: list[dict[str, Any]] = []
    for plan in PLANS:
        rows.extend(_campaign_rows(plan, _days(plan), rng))
    return rows


def write_demo_csv(path: Path, seed: int = 7) -> Path:
    """The demo rows as a canonical CSV (what a client could upload)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=COLUMNS)
        writer.writeheader()
        writer.writerows(generate_demo_rows(seed))
    return path


def write_synthetic_csv(path: Path, n_rows: int = 1_000_000, seed: int = 1) -> Path:
    """N synthetic canonical rows (for the benchmark), generated inside DuckDB, deterministic."""
    path.parent.mkdir(parents=True, exist_ok=True)
    channels = ["LinkedIn Ads", "Google Ads", "Meta Ads", "Email", "Webinars", "Organic"]
    sql = f"""
    COPY (
      SELECT
        DATE '2024-11-01' + CAST(hash(i, $seed, 'd') % 730 AS INTEGER) AS date,
        list_extract($channels, CAST(hash(i, $seed, 'c') % 6 AS INTEGER) + 1) AS channel,
        'Campaign ' || CAST(hash(i, $seed, 'k') % 60 AS VARCHAR) AS campaign,
        'Ad group ' || CAST(hash(i, $seed, 'g') % 12 AS VARCHAR) AS ad_group,
        'Ad ' || CAST(hash(i, $seed, 'a') % 40 AS VARCHAR) AS ad,
        CAST(hash(i, $seed, 'i') % 5000 AS INTEGER) AS impressions,
        CAST(hash(i, $seed, 'x') % 120 AS INTEGER) AS clicks,
        round(CAST(hash(i, $seed, 's') % 40000 AS DOUBLE) / 100, 2) AS spend,
        'GBP' AS currency,
        CAST(hash(i, $seed, 'v') % 6 AS INTEGER) AS conversions,
        CAST(hash(i, $seed, 'l') % 5 AS INTEGER) AS leads,
        CAST(hash(i, $seed, 'm') % 3 AS INTEGER) AS mqls,
        CAST(hash(i, $seed, 'q') % 2 AS INTEGER) AS sqls,
        CAST(hash(i, $seed, 'o') % 2 AS INTEGER) * CAST(hash(i, $seed, 'p') % 2 AS INTEGER)
          AS opportunities,
        CAST(hash(i, $seed, 'w') % 10 = 0 AS INTEGER) AS customers,
        round(CAST(hash(i, $seed, 'r') % 2000000 AS DOUBLE) / 100, 2)
          * CAST(hash(i, $seed, 'w') % 10 = 0 AS INTEGER) AS revenue,
        round(CAST(hash(i, $seed, 'e') % 3000000 AS DOUBLE) / 100, 2) AS pipeline
      FROM range({int(n_rows)}) AS t(i)
    ) TO '{_sql_path(path)}' (HEADER, DELIMITER ',')"""
    with duckdb.connect() as con:
        con.execute(sql, {"seed": seed, "channels": channels})
    return path


def _sql_path(path: Path) -> str:
    """COPY TO takes a literal path; ours is generated by the caller, quotes escaped anyway."""
    return str(path).replace("'", "''")
