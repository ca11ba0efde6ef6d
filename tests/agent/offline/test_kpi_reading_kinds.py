"""Kinds of wording the KPI grammar reads (issue 12): misspellings, shorthand, superlatives
with a singular noun, orders, named pairs compared, halves and full units, campaigns by their
own words, and follow-ups that break down, add a split or point back."""

from __future__ import annotations

from typing import Any

import pytest

from agent.offline.grammar.kpi import read_kpi

CHANNELS = ["LinkedIn Ads", "Google Ads", "Meta Ads", "Email", "Webinars", "Organic"]
CAMPAIGNS = [
    "LinkedIn – Free AP Process Template",
    "LinkedIn – Finance Leaders Retargeting",
    "Google – Brand",
    "Meta – Retargeting Site Visitors",
    "Email – Monthly Finance Ops Newsletter",
    "Email – Demo Request Nurture",
    "Webinar – Month-End Masterclass",
    "Webinar – AP Automation Live Demo",
]
CHANNEL_OF = {
    c: {
        "LinkedIn": "LinkedIn Ads",
        "Google": "Google Ads",
        "Meta": "Meta Ads",
        "Email": "Email",
        "Webinar": "Webinars",
    }[c.split(" –")[0]]
    for c in CAMPAIGNS
}


def read(text: str, previous: dict[str, Any] | None = None) -> dict[str, Any]:
    return read_kpi(
        text, previous, CHANNELS, CAMPAIGNS, channel_of=CHANNEL_OF, dimensions=["age", "gender"]
    ).args


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "impresions on linkdin last mnth",
            {"metrics": ["impressions"], "filters": {"channel": ["LinkedIn Ads"]}},
        ),
        ("pipline in march", {"metrics": ["pipeline"]}),
        (
            "convresion rate by campagin",
            {"metrics": ["conversion_rate"], "dimensions": ["campaign"]},
        ),
        ("how much did we blow on google in march", {"metrics": ["spend"]}),
        ("total £ on meta this yr", {"metrics": ["spend"], "filters": {"channel": ["Meta Ads"]}}),
        ("cost/lead google last month", {"metrics": ["cpl"]}),
        ("cost/opp by channel", {"metrics": ["cost_per_opportunity"]}),
        ("CPCs by campaign", {"metrics": ["cpc"], "dimensions": ["campaign"]}),
        ("what % of leads end up as paying customers", {"metrics": ["lead_to_customer_rate"]}),
        (
            "which ad groups are converting best",
            {"metrics": ["conversion_rate"], "dimensions": ["ad_group"], "order": "best"},
        ),
    ],
)
def test_misspellings_and_shorthand(text: str, expected: dict[str, Any]) -> None:
    args = read(text)
    assert {k: args.get(k) for k in expected} == expected


@pytest.mark.parametrize(
    ("text", "dimensions", "order", "top_n"),
    [
        ("campaign with the most leads last month", ["campaign"], "desc", 1),
        ("campaign w/ fewest clicks", ["campaign"], "asc", 1),
        ("worst ad group for CPA this quarter", ["ad_group"], "worst", 1),
        ("best performing ad by CTR in march", ["ad"], "best", 1),
        ("the cheapest campaigns on cost per lead", ["campaign"], "best", None),
        ("leads by campaign, biggest first", ["campaign"], "desc", None),
        ("roas per channel ranked", ["channel"], "best", None),
        ("which age band gets the most clicks", ["age"], "desc", 1),
        ("top 5 campaigns by SQLs", ["campaign"], "best", 5),
        ("spend for each of the google campaigns", ["campaign"], None, None),
    ],
)
def test_rankings_and_breakdowns(
    text: str, dimensions: list[str], order: str | None, top_n: int | None
) -> None:
    args = read(text)
    assert (args.get("dimensions"), args.get("order"), args.get("top_n")) == (
        dimensions,
        order,
        top_n,
    )


CAL = "calendar"


@pytest.mark.parametrize(
    ("text", "period", "compare"),
    [
        (
            "meta cpl in q2 vs q1",
            {"kind": CAL, "unit": "quarter", "index": 2, "year": None},
            "previous_period",
        ),
        (
            "leads september vs september last year",
            {"kind": CAL, "unit": "month", "index": 9, "year": None},
            "previous_year",
        ),
        (
            "google leads in august, this year vs last",
            {"kind": CAL, "unit": "month", "index": 8, "year": None},
            "previous_year",
        ),
        (
            "customers last qtr vs same qtr last year",
            {"kind": "previous", "unit": "quarter", "back": 1},
            "previous_year",
        ),
        ("win rate H1", {"kind": CAL, "unit": "half", "index": 1, "year": None}, None),
        (
            "revenue in the second half of 2025",
            {"kind": CAL, "unit": "half", "index": 2, "year": 2025},
            None,
        ),
        (
            "spend by quarter for the last four full quarters",
            {"kind": "trailing", "count": 4, "unit": "quarter", "complete": True},
            None,
        ),
        (
            "SQL to opp rate since the start of Q3",
            {"kind": "since", "of": {"kind": CAL, "unit": "quarter", "index": 3, "year": None}},
            None,
        ),
        ("how has CPL trended over the year", {"kind": "to_date", "unit": "year"}, None),
        ("spend the day before yesterday", {"kind": "previous", "unit": "day", "back": 2}, None),
    ],
)
def test_periods_and_comparisons(text: str, period: dict[str, Any], compare: str | None) -> None:
    args = read(text)
    assert (args.get("period"), args.get("compare")) == (period, compare)


@pytest.mark.parametrize(
    ("text", "filters"),
    [
        ("opps from the live demo webinar", {"campaign": ["Webinar – AP Automation Live Demo"]}),
        ("newsletter leads by month", {"campaign": ["Email – Monthly Finance Ops Newsletter"]}),
        ("meta retargeting impressions", {"campaign": ["Meta – Retargeting Site Visitors"]}),
        ("month-end masterclass signups", {"campaign": ["Webinar – Month-End Masterclass"]}),
        ("MQL to SQL rate by channel. is webinars really better?", None),  # one row each anyway
        ("CPM linkedin vs meta", {"channel": ["LinkedIn Ads", "Meta Ads"]}),
    ],
)
def test_who_the_question_is_about(text: str, filters: dict[str, list[str]] | None) -> None:
    assert read(text).get("filters") == filters


def test_follow_ups_break_down_add_a_split_and_point_back() -> None:
    first = read("leads and SQLs from the free template campaign")
    template = {"campaign": ["LinkedIn – Free AP Process Template"]}
    assert first["filters"] == template
    cost = read("so what did each SQL cost us there", first)
    assert cost["metrics"] == ["cost_per_sql"] and cost["filters"] == template
    split = read("split that by gender too", {**first, "dimensions": ["campaign"]})
    assert split["dimensions"] == ["campaign", "gender"]
    broken = read("break linkedin down by campaign", first)
    assert broken["filters"] == {"channel": ["LinkedIn Ads"]}
    assert broken["dimensions"] == ["campaign"]
