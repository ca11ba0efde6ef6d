"""Read a calendar revision from a chat message: the offline model's `extract_args`.

Understands the three revision kinds, alone or together:

- drop a channel: "drop Instagram", "remove the newsletter", "no more webinars"
- a new cadence: "move the webinar to the last Thursday of the month", "make the newsletter
  weekly", "change LinkedIn to twice a week", "put the blog on Tuesdays and Thursdays"
- a month's stage mix: "make February heavier on conversion", "more retention in March"

A calendar id in the message ("cal-20270105-1b891130") picks that calendar; otherwise the
tool revises the workspace's most recent one.
"""

from __future__ import annotations

import re
from typing import Any

from agent.offline.grammar.calendar_phrases import (
    CHANNEL,
    CHANNEL_TEXT,
    MONTH,
    STAGE,
    Text,
    channel_of,
    parse_cadence,
)

_CALENDAR_ID = re.compile(r"\bcal-\d{8}-[0-9a-f]{8}\b")
_DROP = (
    r"\b(?:drop|remove|delete|cut|scrap|stop|pause|kill|lose|get\s+rid\s+of|no\s+more|"
    r"without)\s+(?:the\s+|all\s+(?:the\s+)?|our\s+|any\s+)?"
)


def parse_revision(text: str) -> dict[str, Any]:
    """`revise_content_calendar` kwargs from a chat message (see the module docstring)."""
    t = Text(text)
    out: dict[str, Any] = {"instruction": " ".join(text.split())}
    found_id = _CALENDAR_ID.search(t.working)
    if found_id:
        out["calendar_id"] = found_id.group(0)
        t.blank(found_id.start(), found_id.end())
    _stage(t, out)
    drops = []
    for m in t.take_all(
        _DROP + rf"(?P<list>(?:{CHANNEL_TEXT})(?:\s*(?:,|and|&)\s*(?:the\s+)?"
        rf"(?:{CHANNEL_TEXT}))*)"
    ):
        drops += [channel_of(c) for c in CHANNEL.finditer(m.group("list"))]
    if drops:
        out["drop_channels"] = list(dict.fromkeys(drops))
    reschedule = _reschedule(t)
    if reschedule:
        out["reschedule"] = reschedule
    return out


def _stage(t: Text, out: dict[str, Any]) -> None:
    m = t.take(
        rf"\b(?:(?:make\s+)?(?P<m1>{MONTH})\w*(?:\s+\d{{4}})?\s+)?(?:heavier|heavy|"
        rf"stronger|more\s+weighted|more\s+focused)\s+on\s+(?P<s>{STAGE})(?:\s+(?:in|for|"
        rf"during)\s+(?P<m2>{MONTH}\w*(?:\s+\d{{4}})?))?"
    )
    m = m or t.take(
        rf"\bmore\s+(?P<s>{STAGE})(?:\s+(?:content|posts|items))?(?:\s+(?:in|for|"
        rf"during)\s+(?P<m2>{MONTH}\w*(?:\s+\d{{4}})?))?(?P<m1>)"
    )
    if m:
        out["heavier_on"] = m.group("s").lower()
        month = m.group("m1") or m.group("m2")
        if month:
            out["month"] = month.strip()


def _reschedule(t: Text) -> list[dict[str, Any]]:
    """Each remaining clause naming a channel and a cadence gives that channel a new one."""
    result: dict[str, dict[str, Any]] = {}
    for clause in re.split(
        r"[;\n]|\.(?:\s|$)|,\s*(?=(?:and\s+)?(?:move|make|change|switch|put|"
        r"set|shift)\b)|\band\s+(?=(?:move|make|change|switch|put|set|shift)\b)",
        t.working,
        flags=re.IGNORECASE,
    ):
        channels = [channel_of(m) for m in CHANNEL.finditer(clause)]
        if not channels:
            continue
        cadence = parse_cadence(CHANNEL.sub(" ", clause), list(range(5)))
        if cadence is not None:
            result.setdefault(channels[0], {"channel": channels[0], **cadence})
    return list(result.values())
