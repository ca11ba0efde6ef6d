"""Kinds of wording found in the sixth round (issue 12): days of the month in words, "the
first week of January", a quarter "next year", a day taken off a channel (never the channel
dropped, never that day kept), and a plan that adds a channel with "plus …"."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from agent.offline.dictation import written
from agent.offline.grammar.calendar_request import parse_request
from agent.offline.grammar.calendar_revision import parse_revision
from agent.offline.grammar.kpi import read_kpi
from agent.offline.grammar.strategy import focus_in_text
from agent.runner import TurnResult
from core.settings import Settings

TODAY = date(2026, 11, 23)


@pytest.fixture
def settings(settings: Settings) -> Settings:
    """The fixed clock for the turns through /chat too (CMO_TODAY)."""
    return settings.model_copy(update={"today": TODAY})


@pytest.mark.parametrize(
    ("text", "start", "end_or_weeks"),
    [
        ("Eight weeks, starting the fourteenth of December: LinkedIn 4x a week", "2026-12-14", 8),
        ("from the twenty-first of jan, 6 weeks, blog weekly", "2027-01-21", 6),
        ("starting the first of March, a blog every week for 4 weeks", "2027-03-01", 4),
        (  # the first week: from its Monday (1 Jan 2027 is a Friday)
            "First week of January through end of Feb: LinkedIn every tue & thu",
            "2027-01-04",
            "2027-02-28",
        ),
        ("starting the first week of february, 6 weeks, blog weekly", "2027-02-01", 6),
        ("For Q1 next year: a newsletter every Wednesday", "2027-01-01", "2027-03-31"),
        ("q2 of next year, linkedin weekly", "2027-04-01", "2027-06-30"),
    ],
)
def test_dates_in_words_start_and_end_the_plan(text: str, start: str, end_or_weeks: Any) -> None:
    args = parse_request(text, TODAY)
    assert args["start"] == start
    assert args.get("end" if isinstance(end_or_weeks, str) else "weeks") == end_or_weeks
    assert "not_understood" not in args


MON_WED_FRI = {"LinkedIn": {"channel": "LinkedIn", "kind": "weekdays", "weekdays": [0, 2, 4]}}


@pytest.mark.parametrize(
    ("text", "current", "weekdays"),
    [
        ("drop the friday linkedin slot, just mon + wed", {}, [0, 2]),
        ("drop linkedin fridays", MON_WED_FRI, [0, 2]),
        ("no linkedin on fridays", MON_WED_FRI, [0, 2]),
        ("skip the monday linkedin posts", MON_WED_FRI, [2, 4]),
    ],
)
def test_a_day_taken_off_a_channel_keeps_the_channel(
    text: str, current: dict[str, Any], weekdays: list[int]
) -> None:
    args = parse_revision(text, TODAY, current=current)
    assert "drop_channels" not in args
    assert args["reschedule"] == [{"channel": "LinkedIn", "kind": "weekdays", "weekdays": weekdays}]


@pytest.mark.parametrize("text", ["drop linkedin fridays", "no linkedin on fridays"])
def test_a_day_taken_off_unknown_days_is_never_read_as_that_day_or_a_drop(text: str) -> None:
    args = parse_revision(text, TODAY)
    assert "drop_channels" not in args and "reschedule" not in args


def test_dropping_a_whole_channel_still_drops_it() -> None:
    assert parse_revision("drop linkedin", TODAY, current=MON_WED_FRI)["drop_channels"] == [
        "LinkedIn"
    ]


def _names(result: TurnResult) -> list[str]:
    return [c["name"] for c in result.tool_calls]


def test_plus_a_channel_with_its_cadence_is_part_of_the_same_plan(chat: Any) -> None:
    result = chat(
        "For Q1 next year I'd like a weekly newsletter that goes out every Wednesday, plus "
        "LinkedIn 3x/week. Can you map that out?"
    )
    [call] = result.tool_calls
    assert call["name"] == "generate_content_calendar"
    channels = {c["channel"]: c for c in call["args"]["channels"]}
    assert channels["Newsletter"]["weekdays"] == [2]
    assert channels["LinkedIn"] == {"channel": "LinkedIn", "kind": "per_week", "times": 3}


def test_a_day_off_after_a_plan_uses_the_planned_days(chat: Any) -> None:
    chat("plan 4 weeks from next monday: linkedin mon, wed and fri")
    [call] = chat("drop linkedin fridays").tool_calls
    assert call["name"] == "revise_content_calendar"
    assert call["args"]["reschedule"] == [
        {"channel": "LinkedIn", "kind": "weekdays", "weekdays": [0, 2]}
    ]


def test_vs_the_week_before_after_a_figure_compares_it(chat: Any) -> None:
    chat("spend on google last week")
    [call] = chat("hmm. vs the week before?").tool_calls
    assert call["name"] == "kpi_lookup"
    assert call["args"]["compare"] == "previous_period"
    assert call["args"]["filters"] == {"channel": ["Google Ads"]}


# -- figure questions -----------------------------------------------------------------------

LATEST = date(2026, 11, 22)
VOCABULARY: dict[str, Any] = {
    "channels": ["Google Ads", "LinkedIn Ads", "Meta Ads", "Organic"],
    "campaigns": [
        "LinkedIn – CFO Thought Leadership",
        "Organic – SEO Blog",
        "Organic – Direct & Referral",
    ],
    "channel_of": {
        "LinkedIn – CFO Thought Leadership": "LinkedIn Ads",
        "Organic – SEO Blog": "Organic",
        "Organic – Direct & Referral": "Organic",
    },
    "latest": LATEST,
}
Q3 = {"kind": "calendar", "unit": "quarter", "index": 3, "year": None}


@pytest.mark.parametrize(
    ("said", "typed"),
    [
        (
            "what was our row as on meta ads last quarter question mark",
            "what was our ROAS on meta ads last quarter?",
        ),
        ("show me leads by month for twenty twenty five", "show me leads by month for 2025"),
        ("cost per em queue el by channel", "cost per MQL by channel"),
        (
            "linkedin three times a week full stop no posting over christmas",
            "linkedin three times a week. no posting over christmas",
        ),
        ("we put a full stop on spending", "we put a full stop on spending"),
    ],
)
def test_dictated_messages_are_read_as_typed(said: str, typed: str) -> None:
    assert written(said) == typed


@pytest.mark.parametrize(
    ("text", "previous", "expected"),
    [
        (  # a comparison said anywhere in a follow-up keeps the period asked about
            "perfect. same table but vs Q2 so I can show the movement",
            {"metrics": ["spend"], "dimensions": ["channel"], "period": Q3},
            {"period": Q3, "compare": "previous_period"},
        ),
        (
            "how does that stack up against the same stretch last year",
            {"metrics": ["ctr"], "period": {"kind": "to_date", "unit": "quarter"}},
            {"period": {"kind": "to_date", "unit": "quarter"}, "compare": "previous_year"},
        ),
        (  # a ranking said alone keeps the breakdown
            "rank them, cheapest first",
            {"metrics": ["cpl"], "dimensions": ["campaign"]},
            {"dimensions": ["campaign"], "order": "best"},
        ),
        (
            "and for the whole quarter so far",
            {"metrics": ["pipeline"], "period": {"kind": "to_date", "unit": "month"}},
            {"period": {"kind": "to_date", "unit": "quarter"}},
        ),
    ],
)
def test_follow_ups_change_what_they_say(
    text: str, previous: dict[str, Any], expected: dict[str, Any]
) -> None:
    args = read_kpi(text, previous, follow_up=True, **VOCABULARY).args
    assert {k: args.get(k) for k in expected} == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "how did Q3 pipeline compare to Q2? board wants the direction of travel",
            {"metrics": ["pipeline"], "period": Q3, "compare": "previous_period"},
        ),
        (
            "google cpc this month vs november last year",
            {"metrics": ["cpc"], "compare": "previous_year"},
        ),
        ("lowest CPM channel QTD?", {"metrics": ["cpm"], "dimensions": ["channel"], "top_n": 1}),
        (  # a person with a campaign's word is not the campaign
            "their CFO always asks about cost per opportunity. can I get that by channel",
            {"metrics": ["cost_per_opportunity"], "dimensions": ["channel"], "filters": None},
        ),
        (
            "leads from the CFO campaign",
            {"filters": {"campaign": ["LinkedIn – CFO Thought Leadership"]}},
        ),
        (  # a short restriction after the question is part of it; the campaign says the channel
            "has organic search actually won us any customers this year? just the blog",
            {"metrics": ["customers"], "filters": {"campaign": ["Organic – SEO Blog"]}},
        ),
        (
            "for the CFO thought leadership stuff on linkedin, what % of SQLs become real opps?",
            {"metrics": ["sql_to_opportunity_rate"]},
        ),
        ("whats our click rate on the meta ads?", {"metrics": ["ctr"]}),
        ("the conversions rate for the google campaigns", {"metrics": ["conversion_rate"]}),
    ],
)
def test_figure_questions_read_as_meant(text: str, expected: dict[str, Any]) -> None:
    args = read_kpi(text, **VOCABULARY).args
    assert {k: args.get(k) for k in expected} == expected


# -- which capability -----------------------------------------------------------------------
def test_a_definition_is_a_playbook_answer_and_ours_then_drafts_it(chat: Any) -> None:
    asked = chat("what does ICP stand for and why does everyone keep saying it")
    assert _names(asked) == ["search_playbooks"]
    assert _names(chat("cool. can you draft ours")) == ["draft_icp"]


def test_an_unsure_refusal_asks_instead_of_refusing_a_fair_question(chat: Any) -> None:
    result = chat("which tool are we paying for that literally nobody logs into")
    assert "can't share" not in result.answer
    assert result.clarify is not None or result.tool_calls


def test_a_statement_after_one_brief_field_is_shown_updates_that_field(chat: Any) -> None:
    [shown] = chat("what budget does the brief have for us").tool_calls
    assert shown["args"] == {"fields": ["budget"]}
    [call] = chat("that's out of date, it's £24k a month now").tool_calls
    assert call["name"] == "update_client_brief" and call["args"]["field"] == "budget"
    assert "£24k a month" in chat("what's our budget?").answer


def test_a_fact_said_beside_the_question_is_not_a_second_request(chat: Any) -> None:
    result = chat(
        "the template download campaign — how many of those leads ever turned into SQLs? "
        "my team says none"
    )
    assert _names(result) == ["kpi_lookup"]


def test_an_order_to_book_a_meeting_is_declined_honestly(chat: Any) -> None:
    result = chat("book me 30 mins with tom thurs afternoon")
    assert result.tool_calls == [] and "can't" in result.answer


@pytest.mark.parametrize(
    ("text", "areas"),
    [
        ("be honest with me — where is the 22k a month leaking", ["spend_transparency_roi"]),
        (
            "my reps say marketing leads are junk. figure out why",
            ["audience_icp_fit", "sales_marketing_alignment"],
        ),
        (
            "what's going wrong with how leads get passed over to sales?",
            ["sales_marketing_alignment"],
        ),
        (
            "why am i getting loads of enquiries but hardly anyone actually buys",
            ["conversion_funnel"],
        ),
    ],
)
def test_what_is_wrong_in_everyday_words_focuses_the_diagnosis(text: str, areas: list[str]) -> None:
    assert focus_in_text(text) == areas


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "win rate by month jan-oct",
            {"period": {"kind": "range", "start": "2026-01-01", "end": "2026-10-31"}},
        ),
        (
            "spend from nov to feb",
            {"period": {"kind": "range", "start": "2025-11-01", "end": "2026-02-28"}},
        ),
        (
            "leads between march and june",
            {"period": {"kind": "range", "start": "2026-03-01", "end": "2026-06-30"}},
        ),
        ("avg deal size Q2 vs Q3", {"period": Q3, "compare": "previous_period"}),
        ("how many deals did marketing source this quarter", {"metrics": ["opportunities"]}),
        ("how many deals did we win", {"metrics": ["customers"]}),
        (
            "how much money did each campaign actually make me",
            {"metrics": ["revenue"], "dimensions": ["campaign"]},
        ),
        ("MER ytd", {"metrics": ["roas"], "period": {"kind": "to_date", "unit": "year"}}),
        (
            "where's the cheapest place for us to buy a customer",
            {"metrics": ["cac"], "dimensions": ["channel"], "order": "best", "top_n": 1},
        ),
        (
            "whats the lead to mql % on googel ads, last quater",
            {
                "filters": {"channel": ["Google Ads"]},
                "period": {"kind": "previous", "unit": "quarter", "back": 1},
            },
        ),
        ("the conversions rate for all the google campaigns", {"dimensions": ["campaign"]}),
        ("total spend for all campaigns", {"dimensions": None}),
        ("what's linkedin converting at", {"metrics": ["conversion_rate"]}),
    ],
)
def test_spans_pairs_and_words_of_money_read_as_meant(text: str, expected: dict[str, Any]) -> None:
    args = read_kpi(text, **VOCABULARY).args
    assert {k: args.get(k) for k in expected} == expected


def test_two_campaigns_set_against_each_other_are_a_breakdown() -> None:
    args = read_kpi("did campaign 936 get more purchases than 916?", campaigns=["936", "916"]).args
    assert args["dimensions"] == ["campaign"] and args["filters"] == {"campaign": ["936", "916"]}


def test_spoken_two_is_not_to() -> None:
    assert written("total spend for the last to months please") == (
        "total spend for the last two months please"
    )


@pytest.mark.parametrize(
    ("text", "tool"),
    [
        ("how do you work out CAC payback? the formula, not our number", "search_playbooks"),
        ("is ROAS the same as ROI? I keep mixing them up in reports", "search_playbooks"),
        ("spend by day", "kpi_lookup"),
    ],
)
def test_how_a_figure_is_made_is_a_how_to_and_a_terse_figure_is_a_figure(
    chat: Any, text: str, tool: str
) -> None:
    assert _names(chat(text)) == [tool]


def test_a_near_word_is_not_a_typo_of_a_metric() -> None:
    from agent.offline.grammar.kpi_spelling import correct_typos

    assert correct_typos("where the funnel leaks")[1] == []
    assert correct_typos("leads by chanenl")[1] == [("chanenl", "channel")]


def test_draft_changes_said_in_other_words(chat: Any) -> None:
    chat("draft our positioning")
    [call] = chat("and put the multi-entity approvals thing front and centre").tool_calls
    assert call["name"] == "draft_positioning"
    assert call["args"] == {"lead_with": "multi-entity approvals"}
    chat("draft our ICP")
    [call] = chat("and a clear disqualifier: sole traders and anyone under ~100 staff").tool_calls
    assert call["args"] == {"exclude": "sole traders and anyone under ~100 staff"}


def test_parting_ways_with_an_agency_takes_it_off_the_brief(chat: Any) -> None:
    [call] = chat(
        "fyi we're parting ways with brightside digital, their contract ends 31 december"
    ).tool_calls
    assert call["args"]["field"] == "agencies" and call["args"]["remove"] == ["Brightside Digital"]


SHOP: dict[str, Any] = {"channels": ["Meta Ads"], "campaigns": ["916", "936", "1178"]}


def test_what_each_one_costs_is_the_cost_of_that_count(chat: Any) -> None:
    [call] = chat(
        "are meta ads getting us any sqls at all?? and what's each one costing"
    ).tool_calls
    assert call["args"]["metrics"] == ["sqls", "cost_per_sql"]
    args = read_kpi("how many leads did google get and what did each one cost", **VOCABULARY).args
    assert args["metrics"] == ["leads", "cpl"]


def test_what_someone_says_beside_a_figure_question_adds_no_metric() -> None:
    args = read_kpi(
        "lead-to-SQL rate, google vs linkedin in Q3. sales swear google leads are better, "
        "want to check",
        **VOCABULARY,
    ).args
    assert args["metrics"] == ["lead_to_sql_rate"]


def test_a_campaign_left_out_leaves_the_others() -> None:
    args = read_kpi(
        "Spend split by campaign, but leave out 916 — that one was a test.", **SHOP
    ).args
    assert args["filters"] == {"campaign": ["936", "1178"]}


def test_leave_it_out_after_a_figure_keeps_the_question_without_that_channel() -> None:
    previous = {"metrics": ["roas"], "dimensions": ["channel"]}
    args = read_kpi(
        "wait, organic has no spend so it just skews things — leave it out",
        previous,
        follow_up=True,
        **VOCABULARY,
    ).args
    assert args["metrics"] == ["roas"] and args["dimensions"] == ["channel"]
    assert args["filters"] == {"channel": ["Google Ads", "LinkedIn Ads", "Meta Ads"]}


def test_a_buying_trigger_named_after_an_icp_is_added_to_it(chat: Any) -> None:
    chat("draft our ICP")
    result = chat("Also add a hiring freeze in finance as a buying trigger.")
    [call] = result.tool_calls
    assert call["name"] == "draft_icp" and call["args"] == {
        "add_trigger": "hiring freeze in finance"
    }
    assert "hiring freeze in finance" in result.answer


def test_the_first_30_days_of_a_roadmap_are_set_in_words(chat: Any) -> None:
    chat("diagnose everything")
    chat("now turn that into a 30/60/90")
    result = chat("Can you pull the home page rewrite forward into the first 30 days?")
    [call] = result.tool_calls
    assert call == {
        **call,
        "name": "plan_roadmap",
        "args": {"first_30_days_focus": "home page rewrite"},
    }
    assert "first 30 days led by" in result.answer


@pytest.mark.parametrize(
    ("text", "removed"),
    [
        ("we let Brightside Digital go last week", ["Brightside Digital"]),
        ("we fired brightside digital", ["Brightside Digital"]),
    ],
)
def test_an_agency_let_go_is_named_without_the_rest(text: str, removed: list[str]) -> None:
    from agent.offline.grammar.brief import read_statement

    reading = read_statement(text)
    assert reading is not None and reading.field == "agencies" and reading.remove == removed


def test_let_me_tell_you_lets_nobody_go() -> None:
    from agent.offline.grammar.brief import read_statement

    reading = read_statement("Let me tell you about us first. We sell bookkeeping templates.")
    assert reading is None or reading.field != "agencies"


def test_both_after_two_channels_sets_them_side_by_side_or_together(chat: Any) -> None:
    chat("linkedin spend last month")
    chat("and google?")
    [call] = chat("ok how does that compare w september for both").tool_calls
    assert call["args"]["filters"] == {"channel": ["LinkedIn Ads", "Google Ads"]}
    assert (
        call["args"]["dimensions"] == ["channel"] and call["args"]["compare"] == "previous_period"
    )
    [call] = chat("both together vs sept", thread="t1").tool_calls
    assert call["args"]["filters"] == {"channel": ["LinkedIn Ads", "Google Ads"]}


def test_a_plans_holidays_said_after_and_please_stay_in_the_plan(chat: Any) -> None:
    result = chat(
        "Eight weeks from 30 November, LinkedIn twice a week and a case study every fortnight, "
        "and please keep UK bank holidays clear."
    )
    [call] = result.tool_calls
    assert call["name"] == "generate_content_calendar" and call["args"]["holidays_country"] == "GB"
    assert "Not done" not in result.answer


def test_no_posting_over_christmas_is_the_christmas_blackout() -> None:
    args = parse_request("linkedin weekly, no posting over christmas", TODAY)
    assert "not_understood" not in args
    assert any("Christmas" in note for note in args["assumptions"])


def test_one_question_in_two_sentences_is_one_search(chat: Any) -> None:
    result = chat("How should Ledgerly's copy sound? Is there a one-line rule for writers?")
    assert _names(result) == ["search_client_documents"]


CORRECTING: dict[str, Any] = {
    "channels": ["Email", "Google Ads", "Meta Ads"],
    "campaigns": ["Google – Brand", "Google – Invoice Processing Competitors"],
    "channel_of": {
        "Google – Brand": "Google Ads",
        "Google – Invoice Processing Competitors": "Google Ads",
    },
    "latest": LATEST,
}


@pytest.mark.parametrize(
    ("text", "expected"),
    [  # what a correction says replaces what it corrects; the rest is kept
        (
            "leads from email in september — sorry, october",
            {
                "filters": {"channel": ["Email"]},
                "period": {"kind": "calendar", "unit": "month", "index": 10, "year": None},
            },
        ),
        (
            "what was the cpa on google brand, scratch that, I meant the competitor campaign",
            {
                "metrics": ["cpa"],
                "filters": {"campaign": ["Google – Invoice Processing Competitors"]},
            },
        ),
        (
            "show me SQLs by month — actually by week — for the last 8 weeks",
            {"metrics": ["sqls"], "dimensions": ["week"]},
        ),
        (
            "How many clicks did google get in Q3? Oops, I meant conversions, not clicks.",
            {"metrics": ["conversions"], "filters": {"channel": ["Google Ads"]}},
        ),
        (
            "What was our cost per SQL in the third quarter for each channel?",
            {"period": Q3, "dimensions": ["channel"]},
        ),
        (
            "opportunities so far this year, and how that compares with the equivalent period "
            "last year",
            {"compare": "previous_year"},
        ),
        (
            "our CAC on Google Ads this quarter, and how does it compare with the previous "
            "quarter?",
            {"compare": "previous_period"},
        ),
    ],
)
def test_corrections_and_formal_comparisons(text: str, expected: dict[str, Any]) -> None:
    args = read_kpi(text, **CORRECTING).args
    assert {k: args.get(k) for k in expected} == expected
