"""More kinds of calendar wording the offline model reads (issue 12): named days as dates
("black friday", "xmas eve", "between christmas and new year"), spans in words ("for the month
of february", "a quarter-long plan", "for the rest of the year"), channel abbreviations and
item nouns ("IG", "FB", "insta stories", "5 vids a week", "3 each per week"), a day-first date
that only makes sense month first, funnel-stage synonyms ("bottom of the funnel", "TOFU"), and
follow-ups right after a calendar (a cadence with no channel, a new length, the cadence after
"make it" being the new one).

The clock is fixed: today is Monday 23 November 2026 (next Monday = 30 November 2026)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from agent.offline.calendar_follow import cadence_answer
from agent.offline.grammar.calendar_request import parse_request
from agent.offline.grammar.calendar_revision import parse_revision
from agent.offline.routing import PriorCall, RoutingInput
from core.settings import Settings
from tools.calendar.models import CalendarRequest

TODAY = dt.date(2026, 11, 23)


@pytest.fixture
def settings(settings: Settings) -> Settings:
    """The fixed clock for the turns through /chat too (CMO_TODAY)."""
    return settings.model_copy(update={"today": TODAY})


def week(channel: str, times: int) -> dict[str, Any]:
    return {"channel": channel, "kind": "per_week", "times": times}


def _days(first: str, last: str) -> list[str]:
    a, b = dt.date.fromisoformat(first), dt.date.fromisoformat(last)
    return [(a + dt.timedelta(days=i)).isoformat() for i in range((b - a).days + 1)]


def _read(text: str) -> dict[str, Any]:
    args = parse_request(text, TODAY)
    CalendarRequest.model_validate(args)  # the tool accepts what was read
    return args


# -- 1. named days as dates -----------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("linkedin 3/wk from black friday through christmas day", "2026-11-27", "2026-12-25"),
        ("Blog weekly from Black Friday to Cyber Monday", "2026-11-27", "2026-11-30"),
        ("linkedin 3 a week till xmas eve", "2026-11-30", "2026-12-24"),
        ("instagram daily from boxing day until new year's eve", "2026-12-26", "2026-12-31"),
        ("newsletter weekly from new years day to end of feb", "2027-01-01", "2027-02-28"),
        ("blog weekly from the new year through to easter", "2027-01-01", "2027-03-28"),
        ("linkedin 2x a week starting christmas, 3 weeks", "2026-12-25", None),
        ("blog weekly from valentine's day to good friday", "2027-02-14", "2027-03-26"),
    ],
)
def test_named_days_start_and_end_a_plan(text: str, start: str, end: str | None) -> None:
    args = _read(text)
    assert args["start"] == start
    assert args.get("end") == end
    assert "not_understood" not in args


def test_black_friday_is_the_day_after_the_fourth_thursday_of_november() -> None:
    args = _read("linkedin 3/wk from black friday 2027 for 2 weeks")
    assert args["start"] == "2027-11-26"  # Thanksgiving 2027: Thursday 25 November
    late = parse_request("linkedin 3/wk from black friday", dt.date(2026, 12, 1))
    assert late["start"] == "2027-11-26"  # this year's is past: the next one


def test_a_named_day_says_which_date_it_is() -> None:
    notes = _read("linkedin 3/wk from black friday through christmas day")["assumptions"]
    assert "Black Friday: 27 November 2026." in notes
    assert "Christmas Day: 25 December." in notes


@pytest.mark.parametrize(
    ("text", "first", "last"),
    [
        (
            "linkedin 3/wk for 8 weeks, no posts between christmas and new year",
            "2026-12-25",
            "2027-01-01",
        ),
        (
            "8 weeks of blog weekly; nothing between xmas and the new year",
            "2026-12-25",
            "2027-01-01",
        ),
        (
            "linkedin 3/wk for 8 weeks, no posts from christmas eve to boxing day",
            "2026-12-24",
            "2026-12-26",
        ),
        ("linkedin 3/wk for 8 weeks, no posts on new year's day", "2027-01-01", "2027-01-01"),
        (
            "a 6-week calendar from 7 Dec, LinkedIn 3x weekly, nothing at all between Christmas "
            "Eve and New Year's Day",
            "2026-12-24",
            "2027-01-01",
        ),
        ("blog weekly from 1 march to 30 april, no posts over easter", "2027-03-26", "2027-03-29"),
    ],
)
def test_named_days_make_blackouts(text: str, first: str, last: str) -> None:
    args = _read(text)
    assert args["blackout_dates"] == _days(first, last)
    assert "not_understood" not in args


@pytest.mark.parametrize(
    "text",
    [
        "plan our black friday campaign: linkedin daily for 2 weeks from 7 dec",
        "black friday content plan: linkedin daily from 7 dec for 2 weeks",
    ],
)
def test_a_named_day_as_a_theme_is_not_a_date_nor_a_weekday(text: str) -> None:
    args = parse_request(text, TODAY)
    assert (args["start"], args["weeks"]) == ("2026-12-07", 2)
    assert args["channels"] == [
        {"channel": "LinkedIn", "kind": "weekdays", "weekdays": [0, 1, 2, 3, 4]}
    ]
    assert args["not_understood"] == ["black friday"]  # said, never silently dropped


def test_over_christmas_is_still_the_christmas_blackout() -> None:
    args = _read("linkedin 3/wk for 8 weeks, no posts over christmas")
    assert args["blackout_dates"] == _days("2026-12-24", "2027-01-01")


# -- 2. spans said in words -----------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "start", "end_or_weeks"),
    [
        ("linkedin 3/wk for the month of february", "2027-02-01", "2027-02-28"),
        ("blog weekly for the whole month of march", "2027-03-01", "2027-03-31"),
        ("a quarter-long plan, linkedin 3/wk", "2026-11-30", 13),
        ("a month-long push on instagram, 4 a week", "2026-11-30", "2026-12-29"),
        ("linkedin 3/wk, a 6-week-long plan", "2026-11-30", 6),
        ("linkedin 3/wk starting 1/12 for the month", "2026-12-01", "2026-12-31"),
        ("blog weekly from 7 dec for the rest of the month", "2026-12-07", "2026-12-31"),
        ("blog weekly for the rest of the year", "2026-11-30", "2026-12-31"),
        ("linkedin 3/wk from 4 jan for the remainder of the quarter", "2027-01-04", "2027-03-31"),
    ],
)
def test_spans_said_in_words(text: str, start: str, end_or_weeks: Any) -> None:
    args = _read(text)
    assert args["start"] == start
    assert args.get("end" if isinstance(end_or_weeks, str) else "weeks") == end_or_weeks
    assert "not_understood" not in args


# -- 3. channel abbreviations, item nouns, "each" ---------------------------------------------
@pytest.mark.parametrize(
    ("text", "channels"),
    [
        ("IG 3 a week for 6 weeks", [week("Instagram", 3)]),
        ("fb 2x/week, 4 weeks", [week("Facebook", 2)]),
        ("insta stories 4 a week for a month", [week("Instagram", 4)]),
        ("IG reels twice a week and FB posts weekly", [week("Instagram", 2), week("Facebook", 1)]),
        ("tiktok 5 vids a week for 6 weeks", [week("TikTok", 5)]),
        ("5 videos a week on tiktok for 6 weeks", [week("TikTok", 5)]),
        ("tiktok: 4 clips per week", [week("TikTok", 4)]),
        ("YT shorts 3/wk", [week("YouTube", 3)]),
        ("FB and IG, 3 each per week, 6 weeks", [week("Facebook", 3), week("Instagram", 3)]),
        ("FB and IG 3 a week each for 4 weeks", [week("Facebook", 3), week("Instagram", 3)]),
        (
            "linkedin, FB and IG: 2 posts each a week",
            [week("LinkedIn", 2), week("Facebook", 2), week("Instagram", 2)],
        ),
    ],
)
def test_channel_abbreviations_and_item_nouns(text: str, channels: list[dict[str, Any]]) -> None:
    args = _read(text)
    assert args["channels"] == channels
    assert "not_understood" not in args


# -- 4. a day-first date that only makes sense month first ------------------------------------
@pytest.mark.parametrize(
    ("text", "start", "end_or_weeks"),
    [
        ("linkedin 3/wk starting 12/7 through the end of January", "2026-12-07", "2027-01-31"),
        ("blog weekly from 12/7 for 6 weeks", "2026-12-07", 6),
        ("blog weekly 12/8 to 1/20", "2026-12-08", "2027-01-20"),
        ("blog weekly from 12/7 to 1/2", "2026-12-07", "2027-01-02"),
    ],
)
def test_a_far_day_first_start_is_read_month_first_and_said(
    text: str, start: str, end_or_weeks: Any
) -> None:
    args = _read(text)
    assert args["start"] == start
    assert args.get("end" if isinstance(end_or_weeks, str) else "weeks") == end_or_weeks
    assert any("read month first" in n for n in args["assumptions"])


@pytest.mark.parametrize(
    ("text", "start"),
    [
        ("linkedin 3/wk starting 1/12 for 6 weeks", "2026-12-01"),  # day first is near
        ("linkedin 3/wk starting 3/4 for 6 weeks", "2027-04-03"),  # month first is not near
        ("linkedin 3/wk starting 20/1 for 6 weeks", "2027-01-20"),  # one reading only
    ],
)
def test_a_sensible_day_first_start_stays_day_first(text: str, start: str) -> None:
    args = _read(text)
    assert args["start"] == start
    assert not any("month first" in n for n in args.get("assumptions", []))


# -- 5. funnel-stage synonyms -------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "stage", "month"),
    [
        ("can february lean more towards the bottom of the funnel?", "conversion", "2027-02"),
        ("make feb heavier on BOFU", "conversion", "2027-02"),
        ("more of the stuff that gets demo requests in march", "conversion", "2027-03"),
        ("january should skew towards top of funnel", "awareness", "2027-01"),
        ("more TOFU in january", "awareness", "2027-01"),
        ("make march more MOFU", "consideration", "2027-03"),
        ("february should lean into the middle of the funnel", "consideration", "2027-02"),
    ],
)
def test_funnel_stage_synonyms_in_changes(text: str, stage: str, month: str) -> None:
    args = parse_revision(text, TODAY)
    assert (args["heavier_on"], args["month"]) == (stage, month)


def test_funnel_stage_synonyms_in_a_request() -> None:
    args = _read("linkedin 3/wk for 8 weeks from 7 dec, make january heavier on bottom-of-funnel")
    assert args["stage_mix_overrides"]["2027-01"]["conversion"] == pytest.approx(0.4)
    mixed = _read("blog weekly, 6 weeks: 50% TOFU, 30% MOFU, 20% BOFU")
    assert mixed["stage_mix"]["awareness"] == 50 and mixed["stage_mix"]["conversion"] == 20


# -- 6. follow-ups right after a calendar --------------------------------------------------
@pytest.mark.parametrize(
    ("text", "new"),
    [
        (
            "fortnightly webinars will cost too much, make it monthly on the first wednesday",
            {"channel": "Webinar", "kind": "monthly_rule", "rule": {"weekday": 2, "ordinal": 1}},
        ),
        ("linkedin 5x a week is too much for sam, change it to 3x a week", week("LinkedIn", 3)),
        (
            "the weekly newsletter is a lot, go fortnightly instead",
            {"channel": "Newsletter", "kind": "per_fortnight", "times": 1},
        ),
        ("change linkedin from 3 a week to twice a week", week("LinkedIn", 2)),
        (
            "weekly blog posts are a stretch - switch them to every other week",
            {"channel": "Blog", "kind": "per_fortnight", "times": 1},
        ),
    ],
)
def test_the_cadence_after_make_it_is_the_new_one(text: str, new: dict[str, Any]) -> None:
    assert parse_revision(text, TODAY)["reschedule"] == [new]


def test_phrases_of_one_new_cadence_are_all_kept() -> None:
    args = parse_revision("put the newsletter on tuesdays every week instead", TODAY)
    assert args["reschedule"] == [{"channel": "Newsletter", "kind": "weekdays", "weekdays": [1]}]


def test_two_channels_each_keep_their_new_cadence() -> None:
    args = parse_revision("make the blog weekly and linkedin fortnightly", TODAY)
    assert args["reschedule"] == [
        week("Blog", 1),
        {"channel": "LinkedIn", "kind": "per_fortnight", "times": 1},
    ]


def _after(plan: str, text: str) -> dict[str, Any] | None:
    history = [PriorCall("generate_content_calendar", parse_request(plan, TODAY))]
    return cadence_answer(RoutingInput(text, history, TODAY, None))


@pytest.mark.parametrize(
    "text", ["hmm make it 3 a week instead", "3 a week instead", "can we do 3 a week"]
)
def test_a_cadence_without_a_channel_changes_the_only_channel(text: str) -> None:
    again = _after("instagram 5 a week for 6 weeks from next monday", text)
    assert again is not None
    assert again["channels"] == [week("Instagram", 3)]
    assert (again["start"], again["weeks"]) == ("2026-11-30", 6)


def test_a_cadence_without_a_channel_is_not_guessed_among_several() -> None:
    assert _after("linkedin 3/wk and blog weekly, 6 weeks", "make it 3 a week instead") is None


@pytest.mark.parametrize(
    ("text", "start", "end_or_weeks"),
    [
        ("same thing but stretch it to 10 weeks", "2026-12-07", 10),
        ("make it 8 weeks", "2026-12-07", 8),
        ("extend it to the end of Feb", "2026-12-07", "2027-02-28"),
        ("can we run it till christmas?", "2026-12-07", "2026-12-25"),
        ("ok, make it a quarter", "2026-12-07", 13),
        ("same but 8 weeks from 4 jan", "2027-01-04", 8),
    ],
)
def test_a_new_length_plans_the_same_calendar_again(
    text: str, start: str, end_or_weeks: Any
) -> None:
    plan = "linkedin 3/wk and a fortnightly newsletter from 7 dec for 6 weeks"
    again = _after(plan, text)
    assert again is not None
    assert again["channels"] == parse_request(plan, TODAY)["channels"]
    assert again["start"] == start
    assert again.get("end" if isinstance(end_or_weeks, str) else "weeks") == end_or_weeks
    assert ("end" in again) != ("weeks" in again)
    CalendarRequest.model_validate(again)


@pytest.mark.parametrize(
    "text", ["how many leads did we get in the last 8 weeks", "thanks", "make it punchier"]
)
def test_other_messages_after_a_calendar_are_not_a_new_length(text: str) -> None:
    assert _after("linkedin 3/wk for 6 weeks", text) is None


# -- end to end, as /chat reads them --------------------------------------------------------
def test_named_days_plan_end_to_end(chat: Any) -> None:
    [call] = chat("Plan LinkedIn 3x a week from black friday through christmas day").tool_calls
    assert call["name"] == "generate_content_calendar"
    assert (call["args"]["start"], call["args"]["end"]) == ("2026-11-27", "2026-12-25")


def test_follow_ups_after_a_plan_end_to_end(chat: Any) -> None:
    chat("Plan 6 weeks of instagram, 5 posts a week, from next monday")
    [call] = chat("hmm make it 3 a week instead").tool_calls
    assert call["name"] == "generate_content_calendar"
    assert call["args"]["channels"] == [week("Instagram", 3)]
    [call] = chat("same thing but stretch it to 10 weeks").tool_calls
    assert call["name"] == "generate_content_calendar"
    assert call["args"]["channels"] == [week("Instagram", 3)]
    assert (call["args"]["start"], call["args"]["weeks"]) == ("2026-11-30", 10)
    [call] = chat("can february lean more towards the bottom of the funnel?").tool_calls
    assert call["name"] == "revise_content_calendar"
    assert (call["args"]["heavier_on"], call["args"]["month"]) == ("conversion", "2027-02")


def test_the_new_cadence_of_a_complaint_end_to_end(chat: Any) -> None:
    chat("plan 8 weeks from 7 dec: linkedin 3/wk and a fortnightly webinar")
    [call] = chat(
        "fortnightly webinars will cost too much, make it monthly on the first wednesday"
    ).tool_calls
    assert call["name"] == "revise_content_calendar"
    assert call["args"]["reschedule"] == [
        {"channel": "Webinar", "kind": "monthly_rule", "rule": {"weekday": 2, "ordinal": 1}}
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "IG and FB 3 each per week till xmas eve",
            {"end": "2026-12-24", "channels": [week("Instagram", 3), week("Facebook", 3)]},
        ),
        ("can you do insta stories daily from boxing day", {"start": "2026-12-26"}),
        (
            "tiktok 5 vids a week for the month of february",
            {"start": "2027-02-01", "end": "2027-02-28", "channels": [week("TikTok", 5)]},
        ),
        (
            "blog weekly for the rest of the year, no posts between christmas and new year",
            {"end": "2026-12-31", "blackout_dates": _days("2026-12-25", "2027-01-01")},
        ),
        ("a quarter-long plan: linkedin 3/wk and a weekly blog", {"weeks": 13}),
    ],
)
def test_plans_in_these_words_are_planned_end_to_end(
    chat: Any, text: str, expected: dict[str, Any]
) -> None:
    [call] = chat(text).tool_calls
    assert call["name"] == "generate_content_calendar"
    assert {k: call["args"].get(k) for k in expected} == expected
