"""How figure questions are spelled before the KPI grammar reads them: shorthand expanded
("yr", "qtr", "wks", "cost/lead", "CPCs", "the £ figure") and typos corrected against the
words the grammar knows ("pipline" → pipeline, "linkdin" → linkedin, "octobr" → october).

Typos are corrected with `rapidfuzz` (edit-distance similarity), only for words of five letters
or more that the grammar does not know, only to a known word at least `CUTOFF` similar, and
only when one known word is clearly nearest; the corrections are returned so the reading can
show them. Words the grammar knows are never changed.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

from rapidfuzz import fuzz, process
from rapidfuzz.distance import OSA

from tools.kpi.names import CHANNEL_ALIASES

CUTOFF = 86.0  # similarity (0–100) a word needs to be read as a misspelling of a known word
_MARGIN = 3.0  # the nearest known word must beat the next one by this much

_SHORTHAND = (
    (r"\b(last|past|previous|trailing) (\d+) ?d\b", r"\1 \2 days"),  # "last 30d", "past 7d"
    (r"\b(last|past|previous|trailing) (\d+) ?(?:w|wk|wks)\b", r"\1 \2 weeks"),
    (r"\b(last|past|previous|trailing) (\d+) ?mo\b", r"\1 \2 months"),
    (  # "now for the last 90 instead": the day counts people use on their own
        r"\b(last|past|previous|trailing) (7|14|28|30|45|60|90|180|365)\b(?! ?(?:days?|weeks?|"
        r"months?|quarters?|years?|campaigns?|leads?|deals?|customers?|clicks?|[a-z]*s\b))",
        r"\1 \2 days",
    ),
    (  # "our lead investor asked…": a person, not the metric
        r"\blead (investors?|designers?|engineers?|developers?|architects?|authors?|partners?|"
        r"consultants?|times?|role)\b",
        r"main \1",
    ),
    (r"\bconvert(?:s|ing)? (?:the )?(cheapest|most cheaply)\b", r"\1 cost per conversion"),
    (r"\bmore cheap(?:er)?\b", "cheapest"),  # "which is the channel with more cheap leads?"
    (  # "which channel brings more leads?" (no "than"): the one with the most
        r"^((?:which|what)\b(?!.*\bthan\b).*?\b(?:with|has|have|had|got|gets|bring|brings|"
        r"brought|drove|drives|give|gives|gave)) more\b",
        r"\1 the most",
    ),
    (r"\byrs?\b", "year"),
    (r"\bqtrs?\b", "quarter"),
    (r"\bmths?\b|\bmnths?\b", "month"),
    (r"\bwks?\b", "week"),
    (r"\bthru\b", "through"),
    (r"\by'?day\b|\byest\b", "yesterday"),
    (r"\brev\b", "revenue"),
    (r"\b(?:the )?first quarter\b", "q1"),  # "cost per SQL in the third quarter"
    (r"\b(?:the )?second quarter\b", "q2"),
    (r"\b(?:the )?third quarter\b", "q3"),
    (r"\b(?:the )?(?:fourth|final|last calendar) quarter\b", "q4"),
    (  # "for the whole quarter so far": this quarter to date
        r"(?<!last )(?<!this )(?<!previous )(?<!current )\b(?:the )?(?:whole |entire |full )?"
        r"(week|month|quarter|year) so far\b",
        r"this \1 so far",
    ),
    (r"\bv\.?(?= (?:[a-z]|q[1-4]\b))", "vs"),  # "google v meta", "q3 v q2"
    (r"\bw/(?=\s)", "with"),
    (r"\b(compared?|compares) w\b", r"\1 with"),  # "how does that compare w september"
    (r"\bvs\.?(?=\s)", "vs"),
    (r"\bcost ?/ ?(?=[a-z])", "cost per "),
    (  # "burning the most money per new customer" (not "spend per channel": a breakdown)
        r"\b(?:money|spend|spent|spending|dollars|pounds|cash) per(?= (?:new |paying )?(?:lead|"
        r"customer|sql|mql|opp|opportunit|conversion|click|acquisition|sign ?up|sale|deal))",
        "cost per",
    ),
    (r"\b(this|last|previous|next) q\b", r"\1 quarter"),  # "win rate this q vs last q"
    (r"\b(this|last|previous|next) mo\b", r"\1 month"),  # "vs last mo?"
    (  # "what did we pay per thousand impressions": CPM
        r"\b(?:(?:what )?(?:did|do) we )?(?:cost|paid|pay|spend|spent|spending)?\s*(?:per|a|"
        r"for a|for one|for every|for each) (?:thousand|1,?000|1k|mille) impressions\b",
        " cpm ",
    ),
    (  # "leads oct 26 vs oct 25": two-digit years on both sides
        r"\b([a-z]{3,9}) '?(\d\d) (vs|versus|v|against|compared to) ([a-z]{3,9}) '?(\d\d)\b",
        r"\1 20\2 \3 \4 20\5",
    ),
    (r"\bsame point last year\b", "same period last year"),
    (r"%\s*of\b", "percent of"),
    (r"\b(cp[clam]|ctr|cac)s\b", r"\1"),  # plurals: "CPCs", "CTRs", "CACs"
    (
        r"(?:\b(?:the|total|just the|in)\s+)?[£$€](?:\s*(?:figure|amount|number|total|value))?"
        r"(?=\s|$|[?.!,])",
        " spend ",
    ),
    (r"\b(?:blow|blew|blown|blowing) (?=on|through)", "spend "),
    (r"\bhow much did (\w+(?: \w+)?) (?:blow|blew)\b", r"how much did \1 spend"),
)

# Words the KPI grammar reads (besides the workspace's own names): targets for corrections.
_KNOWN = """
impressions impression clicks click spend spent spending revenue pipeline leads lead customers
customer conversions conversion converting convert opportunities opportunity deals deal
campaign campaigns channel channels quarter quarters month months week weeks year years
january february march april june july august september october november december
yesterday today monthly weekly quarterly daily yearly trend trending trended
cheapest highest lowest biggest smallest best worst fewest most average
rate rates ratio percentage cost costs price revenue bookings
qualified marketing sales opportunities pipeline retargeting brand webinar webinars
newsletter email organic search lookalikes template breakdown broken compared versus compare
open opened create created
comparison between through number figure total overall performing performance paused
"""


_COMMON_FOUR = frozenset(
    ("from", "form", "this", "that", "with", "what", "when", "then", "than", "them", "they")
    + ("were", "been", "have", "your", "ours", "into", "onto", "over", "last", "next", "each")
    + ("most", "more", "less", "best", "much", "many", "such", "only", "also", "just", "very")
    + ("some", "same", "week", "year", "does", "done", "made", "make", "show", "give", "take")
    + ("past", "post", "stop", "spot", "tops", "sale", "seal", "team", "meat", "mate", "rate")
)


def expand_shorthand(low: str) -> str:
    """Lower-case text with shorthand written out ("ytd" stays: the period grammar reads it)."""
    for pattern, word in _SHORTHAND:
        low = re.sub(pattern, word, low)
    return re.sub(r"\s+", " ", low).strip()


def correct_typos(low: str, names: Iterable[str] = ()) -> tuple[str, list[tuple[str, str]]]:
    """`low` with misspelt words replaced by the known word they stand for, and the list of
    (typed, read as) corrections. `names` are the workspace's own words (channels, campaigns,
    metrics), which are known words too."""
    known = _known_words(tuple(sorted({w for n in names for w in _words(n)})))
    corrections: list[tuple[str, str]] = []

    def fix(match: re.Match[str]) -> str:
        word = match.group(0)
        if len(word) < 4 or word in known or not word.isalpha():
            return word
        best = process.extract(word, known, scorer=fuzz.ratio, limit=2, score_cutoff=CUTOFF)
        if len(word) == 4:  # four letters: only two swapped ("opne" → "open"), never a guess,
            if word in _COMMON_FOUR:  # and never an everyday word ("from" is not "form")
                return word
            best = []
        if best and len(best) > 1 and best[0][1] - best[1][1] < _MARGIN:
            return word
        if not best:  # "googel", "chanenl": two letters swapped, and only one such word
            near = process.extract(word, known, scorer=OSA.distance, limit=2, score_cutoff=1)
            if len(near) != 1 or sorted(near[0][0]) != sorted(word):  # not "leaks" → "leads"
                return word
            best = [(near[0][0], float(CUTOFF), 0)]
        corrections.append((word, best[0][0]))
        return str(best[0][0])

    return re.sub(r"[a-z]+", fix, low), corrections


@lru_cache(maxsize=64)
def _known_words(names: tuple[str, ...]) -> frozenset[str]:
    aliases = {w for values in CHANNEL_ALIASES.values() for v in values for w in _words(v)}
    return frozenset(_KNOWN.split()) | aliases | set(names)


@lru_cache(maxsize=8192)  # the workspace's names are split again on every message
def _words(text: str) -> tuple[str, ...]:
    return tuple(w for w in re.findall(r"[a-z]+", text.lower()) if len(w) >= 3)
