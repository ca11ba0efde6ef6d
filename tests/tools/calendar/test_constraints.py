"""Impossible requests are refused with the conflict named and a fix that would work."""

from __future__ import annotations

import pytest

from tests.tools.calendar.conftest import make_request
from tools.calendar.constraints import MAX_ITEMS, MAX_WEEKS, validate_request
from tools.calendar.errors import ImpossibleCalendar
from tools.calendar.generate import generate_calendar


def _refusal(**changes: object) -> ImpossibleCalendar:
    with pytest.raises(ImpossibleCalendar) as caught:
        validate_request(make_request(**changes))
    error = caught.value
    assert error.status_code == 422 and error.code == "impossible_calendar"
    assert error.detail == f"{error.problem} Suggested fix: {error.suggestion}"
    return error


def test_seven_a_week_on_one_allowed_weekday() -> None:
    error = _refusal(
        allowed_weekdays=[2], channels=[{"channel": "LinkedIn", "kind": "per_week", "times": 7}]
    )
    assert error.problem.startswith("LinkedIn is set to 7 items per week, but a week has only 1")
    assert error.suggestion == (
        "lower LinkedIn to 1 per week or allow Monday, Tuesday, Wednesday, Thursday, Friday, "
        "Saturday, Sunday (7 days per week)."
    )
    # the suggested fix works
    fixed = make_request(
        allowed_weekdays=list(range(7)),
        channels=[{"channel": "LinkedIn", "kind": "per_week", "times": 7}],
    )
    assert len(generate_calendar(fixed, []).items) == 7 * 8


def test_a_fixed_weekday_that_is_not_allowed() -> None:
    error = _refusal(channels=[{"channel": "Blog", "kind": "weekdays", "weekdays": [5]}])
    assert "Saturday is not an allowed publishing day" in error.problem
    assert error.suggestion.startswith("allow Saturdays, or move Blog to one of: Monday")


def test_an_end_before_the_start() -> None:
    error = _refusal(end="2027-01-01", weeks=None)
    assert error.problem == "The end date 2027-01-01 is before the start date 2027-01-05."


def test_five_years_of_daily_posts_hits_the_documented_caps() -> None:
    daily = [{"channel": "LinkedIn", "kind": "weekdays", "weekdays": [0, 1, 2, 3, 4]}]
    error = _refusal(weeks=5 * 52, channels=daily)
    assert f"capped at {MAX_WEEKS} weeks" in error.problem
    assert "end by 2028-01-03" in error.suggestion  # 52 weeks from Tue 5 Jan 2027
    channels = [
        {"channel": c, "kind": "weekdays", "weekdays": list(range(7))}
        for c in ("LinkedIn", "Blog", "Instagram", "X", "TikTok", "Facebook")
    ]
    error = _refusal(weeks=52, allowed_weekdays=list(range(7)), channels=channels)
    assert (
        error.problem == f"This calendar would hold about {6 * 364} items; the limit is "
        f"{MAX_ITEMS}."
    )


@pytest.mark.parametrize(
    ("changes", "words"),
    [
        ({"timezone": "Mars/Olympus"}, "Unknown time zone"),
        ({"holidays_country": "XX"}, "Unknown holiday calendar XX"),
        ({"channels": [{"channel": "linkedin"}, {"channel": "LinkedIn "}]}, "listed twice"),
        ({"stage_mix_overrides": {"2027-13": {"conversion": 1}}}, "is not a month"),
        ({"stage_mix": {"awareness": 0}}, "no positive share"),
        ({"pillars": ["A"], "pillar_shares": {"B": 1}}, "Pillar shares must"),
        ({"allowed_weekdays": []}, "No weekday is allowed"),
    ],
)
def test_other_conflicts(changes: dict[str, object], words: str) -> None:
    assert words in _refusal(**changes).problem
