"""Finding metrics, channels and campaigns in a user's words (for `extract.py`).

Each finder blanks the span it consumed, so a word is read once: "Free AP Process Template"
is a campaign, not a channel hint, and "cost per lead" is CPL, not spend plus leads.
"""

from __future__ import annotations

import re
from functools import lru_cache

from agent.offline.grammar.kpi_metrics import read_metrics
from tools.kpi.metrics import load_registry
from tools.kpi.names import CHANNEL_ALIASES, CHANNEL_KEYWORDS, DEFAULT_CHANNELS, normalize

__all__ = ["CHANNEL_ALIASES", "normalize"]

_STAGE = r"(lead|mql|sql|opportunit(?:y|ie)|opp)s?"
_STAGE_TO = r"(mql|sql|opportunit(?:y|ie)|opp|customer|close|win)s?"
_PAIRS = {
    ("lead", "mql"): "lead_to_mql_rate",
    ("mql", "sql"): "mql_to_sql_rate",
    ("sql", "opp"): "sql_to_opportunity_rate",
    ("opp", "customer"): "win_rate",
    ("lead", "sql"): "lead_to_sql_rate",
    ("lead", "customer"): "lead_to_customer_rate",
}
EXTRA_PHRASES = {
    "spending": "spend",
    "spends": "spend",
    "how much did we spend": "spend",
    "cost per acquisition": "cpa",
    "conversion rates": "conversion_rate",
    # "is LinkedIn getting more expensive?" is a question about cost per lead
    "more expensive": "cpl",
    "less expensive": "cpl",
    "cheaper": "cpl",
    "pricier": "cpl",
}


def blank(text: str, start: int, end: int) -> str:
    return text[:start] + " " * (end - start) + text[end:]


def _word(phrase: str) -> str:
    return rf"(?<![a-z0-9]){re.escape(phrase)}(?![a-z0-9])"


@lru_cache(maxsize=8192)
def _word_re(phrase: str) -> re.Pattern[str]:
    """`_word(phrase)` compiled once (hundreds of phrases a message overflow `re`'s cache)."""
    return re.compile(_word(phrase))


def _words_in(phrase: str, text: str) -> list[re.Match[str]]:
    """The matches of `_word(phrase)` in `text`; none without a substring test's regex run."""
    return list(_word_re(phrase).finditer(text)) if phrase in text else []


@lru_cache(maxsize=1)
def _base_phrases() -> dict[str, str]:
    phrases = load_registry(None).phrases()
    phrases.update(EXTRA_PHRASES)
    return phrases


def find_metrics(norm: str, phrases: dict[str, str] | None = None) -> list[str]:
    """Metric names in order of mention; longest phrases win ("cost per lead" over "lead")."""
    phrases = {**_base_phrases(), **(phrases or {})}
    hits: list[tuple[int, str]] = []
    pair = re.compile(
        rf"\b(?:(?:conversion|conv)(?: rate)? from )?{_STAGE} (?:to|into) "
        rf"{_STAGE_TO}(?: (?:conversion|rate|ratio))*\b"
    )
    for m in pair.finditer(norm):
        key = (_stage(m.group(1)), _stage(m.group(2)))
        if key in _PAIRS:
            hits.append((m.start(), _PAIRS[key]))
            norm = blank(norm, m.start(), m.end())
    for phrase in sorted(phrases, key=len, reverse=True):
        for m in _words_in(phrase, norm):
            hits.append((m.start(), phrases[phrase]))
            norm = blank(norm, m.start(), m.end())
    found: list[str] = []
    for _, name in sorted(hits):
        if name not in found:
            found.append(name)
    return found


_STOP = {
    "by",
    "on",
    "for",
    "in",
    "from",
    "per",
    "and",
    "vs",
    "versus",
    "across",
    "with",
    "at",
    "of",
    "over",
    "during",
    "since",
    "this",
    "last",
    "was",
    "is",
    "did",
    "has",
    "to",
}
_NOT_METRICS = {
    "what",
    "which",
    "the",
    "a",
    "this",
    "that",
    "our",
    "same",
    "any",
    "higher",
    "lower",
    "current",
    "exchange",
    "interest",
    "day",
    "daily",
    "run",
}


def find_unknown_metrics(norm: str, phrases: dict[str, str] | None = None) -> tuple[list[str], str]:
    """Metric-shaped phrases that name no governed metric ("cost per leed", "bounce rate",
    "cpx", "roi"), kept verbatim so the tool can answer with the names that exist instead of
    quietly answering a different question. Known phrases are never reported."""
    phrases = {**_base_phrases(), **(phrases or {})}
    norm = re.sub(r"\bcost per (?:a|an|each|every|one) ", "cost per ", norm)
    unknown: list[str] = []
    for m in re.finditer(r"\bcost per ((?:[a-z0-9]+ ?){1,3})", norm):
        words = []
        for word in m.group(1).split():
            if word in _STOP:
                break
            words.append(word)
        if not words or any(
            " ".join(["cost per", *words[:k]]) in phrases for k in range(len(words), 0, -1)
        ):
            continue
        if read_metrics(" ".join(["cost per", *words])).metrics[:1] in (
            [f"cost_per_{w}" for w in ("sql", "mql", "opportunity")] + [["cpl"], ["cac"], ["cpa"]]
        ):
            continue  # a funnel stage said another way ("cost per paying customer")
        phrase = " ".join(["cost per", *words])
        unknown.append(phrase)
        norm = blank(norm, m.start(), m.start() + len(phrase))
    rest = norm
    for phrase in sorted(phrases, key=len, reverse=True):
        if phrase in rest:
            rest = _word_re(phrase).sub(lambda hit: " " * len(hit.group(0)), rest)
    for m in re.finditer(
        r"\b([a-z]+) rate\b|\b(cp[a-z]|roi|ltv|arpu|mrr|arr|nps|sqos?|sals?|pqls?|hqls?)\b", rest
    ):
        word = m.group(1)
        if word in _NOT_METRICS or word in {"conversion", "conv", "click", "win", "close"}:
            continue
        unknown.append(m.group(0))
        norm = blank(norm, m.start(), m.end())
    return unknown, norm


def _stage(word: str) -> str:
    word = word.lower()
    if word.startswith("opp"):
        return "opp"
    return {"close": "customer", "win": "customer"}.get(word, word)


def find_channels(norm: str, channels: list[str] | tuple[str, ...]) -> tuple[list[str], str]:
    """Workspace channel names meant by the text (exact names first, then aliases)."""
    hits: list[tuple[int, str]] = []
    for name in sorted(channels, key=len, reverse=True):
        key = normalize(name)
        for m in _words_in(key, norm) if key else ():
            hits.append((m.start(), name))
            norm = blank(norm, m.start(), m.end())
    aliases = sorted(
        ((a, c) for c, names in CHANNEL_ALIASES.items() for a in names),
        key=lambda pair: len(pair[0]),
        reverse=True,
    )
    for alias, concept in aliases:
        for m in _words_in(alias, norm):
            if concept == "events" and norm[max(0, m.start() - 4) : m.start()] == "key ":
                continue
            hits.extend((m.start(), name) for name in _channels_for(concept, channels))
            norm = blank(norm, m.start(), m.end())
    found: list[str] = []
    for _, name in sorted(hits):
        if name not in found:
            found.append(name)
    return found, norm


def _channels_for(concept: str, channels: list[str] | tuple[str, ...]) -> list[str]:
    keywords = CHANNEL_KEYWORDS[concept]
    matches = [c for c in channels if any(k in c.lower() for k in keywords)]
    return matches or [DEFAULT_CHANNELS[concept]]


def find_campaigns(
    norm: str, low: str, campaigns: list[str] | tuple[str, ...]
) -> tuple[list[str], str]:
    """Campaigns named in full, by their distinctive part ("Free AP Process Template"),
    or quoted next to the word campaign."""
    hits: list[tuple[int, str]] = []
    variants: list[tuple[str, str]] = []
    for name in campaigns:
        variants.append((normalize(name), name))
        parts = re.split(r"\s[\u2013\u2014\-:|]\s", name, maxsplit=1)
        if len(parts) == 2 and len(normalize(parts[1])) >= 8:
            variants.append((normalize(parts[1]), name))
    for key, name in sorted(variants, key=lambda v: len(v[0]), reverse=True):
        for m in _words_in(key, norm) if key else ():
            hits.append((m.start(), name))
            norm = blank(norm, m.start(), m.end())
    quoted = re.finditer(
        r"campaigns? [\"“'‘]([^\"”'’]{2,80})[\"”'’]|[\"“'‘]([^\"”'’]{2,80})"
        r"[\"”'’] campaign",
        low,
    )
    for m in quoted:
        value = (m.group(1) or m.group(2)).strip()
        if value and all(value.lower() != n.lower() for _, n in hits):
            hits.append((len(norm), value))
            key = normalize(value)
            norm = re.sub(_word(key), " " * len(key), norm) if key else norm
    found: list[str] = []
    for _, name in sorted(hits):
        if name not in found:
            found.append(name)
    return found, norm


# Words that never identify one campaign on their own: channel and platform names, metric and
# funnel words, and filler (a campaign called "AP Cost Calculator" is not meant by "cost").
_GENERIC_WORDS = """
the and for our with from campaign campaigns ads ad paid search social email emails linkedin
google meta facebook instagram webinar webinars organic seo cost costs lead leads spend click
clicks conversion conversions sql sqls mql mqls demo free live new monthly weekly daily finance
thought process direct site request visitor visitors leader leaders month end week year
quarter day time
"""
_NOT_DISTINCTIVE = frozenset(_GENERIC_WORDS.split())


_ROLES = frozenset({"cfo", "ceo", "cmo", "cto", "coo", "founder", "controller", "director"})
_CAMPAIGN_CUE = re.compile(r"\s+(?:campaigns?|ads?|stuff|ones?|thought|content|posts?)\b")


def _a_person(word: str, norm: str, start: int, end: int) -> bool:
    """ "their CFO always asks…": a role word said of a person, not the campaign it names
    ("the CFO campaign", "the CFO stuff on linkedin" still name it)."""
    return (
        word in _ROLES
        and re.search(r"\b(?:their|our|the|my|his|her|a|an|your|whose)\s+$", norm[:start])
        is not None
        and not _CAMPAIGN_CUE.match(norm[end:])
    )


def find_campaigns_by_word(
    norm: str,
    campaigns: list[str] | tuple[str, ...],
    channel_of: dict[str, str] | None = None,
    channels_named: list[str] | tuple[str, ...] = (),
) -> tuple[list[str], str]:
    """Campaigns named by a word only they have ("the masterclass webinars", "brand search",
    "the lookalike campaign"), or by a shared word plus the channel named beside it ("meta
    retargeting"). A word that fits several campaigns names none of them; numbers count only
    next to the word "campaign" ("campaign 916")."""
    index: dict[str, set[str]] = {}
    pairs: dict[str, set[str]] = {}
    for name in campaigns:
        tokens = [_singular(t) for t in normalize(name).split()]
        for token in set(tokens):
            index.setdefault(token, set()).add(name)
        for a, b in zip(tokens, tokens[1:], strict=False):
            pairs.setdefault(f"{a} {b}", set()).add(name)
    found: list[tuple[int, str]] = []
    spans = []
    for m in re.finditer(r"\b(?=([a-z0-9]+) ([a-z0-9]+)\b)", norm):  # "live demo", "month end"
        names = pairs.get(f"{_singular(m.group(1))} {_singular(m.group(2))}", set())
        if len(names) == 1 and not m.group(1).isdigit():
            found.append((m.start(), next(iter(names))))
            spans.append((m.start(), m.start() + len(m.group(1)) + 1 + len(m.group(2))))
    for start, end in spans:
        norm = blank(norm, start, end)
    for m in re.finditer(r"[a-z0-9]+", norm):
        word = _singular(m.group(0))
        names = index.get(word, set())
        if not names or len(word) < 3 or word in _NOT_DISTINCTIVE:
            continue
        if _a_person(word, norm, m.start(), m.end()):
            continue
        if word.isdigit() and not (
            re.search(r"campaigns? (?:id )?$", norm[: m.start()]) or _id_like(word)
        ):
            continue
        if len(names) > 1 and channels_named and channel_of:
            names = {n for n in names if channel_of.get(n) in channels_named}
        if len(names) == 1:
            found.append((m.start(), next(iter(names))))
            norm = blank(norm, m.start(), m.end())
    result: list[str] = []
    for _, name in sorted(found):
        if name not in result:
            result.append(name)
    return result, norm


def _id_like(word: str) -> bool:
    """A number that can only be a campaign's id ("how many purchases did 1178 drive"): three
    digits or more and not a year."""
    return len(word) >= 3 and not (len(word) == 4 and word[:2] in ("19", "20"))


def _singular(word: str) -> str:
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
        return word[:-1]
    return word


# Everyday words for the values a gender column holds in ad exports (M/F, male/female…).
_GENDER_WORDS = {
    "female": r"women|woman|females?|ladies|female audience",
    "male": r"men|man|males?|guys|male audience",
}
_GENDER_VALUES = {"female": ("f", "female", "w", "women"), "male": ("m", "male", "men")}


def find_dimension_values(
    norm: str, values: dict[str, list[str]] | None
) -> tuple[dict[str, list[str]], str]:
    """Filters on the workspace's own dimensions from the values named ("women 35-39" →
    gender F, age 35-39). A value counts when written out ("35-39", "female"), when a gender
    is said in everyday words, or, for bare numbers, right after its dimension's name
    ("interest 16"). Values are returned as stored."""
    found: dict[str, list[str]] = {}
    for dim, options in (values or {}).items():
        for value in sorted(options, key=len, reverse=True):
            key = normalize(value)
            if not key or (len(key) < 2 and not key.isdigit()):
                continue
            named = rf"\b{re.escape(normalize(dim))}s? {re.escape(key)}\b"  # "interest 16"
            pattern = named if key.isdigit() else _word(key)
            for m in re.finditer(pattern, norm):
                found.setdefault(dim, []).append(value)
                norm = blank(norm, m.start(), m.end())
                break
        if "gender" not in normalize(dim):
            continue
        for concept, words in _GENDER_WORDS.items():
            stored = [v for v in options if normalize(v) in _GENDER_VALUES[concept]]
            said = re.search(rf"\b(?:{words})\b", norm)
            if said and stored:
                found.setdefault(dim, []).extend(v for v in stored if v not in found.get(dim, []))
                norm = blank(norm, said.start(), said.end())
    return found, norm
