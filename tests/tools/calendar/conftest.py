"""Requests the calendar tests share."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from tools.calendar.models import CalendarRequest

EXAMPLE: dict[str, Any] = {
    "start": "2027-01-05",
    "weeks": 8,
    "channels": [
        {"channel": "LinkedIn", "kind": "per_week", "times": 3},
        {"channel": "Blog", "kind": "weekdays", "weekdays": [1]},
        {"channel": "Webinar", "kind": "per_month", "times": 1},
        {"channel": "Newsletter", "kind": "per_fortnight", "times": 1},
    ],
    "segment": "mid-market finance-team",
    "holidays_country": "GB",
}


def make_request(**changes: Any) -> CalendarRequest:
    return CalendarRequest.model_validate({**EXAMPLE, **changes})


@pytest.fixture
def example() -> CalendarRequest:
    return make_request()


def day(text: str) -> dt.date:
    return dt.date.fromisoformat(text)
