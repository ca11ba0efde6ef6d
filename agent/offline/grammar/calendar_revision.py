"""Read a calendar revision from a chat message: the offline model's `extract_args`.

Understands the three revision kinds, alone or together:

- drop a channel: "drop Instagram", "remove the newsletter", "no more webinars"
- a new cadence: "move the webinar to the last Thursday of the month", "make the newsletter
  weekly", "change LinkedIn to twice a week", "put the blog on Tuesdays and Thursdays"; the
  cadence a change replaces is not the new one ("fortnightly webinars will cost too much,
  make it monthly on the first wednesday", "from 3 a week to twice a week", "instead of X")
- a month's stage mix: "make February heavier on conversion", "make feb heavier on conversion
  stuff", "more retention in March", "can february lean more towards the bottom of the
  funnel?" (BOFU, TOFU, MOFU and the like are stages too); the month is the next one of
  that name not yet over ("YYYY-MM"), as the calendar being changed is a plan for the future

A calendar id in the message ("cal-20270105-1b891130") picks that calendar; otherwise the
tool revises the workspace's most recent one.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from agent.offline.grammar.calendar_cadence import WEEKDAY_LIST, compatible, find_cadences
from agent.offline.grammar.calendar_channels import read_channels
from agent.offline.grammar.calendar_phrases import (
    CHANNEL,
    CHANNEL_TEXT,
    MONTH,
    STAGE,
    Text,
    channel_of,
    stage_of,
    weekdays_in,
)
from tools.calendar.windows import month_index

_CALENDAR_ID = re.compile(r"\bcal-\d{8}-[0-9a-f]{8}\b")
_DROP = (
    r"\b(?:drop|remove|delete|cut|scrap|scratch|ditch|bin|stop|pause|kill|lose|axe|shelve|"
    r"get\s+rid\s+of|no\s+more|without|forget(?:\s+about)?|take\s+out)\s+(?:the\s+|all\s+(?:the\s+)?|our\s+|any\s+)?"
)


def parse_revision(
    text: str,
    today: dt.date | None = None,
    span: tuple[dt.date, dt.date] | None = None,
    current: dict[str, dict[str, Any]] | None = None,
) -> dict[str, Any]:
    """`revise_content_calendar` kwargs from a chat message (see the module docstring).
    `span`: the dates of the calendar being changed, when known (a month name is the first
    such month inside it); `current`: its cadence per channel, when known (a day taken off
    a channel's weekdays needs them)."""
    t = Text(text)
    out: dict[str, Any] = {"instruction": " ".join(text.split())}
    found_id = _CALENDAR_ID.search(t.working)
    if found_id:
        out["calendar_id"] = found_id.group(0)
        t.blank(found_id.start(), found_id.end())
    _stage(t, out, today or dt.date.today(), span)
    days_off = _days_off(t, current or {})
    drops = []
    for m in t.take_all(
        _DROP + rf"(?P<list>(?:{CHANNEL_TEXT})(?:\s*(?:,|and|&)\s*(?:the\s+)?"
        rf"(?:{CHANNEL_TEXT}))*)"
    ):
        drops += [channel_of(c) for c in CHANNEL.finditer(m.group("list"))]
    for m in t.take_all(  # "take the webinars out (of the calendar)"
        rf"\btake\s+(?:the\s+|our\s+|all\s+(?:the\s+)?)?(?P<list>(?:{CHANNEL_TEXT})(?:\s*(?:,|and|&)"
        rf"\s*(?:the\s+)?(?:{CHANNEL_TEXT}))*)\s+out\b"
    ):
        drops += [channel_of(c) for c in CHANNEL.finditer(m.group("list"))]
    if drops:
        out["drop_channels"] = list(dict.fromkeys(drops))
    reschedule = days_off + _reschedule(t)
    if reschedule:
        out["reschedule"] = reschedule
    return out


_MAY_MONTH = re.compile(r"\b(?:in|for|during|through|of)\s+$", re.IGNORECASE)  # not "may we"


def _stage(
    t: Text, out: dict[str, Any], today: dt.date, span: tuple[dt.date, dt.date] | None
) -> None:
    """A funnel stage to lean on ("heavier on conversion", "more awareness", "more
    conversion-focused", "more about retention") and the month it is for, when the message
    names exactly one month ("make feb more conversion-focused")."""
    m = t.take(
        rf"\b(?:heavier|heavy|stronger|(?:more\s+)?weighted(?:\s+more)?|more\s+focused|"
        rf"(?:lean|tilt|skew|push|focus)(?:ed|er|es|s|ing)?(?:\s+(?:much|far|a\s+lot|a\s+bit|slightly|"
        rf"harder|heavier|more\s+heavily|heavily))?(?:\s+more)?)"
        rf"\s+(?:on|to|towards?|into)\s+(?:the\s+)?(?P<s>{STAGE})"
    )
    m = m or t.take(
        rf"\bmore\s+(?:about\s+|on\s+|of\s+)?(?P<s>{STAGE})(?:[\s-]+(?:focused|led|heavy|stage))?"
        rf"(?:\s+(?:content|posts|items|stuff))?"
    )
    if not m:
        return
    out["heavier_on"] = stage_of(m.group("s"))
    months = {
        month_index(w.group(1)): w
        for w in re.finditer(rf"\b({MONTH})\w*(?:\s+\d{{4}})?\b", t.working, re.IGNORECASE)
        if w.group(0).lower() != "may" or _MAY_MONTH.search(t.working[: w.start()])
    }
    if len(months) == 1:
        (found,) = months.values()
        out["month"] = _month_key(found.group(0).strip(), today, span)
        t.blank(found.start(), found.end())


def _month_key(words: str, today: dt.date, span: tuple[dt.date, dt.date] | None) -> str:
    """ "feb" → "2027-02" (today 23 Nov 2026): the year given, else the first such month in
    the calendar's span, else the next such month not yet over."""
    year = re.search(r"\d{4}", words)
    month = month_index(words.split()[0])
    if year:
        return f"{year.group(0)}-{month:02d}"
    if span is not None:
        for year_ in range(span[0].year, span[1].year + 1):
            if span[0].replace(day=1) <= dt.date(year_, month, 1) <= span[1]:
                return f"{year_}-{month:02d}"
    return f"{today.year + (month < today.month)}-{month:02d}"


_NO = (
    r"\b(?:drop|remove|cut|scrap|ditch|lose|skip|no|not|without|take\s+out|stop)\s+"
    r"(?:the\s+|any\s+|our\s+)?"
)
_SLOT = r"(?:\s+(?:slots?|posts?|days?|updates?))?"
_DAY_OFF = (
    rf"{_NO}(?P<days>{WEEKDAY_LIST})\s+(?P<ch>{CHANNEL_TEXT}){_SLOT}"
    rf"|{_NO}(?P<ch2>{CHANNEL_TEXT}){_SLOT}\s+(?:on\s+)?(?P<days2>{WEEKDAY_LIST})\b"
)
_ONLY_DAYS = rf"\b(?:just|only)\s+(?:on\s+)?(?:the\s+)?(?P<days>{WEEKDAY_LIST})\b"


def _days_off(t: Text, current: dict[str, dict[str, Any]]) -> list[dict[str, Any]]:
    """ "drop the friday linkedin slot, just mon + wed", "no linkedin on fridays": a day taken
    off a channel (never the whole channel dropped, never that day kept). The new days are
    the ones named ("just mon + wed"), else the channel's current weekdays without it; a
    channel whose current days are unknown is left to the reading of the rest."""
    out = []
    for m in t.take_all(_DAY_OFF):
        found = CHANNEL.search(m.group("ch") or m.group("ch2"))
        if found is None:
            continue
        channel = channel_of(found)
        off = set(weekdays_in(m.group("days") or m.group("days2")))
        named = t.take(_ONLY_DAYS)
        now = current.get(channel, {})
        if named:
            days = weekdays_in(named.group("days"))
        elif now.get("kind") == "weekdays":
            days = [d for d in now.get("weekdays", []) if d not in off]
        else:
            continue
        if days:
            out.append({"channel": channel, "kind": "weekdays", "weekdays": days})
    return out


_NEW_CADENCE = re.compile(
    r"\b(?:make\s+(?:it|them|that|those|this)|change\s+(?:it\s+|them\s+|that\s+)?(?:to|into)|"
    r"switch\s+(?:it\s+|them\s+)?to|move\s+(?:it|them)\s+to|go\s+(?:for|with)?|do\s+(?:it|them)|"
    r"let['’]?s\s+(?:do|go|have)|how\s+about|(?P<after>instead|rather))\b",
    re.IGNORECASE,
)
_OLD_LEAD = re.compile(
    r"\b(?:instead\s+of|rather\s+than|not|no\s+longer|from)\s+(?:the\s+)?$", re.IGNORECASE
)


def _old_cadences(t: Text) -> None:
    """The cadence a change replaces is not the new one: "instead of weekly", "from 3 a week
    to twice a week", and, when one channel is named, the cadence in the complaint before
    "make it / change it to / go … instead" ("fortnightly webinars will cost too much, make
    it monthly on the first wednesday": monthly)."""
    phrases = find_cadences(t.working)
    for p in phrases:
        if _OLD_LEAD.search(t.working[: p.start]):
            t.blank(p.start, p.end)
    if len({channel_of(c) for c in CHANNEL.finditer(t.working)}) != 1:
        return
    phrases = find_cadences(t.working)
    for marker in _NEW_CADENCE.finditer(t.working):
        after = [p for p in phrases if p.start >= marker.end()]
        before = [p for p in phrases if p.end <= marker.start()]
        if marker.group("after") and not after and before:
            # "the weekly newsletter is too much, go fortnightly instead"
            before, after = before[:-1], before[-1:]
        if before and after:
            for p in before:  # "on tuesdays every week instead": one cadence, both kept
                if not all(compatible(p, new) for new in after):
                    t.blank(p.start, p.end)
            return


def _reschedule(t: Text) -> list[dict[str, Any]]:
    """Each channel given a cadence in the remaining words gets it as its new one."""
    if not CHANNEL.search(t.working):
        return []
    _old_cadences(t)
    reading = read_channels(t, list(range(5)), usual=False)
    return [c for c in reading.channels if "kind" in c]
