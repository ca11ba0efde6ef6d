"""Kinds of wording found in the sixth round (issue 12): days of the month in words, "the
first week of January", a quarter "next year", a day taken off a channel (never the channel
dropped, never that day kept), and a plan that adds a channel with "plus …"."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from agent.offline.grammar.calendar_request import parse_request
from agent.offline.grammar.calendar_revision import parse_revision
from agent.runner import TurnResult

TODAY = date(2026, 11, 23)


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
