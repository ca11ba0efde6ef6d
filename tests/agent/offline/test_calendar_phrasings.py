"""Everyday wording of calendar requests: cadences bound to their own channel, lengths and
ranges, holidays, named items, and words the grammar could not read said plainly.

The clock is fixed: today is Monday 23 November 2026 (next Monday = 30 November 2026)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from agent.offline.grammar.calendar_request import parse_request
from agent.offline.grammar.calendar_revision import parse_revision
from tools.calendar.models import CalendarRequest

TODAY = dt.date(2026, 11, 23)


def week(channel: str, times: int) -> dict[str, Any]:
    return {"channel": channel, "kind": "per_week", "times": times}


def fortnight(channel: str, times: int = 1) -> dict[str, Any]:
    return {"channel": channel, "kind": "per_fortnight", "times": times}


def month(channel: str, times: int = 1) -> dict[str, Any]:
    return {"channel": channel, "kind": "per_month", "times": times}


def days(channel: str, *weekdays: int) -> dict[str, Any]:
    return {"channel": channel, "kind": "weekdays", "weekdays": list(weekdays)}


def rule(channel: str, weekday: int, ordinal: int) -> dict[str, Any]:
    return {
        "channel": channel,
        "kind": "monthly_rule",
        "rule": {"weekday": weekday, "ordinal": ordinal},
    }


CADENCES = [
    ("instagram 4/wk for a month", [week("Instagram", 4)]),
    ("facebook 2x/week and youtube 1x/week", [week("Facebook", 2), week("YouTube", 1)]),
    ("tiktok 5x a week please", [week("TikTok", 5)]),
    ("blog posts x3/month", [month("Blog", 3)]),
    ("podcast four times a month", [month("Podcast", 4)]),
    (
        "newsletter twice-monthly, linkedin thrice weekly",
        [month("Newsletter", 2), week("LinkedIn", 3)],
    ),
    ("semi-monthly newsletter", [month("Newsletter", 2)]),
    ("youtube every other week plus a weekly blog", [fortnight("YouTube"), week("Blog", 1)]),
    (
        "a fortnightly webinar and linkedin posts 3 a week",
        [fortnight("Webinar"), week("LinkedIn", 3)],
    ),
    (
        "instagram every weekday, tiktok 2 per week",
        [days("Instagram", 0, 1, 2, 3, 4), week("TikTok", 2)],
    ),
    ("linkedin mon, wed and fri; blog on thursdays", [days("LinkedIn", 0, 2, 4), days("Blog", 3)]),
    ("on tue & fri post to instagram", [days("Instagram", 1, 4)]),
    ("email every monday to friday", [days("Email", 0, 1, 2, 3, 4)]),
    (
        "webinar on the final wednesday of each month and podcast on the first monday monthly",
        [rule("Webinar", 2, -1), rule("Podcast", 0, 1)],
    ),
    ("a monthly newsletter on the 3rd thursday", [rule("Newsletter", 3, 3)]),
    ("two case studies a month and one blog every week", [month("Case study", 2), week("Blog", 1)]),
    (
        "weekly podcast + fortnightly youtube + monthly webinar",
        [week("Podcast", 1), fortnight("YouTube"), month("Webinar")],
    ),
    (
        "linkedin and facebook twice a week, blog monthly",
        [week("LinkedIn", 2), week("Facebook", 2), month("Blog")],
    ),
    ("5 days a week on linkedin", [week("LinkedIn", 5)]),
    (
        "newsletter on the 1st of every month, blog weekly",
        [{"channel": "Newsletter", "kind": "monthly_rule", "rule": {"day": 1}}, week("Blog", 1)],
    ),
    (
        "podcast monthly on the 20th",
        [{"channel": "Podcast", "kind": "monthly_rule", "rule": {"day": 20}}],
    ),
    ("instagram 3 times weekly on mon wed fri", [days("Instagram", 0, 2, 4)]),
]


@pytest.mark.parametrize(("message", "channels"), CADENCES, ids=[c[0] for c in CADENCES])
def test_each_cadence_goes_to_its_own_channel(message: str, channels: list[dict[str, Any]]) -> None:
    args = parse_request(message, TODAY)
    assert args["channels"] == channels
    CalendarRequest.model_validate(args)


def test_biweekly_is_read_as_every_two_weeks_and_said_so() -> None:
    args = parse_request("biweekly podcast, weekly email, 10 weeks", TODAY)
    assert args["channels"] == [fortnight("Podcast"), week("Email", 1)]
    assert any("biweekly" in note and "twice a week" in note for note in args["assumptions"])


SPANS = [
    ("blog weekly for 10 wks from 4 jan", {"start": "2027-01-04", "weeks": 10}),
    ("12-week plan starting next week, blog weekly", {"start": "2026-11-30", "weeks": 12}),
    (
        "linkedin 3/wk from today until the end of december",
        {"start": "2026-11-23", "end": "2026-12-31"},
    ),
    ("blog weekly starting 4/1 through end of march", {"start": "2027-01-04", "end": "2027-03-31"}),
    ("blog weekly from 14 dec till 29 jan", {"start": "2026-12-14", "end": "2027-01-29"}),
    ("feb to april: linkedin twice a week", {"start": "2027-02-01", "end": "2027-04-30"}),
    ("newsletter monthly, march through june", {"start": "2027-03-01", "end": "2027-06-30"}),
    ("from 2 march to the end of may, blog weekly", {"start": "2027-03-02", "end": "2027-05-31"}),
    ("May 3 - June 25, podcast weekly", {"start": "2027-05-03", "end": "2027-06-25"}),
    ("content for Q3: blog weekly", {"start": "2027-07-01", "end": "2027-09-30"}),
    ("h2 next year, newsletter monthly", {"start": "2027-07-01", "end": "2027-12-31"}),
    ("second half of 2027: blog weekly", {"start": "2027-07-01", "end": "2027-12-31"}),
    ("blog weekly for next quarter", {"start": "2027-01-01", "end": "2027-03-31"}),
    ("blog weekly for a quarter starting 7 dec", {"start": "2026-12-07", "weeks": 13}),
    ("april calendar: linkedin 3/wk", {"start": "2027-04-01", "end": "2027-04-30"}),
    ("blog weekly for 2 months from 1 feb", {"start": "2027-02-01", "end": "2027-03-31"}),
    (
        "linkedin 2/wk from next monday to the end of q1",
        {"start": "2026-11-30", "end": "2027-03-31"},
    ),
]


@pytest.mark.parametrize(("message", "expected"), SPANS, ids=[s[0] for s in SPANS])
def test_lengths_and_ranges(message: str, expected: dict[str, Any]) -> None:
    args = parse_request(message, TODAY)
    assert {k: args.get(k) for k in ("start", "end", "weeks") if k in args} == expected


HOLIDAYS = [
    ("blog weekly, avoid bank hols", {"holidays_country": "GB"}),
    ("blog weekly and skip american holidays", {"holidays_country": "US"}),
    ("blog weekly, nothing on irish bank holidays", {"holidays_country": "IE"}),
]


@pytest.mark.parametrize(("message", "expected"), HOLIDAYS, ids=[h[0] for h in HOLIDAYS])
def test_holiday_rules(message: str, expected: dict[str, Any]) -> None:
    args = parse_request(message, TODAY)
    assert {k: args.get(k) for k in expected} == expected


def test_going_dark_over_christmas() -> None:
    args = parse_request(
        "linkedin 3/wk from 7 dec for 6 weeks, go dark over the festive period", TODAY
    )
    assert args["blackout_dates"][0] == "2026-12-24" and args["blackout_dates"][-1] == "2027-01-01"
    assert len(args["blackout_dates"]) == 9 and args["holidays_country"] == "GB"
    assert "not_understood" not in args


def test_named_items_are_kept_with_their_channel() -> None:
    args = parse_request(
        "a case study each month (acme, globex and initech) plus linkedin 2x a week, 12 weeks",
        TODAY,
    )
    assert args["channels"] == [month("Case study"), week("LinkedIn", 2)]
    assert "Case study: 3 named (Acme, Globex, Initech)." in args["assumptions"]
    assert "not_understood" not in args


def test_a_channel_it_does_not_know_is_reported_not_given_its_neighbours_cadence() -> None:
    args = parse_request("linkedin 3/wk and pinterest 5x a week for 4 weeks", TODAY)
    assert args["channels"] == [week("LinkedIn", 3)]
    assert args["not_understood"] == ["5x a week", "pinterest"]


def test_a_channel_describing_something_else_is_not_planned() -> None:
    args = parse_request(
        "blog weekly for 6 weeks, our newsletter subscribers love long reads", TODAY
    )
    assert args["channels"] == [week("Blog", 1)]


def test_times_stay_with_their_channel() -> None:
    args = parse_request("linkedin 3x a week at 8am and blog weekly at 2pm", TODAY)
    assert args["channels"] == [
        {**week("LinkedIn", 3), "time": "08:00"},
        {**week("Blog", 1), "time": "14:00"},
    ]


@pytest.mark.parametrize(
    ("message", "expected"),
    [
        ("ditch facebook", {"drop_channels": ["Facebook"]}),
        ("bump the podcast up to weekly", {"reschedule": [week("Podcast", 1)]}),
        ("blog: every other week from now on", {"reschedule": [fortnight("Blog")]}),
        ("shift webinars to the 4th tuesday monthly", {"reschedule": [rule("Webinar", 1, 4)]}),
        ("make jan more focused on retention", {"heavier_on": "retention", "month": "2027-01"}),
    ],
)
def test_revisions(message: str, expected: dict[str, Any]) -> None:
    args = parse_revision(message, TODAY)
    assert {k: args.get(k) for k in expected} == expected


def test_a_revised_month_is_the_one_inside_the_calendar() -> None:
    span = (dt.date(2027, 11, 1), dt.date(2028, 3, 31))
    assert parse_revision("more conversion in february", TODAY, span)["month"] == "2028-02"


def test_a_launch_without_a_name() -> None:
    args = parse_request("our launch is on 9 feb; linkedin 3/wk for 8 weeks from 11 jan", TODAY)
    assert args["launches"] == [{"name": "Launch", "date": "2027-02-09"}]
    assert "not_understood" not in args


def test_a_numeric_date_is_read_day_first_and_said_so() -> None:
    args = parse_request("linkedin 3/wk for 4 weeks starting 12/1", TODAY)
    assert args["start"] == "2027-01-12"
    assert any("12/1 read day first" in note for note in args["assumptions"])
