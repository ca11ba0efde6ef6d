"""Kinds of wording found by a fourth evaluation set (set D, issue 12): context sentences in
long figure questions, trailing periods, rankings said in many ways, side-by-side follow-ups,
calendars said as whole plans, and stage changes with their month anywhere in the message."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from agent.offline.grammar.brief import read_statement
from agent.offline.grammar.calendar_request import parse_request
from agent.offline.grammar.calendar_revision import parse_revision
from agent.offline.grammar.drafts import revision_args
from agent.offline.grammar.kpi import read_kpi

TODAY = date(2026, 11, 24)
LATEST = date(2026, 11, 22)
CHANNELS = ["Email", "Google Ads", "LinkedIn Ads", "Meta Ads", "Organic", "Webinars"]
CAMPAIGNS = {
    "Google – Invoice Processing Competitors": "Google Ads",
    "Google – Brand": "Google Ads",
    "LinkedIn – Finance Leaders Retargeting": "LinkedIn Ads",
    "LinkedIn – Free AP Process Template": "LinkedIn Ads",
    "Meta – AP Cost Calculator Lookalikes": "Meta Ads",
    "Meta – Retargeting Site Visitors": "Meta Ads",
}
DATA: dict[str, Any] = {
    "channels": CHANNELS,
    "campaigns": list(CAMPAIGNS),
    "channel_of": CAMPAIGNS,
    "latest": LATEST,
}


def _read(text: str, previous: dict[str, Any] | None = None) -> dict[str, Any]:
    return read_kpi(text, previous, **DATA).args


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (  # the context sentence's MQLs and SQLs are not asked for
            "We're agreeing an MQL definition with sales, and the argument is how many of our "
            "MQLs become SQLs. What was the MQL-to-SQL rate for each channel last quarter, and "
            "how did that compare with the quarter before?",
            {
                "metrics": ["mql_to_sql_rate"],
                "dimensions": ["channel"],
                "compare": "previous_period",
            },
        ),
        (  # the context's October and template are not the period or a campaign
            "Hannah wants to know whether the changes she made to the email templates in "
            "October made any difference. To start with, can you pull clicks and click-through "
            "rate for the email channel this quarter?",
            {"metrics": ["clicks", "ctr"], "filters": {"channel": ["Email"]}},
        ),
        (  # the asking sentence names no metric: the context's is kept
            "Brightside say our LinkedIn click-through rate is above the benchmark. I'd like the "
            "actual figure for each of the LinkedIn campaigns over the last quarter.",
            {"metrics": ["ctr"], "dimensions": ["campaign"]},
        ),
        (  # a terse figure question is itself asking: the remark after it is context
            "MQL to SQL rate by channel. is webinars really better?",
            {"metrics": ["mql_to_sql_rate"], "filters": None},
        ),
    ],
)
def test_the_asking_sentences_say_what_is_asked(text: str, expected: dict[str, Any]) -> None:
    args = _read(text)
    assert {k: args.get(k) for k in expected} == expected


@pytest.mark.parametrize(
    ("text", "period"),
    [
        ("Over the past year, how have our leads trended?", {"count": 12, "unit": "month"}),
        ("spend in the past month", {"count": 30, "unit": "day"}),
        ("leads yday?", {"kind": "previous", "unit": "day"}),
        ("customers per month since June last year", {"kind": "since"}),
        ("cost per SQL on the template campaign over its whole life", {"kind": "all"}),
    ],
)
def test_periods_said_in_everyday_words(text: str, period: dict[str, Any]) -> None:
    got = _read(text)["period"]
    assert {k: got.get(k) for k in period} == period
    if "since" in text:
        assert got["of"] == {"kind": "calendar", "unit": "month", "index": 6, "year": 2025}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("q2 sqls vs q1", {"metrics": ["sqls"], "compare": "previous_period"}),
        ("rev ytd vs same time last yr", {"metrics": ["revenue"], "compare": "previous_year"}),
        ("roas google v meta in q3", {"dimensions": ["channel"]}),
    ],
)
def test_comparisons_said_in_shorthand(text: str, expected: dict[str, Any]) -> None:
    args = _read(text)
    assert {k: args.get(k) for k in expected} == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Rank our channels by ROAS over the trailing twelve months, best to worst.",
            {"dimensions": ["channel"], "order": "best", "top_n": None},
        ),
        ("the 3 campaigns with the lowest CTR this year?", {"order": "asc", "top_n": 3}),
        ("which of their campaigns had the best ROAS this year?", {"top_n": 1}),
        ("which month was quietest for leads", {"order": "asc", "top_n": 1}),
        (  # "… first" orders them all, it does not keep only the top one
            "pipeline and spend by channel ytd, with the biggest pipeline contributor first",
            {"order": "desc", "top_n": None},
        ),
    ],
)
def test_rankings_said_in_many_ways(text: str, expected: dict[str, Any]) -> None:
    args = _read(text)
    assert {k: args.get(k) for k in expected} == expected


def test_a_follow_up_can_set_another_one_beside_the_first() -> None:
    both = {"metrics": ["roas"], "dimensions": ["channel"]}
    both["filters"] = {"channel": ["Google Ads", "Meta Ads"]}
    added = _read("add linkedin to that", both)
    assert added["filters"] == {"channel": ["Google Ads", "Meta Ads", "LinkedIn Ads"]}
    assert added["dimensions"] == ["channel"]
    one = {"metrics": ["cpl"], "filters": {"campaign": ["Meta – AP Cost Calculator Lookalikes"]}}
    beside = _read("compared to the retargeting one?", one)  # the Meta one: same channel
    assert beside["filters"]["campaign"] == [
        "Meta – AP Cost Calculator Lookalikes",
        "Meta – Retargeting Site Visitors",
    ]
    assert beside["dimensions"] == ["campaign"]
    assert _read("and linkedin?", both)["filters"] == {"channel": ["LinkedIn Ads"]}  # instead


def test_one_campaign_beside_a_breakdown_by_campaign_is_a_row_not_the_filter() -> None:
    args = _read(
        "Can you pull conversion rate for each of our Google Ads campaigns over the last 90 "
        "days? I want to see whether the competitor terms campaign is dragging the average down."
    )
    assert args["dimensions"] == ["campaign"]
    assert args["filters"] == {"channel": ["Google Ads"]}


def test_deals_after_a_revenue_question_are_the_deals_won() -> None:
    revenue = {"metrics": ["revenue"], "period": {"kind": "calendar", "unit": "month", "index": 9}}
    assert _read("and how many deals was that", revenue)["metrics"] == ["customers"]
    assert _read("and new deals?", revenue)["metrics"] == ["opportunities"]  # created, not won


@pytest.mark.parametrize(
    ("text", "channels", "start"),
    [
        (
            "masterclass on the 2nd wednesday every month and the newsletter going out the "
            "first monday of the month, january to june",
            {
                "Webinar": {"kind": "monthly_rule", "rule": {"weekday": 2, "ordinal": 2}},
                "Newsletter": {"kind": "monthly_rule", "rule": {"weekday": 0, "ordinal": 1}},
            },
            "2027-01-01",
        ),
        (
            "webinar every 3rd thursday + linkedin tue/thu, for feb and march",
            {"LinkedIn": {"kind": "weekdays", "weekdays": [1, 3]}},
            "2027-02-01",
        ),
        (
            "need a jan calendar. blog every mon, linkedin mon wed fri, newsletter last fri of "
            "the month",
            {
                "Blog": {"kind": "weekdays", "weekdays": [0]},
                "LinkedIn": {"kind": "weekdays", "weekdays": [0, 2, 4]},
                "Newsletter": {"kind": "monthly_rule", "rule": {"weekday": 4, "ordinal": -1}},
            },
            "2027-01-01",
        ),
        (
            "Instagram three times in each week and the newsletter every 2nd wk, 8 weeks from "
            "next monday",
            {
                "Instagram": {"kind": "per_week", "times": 3},
                "Newsletter": {"kind": "per_fortnight", "times": 1},
            },
            "2026-11-30",
        ),
        (
            "a calendar for X and LinkedIn, each working day, for two weeks from 30 November",
            {"X": {"kind": "weekdays", "weekdays": [0, 1, 2, 3, 4]}},
            "2026-11-30",
        ),
        (
            "Can you put together a content calendar for Q1? Blog twice a month. Start Jan 4.",
            {"Blog": {"kind": "per_month", "times": 2}},
            "2027-01-04",
        ),
        (
            "build a calendar from 4 January through to the end of March: linkedin 2/wk",
            {"LinkedIn": {"kind": "per_week", "times": 2}},
            "2027-01-04",
        ),
    ],
)
def test_calendars_said_as_whole_plans(
    text: str, channels: dict[str, dict[str, Any]], start: str
) -> None:
    args = parse_request(text, TODAY)
    read = {c["channel"]: {k: v for k, v in c.items() if k != "channel"} for c in args["channels"]}
    assert {name: read.get(name) for name in channels} == channels
    assert args["start"] == start
    assert "not_understood" not in args


def test_a_weekend_day_named_for_a_channel_is_a_publishing_day() -> None:
    args = parse_request("facebook post every saturday, 6 weeks from next mon", TODAY)
    assert args["allowed_weekdays"] == [0, 1, 2, 3, 4, 5]
    assert any("Saturday" in note for note in args["assumptions"])


@pytest.mark.parametrize(
    ("text", "month"),
    [
        ("make feb more conversion-focused", "2027-02"),
        ("Can March be weighted more towards consideration pieces?", "2027-03"),
        ("more conversion in may", "2027-05"),
        ("may we have more conversion", None),  # "may" the verb names no month
    ],
)
def test_a_stage_change_takes_the_month_named_anywhere(text: str, month: str | None) -> None:
    args = parse_revision(text, TODAY)
    assert args.get("heavier_on") is not None
    assert args.get("month") == month


@pytest.mark.parametrize(
    ("text", "field", "values"),
    [
        (
            "Please note we will start selling in Ireland from next year.",
            "target_markets",
            ["Ireland"],
        ),
        (
            "We just signed a new agency, Northlight, to run paid social for us. Can you add that?",
            "agencies",
            ["Northlight"],
        ),
        ("we've started a podcast, ep 1 went out last wk", "channels", ["Podcast"]),
    ],
)
def test_brief_facts_with_their_field_in_other_words(
    text: str, field: str, values: list[str]
) -> None:
    reading = read_statement(text, TODAY)
    assert reading is not None and (reading.field, reading.values) == (field, values)


def test_leaning_harder_on_something_leads_with_it() -> None:
    args = revision_args(
        "draft_positioning", "and lean harder on the multi-entity approvals, thats what wins deals"
    )
    assert args == {"lead_with": "multi-entity approvals"}


def test_seasons_are_their_months_and_last_fall_beside_this_fall_is_a_year_back() -> None:
    args = _read("How did Google do this fall compared with last fall? conversions and CPA")
    assert args["period"] == {"kind": "range", "start": "2026-09-01", "end": None}  # running
    assert args["compare"] == "previous_year"
    assert _read("leads last summer")["period"]["start"] == "2026-06-01"  # this year's, over


def test_spending_a_month_is_by_month() -> None:
    assert _read("how much are we spending a month on marketing?")["dimensions"] == ["month"]
    assert "dimensions" not in _read("leads in a month")


def test_a_long_message_saying_same_continues_the_figure_question() -> None:
    from agent.offline.follow_ups import previous_question
    from agent.offline.routing import PriorCall, RoutingInput

    before = {"metrics": ["ctr"], "dimensions": ["campaign"]}
    text = (
        "Thanks. Could I have the same three campaigns on cost per lead for the same period, "
        "so I can put both columns side by side in the deck?"
    )
    request = RoutingInput(text, [PriorCall("kpi_lookup", before)], TODAY, None)
    assert previous_question(request) == before
    merged = read_kpi(text, before, follow_up=True, **DATA).args
    assert (merged["metrics"], merged["dimensions"]) == (["cpl"], ["campaign"])


def test_a_cadence_said_alone_after_a_calendar_plans_it_again() -> None:
    from agent.offline.calendar_follow import cadence_answer
    from agent.offline.routing import PriorCall, RoutingInput

    planned = parse_request("8 weeks from next monday, biweekly newsletter and blog 1/wk", TODAY)
    history = [PriorCall("generate_content_calendar", planned)]

    def answer(text: str) -> dict[str, Any] | None:
        return cadence_answer(RoutingInput(text, history, TODAY, None))

    again = answer("twice a week i mean")
    assert again is not None
    newsletter = next(c for c in again["channels"] if c["channel"] == "Newsletter")
    assert (newsletter["kind"], newsletter["times"]) == ("per_week", 2)
    assert again["start"] == planned["start"] and again["weeks"] == planned["weeks"]
    assert answer("drop the blog") is None  # a change, not a cadence said alone
    assert answer("twice a week for the blog pls") is None  # a channel named: the usual path


# -- kinds from a fifth evaluation set (set E) ----------------------------------------------
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("give me pipeline per channel for the last ninety days", {"period": {"count": 90}}),
        ("win rate this q vs last q", {"compare": "previous_period"}),
        ("revenue MTD vs same point last year?", {"compare": "previous_year"}),
        (
            "which campaign is burning the most money per new customer this year",
            {"metrics": ["cac"], "dimensions": ["campaign"]},
        ),
        ("spend per campaign for august", {"metrics": ["spend"], "dimensions": ["campaign"]}),
        ("the click-through on linkedin over the past week?", {"metrics": ["ctr"]}),
        ("and the cost for a thousand impressions", {"metrics": ["cpm"]}),
        ("Which three campaigns brought in the most pipeline this year?", {"top_n": 3}),
        ("clicks and CPC per channel, highest CPC at the top", {"order": "desc"}),
        ("opportunities by campaign, fewest first", {"order": "asc"}),
        (
            "Of the Google campaigns, which one gets us opportunities most cheaply?",
            {"dimensions": ["campaign"], "top_n": 1, "order": "best"},
        ),
        (
            "customers this year vs last year same period",
            {"period": {"kind": "to_date", "unit": "year"}, "compare": "previous_year"},
        ),
        (
            "how many leads did we pick up over the weekend?",
            {"period": {"kind": "range", "start": "2026-11-21", "end": "2026-11-22"}},
        ),
    ],
)
def test_figure_questions_from_the_fifth_set(text: str, expected: dict[str, Any]) -> None:
    args = _read(text)
    for key, value in expected.items():
        got = args.get(key)
        assert ({k: got.get(k) for k in value} if isinstance(value, dict) else got) == value


def test_everything_except_a_channel_lists_the_others() -> None:
    args = _read("sql to opp rate by channel this year, ignore organic")
    assert (
        "Organic" not in args["filters"]["channel"] and "Google Ads" in args["filters"]["channel"]
    )


def test_two_values_of_a_segment_side_by_side_are_a_breakdown() -> None:
    shop = {"dimensions": ["gender"], "dimension_values": {"gender": ["F", "M"]}}
    assert read_kpi("ctr men vs women?", **shop).args == {
        "metrics": ["ctr"],
        "dimensions": ["gender"],
    }
    assert read_kpi("ctr for women", **shop).args["filters"] == {"gender": ["F"]}


def test_a_metric_shown_next_to_the_previous_one_keeps_both() -> None:
    q3 = {"metrics": ["spend"], "period": {"kind": "calendar", "unit": "quarter", "index": 3}}
    text = "Break that out by month and show me CAC right next to it."
    args = read_kpi(text, q3, follow_up=True, **DATA).args
    assert (args["metrics"], args["dimensions"], args["period"]) == (
        ["spend", "cac"],
        ["month"],
        q3["period"],
    )
    assert read_kpi("what about cpc", q3, follow_up=True, **DATA).args["metrics"] == ["cpc"]


def test_calendar_changes_and_plans_from_the_fifth_set() -> None:
    lean = parse_revision("February should lean much more towards conversion content", TODAY)
    assert (lean["heavier_on"], lean["month"]) == ("conversion", "2027-02")
    assert parse_revision("take the webinars out of the calendar", TODAY)["drop_channels"] == [
        "Webinar"
    ]
    assert "drop_channels" not in parse_revision("take linkedin to 2/wk", TODAY)
    plan = parse_request(
        "webinar every last thurs of the month + 3 linkdin posts/wk, 12 weeks", TODAY
    )
    linkedin = next(c for c in plan["channels"] if c["channel"] == "LinkedIn")
    assert (linkedin["kind"], linkedin["times"]) == ("per_week", 3)
    assert "not_understood" not in plan


@pytest.mark.parametrize(
    ("text", "channels"),
    [
        ("What's our ROAS on paid social for fall so far?", ["LinkedIn Ads", "Meta Ads"]),
        ("cpl on paid search last month", ["Google Ads"]),
        (
            "Which paid channel has the worst ROAS year to date?",
            ["Google Ads", "LinkedIn Ads", "Meta Ads"],
        ),
    ],
)
def test_channel_groups_are_their_channels(text: str, channels: list[str]) -> None:
    args = _read(text)
    assert sorted(args["filters"]["channel"]) == channels
    if "worst" in text:
        assert (args["top_n"], args["order"]) == (1, "worst")


def test_since_a_campaign_was_paused_starts_the_day_after_its_last_active_day() -> None:
    ends = {name: LATEST for name in CAMPAIGNS} | {
        "LinkedIn – Free AP Process Template": date(2026, 10, 7)
    }
    text = "top 3 campaigns by number of SQLs since we paused the template campaign"
    args = read_kpi(text, campaign_ends=ends, **DATA).args
    assert args["period"] == {"kind": "range", "start": "2026-10-08", "end": None}
    assert "filters" not in args  # the paused campaign names when, not which
    before = "the template campaign on linkedin — before we paused it, how many leads did it get"
    assert "period" not in read_kpi(before, campaign_ends=ends, **DATA).args  # all of its data
    template = {
        "metrics": ["leads"],
        "filters": {"campaign": ["LinkedIn – Free AP Process Template"]},
    }
    after = "And since we paused it, what has LinkedIn's cost per lead looked like overall?"
    args = read_kpi(after, template, follow_up=True, campaign_ends=ends, **DATA).args
    assert args["filters"] == {"channel": ["LinkedIn Ads"]}
    assert args["period"]["start"] == "2026-10-08"
