"""Kinds of wording found by a third evaluation set (issue 12): a workspace's own words for its
measures, segments named by their values, comparisons said as follow-ups, short follow-ups
that continue a figure question, "ours" after a benchmark, dropping a channel, trends, and the
brief and draft revisions said in passing."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from agent.offline.follow_ups import previous_question
from agent.offline.grammar.brief import read_statement
from agent.offline.grammar.calendar_request import parse_request
from agent.offline.grammar.drafts import revision_args
from agent.offline.grammar.kpi import read_kpi
from agent.offline.routing import PriorCall, RoutingInput

LATEST = date(2026, 11, 22)
CHANNELS = ["Email", "Google Ads", "LinkedIn Ads", "Meta Ads", "Organic", "Webinars"]
# a shop whose "conversions" are enquiries and whose own measure counts purchases
SHOP = {
    "metric_phrases": {
        "enquiries": "conversions",
        "enquiry": "conversions",
        "cost per enquiry": "cpa",
        "purchases": "approved_conversion",
        "approved conversion": "approved_conversion",
    },
    "dimensions": ["age", "gender", "interest"],
    "dimension_values": {
        "age": ["30-34", "35-39", "40-44", "45-49"],
        "gender": ["F", "M"],
        "interest": ["10", "15", "16"],
    },
}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("which age band gets us the cheapest enquiries?", {"metrics": ["cpa"], "order": "best"}),
        ("cost per enquiry by gender", {"metrics": ["cpa"], "dimensions": ["gender"]}),
        ("how many purchases did each campaign get", {"metrics": ["approved_conversion"]}),
        ("cpc for women 35-39", {"filters": {"age": ["35-39"], "gender": ["F"]}}),
        ("ctr for men by age", {"filters": {"gender": ["M"]}, "dimensions": ["age"]}),
        ("spend on interest 16", {"filters": {"interest": ["16"]}}),
    ],
)
def test_a_workspace_own_words_and_segment_values(text: str, expected: dict[str, Any]) -> None:
    args = read_kpi(text, **SHOP).args
    assert {k: args.get(k) for k in expected} == expected


def test_the_same_words_keep_their_usual_meaning_elsewhere() -> None:
    assert read_kpi("enquiries by month").args["metrics"] == ["leads"]
    assert "filters" not in read_kpi("cpc for women 35-39").args  # no such segment here


LAST_MONTH = {"kind": "previous", "unit": "month", "back": 1}
Q3 = {"kind": "calendar", "unit": "quarter", "index": 3, "year": None}


@pytest.mark.parametrize(
    ("previous_period", "text", "compare"),
    [
        (LAST_MONTH, "is that up or down on september", "previous_period"),
        (Q3, "vs Q2?", "previous_period"),
        (
            {"kind": "trailing", "unit": "day", "count": 30},
            "vs the 30 days before that",
            "previous_period",
        ),
        (LAST_MONTH, "how does that compare with the same months last year", "previous_year"),
    ],
)
def test_a_follow_up_against_another_period_is_a_comparison(
    previous_period: dict[str, Any], text: str, compare: str
) -> None:
    previous = {"metrics": ["spend"], "period": previous_period}
    args = read_kpi(text, previous=previous, latest=LATEST).args
    assert args["compare"] == compare
    assert args["period"] == previous_period  # the question asked stays the one compared


def test_a_follow_up_naming_a_period_that_is_not_adjacent_is_a_new_period() -> None:
    previous = {"metrics": ["spend"], "period": LAST_MONTH}
    args = read_kpi("and in march?", previous=previous, latest=LATEST).args
    assert "compare" not in args and args["period"]["index"] == 3


def test_a_comparison_with_another_campaign_is_not_a_period_comparison() -> None:
    previous = {"metrics": ["spend"], "period": LAST_MONTH}
    args = read_kpi("compared to the retargeting one?", previous=previous, latest=LATEST).args
    assert "compare" not in args


def test_follow_ups_keep_the_question_and_change_what_they_say() -> None:
    previous = {
        "metrics": ["leads"],
        "filters": {"channel": ["Organic"]},
        "period": LAST_MONTH,
    }
    args = read_kpi("what's the cpl on those then", previous=previous, follow_up=True).args
    assert args == {**previous, "metrics": ["cpl"]}
    ranked = {"metrics": ["cost_per_sql"], "dimensions": ["channel"], "order": "best"}
    assert read_kpi("and the priciest one", previous=ranked).args["order"] == "worst"
    cost = read_kpi("and what's each costing us per opp", previous={"metrics": ["opportunities"]})
    assert cost.args["metrics"] == ["cost_per_opportunity"]


def test_dropping_a_channel_lists_every_other_one() -> None:
    previous = {"metrics": ["cost_per_opportunity"], "dimensions": ["channel"]}
    args = read_kpi(
        "drop organic from that, it's free anyway",
        previous=previous,
        follow_up=True,
        channels=CHANNELS,
    ).args
    assert args["filters"] == {"channel": [c for c in CHANNELS if c != "Organic"]}
    assert args["dimensions"] == ["channel"]


@pytest.mark.parametrize(
    "text", ["leads not from organic", "spend by channel excluding organic last month"]
)
def test_a_channel_named_to_be_left_out_is_never_the_filter(text: str) -> None:
    args = read_kpi(text, channels=CHANNELS).args
    assert args["filters"] == {"channel": [c for c in CHANNELS if c != "Organic"]}


def test_not_before_a_metric_leaves_the_channel_named_later_alone() -> None:
    args = read_kpi("leads not pipeline on linkedin", channels=CHANNELS).args
    assert args["filters"] == {"channel": ["LinkedIn Ads"]} and args["metrics"] == ["leads"]


def test_ours_after_a_benchmark_asks_for_the_client_figure() -> None:
    history = [PriorCall("search_playbooks", {"query": "what's a good CTR for linkedin ads"})]
    request = RoutingInput("and how do we stack up this year", history, date(2026, 11, 23))
    assert previous_question(request) == {
        "metrics": ["ctr"],
        "filters": {"channel": ["LinkedIn Ads"]},
    }
    how_to = RoutingInput("how do I improve it", history, date(2026, 11, 23))
    assert previous_question(how_to) is None


def test_a_trend_question_is_broken_down_by_month() -> None:
    args = read_kpi("how has our cost per lead moved over the year").args
    assert args["dimensions"] == ["month"] and args["metrics"] == ["cpl"]


@pytest.mark.parametrize(
    ("text", "field", "values"),
    [
        ("medius keeps turning up in deals, add them as a competitor", "competitors", ["Medius"]),
        ("we're starting to sell into ireland too", "target_markets", ["Ireland"]),
        (
            "new proof point for you: Ashworth cut approval time from 9 days to 2",
            "proof_points",
            ["Ashworth cut approval time from 9 days to 2"],
        ),
        (
            "please note our main goal for 2027: 40 new retainer clients. that's what matters",
            "goals",
            ["40 new retainer clients"],
        ),
    ],
)
def test_brief_facts_said_in_passing(text: str, field: str, values: list[str]) -> None:
    reading = read_statement(text, date(2026, 11, 23))
    assert reading is not None
    assert (reading.field, reading.values) == (field, values)


@pytest.mark.parametrize(
    ("tool", "text", "expected"),
    [
        (
            "draft_icp",
            "add IT to the buying committee, they run a security review",
            {"add_persona": "IT"},
        ),
        ("draft_messaging", "make it punchier", {"tone": "punchier"}),
        (
            "draft_messaging",
            "too corporate. shorter sentences, zero jargon",
            {"tone": "less corporate"},
        ),
    ],
)
def test_draft_revisions_said_plainly(tool: str, text: str, expected: dict[str, Any]) -> None:
    assert revision_args(tool, text) == expected


def test_a_month_to_map_out_is_the_calendar_span() -> None:
    request = parse_request("can you map out January? TikTok 5x/week", date(2026, 11, 23))
    assert (request["start"], request["end"]) == ("2027-01-01", "2027-01-31")


def test_a_week_of_a_month_is_its_dates() -> None:
    first = read_kpi("daily spend for the 1st week of aug", latest=date(2023, 8, 31)).args
    assert first["period"] == {"kind": "range", "start": "2023-08-01", "end": "2023-08-07"}
    assert first["dimensions"] == ["day"]
    last = read_kpi("leads in the last week of october", latest=LATEST).args
    assert last["period"] == {"kind": "range", "start": "2026-10-25", "end": "2026-10-31"}


def test_campaigns_named_by_their_id_and_channels_by_a_possessive() -> None:
    ids = read_kpi("how many purchases did 1178 drive", campaigns=["1178", "916", "936"], **SHOP)
    assert ids.args["filters"] == {"campaign": ["1178"]}
    assert "filters" not in read_kpi("leads in 2025", campaigns=["2025", "916"]).args  # a year
    previous = {"metrics": ["sqls"], "filters": {"channel": ["LinkedIn Ads"]}}
    google = read_kpi("what about google's SQLs", previous=previous, channels=CHANNELS).args
    assert google["filters"] == {"channel": ["Google Ads"]}


def test_one_value_of_a_breakdown_is_a_filter_not_a_breakdown() -> None:
    previous = {"metrics": ["approved_conversion"], "dimensions": ["gender"]}
    args = read_kpi("ok show me purchases from women 35-39 only", previous=previous, **SHOP).args
    assert args["filters"] == {"gender": ["F"], "age": ["35-39"]} and "dimensions" not in args


def test_a_reason_after_a_revision_is_not_part_of_it() -> None:
    args = revision_args(
        "draft_positioning", "and lead with the multi-entity approvals, that's what wins us deals"
    )
    assert args == {"lead_with": "multi-entity approvals"}


@pytest.mark.parametrize(
    ("part", "alone"),
    [
        ("diagnose us", True),
        ("spend MTD", True),
        ("diagnose it", False),
        ("what's included?", False),
    ],
)
def test_which_short_parts_are_requests_of_their_own(part: str, alone: bool) -> None:
    from agent.offline.cues import a_request

    assert a_request(part) is alone
