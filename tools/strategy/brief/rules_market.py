"""Brief extraction rules for whom the client sells to and how it markets: segments, target
markets, budget, goals, team, agencies, channels, tools and brand voice.
"""

from __future__ import annotations

import re

from tools.strategy.brief.model import BriefValue
from tools.strategy.brief.rules_base import (
    BULLET,
    DIGIT,
    dedupe,
    heading_matches,
    own_passages,
    section,
    sentence_with,
    value,
)
from tools.strategy.evidence import Evidence, lines, sentences
from tools.strategy.vocabulary import cues, has_cue, labels_in, setting, terms

_BUDGET = re.compile(
    r"\b(?:marketing )?budget(?: is| of)?[^.£]{0,40}?(?P<amount>(?:(?:around|about|roughly) )?"
    r"£\s?[\d,.]+\s?[kKm]?(?:\s*(?:a|per|/)\s*(?:month|year|quarter|annum))?)",
    re.IGNORECASE,
)
_TARGET = re.compile(r"\btarget of (?P<goal>[^.;,]+)", re.IGNORECASE)
_AGENCY = re.compile(
    r"\b(?P<name>[A-Z][\w&'-]+(?: [A-Z][\w&'-]+){0,3})"
    r"(?: retainer\b| agency\b| \((?:our )?agency\))"
)
_RETAINER = re.compile(r"\bretainer of (?P<amount>£\s?[\d,.]+k?(?:\s*(?:a|per|/)\s*month)?)")
_NOT_NAMES = {"The", "Our", "A", "An", "This", "That", "Their", "Its", "Every", "Each"}
_VOICE_RULE = re.compile(r"\bour (voice|tone) is\b|\bone-line rule\b", re.IGNORECASE)


def budget(passages: list[Evidence]) -> list[BriefValue]:
    for p in own_passages(passages):
        for s in sentences(p.text):
            if "budget" not in s.lower():
                continue
            m = _BUDGET.search(s)
            if m:
                return [value(" ".join(m.group("amount").split()), p, s)]
    return []


def goals(passages: list[Evidence]) -> list[BriefValue]:
    out = []
    for p in own_passages(passages):
        for s in sentences(p.text):
            if not has_cue(s, "goal_cues") or not DIGIT.search(s):
                continue
            m = _TARGET.search(s)
            goal = m.group("goal") if m else s
            if len(goal.split()) >= 2:  # "a target of 5" is a detail, not a goal
                out.append(value(goal, p, s))
    return dedupe(out)


def segments(passages: list[Evidence]) -> list[BriefValue]:
    out = []
    for p in own_passages(passages):
        if heading_matches(p, "who_buys_headings"):
            for label in labels_in(p.text, "industries"):
                out.append(value(label, p, sentence_with(p, "industries", label)))
    return dedupe(out)


def target_markets(passages: list[Evidence]) -> list[BriefValue]:
    """The best-fit customer description, then the geographies the client says it sells in."""
    out = []
    for p in own_passages(passages):
        for s in sentences(p.text):
            m = next((c.search(s) for c in cues("best_fit_sentence") if c.search(s)), None)
            if m is None:
                continue
            rest = s[m.end() :].strip().rstrip(".")
            if DIGIT.search(rest) and len(rest.split()) >= 6:
                out.append(value(rest, p, s))
    for p in passages:
        for s in sentences(p.text):
            if has_cue(s, "geography_cues"):
                out.extend(value(g, p, s) for g in labels_in(s, "geographies"))
    return dedupe(out)


def team(passages: list[Evidence]) -> list[BriefValue]:
    """'Name, Role' / 'Name (our role)' / 'Name as role' for the client's own team roles."""
    roles = "|".join(re.escape(r) for r in setting("team_roles"))
    pattern = re.compile(
        r"\b(?P<name>[A-Z][a-z]+(?: [A-Z][a-z]+)?)"
        rf"(?:,\s*(?:our |the )?| \((?:our |the )?| as (?:our |the )?)(?P<role>(?i:{roles}))\b"
    )
    best: dict[str, BriefValue] = {}
    for p in own_passages(passages):
        for s in sentences(p.text):
            for m in pattern.finditer(s):
                name, role = m.group("name"), m.group("role")
                if name.split()[0] in _NOT_NAMES:
                    continue
                key = role.lower()
                current = best.get(key)
                if current is None or len(name) > len(current.value.split(" — ")[0]):
                    best[key] = value(f"{name} — {role}", p, s)
    return list(best.values())


def agencies(passages: list[Evidence]) -> list[BriefValue]:
    out = []
    for p in own_passages(passages):
        for s in sentences(p.text):
            for m in _AGENCY.finditer(s):
                name = m.group("name")
                if name.split()[0] in _NOT_NAMES:
                    continue
                fee = _RETAINER.search(s)
                text = f"{name} (retainer {' '.join(fee.group('amount').split())})" if fee else name
                out.append(value(text, p, s))
    return dedupe(out, key=lambda t: t.split(" (")[0].lower())


def vocabulary_field(passages: list[Evidence], key: str) -> list[BriefValue]:
    """Vocabulary terms found in the client's own documents, each cited where it is most named."""
    best: dict[str, tuple[int, Evidence]] = {}
    for p in own_passages(passages):
        for label in labels_in(p.text, key):
            count = sum(len(pat.findall(p.text)) for pat in terms(key)[label])
            if label not in best or count > best[label][0]:
                best[label] = (count, p)
    return [
        value(label, p, sentence_with(p, key, label))
        for label, (_, p) in sorted(best.items(), key=lambda kv: list(terms(key)).index(kv[0]))
    ]


def brand_voice(passages: list[Evidence]) -> list[BriefValue]:
    out = []
    for p in own_passages(passages):
        if not heading_matches(p, "voice_headings") or p.heading == section(p):
            continue
        for raw in p.text.splitlines():
            text = " ".join(lines(raw))
            if text and (BULLET.match(raw.strip()) or _VOICE_RULE.search(text)):
                out.append(value(text, p, text))
    return dedupe(out)
