"""Fill what a request leaves out, and say so in words.

Two steps: `resolve` turns a `CalendarDraft` (anything missing) into a complete
`CalendarRequest`, recording each gap it filled in `assumptions`; `describe_defaults` lists the
defaults still in effect in a complete request (time zone, weekdays, stage mix, pillars, times,
formats, owners...). A calendar's `defaults_used` is both lists, so the answer never hides a
choice the user did not make.
"""

from __future__ import annotations

import datetime as dt

from tools.calendar.models import (
    CHANNEL_DEFAULTS,
    DEFAULT_PILLARS,
    DEFAULT_STAGE_MIX,
    STAGES,
    CalendarDraft,
    CalendarRequest,
    ChannelCadence,
)

DEFAULT_WEEKS = 4
DEFAULT_TIMEZONE = "Europe/London"
DEFAULT_WEEKDAYS = [0, 1, 2, 3, 4]


def default_channels() -> list[ChannelCadence]:
    """LinkedIn three times a week and a weekly blog: the playbook's sustainable small-team
    cadence (LinkedIn 2–3 per week; blog 2–4 per month)."""
    return [
        ChannelCadence(channel="LinkedIn", kind="per_week", times=3),
        ChannelCadence(channel="Blog", kind="per_week", times=1),
    ]


def next_monday(today: dt.date) -> dt.date:
    """The first Monday strictly after `today`."""
    return today + dt.timedelta(days=7 - today.weekday())


def fmt_date(day: dt.date) -> str:
    return f"{day:%A} {day.day} {day:%B %Y}"


def resolve(
    draft: CalendarDraft, today: dt.date, previous: CalendarRequest | None = None
) -> CalendarRequest:
    """A complete request from a draft; `previous` (the workspace's latest calendar request)
    supplies channels and pillars the draft leaves out."""
    data = draft.model_dump()
    notes = list(draft.assumptions)
    if draft.start is None:
        data["start"] = next_monday(today)
        notes.append(f"Start: {fmt_date(data['start'])} (the next Monday; no start was given).")
    if draft.weeks is None and draft.end is None:
        data["weeks"] = DEFAULT_WEEKS
        notes.append(f"Length: {DEFAULT_WEEKS} weeks (no length or end date was given).")
    if not draft.channels:
        if previous is not None:
            data["channels"] = [c.model_dump() for c in previous.channels]
            words = ", ".join(f"{c.channel} {c.describe()}" for c in previous.channels)
            notes.append(f"Channels: {words} (from this workspace's last calendar).")
        else:
            data["channels"] = [c.model_dump() for c in default_channels()]
            notes.append(
                "Channels: LinkedIn 3 per week and Blog 1 per week (no channels were given)."
            )
    if not draft.pillars and previous is not None and previous.pillars:
        data["pillars"] = list(previous.pillars)
        notes.append(
            f"Pillars: {', '.join(previous.pillars)} (from this workspace's last calendar)."
        )
    data["assumptions"] = notes
    return CalendarRequest.model_validate(data)


def normalise(request: CalendarRequest) -> CalendarRequest:
    """Settle choices the engine must make before scheduling (recorded as assumptions)."""
    if request.holidays_country == "GB" and not request.holidays_subdivision:
        note = (
            "UK bank holidays: the England and Wales calendar (subdivision ENG); set the "
            "subdivision to SCT or NIR for Scotland or Northern Ireland."
        )
        return request.model_copy(
            update={"holidays_subdivision": "ENG", "assumptions": [*request.assumptions, note]}
        )
    return request


def describe_defaults(request: CalendarRequest) -> list[str]:
    """Every default still in effect in `request`, in words."""
    notes: list[str] = []
    if request.timezone == DEFAULT_TIMEZONE:
        notes.append(f"Times are {DEFAULT_TIMEZONE} time (the default time zone).")
    if request.allowed_weekdays == DEFAULT_WEEKDAYS:
        notes.append("Content goes out Monday to Friday only (the default publishing days).")
    if dict(request.stage_mix) == DEFAULT_STAGE_MIX:
        mix = ", ".join(f"{s} {DEFAULT_STAGE_MIX[s]:.0%}" for s in STAGES)
        notes.append(
            f"Funnel-stage mix: {mix} (default, inside the content playbook's "
            "suggested ranges for an SME)."
        )
    if not request.pillars:
        notes.append(
            f"Pillars: {', '.join(DEFAULT_PILLARS)} (generic; give your own 3–5 content pillars)."
        )
    elif not request.pillar_shares:
        notes.append("Pillars share the items equally.")
    notes += _channel_defaults(request)
    if not request.segment:
        notes.append('No target segment was given, so ideas speak to "teams like yours".')
    if not request.holidays_country:
        notes.append("Public holidays are not skipped (name a country, e.g. GB, to skip them).")
    return notes


def _channel_defaults(request: CalendarRequest) -> list[str]:
    notes = []
    timed = [c for c in request.channels if c.time is None]
    if timed:
        times = ", ".join(f"{c.channel} {c.resolved_time():%H:%M}" for c in timed)
        notes.append(f"Publish times: {times} (usual time per channel).")
    shaped = [c for c in request.channels if c.format is None]
    if shaped:
        formats = "; ".join(f"{c.channel}: {c.resolved_format()}" for c in shaped)
        notes.append(f"Formats: {formats} (usual format per channel).")
    unowned = [
        c.channel for c in request.channels if request.owner_for(c.channel) == request.default_owner
    ]
    if unowned:
        notes.append(f"Owner: {request.default_owner} for {', '.join(unowned)}.")
    unknown = [c.channel for c in request.channels if c.channel not in CHANNEL_DEFAULTS]
    if unknown:
        notes.append(
            f"{', '.join(unknown)}: no usual format or time known, so a post at "
            "10:00 unless you say otherwise."
        )
    return notes
