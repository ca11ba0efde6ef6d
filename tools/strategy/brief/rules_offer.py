"""Brief extraction rules for what the client sells and against whom: company, category,
offering, business model, price points, competitors, the status quo, differentiators and proof.
"""

from __future__ import annotations

import re
from collections import Counter

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
from tools.strategy.evidence import Evidence, is_competitor_document, lines, sentences
from tools.strategy.vocabulary import has_cue, labels_in, setting

_COMPANY = re.compile(
    r"\b(?P<name>[A-Z][A-Za-z0-9&]+(?: [A-Z][A-Za-z0-9&]+){0,3}) (?:Ltd|Limited|plc|LLP|Inc)\b"
)
_PRICE = re.compile(
    r"(?P<plan>\b[A-Z][A-Za-z]+)\s*(?:[—–:|-]|\bat\b)?\s*"
    r"(?P<price>(?:from\s+)?£\s?[\d,]+(?:\.\d{2})?k?\s*(?:/\s*|per |a )"
    r"(?:month|mo|year|yr|annum|user|seat))",
)
_NUMBER = re.compile(r"\d[\d,.]*")
_BOLD_LEAD = re.compile(r"^\s*[-*]\s+\*\*(?P<item>[^*]+?)\.?\*\*")
_DIFFERENTIATOR_INTRO = re.compile(r"differentiator|only we|what only|unique", re.IGNORECASE)


def company(passages: list[Evidence]) -> list[BriefValue]:
    """The registered name mentioned with Ltd/plc/... whose name appears most across passages."""
    found: dict[str, tuple[Evidence, str]] = {}
    for p in passages:
        for m in _COMPANY.finditer(p.text):
            found.setdefault(m.group("name"), (p, m.group(0)))
    if not found:
        return []
    mentions = {n: sum(p.text.count(n) for p in passages) for n in found}
    best = max(found, key=lambda n: (mentions[n], -list(found).index(n)))
    passage, registered = found[best]
    sentence = next((s for s in sentences(passage.text) if registered in s), registered)
    return [value(registered, passage, sentence)]


def category(passages: list[Evidence]) -> list[BriefValue]:
    """The market category named in the most documents (vocabulary order breaks ties)."""
    documents: dict[str, set[str]] = {}
    first: dict[str, Evidence] = {}
    for p in passages:
        for label in labels_in(p.text, "categories"):
            documents.setdefault(label, set()).add(p.source)
            first.setdefault(label, p)
    if not documents:
        return []
    order = list(setting("categories"))
    best = max(documents, key=lambda lab: (len(documents[lab]), -order.index(lab)))
    passage = first[best]
    return [value(best, passage, sentence_with(passage, "categories", best))]


def offering(
    passages: list[Evidence], company: list[BriefValue], category: list[BriefValue]
) -> list[BriefValue]:
    """'<Company> — <category> for <whom>' phrases; the most repeated one wins."""
    if not company or not category:
        return []
    name = re.escape(company[0].value.split()[0])
    label = category[0].value
    pattern = re.compile(
        rf"\b{name}\b(?:\s*[—–:-]\s*|\s+(?:is|as)\s+)[\"“]?(?P<phrase>[^\"”\n]+)", re.IGNORECASE
    )
    candidates: list[tuple[str, Evidence, str]] = []
    for p in passages:
        for s in sentences(p.text):
            for m in pattern.finditer(s):
                phrase = m.group("phrase").strip().rstrip(".")
                if label in labels_in(phrase, "categories") and len(phrase.split()) >= 3:
                    candidates.append((phrase, p, s))
    if not candidates:
        return []
    counts = Counter(" ".join(c[0].lower().split()) for c in candidates)
    phrase, passage, sentence = max(
        candidates, key=lambda c: (counts[" ".join(c[0].lower().split())], -candidates.index(c))
    )
    return [value(phrase, passage, sentence)]


def business_model(passages: list[Evidence]) -> list[BriefValue]:
    """Business-model terms that at least two documents agree on (old copy is often stale)."""
    own = own_passages(passages)
    documents: dict[str, set[str]] = {}
    first: dict[str, Evidence] = {}
    for p in own:
        for label in labels_in(p.text, "business_models"):
            documents.setdefault(label, set()).add(p.source)
            first.setdefault(label, p)
    needed = 2 if len({p.source for p in own}) >= 2 else 1
    agreed = [lab for lab in setting("business_models") if len(documents.get(lab, ())) >= needed]
    if not agreed:
        return []
    passage = first[agreed[0]]
    return [value(", ".join(agreed), passage, sentence_with(passage, "business_models", agreed[0]))]


def price_points(passages: list[Evidence]) -> list[BriefValue]:
    """'<Plan> — £390/month' in pricing passages; one per plan, first document wins."""
    out = []
    for p in own_passages(passages):
        if not re.search(r"pric|plan|packag", f"{p.heading} {p.text}", re.IGNORECASE):
            continue
        for line in lines(p.text):
            for m in _PRICE.finditer(line):
                price = " ".join(m.group("price").split())
                out.append(value(f"{m.group('plan')}: {price}", p, line))
    return dedupe(out, key=lambda t: t.split(":")[0].lower())


def competitors(passages: list[Evidence]) -> list[BriefValue]:
    """Sections of competitor documents that profile a vendor (strengths and weaknesses)."""
    out = []
    for p in passages:
        if not is_competitor_document(p) or has_cue(section(p), "status_quo_cues"):
            continue
        if re.search(r"strengths?\b", p.text, re.IGNORECASE) and re.search(
            r"weakness", p.text, re.IGNORECASE
        ):
            out.append(value(section(p), p, sentences(p.text)[0]))
    return dedupe(out)


def alternatives(passages: list[Evidence]) -> list[BriefValue]:
    """The status quo: a section about it, else a lost-deal reason that names it."""
    out = [
        value(section(p), p, sentences(p.text)[0])
        for p in passages
        if has_cue(section(p), "status_quo_cues") and sentences(p.text)
    ]
    if not out:
        line_re = re.compile(setting("lost_deal_line"))
        for p in passages:
            for line in lines(p.text):
                m = line_re.match(line)
                if m and has_cue(m.group("reason"), "status_quo_cues"):
                    out.append(value(m.group("reason"), p, line))
    return dedupe(out)


def differentiators(passages: list[Evidence]) -> list[BriefValue]:
    """Bullet lists introduced as differentiators ('what only we do', 'genuine differentiators')."""
    out = []
    for p in passages:
        heading = section(p)
        collecting = bool(_DIFFERENTIATOR_INTRO.search(heading)) and not has_cue(
            heading, "negation_cues"
        )
        took = False
        for raw in p.text.splitlines():
            text = raw.strip()
            if not text:
                continue
            if BULLET.match(text):
                item = _bullet_item(text) if collecting else ""
                if item:
                    out.append(value(item, p, " ".join(lines(text))))
                    took = True
                continue
            if took:  # the list ended
                collecting = took = False
            text = " ".join(lines(text))
            if not text.endswith(":"):
                continue
            if has_cue(text, "negation_cues") or has_cue(text, "competitor_claim_cues"):
                collecting = False  # e.g. "Table stakes (competitors also claim these):"
            elif _DIFFERENTIATOR_INTRO.search(text):
                collecting = True
    return dedupe(out)


def _bullet_item(line: str) -> str:
    m = _BOLD_LEAD.match(line)
    if m:
        return m.group("item").strip()
    text = " ".join(lines(line))
    return re.split(r"(?<=[a-z0-9)])[.,;]\s", text, maxsplit=1)[0].rstrip(".")


def _numbers(text: str) -> frozenset[str]:
    return frozenset(n.rstrip(".,").replace(",", "") for n in _NUMBER.findall(text))


def proof_points(passages: list[Evidence]) -> list[BriefValue]:
    """Customer results with numbers, from proof/results sections; repeats are dropped."""
    out: list[BriefValue] = []
    seen: list[frozenset[str]] = []
    for p in own_passages(passages):
        if not heading_matches(p, "proof_headings"):
            continue
        for s in sentences(p.text):
            if not DIGIT.search(s) or not has_cue(s, "result_verbs"):
                continue
            nums = _numbers(s)
            if any(nums <= old or old <= nums for old in seen):
                continue
            seen.append(nums)
            out.append(value(s, p, s))
    return out
