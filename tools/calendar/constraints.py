"""Which days may carry content, and whether a request can be scheduled at all.

The one scheduling rule users must know: **at most one item per channel per day**. A cadence
therefore needs at least as many allowed weekdays in each window as items it owes there; when
it cannot have them, `validate_request` raises `ImpossibleCalendar` naming the conflict and a
fix, before any scheduling work is done.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import holidays

from tools.calendar.errors import ImpossibleCalendar
from tools.calendar.models import WEEKDAY_NAMES, CalendarRequest, ChannelCadence
from tools.calendar.windows import Window, allowed_days, expected_count, make_windows

MAX_WEEKS = 52
MAX_DAYS = 7 * MAX_WEEKS
MAX_ITEMS = 2000
MAX_BLACKOUTS = 400
_MONTH_KEY = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")


@dataclass(frozen=True)
class DayRules:
    """Allowed weekdays, public holidays and blackout dates for one request."""

    allowed_weekdays: frozenset[int]
    holidays: dict[dt.date, str]
    blackouts: frozenset[dt.date]

    def blocked_reason(self, day: dt.date) -> str | None:
        """Why a day is off-limits, for the note on an item moved off it."""
        if day in self.holidays:
            return self.holidays[day]
        if day in self.blackouts:
            return "blackout date"
        if day.weekday() not in self.allowed_weekdays:
            return f"{WEEKDAY_NAMES[day.weekday()]}s are not allowed"
        return None

    def usable(self, day: dt.date) -> bool:
        return self.blocked_reason(day) is None


def weekday_list(days: list[int] | frozenset[int]) -> str:
    return ", ".join(WEEKDAY_NAMES[d] for d in sorted(days)) or "none"


def load_holidays(request: CalendarRequest) -> dict[dt.date, str]:
    """Public holidays in the range, from the `holidays` package (country + subdivision)."""
    if not request.holidays_country:
        return {}
    years = range(request.start.year, request.end_date.year + 1)
    try:
        table = holidays.country_holidays(
            request.holidays_country.upper(), subdiv=request.holidays_subdivision, years=years
        )
    except NotImplementedError as exc:
        raise ImpossibleCalendar(
            f"Unknown holiday calendar {request.holidays_country}"
            f"{'/' + request.holidays_subdivision if request.holidays_subdivision else ''}.",
            "use an ISO country code such as GB (with subdivision ENG, SCT, WLS or NIR), "
            "US, IE, DE or FR, or turn holiday skipping off.",
        ) from exc
    return {d: str(name) for d, name in sorted(table.items())}


def validate_request(request: CalendarRequest) -> DayRules:
    """Check the request as a whole; return its day rules. Raises `ImpossibleCalendar`."""
    _check_range(request)
    _check_basics(request)
    rules = DayRules(
        allowed_weekdays=frozenset(request.allowed_weekdays),
        holidays=load_holidays(request),
        blackouts=frozenset(request.blackout_dates),
    )
    total = sum(_check_cadence(request, cadence) for cadence in request.channels)
    total += 4 * len(request.launches)
    if total > MAX_ITEMS:
        raise ImpossibleCalendar(
            f"This calendar would hold about {total} items; the limit is {MAX_ITEMS}.",
            "shorten the range or lower the busiest channels' cadence.",
        )
    return rules


def _check_range(request: CalendarRequest) -> None:
    end = request.end_date
    if end < request.start:
        raise ImpossibleCalendar(
            f"The end date {end} is before the start date {request.start}.",
            "give an end date after the start, or a number of weeks.",
        )
    days = (end - request.start).days + 1
    if days > MAX_DAYS:
        raise ImpossibleCalendar(
            f"The range is {days} days; calendars are capped at {MAX_WEEKS} weeks.",
            f"plan at most {MAX_WEEKS} weeks at a time (e.g. end by "
            f"{request.start + dt.timedelta(days=MAX_DAYS - 1)}).",
        )


def _check_basics(request: CalendarRequest) -> None:
    if not request.allowed_weekdays:
        raise ImpossibleCalendar("No weekday is allowed for publishing.", "allow Monday–Friday.")
    try:
        ZoneInfo(request.timezone)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise ImpossibleCalendar(
            f"Unknown time zone {request.timezone!r}.",
            "use an IANA name such as Europe/London or America/New_York.",
        ) from exc
    names = [c.channel.lower() for c in request.channels]
    duplicate = next((n for n in names if names.count(n) > 1), None)
    if duplicate:
        raise ImpossibleCalendar(
            f"The channel {duplicate!r} is listed twice.",
            "give each channel one cadence (e.g. LinkedIn 4 per week rather than 3 + 1).",
        )
    _check_shares(request)
    _check_day_cap(request)
    if len(request.blackout_dates) > MAX_BLACKOUTS:
        raise ImpossibleCalendar(
            f"{len(request.blackout_dates)} blackout dates is more than {MAX_BLACKOUTS}.",
            "shorten the range instead of blacking out most of it.",
        )


def _check_shares(request: CalendarRequest) -> None:
    mixes = [("stage mix", request.stage_mix), *request.stage_mix_overrides.items()]
    for name, mix in mixes:
        if any(v < 0 for v in mix.values()) or sum(mix.values()) <= 0:
            raise ImpossibleCalendar(
                f"The {name} has no positive share.",
                "give shares such as awareness 40%, consideration 30%, conversion 20%, "
                "retention 10%.",
            )
    bad_month = next((k for k in request.stage_mix_overrides if not _MONTH_KEY.match(k)), None)
    if bad_month:
        raise ImpossibleCalendar(f"{bad_month!r} is not a month.", "write months as YYYY-MM.")
    shares = request.pillar_shares or {}
    unknown = sorted(set(shares) - set(request.effective_pillars()))
    if unknown or (shares and (any(v < 0 for v in shares.values()) or sum(shares.values()) <= 0)):
        raise ImpossibleCalendar(
            "Pillar shares must be non-negative and name listed pillars "
            f"(got {unknown or shares}).",
            "list the pillars first, then give each a share.",
        )


def _check_cadence(request: CalendarRequest, cadence: ChannelCadence) -> int:
    """Check one cadence against the allowed weekdays; return how many items it owes."""
    allowed = frozenset(request.allowed_weekdays)
    fixed = cadence.weekdays if cadence.kind == "weekdays" else []
    if cadence.kind == "monthly_rule" and cadence.rule is not None:
        fixed = [] if cadence.rule.weekday is None else [cadence.rule.weekday]
    if set(fixed) - allowed:
        day = WEEKDAY_NAMES[min(set(fixed) - allowed)]
        raise ImpossibleCalendar(
            f"{cadence.channel} is set to {cadence.describe()}, but {day} is not an allowed "
            f"publishing day (allowed: {weekday_list(allowed)}).",
            f"allow {day}s, or move {cadence.channel} to one of: {weekday_list(allowed)}.",
            channel=cadence.channel,
        )
    windows = make_windows(cadence.kind, request.start, request.end_date)
    for window in windows:
        _check_window(cadence, window, allowed)
    return sum(expected_count(cadence, w, allowed) for w in windows)


def _check_window(cadence: ChannelCadence, window: Window, allowed: frozenset[int]) -> None:
    if cadence.kind not in ("per_week", "per_fortnight", "per_month") or not window.is_full:
        return
    capacity = len(allowed_days(window, allowed))
    if cadence.times <= capacity:
        return
    unit = {"per_week": "week", "per_fortnight": "fortnight", "per_month": "month"}[cadence.kind]
    fixes = [f"lower {cadence.channel} to {capacity} per {unit}"] if capacity else []
    # The smallest wider set of weekdays that would make room, if any does.
    for wider in (frozenset(range(5)) | allowed, frozenset(range(7))):
        room = len(allowed_days(window, wider))
        if wider != allowed and room >= cadence.times:
            fixes.append(f"allow {weekday_list(wider)} ({room} days per {unit})")
            break
    raise ImpossibleCalendar(
        f"{cadence.channel} is set to {cadence.times} items per {unit}, but a {unit} has only "
        f"{capacity} allowed publishing day(s) ({weekday_list(allowed)}) and a channel gets at "
        "most one item per day.",
        " or ".join(fixes) + ".",
        channel=cadence.channel,
    )


def _check_day_cap(request: CalendarRequest) -> None:
    """Fixed-day cadences that alone overfill a weekday under `max_per_day`."""
    cap = request.max_per_day
    if cap is None:
        return
    by_weekday: dict[int, list[str]] = {}
    for cadence in request.channels:
        if cadence.kind == "weekdays":
            for day in cadence.weekdays:
                by_weekday.setdefault(day, []).append(cadence.channel)
    for day, channels in sorted(by_weekday.items()):
        if len(channels) > cap:
            raise ImpossibleCalendar(
                f"{_and_join(channels)} all publish every {WEEKDAY_NAMES[day]}, but at most "
                f"{cap} item(s) per day are allowed.",
                f"raise the daily limit to {len(channels)}, or move "
                f"{channels[-1]} to another weekday.",
            )


def _and_join(names: list[str]) -> str:
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"
