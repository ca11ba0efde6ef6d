"""Breakdowns and rankings in a figure question: "by channel", "monthly", "which campaign",
"top 3 ads", "the campaign with the fewest clicks", "worst ad group for CPA", "best first".

A singular noun after a superlative ("the best campaign", "campaign with the most leads")
asks for the top one (`top_n` 1); a plural ("best campaigns", "which channels") ranks them
all. `order` follows the words: best/worst (the metric's own direction: cheapest is best for
a cost), desc/asc for plain most/fewest, highest/lowest.
"""

from __future__ import annotations

import re
from typing import Any

from tools.kpi.names import normalize

_DIM_WORDS = {
    "channel": "channel",
    "channels": "channel",
    "source": "channel",
    "sources": "channel",
    "platform": "channel",
    "platforms": "channel",
    "campaign": "campaign",
    "campaigns": "campaign",
    "ad group": "ad_group",
    "ad groups": "ad_group",
    "ad set": "ad_group",
    "ad sets": "ad_group",
    "adset": "ad_group",
    "adsets": "ad_group",
    "ad": "ad",
    "ads": "ad",
    "creative": "ad",
    "creatives": "ad",
    "month": "month",
    "months": "month",
    "week": "week",
    "weeks": "week",
    "day": "day",
    "days": "day",
    "quarter": "quarter",
    "quarters": "quarter",
    "year": "year",
    "years": "year",
}
_DIM_ALT = "|".join(sorted(_DIM_WORDS, key=len, reverse=True))
_GRAIN_ADJ = {
    "monthly": "month",
    "weekly": "week",
    "daily": "day",
    "quarterly": "quarter",
    "yearly": "year",
    "annually": "year",
}
_NUMBERS = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
}
_ORDER_WORDS = (
    (r"\b(?:sort|sorted|order|ordered)(?: by \w+)? (?:desc|descending|high to low)\b", "desc"),
    (r"\b(?:sort|sorted|order|ordered)(?: by \w+)? (?:asc|ascending|low to high)\b", "asc"),
    (r"\b(quiet\w*|slowest|least busy|deadest)\b", "asc"),  # "the most quiet month"
    (r"\b(busiest)\b", "desc"),
    (
        r"\b(best|top|strongest|most efficient|best performing|outperform\w*|cheapest|cheaply|"
        r"least expensive|converting best)\b",
        "best",
    ),
    (
        r"\b(worst|weakest|least efficient|worst performing|underperform\w*|bottom|most "
        r"expensive|priciest|costliest)\b",
        "worst",
    ),
    (r"\b(highest|most|largest|biggest|greatest)\b", "desc"),
    (r"\b(lowest|least|fewest|smallest)\b", "asc"),
)
_BARE_RANK = (
    r"^\s*(?:and |what about |how about |so |now )?(?:the |which (?:one )?(?:is|was) (?:the )?)?"
    r"(?:best|worst|cheapest|priciest|costliest|most expensive|least expensive|most quiet|"
    r"quietest|busiest|slowest|lowest|highest)"
    r"(?: (?:one|channel|campaign))?\s*[?.!]*\s*$"
)
_SUPERLATIVE = (
    r"best|worst|top|bottom|cheapest|priciest|costliest|most expensive|least expensive|"
    r"highest|lowest|biggest|smallest|strongest|weakest|most efficient|least efficient"
)
_MOST = r"most|fewest|highest|lowest|best|worst|cheapest|biggest|smallest|least|lowest"
_FIRST = (
    r"\b(?:(cheapest|best|worst|highest|lowest|biggest|smallest|largest|most expensive|top|"
    r"most|least|fewest)(?: [a-z]+){0,2} (?:first|at the top|on top)|"
    r"ranked|rank them|in order|(?:best|highest) to (?:worst|lowest)|(?:sort|sorted|order|"
    r"ordered)(?: by \w+)? (?:desc|descending|asc|ascending|high to low|low to high)|"
    r"(?:sort|order|rank)(?:ed)?(?: it| them| that)? (?:from|by|with) (?:the )?(?:cheapest|best|"
    r"worst|highest|lowest|biggest|smallest|largest|most expensive))\b"
)
_TOTAL = re.compile(r"\b(?:total|overall|combined|altogether|in all|sum)\b")
_EXTRA_SUFFIX = (
    r"(?: band| bands| group| groups| bracket| brackets| code| codes| segment| segments)?"
)


def find_dimensions(
    norm: str, extra: list[str] | tuple[str, ...] = ()
) -> tuple[list[str], dict[str, Any], str]:
    """Group-by dimensions ("by channel", "by age", "monthly") and rankings ("which", "top 5",
    "the campaign with the fewest clicks", "best first"). `extra` are the workspace's own
    imported dimensions (e.g. age, gender), also read with "band", "group", "code"…"""
    norm = re.sub(r"\s+", " ", norm)
    words = {**{normalize(e): e for e in extra if normalize(e)}, **_DIM_WORDS}
    alt = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
    noun = rf"({alt}){_EXTRA_SUFFIX}"
    hits: list[tuple[int, str]] = []
    ranking: dict[str, Any] = {}
    pattern = (
        rf"\b(?:by|per|for each|each|across|split by|broken down by|breakdown by|each of|all of|"
        rf"rows?|columns?|cols?|"
        rf"every one of)(?: the| our)?(?: (?!all\b|every\b)\w+)?? {noun}\b"
    )
    for by in re.finditer(pattern, norm):
        hits.append((by.start(), words[by.group(1)]))
        hits += _listed(norm, noun, words, by.end())
    every = re.search(rf"\bfor all(?: of)?(?: the| our)?(?: \w+)?? {noun}\b", norm)
    if every and every.group(0).endswith("s") and not _TOTAL.search(norm):  # "for all the
        hits.append((every.start(), words[every.group(1)]))  # google campaigns": one row each
    hits += _grains(norm)
    found_all = (
        _which(norm, noun, words),
        _superlative(norm, noun, words),
        _top(norm, words),
        _counted(norm, noun, words),
        _ranked(norm, noun, words),
    )
    for found in found_all:
        if found is not None:
            start, dim, top_n = found
            if dim is not None:
                hits.append((start, dim))
            if top_n is not None:
                ranking["top_n"] = top_n
            ranking.setdefault("order", "best")
    first = re.search(_FIRST, norm)
    if first:  # "rank them, cheapest first": in order (a follow-up keeps its breakdown)
        ranking.setdefault("order", "best")
        if ranking.get("top_n") == 1:  # "by channel, with the biggest first": all, in order
            ranking.pop("top_n")
    if not ranking and re.search(_BARE_RANK, norm):  # a follow-up's "and the priciest one"
        ranking["top_n"] = 1
    if ranking:
        said = re.sub(r"\b(?:at the top|on top)\b", " ", norm)  # "highest CPC at the top"
        for order_pattern, order in _ORDER_WORDS:
            if re.search(order_pattern, said):
                ranking["order"] = order
                break
    dims: list[str] = []
    for _, dim in sorted(hits):
        if dim not in dims:
            dims.append(dim)
    return dims, ranking, norm


def _listed(norm: str, noun: str, words: dict[str, str], end: int) -> list[tuple[int, str]]:
    """The rest of a list of breakdowns after "by …": "by month and channel", "by channel,
    campaign and month"."""
    listed = re.compile(rf"(?:,? {noun})*,? (?:and|&|\+|/) (?:by )?{noun}\b").match(norm, end)
    found = re.finditer(noun, listed.group(0) if listed else "")
    return [(end + more.start(), words[more.group(1)]) for more in found]


def _grains(norm: str) -> list[tuple[int, str]]:
    """ "monthly", "weekly"… and trend words (a trend is by month unless a grain is named)."""
    hits = []
    for adj, grain in _GRAIN_ADJ.items():
        if found := re.search(rf"\b{adj}\b", norm):
            hits.append((found.start(), grain))
    for found in re.finditer(r"(?<!\bin )(?<!\bfor )\ba (month|week)\b", norm):
        hits.append((found.start(), found.group(1)))  # "how much are we spending a month"
    trend = (
        r"\b(trend|trending|trended|over time|getting (more|less|cheaper|pricier|worse|"
        r"better)|gone (up|down)|going (up|down)|rising|falling|increasing|decreasing|"
        r"how (?:has|have|did) (?:\w+ ){1,5}(?:moved|changed|developed|evolved|shifted|tracked)|"
        r"month by month|over the (?:year|months))\b"
    )
    if (
        re.search(trend, norm)
        and not hits
        and not re.search(r"\b(?:by|per) (?:day|week|month|quarter|year)\b", norm)
    ):
        hits.append((len(norm), "month"))
    return hits


Found = tuple[int, str | None, int | None]  # (position, dimension, top_n)


def _top_n(word: str, dim: str) -> int | None:
    """A singular dimension noun asks for the top one; a plural ranks them all."""
    plural = word.endswith("s") and dim != word
    return None if plural else 1


def _which(norm: str, noun: str, words: dict[str, str]) -> Found | None:
    n = rf"(\d+|{'|'.join(_NUMBERS)})"  # [1:-1]: without its group
    counted = re.search(rf"\b(?:which|what) {n} {noun}\b", norm)  # "which three campaigns"
    if counted:
        return counted.start(), words[counted.group(2)], _count(counted.group(1))
    among = re.search(
        rf"\b(?:of|among|out of) (?:the |our |all |all the )?(?:\w+ )?{noun}\b,? (?:\w+ ){{0,2}}"
        rf"which (?:one|of them)\b",
        norm,
    )  # "of the google campaigns, which one…"
    if among:
        return among.start(), words[among.group(1)], 1
    which = re.search(rf"\b(?:which|what) (?:(?:\w+) )?{noun}\b", norm)
    if not which:
        one_of = re.search(
            rf"\bwhich (?:one )?of (?:the |our |their |all |these |those |both |(?:{n[1:-1]}) )*"
            rf"{noun}\b"
            rf"(?= (?:\w+ ){{0,2}}the (?:{_MOST})\b)",
            norm,
        )  # "which of their campaigns had the best ROAS": the one
        return (one_of.start(), words[one_of.group(1)], 1) if one_of else None
    word = which.group(1)
    return which.start(), words[word], _top_n(which.group(0).split()[-1], words[word])


def _counted(norm: str, noun: str, words: dict[str, str]) -> Found | None:
    """ "the 3 campaigns with the lowest CTR", "5 cheapest channels": that many, ranked."""
    n = rf"(\d+|{'|'.join(_NUMBERS)})"
    m = re.search(
        rf"\b(?:the )?{n} {noun} (?:with|that had|that have|having|by)(?: the)? (?:{_MOST})\b",
        norm,
    )
    if m:
        return m.start(), words[m.group(2)], _count(m.group(1))
    m = re.search(rf"\b{n} (?:{_SUPERLATIVE}) {noun}\b", norm)
    if m:
        return m.start(), words[m.group(2)], _count(m.group(1))
    return None


def _ranked(norm: str, noun: str, words: dict[str, str]) -> Found | None:
    """ "rank our channels by ROAS", "ranking of campaigns": every one, in order."""
    m = re.search(rf"\b(?:rank|ranked|ranking)(?: of)?(?: our| the| all| their)* {noun}\b", norm)
    return (m.start(), words[m.group(1)], None) if m else None


def _count(word: str) -> int:
    return int(word) if word.isdigit() else _NUMBERS[word]


def _superlative(norm: str, noun: str, words: dict[str, str]) -> Found | None:
    """ "the worst campaign on CPL", "best performing ad", "campaign with the fewest clicks"."""
    m = re.search(
        rf"\b(?:{_SUPERLATIVE})(?: performing| converting| value| [a-z0-9]+(?: [a-z0-9]+)?)? "
        rf"{noun}\b",  # "lowest cpm channel", "highest cost per lead campaign"
        norm,
    ) or re.search(
        rf"\b{noun} (?:with|that had|that got|that has|having|had|got|has|gets|getting|"
        rf"bringing in|brought in|drove|driving)(?: the)? (?:{_MOST})\b",
        norm,
    )
    if not m:
        return None
    word = m.group(1)
    spelled = re.search(rf"\b{re.escape(word)}\w*", m.group(0))
    return m.start(), words[word], _top_n(spelled.group(0) if spelled else word, words[word])


def _top(norm: str, words: dict[str, str]) -> Found | None:
    alt = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
    top = re.search(
        rf"\b(top|bottom|best|worst) (\d+|{'|'.join(_NUMBERS)})\b(?: (?:\w+ )??({alt})\b)?",
        norm,
    )
    if not top:
        return None
    n = top.group(2)
    dim = words[top.group(3)] if top.group(3) else None
    return top.start(), dim, int(n) if n.isdigit() else _NUMBERS[n]


_IN_ONE = re.compile(
    r"\b(?:in|within|inside|of|under) (?:the|our|that) (?:[\w&'-]+ ){1,6}campaign\b"
)


def within_one_campaign(dims: list[str], campaign_hits: list[str], low: str) -> list[str]:
    """ "which ad group in the AP automation campaign": that campaign's rows, not a breakdown
    by campaign (the campaign stays a filter)."""
    if "campaign" in dims[1:] and campaign_hits and _IN_ONE.search(low):
        return [d for d in dims if d != "campaign"]
    return dims
