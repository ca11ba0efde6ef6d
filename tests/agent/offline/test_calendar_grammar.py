"""The offline model reads calendar requests from chat messages."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from agent.offline.grammar.calendar_request import parse_request
from agent.offline.grammar.calendar_revision import parse_revision
from tests.tools.calendar.conftest import EXAMPLE as ISSUE_REQUEST
from tools.calendar.models import CalendarRequest

TODAY = dt.date(2026, 11, 23)  # a Monday
EXAMPLE = (
    "Plan 8 weeks of content from 5 January: LinkedIn three times a week, a blog post every "
    "Tuesday, a monthly webinar, a fortnightly newsletter; focus on the mid-market "
    "finance-team ICP; no posts on UK bank holidays."
)


def test_the_issue_example() -> None:
    args = parse_request(EXAMPLE, TODAY)
    assert args == ISSUE_REQUEST
    CalendarRequest.model_validate(args)
    # "5 January" is the next one on or after today
    assert parse_request(EXAMPLE, dt.date(2027, 1, 6))["start"] == "2028-01-05"
    assert parse_request(EXAMPLE, dt.date(2027, 1, 5))["start"] == "2027-01-05"


def test_defaults_when_nothing_is_said() -> None:
    args = parse_request("Make me a content calendar", TODAY)
    assert args["start"] == "2026-11-30" and args["weeks"] == 4
    assert args["channels"] == [
        {"channel": "LinkedIn", "kind": "per_week", "times": 3},
        {"channel": "Blog", "kind": "per_week", "times": 1},
    ]
    assert len(args["assumptions"]) == 3
    CalendarRequest.model_validate(args)


@pytest.mark.parametrize(
    ("message", "expected"),
    [
        (
            "LinkedIn twice a week for 6 weeks",
            {"weeks": 6, "channels": [{"channel": "LinkedIn", "kind": "per_week", "times": 2}]},
        ),
        (
            "blog every Tuesday and Thursday until 31 March",
            {
                "end": "2027-03-31",
                "channels": [{"channel": "Blog", "kind": "weekdays", "weekdays": [1, 3]}],
            },
        ),
        (
            "Plan 3 months from 1 February: a webinar on the last Thursday of the month",
            {
                "start": "2027-02-01",
                "end": "2027-04-30",
                "channels": [
                    {
                        "channel": "Webinar",
                        "kind": "monthly_rule",
                        "rule": {"weekday": 3, "ordinal": -1},
                    }
                ],
            },
        ),
        (
            "LinkedIn and Instagram 3x a week, newsletter weekly",
            {
                "channels": [
                    {"channel": "LinkedIn", "kind": "per_week", "times": 3},
                    {"channel": "Instagram", "kind": "per_week", "times": 3},
                    {"channel": "Newsletter", "kind": "per_week", "times": 1},
                ]
            },
        ),
        (
            "podcast every other week, YouTube daily",
            {
                "channels": [
                    {"channel": "Podcast", "kind": "per_fortnight", "times": 1},
                    {"channel": "YouTube", "kind": "weekdays", "weekdays": [0, 1, 2, 3, 4]},
                ]
            },
        ),
        (
            "a newsletter twice a month and case studies once a month",
            {
                "channels": [
                    {"channel": "Newsletter", "kind": "per_month", "times": 2},
                    {"channel": "Case study", "kind": "per_month", "times": 1},
                ]
            },
        ),
        (
            "LinkedIn 3 times a week; launch of Close Kit on 2 February",
            {"launches": [{"name": "Close Kit", "date": "2027-02-02"}]},
        ),
        (
            "Close Kit launches on 2 Feb. LinkedIn weekly",
            {"launches": [{"name": "Close Kit", "date": "2027-02-02"}]},
        ),
        (
            "LinkedIn weekly; no posts on 24 December and 31 December",
            {"blackout_dates": ["2026-12-24", "2026-12-31"]},
        ),
        (
            "LinkedIn weekly from 5 January, no posts from 20 to 22 January",
            {"blackout_dates": ["2027-01-20", "2027-01-21", "2027-01-22"]},
        ),
        (
            "pillars: AP automation, month-end close and audit readiness. Blog weekly",
            {"pillars": ["AP automation", "Month-end close", "Audit readiness"]},
        ),
        ("blog weekly targeting CFOs at logistics firms", {"segment": "CFOs at logistics firms"}),
        (
            "blog weekly, skip Scottish bank holidays",
            {"holidays_country": "GB", "holidays_subdivision": "SCT"},
        ),
        (
            "blog weekly, no posts on US federal holidays, in New York time",
            {"holidays_country": "US", "timezone": "America/New_York"},
        ),
        (
            "LinkedIn daily including weekends",
            {
                "allowed_weekdays": [0, 1, 2, 3, 4, 5, 6],
                "channels": [
                    {"channel": "LinkedIn", "kind": "weekdays", "weekdays": [0, 1, 2, 3, 4, 5, 6]}
                ],
            },
        ),
        ("LinkedIn twice a week, only Tuesday to Thursday", {"allowed_weekdays": [1, 2, 3]}),
        ("LinkedIn twice a week, no posts on Fridays", {"allowed_weekdays": [0, 1, 2, 3]}),
        (
            "LinkedIn 3 times a week at 9am, no more than 2 posts a day",
            {
                "max_per_day": 2,
                "channels": [
                    {"channel": "LinkedIn", "kind": "per_week", "times": 3, "time": "09:00"}
                ],
            },
        ),
        (
            "LinkedIn weekly, 50% awareness, 50% conversion",
            {
                "stage_mix": {
                    "awareness": 50.0,
                    "consideration": 0.0,
                    "conversion": 50.0,
                    "retention": 0.0,
                }
            },
        ),
        ("LinkedIn weekly, Sam owns LinkedIn", {"owners": {"LinkedIn": "Sam"}}),
        ("Plan Q1: blog weekly", {"start": "2027-01-01", "end": "2027-03-31"}),
        ("content for February, blog weekly", {"start": "2027-02-01", "end": "2027-02-28"}),
        (
            "LinkedIn weekly for a quarter from 1 March",
            {"start": "2027-03-01", "end": "2027-05-31"},
        ),
        ("5 years of daily LinkedIn posts", {"weeks": 260}),
    ],
)
def test_phrases(message: str, expected: dict[str, Any]) -> None:
    args = parse_request(message, TODAY)
    assert {k: args.get(k) for k in expected} == expected


def test_heavier_on_a_stage_in_a_month() -> None:
    args = parse_request(
        "Plan 8 weeks from 5 January, LinkedIn 3x a week, February heavier on conversion", TODAY
    )
    assert args["stage_mix_overrides"] == {
        "2027-02": {"awareness": 0.3, "consideration": 0.225, "conversion": 0.4, "retention": 0.075}
    }


@pytest.mark.parametrize(
    ("message", "expected"),
    [
        (
            "move the webinar to the last Thursday of the month",
            {
                "reschedule": [
                    {
                        "channel": "Webinar",
                        "kind": "monthly_rule",
                        "rule": {"weekday": 3, "ordinal": -1},
                    }
                ]
            },
        ),
        ("drop Instagram", {"drop_channels": ["Instagram"]}),
        ("make February heavier on conversion", {"heavier_on": "conversion", "month": "February"}),
        (
            "Remove the newsletter and Instagram from cal-20270105-1b891130",
            {"drop_channels": ["Newsletter", "Instagram"], "calendar_id": "cal-20270105-1b891130"},
        ),
        (
            "change LinkedIn to twice a week and make March heavier on retention",
            {
                "reschedule": [{"channel": "LinkedIn", "kind": "per_week", "times": 2}],
                "heavier_on": "retention",
                "month": "March",
            },
        ),
        ("no more webinars", {"drop_channels": ["Webinar"]}),
        (
            "put the blog on Tuesdays and Thursdays",
            {"reschedule": [{"channel": "Blog", "kind": "weekdays", "weekdays": [1, 3]}]},
        ),
        ("more retention content in March", {"heavier_on": "retention", "month": "March"}),
    ],
)
def test_revision_phrases(message: str, expected: dict[str, Any]) -> None:
    args = parse_revision(message)
    assert {k: args.get(k) for k in expected} == expected
    assert args["instruction"] == message
