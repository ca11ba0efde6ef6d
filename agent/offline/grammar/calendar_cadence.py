"""Cadence phrases ("3/wk", "x2/month", "twice-monthly", "every other week", "Mon/Wed/Fri",
"the last Thursday of the month", "on the 2nd tuesday") found as spans of a message.

`find_cadences` returns every cadence phrase with its position, so the channel reader
(`calendar_channels.py`) can bind each one to its own channel. `merge` combines the phrases
bound to one channel ("monthly" + "on the 2nd tuesday" = the second Tuesday of each month).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from agent.offline.grammar.calendar_phrases import (
    CHANNEL,
    MONTH,
    NUMBER,
    ORDINALS,
    WEEKDAY,
    number,
    weekdays_in,
)

_UNIT = {
    "week": "per_week",
    "wk": "per_week",
    "w": "per_week",
    "fortnight": "per_fortnight",
    "month": "per_month",
    "mo": "per_month",
    "mth": "per_month",
    "mnth": "per_month",
}
UNIT = r"(?P<unit>weeks?|wks?|w|fortnights?|months?|mos?|mths?|mnths?)"
NOUNS = (
    r"(?:posts?|pieces?|articles?|issues?|episodes?|videos?|sessions?|emails?|items?|sends?|"
    r"editions?|reels?|stories|updates?|ones?|drops?|vids?|clips?|shorts|carousels?|lives?|eps?|"
    r"explainers?|guides?|tutorials?|interviews?|recaps?|round-?ups?|digests?|threads?|teasers?|"
    r"promos?|deep[- ]dives?|walkthroughs?|spotlights?|snippets?|polls?|infographics?)"
)
_LIST_SEP = r"(?:\s*(?:,|/|&|\+|\band\b|\bor\b|-)\s*|\s+)"  # "mon wed fri" too
WEEKDAY_LIST = rf"{WEEKDAY}(?:{_LIST_SEP}{WEEKDAY})*"
ORDINAL = r"(?:" + "|".join(ORDINALS) + r")"
_MONTHLY_TAIL = r"(?:\s+(?:of\s+)?(?:the|each|every|a)\s+month|\s+monthly|\s+each\s+month)"
BIWEEKLY_NOTE = (
    "“biweekly” can mean twice a week or every two weeks: read as every two weeks (once a "
    "fortnight); say “twice a week” if you meant that."
)


@dataclass
class Cadence:
    """One cadence phrase: its span, what it says, and notes on how it was read.

    `kind` is a ChannelCadence kind, or "ordinal" (an nth weekday with no "of the month":
    monthly once merged) or "days" (named weekdays with no "every": fixed days once merged)."""

    start: int
    end: int
    kind: str
    times: int = 1
    weekdays: list[int] = field(default_factory=list)
    rule: dict[str, int] | None = None
    notes: list[str] = field(default_factory=list)

    def spec(self, allowed: list[int]) -> dict[str, Any]:
        """The ChannelCadence fields (without the channel)."""
        if self.kind in ("monthly_rule", "ordinal"):
            return {"kind": "monthly_rule", "rule": dict(self.rule or {})}
        if self.kind in ("weekdays", "days"):
            return {"kind": "weekdays", "weekdays": list(self.weekdays or allowed)}
        return {"kind": self.kind, "times": self.times}


# (pattern, reader) in priority order; earlier patterns win overlapping text.
def _rule(m: re.Match[str]) -> dict[str, Any]:
    return {
        "kind": "monthly_rule" if m.group("tail") else "ordinal",
        "rule": {"weekday": weekdays_in(m.group("wd"))[0], "ordinal": ORDINALS[m.group("ord")]},
    }


def _month_day(m: re.Match[str]) -> dict[str, Any]:
    day = int(m.group("d"))
    if not 1 <= day <= 31:
        return {"kind": "none"}
    return {"kind": "monthly_rule" if m.group("tail") else "ordinal", "rule": {"day": day}}


def _every_other_day(m: re.Match[str]) -> dict[str, Any]:
    day = m.group("wd").rstrip("s")
    said = " ".join(m.group(0).split()[:2]).lower()
    note = f"“{said} {day}”: once a fortnight; the planner picks the day."
    if said != "every other":
        note += f" Say “the {said.split()[1]} {day} of each month” if you meant monthly."
    return {"kind": "per_fortnight", "times": 1, "notes": [note]}


def _per(m: re.Match[str]) -> dict[str, Any]:
    kind = _UNIT[m.group("unit").lower().rstrip("s") or "w"]
    n2 = m.groupdict().get("n2")
    times = int(n2) if n2 else number(m.group("n"))
    return {"kind": kind, "times": times}


def _per_adverb(m: re.Match[str]) -> dict[str, Any]:
    kind = {"weekly": "per_week", "monthly": "per_month", "fortnightly": "per_fortnight"}
    return {"kind": kind[m.group("adv").lower()], "times": number(m.group("n"))}


def _days_a_week(m: re.Match[str]) -> dict[str, Any]:
    return {"kind": "per_week", "times": number(m.group("n"))}


def _fortnightly(m: re.Match[str]) -> dict[str, Any]:
    notes = [BIWEEKLY_NOTE] if "bi" in m.group(0).lower()[:3] else []
    return {"kind": "per_fortnight", "times": 1, "notes": notes}


def _bimonthly(m: re.Match[str]) -> dict[str, Any]:
    if m.group(0).lower().startswith("semi"):
        return {"kind": "per_month", "times": 2}
    note = (
        "“bimonthly” can mean twice a month or every two months; the planner cannot space "
        "items two months apart, so it is read as twice a month."
    )
    return {"kind": "per_month", "times": 2, "notes": [note]}


def _weekly(m: re.Match[str]) -> dict[str, Any]:
    return {"kind": "per_week", "times": 1}


def _monthly(m: re.Match[str]) -> dict[str, Any]:
    return {"kind": "per_month", "times": 1}


def _daily(m: re.Match[str]) -> dict[str, Any]:
    return {"kind": "weekdays", "weekdays": []}  # every allowed weekday


def _weekday_list(m: re.Match[str]) -> dict[str, Any]:
    days = weekdays_in(m.group("days"))
    fixed = bool(m.group("lead")) or len(days) > 1 or bool(re.search(r"days\b", m.group(0)))
    return {"kind": "weekdays" if fixed else "days", "weekdays": days}


def _span_days(m: re.Match[str]) -> dict[str, Any]:
    first, last = weekdays_in(m.group("a"))[0], weekdays_in(m.group("b"))[0]
    return {"kind": "weekdays", "weekdays": list(range(first, last + 1))}


_PATTERNS: tuple[tuple[str, Any], ...] = (
    (  # "every second friday" (no "of the month"): every other one, as British English says it
        rf"\bevery\s+(?:other|second|2nd|alternate)\s+(?P<wd>{WEEKDAY})\b(?!{_MONTHLY_TAIL})",
        _every_other_day,
    ),
    (
        rf"\b(?:on\s+)?(?:the\s+)?(?P<ord>{ORDINAL})\s+(?P<wd>{WEEKDAY})\b"
        rf"(?P<tail>{_MONTHLY_TAIL})?",
        _rule,
    ),
    (
        rf"\b(?:on\s+the|the)\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)\b(?!\s+(?:of\s+)?{MONTH})"
        rf"(?P<tail>{_MONTHLY_TAIL})?",
        _month_day,
    ),

    (
        rf"(?:\b(?P<n>{NUMBER})\s*(?:x|×|times?)?|\bx\s*(?P<n2>\d{{1,2}}))\s*"
        rf"(?:{NOUNS}\s+)?(?:each\s+|apiece\s+)?(?:a|an|per|each|every|/|by|a\s+single|"
        rf"in(?:\s+(?:each|every|a|the))?)\s*{UNIT}\b(?:\s+(?:each|apiece))?",
        _per,
    ),
    (  # "3x wk", "2x month": the count and the unit with nothing between
        rf"\b(?P<n>{NUMBER})\s*(?:x|×)\s*{UNIT}\b",
        _per,
    ),
    (
        rf"\b(?P<n>{NUMBER})\s*(?:x|×|times?)?[\s-]*(?P<adv>weekly|monthly|fortnightly)\b",
        _per_adverb,
    ),
    (
        rf"\b(?P<n>{NUMBER})\s+(?:days?|weekdays?)\s+(?:a|per|each|every|/)\s*(?:week|wk)\b",
        _days_a_week,
    ),
    (
        r"\b(?:fortnightly|bi-?weekly|every\s+(?:other|second|alternate)\s+week|"
        r"(?:every|each)\s+(?:2|two)\s+weeks|every\s+fortnight|once\s+a\s+fortnight|alternate\s+weeks|"
        r"every\s+(?:2nd|second|other)\s+(?:wk|week))\b",
        _fortnightly,
    ),
    (r"\b(?:bi-?monthly|semi-?monthly)\b", _bimonthly),
    (r"\b(?:weekly|every\s+week|each\s+week|once\s+a\s+week)\b", _weekly),
    (r"\b(?:monthly|every\s+month|each\s+month|once\s+a\s+month)\b", _monthly),
    (
        r"\b(?:daily|(?:every|each)\s+(?:week\s?|working\s+|business\s+|work\s?)?day|"
        r"(?:on\s+)?weekdays|"
        r"mon(?:day)?\s*(?:-|–|to|through)\s*fri(?:day)?)\b",
        _daily,
    ),
    (
        rf"\b(?:(?P<lead>every|each|on)\s+)?(?P<a>{WEEKDAY})\s*(?:-|–|to|through)\s*"
        rf"(?P<b>{WEEKDAY})\b",
        _span_days,
    ),
    (rf"\b(?:(?P<lead>every|each|on)\s+)?(?P<days>{WEEKDAY_LIST})\b", _weekday_list),
)
_COMPILED = tuple((re.compile(p, re.IGNORECASE), reader) for p, reader in _PATTERNS)


def find_cadences(text: str) -> list[Cadence]:
    """Every cadence phrase in `text`, left to right, none overlapping another."""
    found: list[Cadence] = []
    taken: list[tuple[int, int]] = []
    for pattern, reader in _COMPILED:
        pos = 0
        while (m := pattern.search(text, pos)) is not None:
            pos = m.end()
            overlap = [b for a, b in taken if m.start() < b and a < m.end()]
            if overlap:  # "3rd thursday + linkedin tue/thu": look again after the taken one
                pos = max(min(overlap), m.start() + 1)
                continue
            fields: dict[str, Any] = reader(m)
            if fields["kind"] == "none":
                continue
            taken.append((m.start(), m.end()))
            found.append(Cadence(m.start(), m.end(), **fields))
    return sorted(found, key=lambda c: c.start)


def compatible(first: Cadence, other: Cadence) -> bool:
    """Whether two phrases can describe one channel's cadence ("weekly" + "on Tuesdays")."""
    kinds = {first.kind, other.kind}
    if kinds <= {"ordinal", "monthly_rule", "per_month"}:
        return first.kind != other.kind or first.kind == "ordinal"
    if kinds <= {"days", "weekdays", "per_week"}:
        return "per_week" not in kinds or first.kind != other.kind
    return kinds in ({"per_fortnight", "days"}, {"per_month", "days"})


def merge(phrases: list[Cadence]) -> Cadence:
    """One cadence from the phrases bound to a channel (all `compatible`)."""
    kinds = {p.kind for p in phrases}
    notes = [n for p in phrases for n in p.notes]
    first = phrases[0]
    rule = next((p for p in phrases if p.kind in ("ordinal", "monthly_rule")), None)
    if rule is not None:
        return Cadence(first.start, first.end, "monthly_rule", rule=rule.rule, notes=notes)
    named = [p for p in phrases if p.kind in ("days", "weekdays")]
    days = named[0] if named else None
    if days is not None and len(named) > 1:
        union = sorted({d for p in named for d in p.weekdays})
        days = Cadence(days.start, days.end, "weekdays", weekdays=union)
    count = next((p for p in phrases if p.kind.startswith("per_")), None)
    if days is not None and (count is None or count.kind == "per_week"):
        if count is not None and days.weekdays and count.times != len(days.weekdays):
            notes.append(
                f"{count.times} a week on {len(days.weekdays)} named day(s): "
                "read as every named day."
            )
        return Cadence(first.start, first.end, "weekdays", weekdays=days.weekdays, notes=notes)
    if count is not None:
        if "days" in kinds:
            notes.append("The named weekday is not kept: the planner picks the days.")
        return Cadence(first.start, first.end, count.kind, times=count.times, notes=notes)
    return Cadence(first.start, first.end, first.kind, first.times, first.weekdays, notes=notes)


def cadence_pattern() -> str:
    """Any cadence phrase, as one pattern without named groups (for routing evidence)."""
    return "|".join(re.sub(r"\(\?P<\w+>", "(?:", p) for p, _ in _PATTERNS)


_PLAN_SETTING = re.compile(
    r"\b(?:bank\s+hol(?:iday)?s?|public\s+holidays?|federal\s+holidays?|(?:christmas|xmas|easter)"
    r"\b.{0,20}\b(?:off|dark|clear|free)|no\s+(?:posts?|posting|content)\b)",
    re.IGNORECASE,
)


def names_channel_cadence(text: str) -> bool:
    """Whether `text` is a piece of a plan: a channel with a cadence ("plus LinkedIn 3x/week")
    or a plan's holidays ("and please keep UK bank holidays clear")."""
    return (CHANNEL.search(text) is not None and bool(find_cadences(text))) or bool(
        _PLAN_SETTING.search(text)
    )
