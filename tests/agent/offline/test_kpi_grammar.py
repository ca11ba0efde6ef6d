"""The offline extractor on a table of utterances, including follow-ups."""

from __future__ import annotations

from typing import Any

import pytest

from agent.offline.examples.kpi import KPI_EXAMPLES
from agent.offline.grammar.kpi import extract_kpi_args, read_kpi
from tools.kpi.results import KpiQuery


def PREV(unit: str) -> dict[str, Any]:  # noqa: N802 - reads like the typed value it stands for
    return {"kind": "previous", "unit": unit, "back": 1}


def TO_DATE(unit: str) -> dict[str, Any]:  # noqa: N802
    return {"kind": "to_date", "unit": unit}


def CAL(unit: str, index: int | None, year: int | None) -> dict[str, Any]:  # noqa: N802
    return {"kind": "calendar", "unit": unit, "index": index, "year": year}


CHANNELS = ["LinkedIn Ads", "Google Ads", "Meta Ads", "Email", "Webinars", "Organic"]
CAMPAIGNS = [
    "LinkedIn – Free AP Process Template",
    "LinkedIn – Finance Leaders Retargeting",
    "Google – Brand",
    "Webinar – Month-End Masterclass",
]
LI, GOOGLE = {"channel": ["LinkedIn Ads"]}, {"channel": ["Google Ads"]}

CASES: list[tuple[str, dict[str, Any]]] = [
    (
        "What was our CPL on LinkedIn last month?",
        {"metrics": ["cpl"], "filters": LI, "period": PREV("month")},
    ),
    (
        "Which campaign had the best ROAS in Q3?",
        {
            "metrics": ["roas"],
            "dimensions": ["campaign"],
            "period": CAL("quarter", 3, None),
            "order": "best",
            "top_n": 1,
        },
    ),
    (
        "How did MQL→SQL conversion change quarter over quarter?",
        {"metrics": ["mql_to_sql_rate"], "period": PREV("quarter"), "compare": "previous_period"},
    ),
    ("Show spend by channel by month", {"metrics": ["spend"], "dimensions": ["channel", "month"]}),
    (
        "How much did we spend on Google Ads this quarter?",
        {"metrics": ["spend"], "filters": GOOGLE, "period": TO_DATE("quarter")},
    ),
    (
        "cost per lead for li in the last 30 days",
        {
            "metrics": ["cpl"],
            "filters": LI,
            "period": {"kind": "trailing", "count": 30, "unit": "day"},
        },
    ),
    ("What's our CAC year over year?", {"metrics": ["cac"], "compare": "previous_year"}),
    (
        "Compare LinkedIn CPL this month vs last month",
        {
            "metrics": ["cpl"],
            "filters": LI,
            "period": TO_DATE("month"),
            "compare": "previous_period",
        },
    ),
    (
        "leads this quarter vs last",
        {"metrics": ["leads"], "period": TO_DATE("quarter"), "compare": "previous_period"},
    ),
    (
        "Top 3 campaigns by pipeline",
        {"metrics": ["pipeline"], "dimensions": ["campaign"], "top_n": 3, "order": "best"},
    ),
    (
        "Which channels have the lowest cost per SQL?",
        {"metrics": ["cost_per_sql"], "dimensions": ["channel"], "order": "asc"},
    ),
    (
        "lead to MQL conversion in May 2026",
        {"metrics": ["lead_to_mql_rate"], "period": CAL("month", 5, 2026)},
    ),
    (
        "How many MQLs came from webinars year to date?",
        {"metrics": ["mqls"], "filters": {"channel": ["Webinars"]}, "period": TO_DATE("year")},
    ),
    (
        "CTR and CPC on facebook in March",
        {
            "metrics": ["ctr", "cpc"],
            "filters": {"channel": ["Meta Ads"]},
            "period": CAL("month", 3, None),
        },
    ),
    ("adwords cpc last week", {"metrics": ["cpc"], "filters": GOOGLE, "period": PREV("week")}),
    (
        "PPC conversions by campaign",
        {"metrics": ["conversions"], "filters": GOOGLE, "dimensions": ["campaign"]},
    ),
    (
        "How many leads did the Free AP Process Template campaign get?",
        {"metrics": ["leads"], "filters": {"campaign": ["LinkedIn – Free AP Process Template"]}},
    ),
    (
        "SQLs from the newsletter in Q2 2026",
        {"metrics": ["sqls"], "filters": {"channel": ["Email"]}, "period": CAL("quarter", 2, 2026)},
    ),
    (
        "SEO leads per week over the last 6 months",
        {
            "metrics": ["leads"],
            "filters": {"channel": ["Organic"]},
            "dimensions": ["week"],
            "period": {"kind": "trailing", "count": 6, "unit": "month"},
        },
    ),
    (
        "How is our lead to MQL rate trending?",
        {"metrics": ["lead_to_mql_rate"], "dimensions": ["month"]},
    ),
    (
        "Which ad set had the highest CTR last week?",
        {
            "metrics": ["ctr"],
            "dimensions": ["ad_group"],
            "period": PREV("week"),
            "order": "desc",
            "top_n": 1,
        },
    ),
    (
        "win rate and average deal size in 2025",
        {"metrics": ["win_rate", "average_deal_size"], "period": CAL("year", None, 2025)},
    ),
    (
        "monthly revenue from events",
        {"metrics": ["revenue"], "dimensions": ["month"], "filters": {"channel": ["Events"]}},
    ),
    (
        "What's our ROAS vs the previous period?",
        {"metrics": ["roas"], "compare": "previous_period"},
    ),
    (
        "spend from 2026-01-01 to 2026-03-31",
        {
            "metrics": ["spend"],
            "period": {"kind": "range", "start": "2026-01-01", "end": "2026-03-31"},
        },
    ),
    (
        "How did email perform last month?",
        {
            "metrics": ["spend", "leads", "cpl"],
            "filters": {"channel": ["Email"]},
            "period": PREV("month"),
        },
    ),
    ("Key events by channel", {"metrics": ["conversions"], "dimensions": ["channel"]}),
    (
        "worst 2 campaigns on cost per lead",
        {"metrics": ["cpl"], "dimensions": ["campaign"], "top_n": 2, "order": "worst"},
    ),
    ("May I see total leads?", {"metrics": ["leads"]}),
    (
        "CTR split by ad set for meta last month",
        {
            "metrics": ["ctr"],
            "dimensions": ["ad_group"],
            "filters": {"channel": ["Meta Ads"]},
            "period": PREV("month"),
        },
    ),
    (
        "Which LinkedIn campaign had the lowest CPL?",
        {"metrics": ["cpl"], "dimensions": ["campaign"], "filters": LI, "order": "asc", "top_n": 1},
    ),
    (
        "impressions and clicks for Instagram and LinkedIn all time",
        {
            "metrics": ["impressions", "clicks"],
            "filters": {"channel": ["Meta Ads", "LinkedIn Ads"]},
            "period": {"kind": "all"},
        },
    ),
]


@pytest.mark.parametrize(("text", "expected"), CASES, ids=[c[0] for c in CASES])
def test_utterances(text: str, expected: dict[str, Any]) -> None:
    assert extract_kpi_args(text, channels=CHANNELS, campaigns=CAMPAIGNS) == expected


FOLLOW_UPS: list[tuple[str, dict[str, Any]]] = [
    (
        "What was our CPL on LinkedIn last month?",
        {"metrics": ["cpl"], "filters": LI, "period": PREV("month")},
    ),
    ("and last quarter?", {"metrics": ["cpl"], "filters": LI, "period": PREV("quarter")}),
    ("now for Google Ads", {"metrics": ["cpl"], "filters": GOOGLE, "period": PREV("quarter")}),
    ("What about CPC?", {"metrics": ["cpc"], "filters": GOOGLE, "period": PREV("quarter")}),
    (
        "by month instead",
        {"metrics": ["cpc"], "filters": GOOGLE, "period": PREV("quarter"), "dimensions": ["month"]},
    ),
    (
        "and across all channels?",
        {"metrics": ["cpc"], "period": PREV("quarter"), "dimensions": ["month"]},
    ),
    ("Show spend by channel", {"metrics": ["spend"], "dimensions": ["channel"]}),
]


def test_follow_ups_change_only_what_they_mention() -> None:
    previous = None
    for text, expected in FOLLOW_UPS:
        previous = extract_kpi_args(text, previous, channels=CHANNELS, campaigns=CAMPAIGNS)
        assert previous == expected, text


def test_follow_up_does_not_mutate_previous() -> None:
    previous = {"metrics": ["cpl"], "filters": {"channel": ["LinkedIn Ads"]}}
    extract_kpi_args("now for Google Ads", previous, channels=CHANNELS)
    assert previous == {"metrics": ["cpl"], "filters": {"channel": ["LinkedIn Ads"]}}


def test_channel_aliases_without_workspace_channels() -> None:
    for alias, name in (
        ("fb", "Meta Ads"),
        ("linkedin", "LinkedIn Ads"),
        ("ppc", "Google Ads"),
        ("webinars", "Webinars"),
        ("organic", "Organic"),
        ("email", "Email"),
    ):
        assert extract_kpi_args(f"spend on {alias}")["filters"] == {"channel": [name]}


def test_examples_are_many_varied_and_valid_queries() -> None:
    assert len(KPI_EXAMPLES) >= 40 and len(set(KPI_EXAMPLES)) == len(KPI_EXAMPLES)
    for text in KPI_EXAMPLES:
        KpiQuery(**extract_kpi_args(text, channels=CHANNELS, campaigns=CAMPAIGNS))


def test_the_month_before_steps_the_previous_period_back() -> None:
    first = extract_kpi_args("What was our CPL on LinkedIn last month?", channels=CHANNELS)
    before = extract_kpi_args("and the month before?", first, channels=CHANNELS)
    assert before == {**first, "period": {"kind": "before", "unit": "month", "of": PREV("month")}}
    earlier = extract_kpi_args("and the one before that?", before, channels=CHANNELS)
    assert earlier["period"] == {
        "kind": "before",
        "unit": "period",
        "of": {"kind": "before", "unit": "month", "of": PREV("month")},
    }
    quarter = extract_kpi_args(
        "and the previous quarter?", {"metrics": ["leads"], "period": CAL("quarter", 3, 2026)}
    )
    assert quarter == {
        "metrics": ["leads"],
        "period": {"kind": "before", "unit": "quarter", "of": CAL("quarter", 3, 2026)},
    }
    # without a previous question, "the previous month" is just last month
    assert extract_kpi_args("leads in the previous month")["period"] == PREV("month")


@pytest.mark.parametrize(
    ("text", "metrics"),
    [
        ("What was our cost per leed last month?", ["cost per leed"]),
        ("CPX on Meta", ["cpx"]),
        ("spend and cost per demo on google", ["cost per demo", "spend"]),
        ("cost per a lead", ["cpl"]),
        ("conversion rate and win rate", ["conversion_rate", "win_rate"]),
        ("click through rate by channel", ["ctr"]),
    ],
)
def test_unknown_metric_words_are_passed_on_not_swapped(text: str, metrics: list[str]) -> None:
    assert extract_kpi_args(text)["metrics"] == metrics


@pytest.mark.parametrize(
    ("text", "unavailable"),
    [
        ("What's our bounce rate?", ["bounce rate"]),
        ("ROI by campaign", ["ROI"]),
        ("what's our CAC payback?", ["CAC payback"]),
        ("LTV:CAC by channel", ["lifetime value (LTV)"]),
    ],
)
def test_figures_no_data_holds_are_said_apart_not_swapped(
    text: str, unavailable: list[str]
) -> None:
    reading = read_kpi(text)
    assert reading.unavailable == unavailable
    assert "metrics" not in reading.args  # never CAC for payback, never spend for ROI


def test_workspace_phrases_and_dimensions() -> None:
    args = extract_kpi_args(
        "cost per approved conversion by age",
        metric_phrases={"cost per approved conversion": "cpac"},
        dimensions=["age", "gender"],
    )
    assert args == {"metrics": ["cpac"], "dimensions": ["age"]}
    assert extract_kpi_args("cost per approved conversion")["metrics"] == [
        "cost per approved conversion"
    ]  # unknown without the workspace's metrics


def test_more_expensive_is_a_cpl_trend() -> None:
    assert extract_kpi_args("Is LinkedIn getting more expensive?", channels=CHANNELS) == {
        "metrics": ["cpl"],
        "dimensions": ["month"],
        "filters": LI,
    }
    assert "dimensions" not in extract_kpi_args("How many leads are we getting from LinkedIn?")
