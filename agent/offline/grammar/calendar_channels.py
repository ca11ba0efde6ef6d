"""Channels and their cadences: each cadence phrase bound to its own channel.

A phrase belongs to the channel it touches: the one just before it with no separator between
("linkedin 3/wk", "blog every Thursday"), else the one just after it ("fortnightly podcast",
"every tue & thu on linkedin"), else a channel on its side of the clause that has no cadence
yet ("LinkedIn, three times a week"). Channels listed together with one cadence after them
share it ("LinkedIn and Instagram 3x a week"). A phrase no channel can take, or one that
contradicts the cadence its channel already has, is returned as not understood rather than
given to a neighbour.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from agent.offline.grammar.calendar_cadence import (
    NOUNS,
    Cadence,
    compatible,
    find_cadences,
    merge,
)
from agent.offline.grammar.calendar_phrases import (
    CHANNEL,
    CHANNEL_TEXT,
    NUMBER,
    Text,
    channel_of,
    number,
)

# Usual cadence when a channel is named without one (content playbook, small team).
USUAL_CADENCE: dict[str, dict[str, Any]] = {
    "LinkedIn": {"kind": "per_week", "times": 3},
    "Newsletter": {"kind": "per_month", "times": 1},
    "Webinar": {"kind": "per_month", "times": 1},
}
DEFAULT_CHANNELS = [
    {"channel": "LinkedIn", "kind": "per_week", "times": 3},
    {"channel": "Blog", "kind": "per_week", "times": 1},
]
_SEPARATOR = re.compile(
    r"[,;:+\n!?]|\.(?:\s|$)|\s[-–—]\s|\b(?:and|plus|with|then|also|as\s+well\s+as)\b",
    re.IGNORECASE,
)
_JOIN = re.compile(r"^[\s,&/+]*(?:(?:and|or|plus|&)\s+)?(?:the\s+|our\s+|a\s+|an\s+)?$", re.I)
# "webinar audience", "newsletter subscribers": the channel describes something else
_MODIFIER = re.compile(
    r"\s+(?:audiences?|subscribers?|readers?|followers?|lists?|attendees?|sign-?ups?|"
    r"registrants?|budgets?|traffic|leads?|team|stats|numbers|open\s+rates?|data)\b",
    re.IGNORECASE,
)
_TIME = re.compile(r"\bat\s+(?P<h>\d{1,2})(?:[:.](?P<m>\d{2}))?\s*(?P<ap>am|pm)?\b", re.I)
_NAMED = re.compile(
    r"\(\s*(?:(?:we(?:['’]ve|\s+have)|i(?:['’]ve|\s+have))\s+got|we\s+have|e\.?g\.?|"
    r"i\.?e\.?|incl(?:uding|\.)?|for|about|on)?\s*(?P<names>[^()]{2,120})\)"
)


@dataclass
class Mention:
    name: str
    start: int
    end: int
    phrases: list[Cadence] = field(default_factory=list)
    time: str | None = None


@dataclass
class ChannelReading:
    channels: list[dict[str, Any]]
    notes: list[str]
    unread: list[str]


def read_channels(t: Text, allowed: list[int], usual: bool = True) -> ChannelReading:
    """Channels with cadences from what is left of the message (see the module docstring).
    `usual`: a channel named without a cadence gets its usual one (else none)."""
    notes: list[str] = []
    named = _named_items(t)
    _counted_nouns(t)
    plain = " ".join(t.original.split())  # same positions as t.working, nothing blanked
    mentions = [
        Mention(channel_of(m), m.start(), m.end())
        for m in CHANNEL.finditer(t.working)
        if not _MODIFIER.match(plain, m.end())
    ]
    masked = t.working
    for mention in mentions:  # "#": no cadence phrase reads across a channel's name
        masked = (
            masked[: mention.start] + "#" * (mention.end - mention.start) + masked[mention.end :]
        )
    times = _times(masked, mentions)
    phrases = find_cadences(masked)
    unread = [_bind(t.working, phrase, mentions, phrases) for phrase in phrases]
    for phrase in phrases:
        t.blank(phrase.start, phrase.end)
    for a, b in times:
        t.blank(a, b)
    for m in mentions:
        t.blank(m.start, m.end)
    _share(mentions, masked)
    channels: dict[str, dict[str, Any]] = {}
    for mention in mentions:
        spec = channels.setdefault(mention.name, {"channel": mention.name})
        if "kind" in spec or not mention.phrases:
            continue
        cadence = merge(mention.phrases)
        spec.update(cadence.spec(allowed))
        if mention.time:
            spec["time"] = mention.time
        notes += [f"{mention.name}: {n}" for n in cadence.notes]
    for spec in channels.values():
        if "kind" not in spec and usual:
            given = USUAL_CADENCE.get(spec["channel"], {"kind": "per_week", "times": 1})
            spec.update(given)
            notes.append(f"{spec['channel']}: {describe(given)} (no cadence was given).")
    for name, items in named.items():
        if name in channels:
            notes.append(f"{name}: {len(items)} named ({', '.join(items)}).")
    if not channels and usual:
        notes.append("Channels: LinkedIn 3 per week and Blog 1 per week (no channels were named).")
    result = list(channels.values()) or ([dict(c) for c in DEFAULT_CHANNELS] if usual else [])
    return ChannelReading(result, notes, [u for u in unread if u])


def _bind(text: str, phrase: Cadence, mentions: list[Mention], phrases: list[Cadence]) -> str:
    """Give `phrase` to its channel; the phrase's words when no channel can take it."""
    before = [m for m in mentions if m.end <= phrase.start]
    after = [m for m in mentions if m.start >= phrase.end]
    prev, nxt = (before[-1] if before else None), (after[0] if after else None)
    near_prev = prev is not None and not _apart(text, prev.end, phrase.start, phrases, prev)
    near_next = nxt is not None and not _apart(text, phrase.end, nxt.start, phrases, None)
    choices: list[Mention | None] = []
    if near_prev:
        choices.append(prev)
    if near_next and not (near_prev and prev is not None and not prev.phrases):
        choices.append(nxt)
    choices += [m for m in (prev, nxt) if m is not None and not m.phrases]
    choices.append(prev)  # a second phrase for the same channel: "monthly, first thursday"
    for mention in choices:
        if mention is not None and all(compatible(p, phrase) for p in mention.phrases):
            mention.phrases.append(phrase)
            return ""
    return " ".join(text[phrase.start : phrase.end].split())


def _apart(text: str, a: int, b: int, phrases: list[Cadence], owner: Mention | None) -> bool:
    """A separator lies between a and b, outside cadence phrases (its own channel's phrases
    may sit between a channel and a second phrase: "linkedin 3x a week on mon, wed, fri")."""
    gap = list(text[a:b])
    for p in phrases:
        if p.end <= a or p.start >= b:
            continue
        if owner is not None and p not in owner.phrases:
            return True
        for i in range(max(p.start, a), min(p.end, b)):
            gap[i - a] = " "
    return bool(_SEPARATOR.search("".join(gap)))


def _share(mentions: list[Mention], masked: str) -> None:
    """Channels listed together before one cadence share it: "LinkedIn and X 3x a week"."""
    for left, right in zip(reversed(mentions[:-1]), reversed(mentions[1:]), strict=True):
        if left.phrases or not right.phrases:
            continue
        if right.phrases[0].start < right.start:  # "a weekly blog": the blog's alone
            continue
        if _JOIN.match(masked[left.end : right.start]):
            left.phrases = list(right.phrases)


def _counted_nouns(t: Text) -> None:
    """ "two blogs a month", "one case study every fortnight": the count before the channel.
    The number is moved after the channel so the cadence reader sees "case study 1 every
    fortnight" as one phrase."""
    pattern = re.compile(
        rf"\b(?P<n>{NUMBER}|a|an)\s+(?:new\s+)?(?P<ch>{CHANNEL_TEXT})(?:\s+{NOUNS}){{0,2}}(?:\s+|(?=/))"
        r"(?P<per>every|a|an|"
        r"per|each|by|/)\s*(?P<unit>weeks?|wks?|fortnights?|months?|mos?)\b",
        re.IGNORECASE,
    )
    for m in list(pattern.finditer(t.working)):
        n = 1 if m.group("n").lower() in ("a", "an") else number(m.group("n"))
        per = "a" if m.group("per").lower() == "every" else m.group("per")
        unit = m.group("unit")
        inner = f"{m.group('ch')} {n}{per if per == '/' else f' {per} '}{unit}"
        if len(inner) > m.end() - m.start():
            continue
        t.working = t.working[: m.start()] + inner.ljust(m.end() - m.start()) + t.working[m.end() :]


def _named_items(t: Text) -> dict[str, list[str]]:
    """ "one case study every fortnight (we've got pennine, northbeam, calder)": the names
    after a channel, in brackets, are kept as the channel's named items."""
    found: dict[str, list[str]] = {}
    for m in list(_NAMED.finditer(t.working)):
        before = list(CHANNEL.finditer(t.working[: m.start()]))
        items = [
            w.strip(" .'\"").capitalize()
            for w in re.split(r",|\band\b|&|/", m.group("names"))
            if w.strip(" .'\"")
        ]
        if (
            not before
            or len(items) < 2
            or any(len(i.split()) > 3 for i in items)
            or re.search(r"\d", m.group("names"))
            or find_cadences(m.group("names"))
        ):
            continue
        found[channel_of(before[-1])] = items
        t.blank(m.start(), m.end())
    return found


def _times(masked: str, mentions: list[Mention]) -> list[tuple[int, int]]:
    """ "at 9am", "at 14:30": the time of the channel named before it."""
    spans = []
    for m in _TIME.finditer(masked):
        before = [c for c in mentions if c.end <= m.start()]
        value = _clock(m)
        if before and value:
            before[-1].time = value
            spans.append((m.start(), m.end()))
    return spans


def _clock(m: re.Match[str]) -> str | None:
    if not (m.group("ap") or m.group("m")):
        return None
    hour = int(m.group("h"))
    if m.group("ap"):
        hour = hour % 12 + (12 if m.group("ap").lower() == "pm" else 0)
    minute = int(m.group("m") or 0)
    return f"{hour:02d}:{minute:02d}" if hour < 24 and minute < 60 else None


def describe(cadence: dict[str, Any]) -> str:
    unit = {"per_week": "week", "per_fortnight": "fortnight", "per_month": "month"}
    return f"{cadence['times']} per {unit[cadence['kind']]}"
