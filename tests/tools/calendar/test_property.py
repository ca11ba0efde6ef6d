"""For random valid requests, every constraint holds (or the request is refused with a fix)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from evals.calendar_checks import check_all
from tools.calendar.errors import ImpossibleCalendar
from tools.calendar.generate import generate_calendar
from tools.calendar.models import CalendarRequest

CHANNELS = ("LinkedIn", "Blog", "Newsletter", "Webinar", "Instagram", "Podcast")


@st.composite
def cadences(draw: st.DrawFn, channel: str, allowed: list[int]) -> dict[str, Any]:
    kind = draw(
        st.sampled_from(["per_week", "per_fortnight", "per_month", "weekdays", "monthly_rule"])
    )
    spec: dict[str, Any] = {"channel": channel, "kind": kind}
    if kind == "per_week":
        spec["times"] = draw(st.integers(1, len(allowed)))
    elif kind == "per_fortnight":
        spec["times"] = draw(st.integers(1, 2 * len(allowed)))
    elif kind == "per_month":
        spec["times"] = draw(st.integers(1, 4))
    elif kind == "weekdays":
        spec["weekdays"] = draw(
            st.lists(st.sampled_from(allowed), min_size=1, max_size=2, unique=True)
        )
    else:
        spec["rule"] = {
            "weekday": draw(st.sampled_from(allowed)),
            "ordinal": draw(st.sampled_from([1, 2, 3, 4, -1])),
        }
    return spec


@st.composite
def requests(draw: st.DrawFn) -> CalendarRequest:
    start = draw(st.dates(dt.date(2026, 1, 1), dt.date(2028, 12, 31)))
    weeks = draw(st.integers(1, 14))
    allowed = sorted(draw(st.sets(st.integers(0, 6), min_size=2, max_size=7)))
    names = draw(st.lists(st.sampled_from(CHANNELS), min_size=1, max_size=4, unique=True))
    end = start + dt.timedelta(days=7 * weeks - 1)
    blackouts = draw(st.lists(st.dates(start, end), max_size=4, unique=True))
    weights = st.floats(0.05, 1.0, allow_nan=False)
    return CalendarRequest.model_validate(
        {
            "start": start,
            "weeks": weeks,
            "allowed_weekdays": allowed,
            "channels": [draw(cadences(n, allowed)) for n in names],
            "blackout_dates": blackouts,
            "holidays_country": draw(st.sampled_from([None, "GB", "US"])),
            "stage_mix": draw(
                st.fixed_dictionaries(
                    {s: weights for s in ("awareness", "consideration", "conversion", "retention")}
                )
            ),
            "pillars": draw(
                st.lists(
                    st.sampled_from(["Proof", "How-to", "Insight", "Product", "Culture"]),
                    min_size=1,
                    max_size=5,
                    unique=True,
                )
            ),
            "max_per_day": draw(st.sampled_from([None, None, 2, 3])),
            "segment": "finance teams",
        }
    )


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(requests())
def test_every_constraint_holds_or_the_request_is_refused(request: CalendarRequest) -> None:
    try:
        calendar = generate_calendar(request, [])
    except ImpossibleCalendar as refused:
        assert refused.problem and refused.suggestion
        return
    check_all(calendar)
