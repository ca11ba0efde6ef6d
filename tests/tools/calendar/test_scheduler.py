"""Scheduling is exact: cadences per window, holidays and blackouts, spread, launches."""

from __future__ import annotations

import datetime as dt
from collections import Counter

import pytest

from evals.calendar_checks import check_all, check_cadences, check_dates_and_days
from tests.tools.calendar.conftest import day, make_request
from tools.calendar.errors import ImpossibleCalendar
from tools.calendar.generate import generate_calendar
from tools.calendar.models import Calendar, CalendarRequest
from tools.calendar.scheduler import schedule
from tools.calendar.windows import rule_date


def _generate(request: CalendarRequest) -> Calendar:
    return generate_calendar(request, [])


def test_the_example_request_honours_every_cadence(example: CalendarRequest) -> None:
    calendar = _generate(example)
    check_all(calendar)
    counts = Counter(i.channel for i in calendar.items)
    # 8 whole weeks: 3 LinkedIn a week, 8 Tuesdays, 4 fortnights; the webinar owes one in
    # January (27 of 31 days inside the range, prorated to 1), one in February, none for
    # the single day of March.
    assert counts == {"LinkedIn": 24, "Blog": 8, "Newsletter": 4, "Webinar": 2}
    assert calendar.start == day("2027-01-05") and calendar.end == day("2027-03-01")
    assert all(i.date.weekday() == 1 for i in calendar.items if i.channel == "Blog")
    assert [i.date.month for i in calendar.items if i.channel == "Webinar"] == [1, 2]


def test_fixed_day_cadences_take_exactly_their_dates() -> None:
    request = make_request(
        start="2027-04-01",
        end="2027-06-30",
        holidays_country=None,
        channels=[
            {"channel": "Webinar", "kind": "monthly_rule", "rule": {"weekday": 3, "ordinal": -1}},
            {"channel": "Podcast", "kind": "monthly_rule", "rule": {"weekday": 0, "ordinal": 1}},
            {"channel": "Blog", "kind": "weekdays", "weekdays": [1, 3]},
        ],
    )
    calendar = _generate(request)
    check_all(calendar)
    webinars = [i.date for i in calendar.items if i.channel == "Webinar"]
    assert webinars == [day("2027-04-29"), day("2027-05-27"), day("2027-06-24")]
    podcasts = [i.date for i in calendar.items if i.channel == "Podcast"]
    assert podcasts == [day("2027-04-05"), day("2027-05-03"), day("2027-06-07")]
    blogs = [i.date for i in calendar.items if i.channel == "Blog"]
    assert len(blogs) == 26 and {d.weekday() for d in blogs} == {1, 3}


def test_items_leave_bank_holidays_and_blackouts_and_say_why() -> None:
    # Easter 2027: Good Friday 26 March and Easter Monday 29 March (England and Wales)
    request = make_request(
        start="2027-03-22",
        weeks=2,
        blackout_dates=["2027-03-23"],
        channels=[
            {"channel": "Blog", "kind": "weekdays", "weekdays": [0, 1, 4]},
            {"channel": "LinkedIn", "kind": "per_week", "times": 3},
        ],
    )
    calendar = _generate(request)
    check_all(calendar)
    moved = {i.moved_from: i for i in calendar.items if i.channel == "Blog" and i.moved_from}
    assert set(moved) == {day("2027-03-23"), day("2027-03-26"), day("2027-03-29")}
    assert moved[day("2027-03-29")].note == "Moved from Mon 29 Mar 2027 (Easter Monday)."
    # Tuesday already has a blog post, so Wednesday is the next free day
    assert moved[day("2027-03-29")].date == day("2027-03-31")
    assert moved[day("2027-03-23")].note == "Moved from Tue 23 Mar 2027 (blackout date)."
    assert "Good Friday" in moved[day("2027-03-26")].note
    assert any("England and Wales" in d for d in calendar.defaults_used)


def test_gb_bank_holidays_use_england_and_wales_unless_told_otherwise() -> None:
    dates = {
        i.date
        for i in _generate(
            make_request(
                start="2027-03-29",
                weeks=1,
                holidays_country="GB",
                channels=[{"channel": "Blog", "kind": "per_week", "times": 5}],
                allowed_weekdays=list(range(7)),
            )
        ).items
    }
    assert day("2027-03-29") not in dates  # Easter Monday is not a holiday in Scotland
    scottish = {
        i.date
        for i in _generate(
            make_request(
                start="2027-03-29",
                weeks=1,
                holidays_country="GB",
                holidays_subdivision="SCT",
                channels=[{"channel": "Blog", "kind": "per_week", "times": 5}],
                allowed_weekdays=list(range(7)),
            )
        ).items
    }
    assert day("2027-03-29") in scottish


def test_channels_are_spread_across_the_week(example: CalendarRequest) -> None:
    load = Counter(i.date for i in _generate(example).items)
    # 4.75 items a week over 5 weekdays: never more than two on a day
    assert max(load.values()) <= 2


def test_a_daily_limit_is_never_exceeded_and_moves_are_noted() -> None:
    request = make_request(
        max_per_day=1,
        channels=[
            {"channel": "LinkedIn", "kind": "per_week", "times": 3},
            {"channel": "Blog", "kind": "weekdays", "weekdays": [1]},
            {"channel": "Newsletter", "kind": "per_fortnight", "times": 1},
        ],
        blackout_dates=["2027-01-11", "2027-02-08"],  # Mondays: LinkedIn moves onto Thursdays
    )
    calendar = _generate(request)
    check_all(calendar)
    assert max(Counter(i.date for i in calendar.items).values()) == 1
    limited = [i for i in calendar.items if "daily limit" in i.note]
    assert [(i.channel, i.moved_from) for i in limited] == [
        ("Newsletter", day("2027-01-07")),
        ("Newsletter", day("2027-02-04")),
    ]


def test_a_daily_limit_that_fixed_days_break_is_impossible() -> None:
    request = make_request(
        max_per_day=1,
        channels=[
            {"channel": "Blog", "kind": "weekdays", "weekdays": [1]},
            {"channel": "Podcast", "kind": "weekdays", "weekdays": [1, 3]},
        ],
    )
    with pytest.raises(ImpossibleCalendar) as caught:
        schedule(request)
    assert "Blog and Podcast all publish every Tuesday" in caught.value.problem
    assert "raise the daily limit to 2" in caught.value.suggestion


def test_a_week_without_enough_free_days_is_explained() -> None:
    # Christmas 2027 falls on a weekend, so Mon 27 and Tue 28 December are the bank holidays
    request = make_request(
        start="2027-12-27",
        weeks=1,
        channels=[{"channel": "LinkedIn", "kind": "per_week", "times": 5}],
    )
    with pytest.raises(ImpossibleCalendar) as caught:
        schedule(request)
    message = caught.value.detail
    assert "Christmas Day (observed)" in message and "Boxing Day (observed)" in message
    assert "Suggested fix: lower LinkedIn's cadence" in message


def test_weekends_are_used_only_when_allowed() -> None:
    request = make_request(
        allowed_weekdays=list(range(7)),
        channels=[{"channel": "Instagram", "kind": "per_week", "times": 7}],
    )
    calendar = _generate(request)
    check_all(calendar)
    assert len(calendar.items) == 7 * 8
    weekdays_only = _generate(
        make_request(channels=[{"channel": "Instagram", "kind": "per_week", "times": 5}])
    )
    assert all(i.date.weekday() < 5 for i in weekdays_only.items)


def test_a_launch_gets_its_lead_up_sequence_in_order() -> None:
    request = make_request(
        start="2027-01-04",
        weeks=12,
        launches=[{"name": "Close Kit", "date": "2027-02-02", "channel": "LinkedIn"}],
    )
    calendar = _generate(request)
    check_dates_and_days(calendar)
    check_cadences(calendar)
    steps = [i for i in calendar.items if i.launch == "Close Kit"]
    assert [i.launch_step for i in steps] == ["teaser", "announcement", "proof", "follow_up"]
    dates = [i.date for i in steps]
    launch = day("2027-02-02")
    assert launch - dt.timedelta(days=21) <= dates[0] <= launch - dt.timedelta(days=10)
    assert dates[1] == launch
    assert launch + dt.timedelta(days=1) <= dates[2] <= launch + dt.timedelta(days=28)
    assert launch + dt.timedelta(days=28) <= dates[3] <= launch + dt.timedelta(days=56)
    assert [i.stage for i in steps] == ["awareness", "consideration", "consideration", "conversion"]
    assert all(i.source and i.source.label.startswith("Launch plan: Close Kit") for i in steps)


def test_a_launch_too_early_for_a_teaser_says_so() -> None:
    request = make_request(launches=[{"name": "Close Kit", "date": "2027-01-07"}])
    calendar = _generate(request)
    assert [i.launch_step for i in calendar.items if i.launch] == [
        "announcement",
        "proof",
        "follow_up",
    ]
    assert any(w.startswith("No teaser for 'Close Kit'") for w in calendar.warnings)
    assert any("runs on LinkedIn (the first channel)" in d for d in calendar.defaults_used)


def test_monthly_rules_pick_the_right_day() -> None:
    from tools.calendar.models import MonthlyRule

    assert rule_date(MonthlyRule(weekday=3, ordinal=-1), 2027, 2) == day("2027-02-25")
    assert rule_date(MonthlyRule(weekday=0, ordinal=1), 2027, 3) == day("2027-03-01")
    assert rule_date(MonthlyRule(weekday=4, ordinal=4), 2027, 1) == day("2027-01-22")


def test_a_channel_with_nothing_owed_is_explained() -> None:
    request = make_request(
        weeks=1,
        channels=[
            {"channel": "LinkedIn", "kind": "per_week", "times": 2},
            {"channel": "Webinar", "kind": "per_month", "times": 1},  # 7 of 31 days: rounds to 0
        ],
    )
    calendar = _generate(request)
    assert {i.channel for i in calendar.items} == {"LinkedIn"}
    assert any(w.startswith("Webinar (1 per month) has no items") for w in calendar.warnings)


def test_a_day_of_the_month_rule_takes_that_day_or_the_next_usable_one() -> None:
    request = make_request(
        start="2027-01-01",
        end="2027-04-30",
        holidays_country=None,
        launches=[],
        channels=[{"channel": "Newsletter", "kind": "monthly_rule", "rule": {"day": 31}}],
    )
    calendar = _generate(request)
    check_all(calendar)
    slots = [i.slot for i in calendar.items]
    # the 31st, or the month's last day when it is shorter
    assert slots == [day("2027-01-31"), day("2027-02-28"), day("2027-03-31"), day("2027-04-30")]
    # 31 Jan and 28 Feb 2027 are Sundays: moved to a weekday inside their month
    dates = [i.date for i in calendar.items]
    assert dates[0] == day("2027-01-29") and dates[1] == day("2027-02-26")
    assert dates[2:] == slots[2:]
    assert request.channels[0].describe() == "31st of the month"
