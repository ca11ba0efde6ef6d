"""Known export formats, recognised by their header names.

Headers are compared after `normalize_header` (lower case, single spaces, a trailing currency
code such as "(GBP)" split off), so "Amount spent (GBP)" and "Amount spent (USD)" are the same
column. Each format lists, per canonical field, the header names it may use, most specific first.
The header names follow the platforms' own CSV downloads:

* Google Ads report download: two title lines ("Campaign report", the date range), then
  "Day, Campaign, Ad group, Currency code, Impr., Clicks, Cost, Conversions, Conv. value, ...",
  numbers with thousands separators, "--" for empty cells and "Total: ..." rows at the end.
* Meta Ads Manager export: "Reporting starts, Reporting ends, Campaign name, Ad set name,
  Ad name, Impressions, Link clicks, Amount spent (GBP), Results, Leads, ..."; an optional
  summary row with no campaign name.
* LinkedIn Campaign Manager report: a few metadata lines, then "Start Date (in UTC),
  Account Name, Currency, Campaign Group Name, Campaign Name, Total Spent, Impressions, Clicks,
  Conversions, Leads, ..." with US-style M/D/YYYY dates.
* GA4 report export: "#" comment lines, then "Session default channel group, Date, Sessions,
  Key events (or Conversions), Total revenue"; dates as YYYYMMDD; sometimes a "Grand total" row.
* HubSpot contacts/deals and Salesforce leads/opportunities exports: one row per record,
  counted into the funnel measures by stage (see `funnel_rank`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Literal

FormatKind = Literal["ads", "analytics", "crm_contacts", "crm_deals", "canonical"]

_CURRENCY_SUFFIX = re.compile(r"\s*\(([A-Z]{3})\)\s*$")


def normalize_header(header: str) -> tuple[str, str | None]:
    """Lower-case, collapse spaces and split off a trailing ISO currency code ("(GBP)")."""
    text = header.replace("\ufeff", "").strip()
    currency = None
    match = _CURRENCY_SUFFIX.search(text)
    if match:
        currency = match.group(1)
        text = text[: match.start()]
    return re.sub(r"\s+", " ", text).strip().lower(), currency


@dataclass(frozen=True)
class ExportFormat:
    """How to read one platform's export: header aliases per canonical field and defaults."""

    key: str
    label: str
    kind: FormatKind
    #: every group must have one header present for the format to be recognised
    signature: tuple[tuple[str, ...], ...]
    #: canonical (or pseudo: stage, amount, close_date) field → header aliases, best first
    fields: dict[str, tuple[str, ...]]
    channel: str | None = None
    #: date format to assume when day-first and month-first both fit every value
    date_hint: str | None = None
    #: headers never kept (non-additive: rates, averages, reach, budgets, end dates)
    ignore: tuple[str, ...] = ()
    #: CRM exports keep only these extra dimensions (the rest is personal or noise)
    keep_only: tuple[str, ...] | None = None
    #: a row with a blank campaign, ad group and ad is a summary row (ads platforms)
    blank_campaign_is_summary: bool = False
    extra_notes: tuple[str, ...] = field(default=())


GOOGLE_ADS = ExportFormat(
    key="google_ads",
    label="Google Ads report",
    kind="ads",
    signature=(("impr.", "impressions"), ("cost",), ("campaign",)),
    fields={
        "date": ("day", "date", "week", "month"),
        "campaign": ("campaign",),
        "ad_group": ("ad group",),
        "ad": ("ad name", "ad"),
        "impressions": ("impr.", "impressions"),
        "clicks": ("clicks",),
        "spend": ("cost",),
        "conversions": ("conversions",),
        "revenue": ("conv. value", "conversion value", "total conv. value"),
        "currency": ("currency code", "currency"),
    },
    channel="Google Ads",
    ignore=("campaign budget", "budget", "avg. cost", "conv. value / cost"),
    blank_campaign_is_summary=True,
)

META_ADS = ExportFormat(
    key="meta_ads",
    label="Meta Ads Manager export",
    kind="ads",
    signature=(("amount spent",), ("campaign name", "ad set name", "ad name")),
    fields={
        "date": ("day", "reporting starts"),
        "campaign": ("campaign name",),
        "ad_group": ("ad set name",),
        "ad": ("ad name",),
        "impressions": ("impressions",),
        "clicks": ("link clicks", "clicks (all)"),
        "spend": ("amount spent",),
        "conversions": ("results",),
        "leads": ("leads", "on-facebook leads", "website leads"),
        "revenue": ("purchases conversion value", "website purchases conversion value"),
        "currency": ("currency",),
    },
    channel="Meta Ads",
    ignore=("reporting ends", "reach", "frequency", "ends", "starts"),
    blank_campaign_is_summary=True,
)

LINKEDIN_ADS = ExportFormat(
    key="linkedin_ads",
    label="LinkedIn Campaign Manager report",
    kind="ads",
    signature=(("total spent",), ("campaign name", "campaign group name")),
    fields={
        "date": ("start date (in utc)", "start date", "date"),
        "campaign": ("campaign name",),
        "ad": ("creative name", "ad name"),
        "impressions": ("impressions",),
        "clicks": ("clicks",),
        "spend": ("total spent", "amount spent"),
        "conversions": ("conversions",),
        "leads": ("leads",),
        "revenue": ("conversion value",),
        "currency": ("currency",),
    },
    channel="LinkedIn Ads",
    date_hint="%m/%d/%Y",
    ignore=(
        "end date (in utc)",
        "campaign start date",
        "campaign end date",
        "total budget",
        "daily budget",
        "unit cost",
        "reach",
        "average frequency",
    ),
    blank_campaign_is_summary=True,
)

GOOGLE_ADS_API = ExportFormat(
    key="google_ads_api",
    label="Google Ads API (GAQL) report",
    kind="ads",
    signature=(("segments.date", "segments.week", "segments.month"), ("metrics.cost_micros",)),
    fields={
        "date": ("segments.date", "segments.week", "segments.month"),
        "campaign": ("campaign.name",),
        "ad_group": ("ad_group.name",),
        "ad": ("ad_group_ad.ad.name",),
        "impressions": ("metrics.impressions",),
        "clicks": ("metrics.clicks",),
        "spend": ("metrics.cost_micros",),
        "conversions": ("metrics.conversions",),
        "revenue": ("metrics.conversions_value",),
        "currency": ("customer.currency_code",),
    },
    channel="Google Ads",
    ignore=(
        "metrics.ctr",
        "metrics.average_cpc",
        "metrics.average_cpm",
        "metrics.cost_per_conversion",
    ),
)

MICROSOFT_ADS = ExportFormat(
    key="microsoft_ads",
    label="Microsoft Advertising report",
    kind="ads",
    signature=(("timeperiod", "gregoriandate"), ("spend",), ("campaignname", "accountname")),
    fields={
        "date": ("timeperiod", "gregoriandate"),
        "campaign": ("campaignname",),
        "ad_group": ("adgroupname",),
        "ad": ("adtitle", "adid"),
        "impressions": ("impressions",),
        "clicks": ("clicks",),
        "spend": ("spend",),
        "conversions": ("conversions", "conversionsqualified"),
        "revenue": ("revenue",),
        "currency": ("currencycode",),
    },
    channel="Microsoft Ads",
    ignore=("ctr", "averagecpc", "averagecpm", "costperconversion", "returnonadspend"),
    blank_campaign_is_summary=True,
)

GA4 = ExportFormat(
    key="ga4",
    label="Google Analytics 4 report",
    kind="analytics",
    signature=(
        (
            "session default channel group",
            "session primary channel group (default channel group)",
            "first user default channel group",
            "default channel group",
        ),
        ("sessions", "key events", "conversions", "total users", "total revenue"),
    ),
    fields={
        "date": ("date",),
        "channel": (
            "session default channel group",
            "session primary channel group (default channel group)",
            "first user default channel group",
            "default channel group",
        ),
        "campaign": ("session campaign", "campaign"),
        "conversions": ("key events", "conversions"),
        "revenue": ("total revenue", "purchase revenue"),
    },
    date_hint="%Y%m%d",
    ignore=("active users", "total users", "new users", "returning users"),
)

CANONICAL = ExportFormat(
    key="canonical",
    label="Canonical campaign CSV",
    kind="canonical",
    signature=(("date",), ("channel",), ("spend", "impressions", "clicks", "leads", "revenue")),
    fields={
        "date": ("date",),
        "channel": ("channel",),
        "campaign": ("campaign",),
        "ad_group": ("ad_group", "ad group"),
        "ad": ("ad",),
        "impressions": ("impressions",),
        "clicks": ("clicks",),
        "spend": ("spend",),
        "conversions": ("conversions",),
        "leads": ("leads",),
        "mqls": ("mqls",),
        "sqls": ("sqls",),
        "opportunities": ("opportunities",),
        "customers": ("customers",),
        "revenue": ("revenue",),
        "pipeline": ("pipeline",),
        "currency": ("currency",),
    },
    ignore=("source_file", "import_id"),
)

HUBSPOT_CONTACTS = ExportFormat(
    key="hubspot_contacts",
    label="HubSpot contacts export",
    kind="crm_contacts",
    signature=(("lifecycle stage",), ("create date", "created date")),
    fields={
        "date": ("create date", "created date", "became a lead date"),
        "channel": ("original source", "original traffic source", "latest source"),
        "campaign": ("original source drill-down 2", "original traffic source drill-down 2"),
        "stage": ("lifecycle stage",),
    },
    keep_only=("original source drill-down 1", "lead status", "country/region", "industry"),
)

HUBSPOT_DEALS = ExportFormat(
    key="hubspot_deals",
    label="HubSpot deals export",
    kind="crm_deals",
    signature=(("deal stage",), ("amount", "amount in company currency")),
    fields={
        "date": ("create date", "created date"),
        "close_date": ("close date",),
        "channel": ("original source type", "original traffic source", "original source"),
        "campaign": ("campaign", "original source drill-down 2"),
        "stage": ("deal stage",),
        "amount": ("amount in company currency", "amount"),
        "currency": ("currency",),
    },
    keep_only=("pipeline", "deal type"),
)

SALESFORCE_LEADS = ExportFormat(
    key="salesforce_leads",
    label="Salesforce leads report",
    kind="crm_contacts",
    signature=(("lead status",), ("lead source",), ("created date", "create date")),
    fields={
        "date": ("created date", "create date"),
        "channel": ("lead source",),
        "campaign": ("campaign name", "primary campaign source", "campaign"),
        "stage": ("lead status",),
    },
    keep_only=("industry", "rating", "country"),
)

SALESFORCE_OPPORTUNITIES = ExportFormat(
    key="salesforce_opportunities",
    label="Salesforce opportunities report",
    kind="crm_deals",
    signature=(("stage",), ("amount",), ("close date",)),
    fields={
        "date": ("created date", "create date"),
        "close_date": ("close date",),
        "channel": ("lead source", "source"),
        "campaign": ("primary campaign source", "campaign name", "campaign"),
        "stage": ("stage",),
        "amount": ("amount",),
        "currency": ("opportunity currency", "amount currency", "currency"),
    },
    keep_only=("type", "fiscal period"),
)

#: Most specific first: the first format whose signature matches wins ties.
FORMATS: tuple[ExportFormat, ...] = (
    CANONICAL,
    HUBSPOT_DEALS,
    HUBSPOT_CONTACTS,
    SALESFORCE_OPPORTUNITIES,
    SALESFORCE_LEADS,
    GA4,
    META_ADS,
    LINKEDIN_ADS,
    GOOGLE_ADS_API,
    MICROSOFT_ADS,
    GOOGLE_ADS,
)

#: Headers that are rates, averages or otherwise not additive: never summed, never kept.
NON_ADDITIVE = re.compile(
    r"(%|\brate\b|\bavg\b|\bavg\.|average|\bctr\b|\bcpc\b|\bcpm\b|\bcpa\b|\bcpl\b|\broas\b|"
    r"cost per|cost /|per result|\bper\b|impr\. share|impression share|\bshare\b|score|"
    r"frequency|\breach\b|budget|bid\b|lost is)",
)
#: Headers holding personal data: never kept, whatever the format.
PERSONAL = re.compile(
    r"^(first name|last name|full name|name|e-?mail( address)?|phone( number)?|mobile.*|"
    r"street.*|address.*|post ?code|zip( code)?|ip address)$"
)
#: Identifier-like headers stay text dimensions even when their values are numbers.
IDENTIFIER = re.compile(r"(\bid\b|_id\b|\bids\b|\bcode\b|\bnumber\b)")


def all_known_headers() -> frozenset[str]:
    """Every header any format knows, for finding the header line below a report preamble."""
    names: set[str] = set()
    for fmt in FORMATS:
        for aliases in fmt.fields.values():
            names.update(aliases)
        for group in fmt.signature:
            names.update(group)
        names.update(fmt.ignore)
    return frozenset(names)


def match_format(normalized: list[str]) -> ExportFormat | None:
    """The best format whose signature the headers satisfy (most matched fields wins)."""
    present = set(normalized)
    best: tuple[int, int, ExportFormat] | None = None
    for order, fmt in enumerate(FORMATS):
        if not all(any(alias in present for alias in group) for group in fmt.signature):
            continue
        score = sum(any(a in present for a in aliases) for aliases in fmt.fields.values())
        if best is None or (score, -order) > (best[0], best[1]):
            best = (score, -order, fmt)
    return best[2] if best else None
