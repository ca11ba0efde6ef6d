"""Fill the brief's document-sourced fields from the workspace documents, with citations.

Deterministic: every passage of the workspace is scanned with the patterns and vocabulary in
prompts/strategy/vocabulary.yaml (price points from £ amounts next to plan names, competitors
from the competitor document's headings, channels and tools by vocabulary, ...). It runs when
the brief is read and the documents changed since the last run (keyed on their content hashes),
never at upload time. Passages are data: nothing in them is followed as an instruction.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable

from core.scope import WorkspaceScope
from tools.strategy.brief import (
    BriefStore,
    BriefValue,
    ClientBrief,
    apply_extraction,
    field_specs,
)
from tools.strategy.evidence import (
    Evidence,
    documents_hash,
    is_competitor_document,
    lines,
    sentences,
    workspace_passages,
)
from tools.strategy.vocabulary import cues, has_cue, labels_in, setting, terms

EXTRACTOR_VERSION = "1"  # bump when the rules change so briefs are re-extracted
MAX_ITEMS = 10
_COMPANY = re.compile(
    r"\b(?P<name>[A-Z][A-Za-z0-9&]+(?: [A-Z][A-Za-z0-9&]+){0,3}) (?:Ltd|Limited|plc|LLP|Inc)\b"
)
_PRICE = re.compile(
    r"(?P<plan>\b[A-Z][A-Za-z]+)\s*(?:[—–:|-]|\bat\b)?\s*"
    r"(?P<price>(?:from\s+)?£\s?[\d,]+(?:\.\d{2})?k?\s*(?:/\s*|per |a )"
    r"(?:month|mo|year|yr|annum|user|seat))",
)
_BUDGET = re.compile(
    r"\b(?:marketing )?budget(?: is| of)?[^.£]{0,40}?(?P<amount>(?:(?:around|about|roughly) )?"
    r"£\s?[\d,.]+\s?[kKm]?(?:\s*(?:a|per|/)\s*(?:month|year|quarter|annum))?)",
    re.IGNORECASE,
)
_TARGET = re.compile(r"\btarget of (?P<goal>[^.;,]+)", re.IGNORECASE)
_DIGIT = re.compile(r"\d")
_NUMBER = re.compile(r"\d[\d,.]*")
_BOLD_LEAD = re.compile(r"^\s*[-*]\s+\*\*(?P<item>[^*]+?)\.?\*\*")
_BULLET = re.compile(r"^\s*[-*]\s+")
_AGENCY = re.compile(
    r"\b(?P<name>[A-Z][\w&'-]+(?: [A-Z][\w&'-]+){0,3})"
    r"(?: retainer\b| agency\b| \((?:our )?agency\))"
)
_RETAINER = re.compile(r"\bretainer of (?P<amount>£\s?[\d,.]+k?(?:\s*(?:a|per|/)\s*month)?)")
_NOT_NAMES = {"The", "Our", "A", "An", "This", "That", "Their", "Its", "Every", "Each"}
_DIFFERENTIATOR_INTRO = re.compile(r"differentiator|only we|what only|unique", re.IGNORECASE)
_VOICE_RULE = re.compile(r"\bour (voice|tone) is\b|\bone-line rule\b", re.IGNORECASE)


def ensure_brief(scope: WorkspaceScope) -> ClientBrief:
    """The brief, re-extracted first if the workspace's documents changed since last time."""
    store = scope.store(BriefStore)
    fingerprint = f"{EXTRACTOR_VERSION}:{documents_hash(scope.documents)}"
    brief = store.load()
    if brief.documents_hash == fingerprint:
        return brief
    extracted = extract_brief(workspace_passages(scope.documents))
    return store.update(lambda current: apply_extraction(current, extracted, fingerprint))


def extract_brief(passages: list[Evidence]) -> dict[str, list[BriefValue]]:
    """Document-sourced values for every field the rules can fill (missing fields are absent)."""
    company = _company(passages)
    category = _category(passages)
    out: dict[str, list[BriefValue]] = {
        "company": company,
        "category": category,
        "offering": _offering(passages, company, category),
        "business_model": _business_model(passages),
        "price_points": _price_points(passages),
        "budget": _budget(passages),
        "goals": _goals(passages),
        "competitors": _competitors(passages),
        "alternatives": _alternatives(passages),
        "differentiators": _differentiators(passages),
        "proof_points": _proof_points(passages),
        "segments": _segments(passages),
        "target_markets": _target_markets(passages),
        "team": _team(passages),
        "agencies": _agencies(passages),
        "channels": _vocabulary_field(passages, "channels"),
        "tools": _vocabulary_field(passages, "tools"),
        "brand_voice": _brand_voice(passages),
    }
    assert set(out) == set(field_specs()), "every brief field needs an extractor"
    return {name: values[:MAX_ITEMS] for name, values in out.items() if values}


# -- helpers ------------------------------------------------------------------------------------
def value(text: str, passage: Evidence, detail: str | None = None) -> BriefValue:
    return BriefValue(value=text.strip(), source="document", citation=passage.citation(detail))


def section(passage: Evidence) -> str:
    """The passage's own heading (the last part of its heading path)."""
    return passage.heading.split(" › ")[-1]


def _own(passages: Iterable[Evidence]) -> list[Evidence]:
    return [p for p in passages if not is_competitor_document(p)]


def _dedupe(
    values: Iterable[BriefValue], key: Callable[[str], str] | None = None
) -> list[BriefValue]:
    seen: set[str] = set()
    out = []
    for item in values:
        k = (key or (lambda t: " ".join(t.lower().split()).rstrip(".")))(item.value)
        if k not in seen:
            seen.add(k)
            out.append(item)
    return out


def _heading_matches(passage: Evidence, key: str) -> bool:
    return any(re.search(p, section(passage), re.IGNORECASE) for p in setting(key))


# -- fields -------------------------------------------------------------------------------------
def _company(passages: list[Evidence]) -> list[BriefValue]:
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


def _category(passages: list[Evidence]) -> list[BriefValue]:
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
    return [value(best, passage, _sentence_with(passage, "categories", best))]


def _sentence_with(passage: Evidence, key: str, label: str) -> str:
    for s in sentences(passage.text):
        if label in labels_in(s, key):
            return s
    return passage.text


def _offering(
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


def _business_model(passages: list[Evidence]) -> list[BriefValue]:
    """Business-model terms that at least two documents agree on (old copy is often stale)."""
    own = _own(passages)
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
    return [
        value(", ".join(agreed), passage, _sentence_with(passage, "business_models", agreed[0]))
    ]


def _price_points(passages: list[Evidence]) -> list[BriefValue]:
    """'<Plan> — £390/month' in pricing passages; one per plan, first document wins."""
    out = []
    for p in _own(passages):
        if not re.search(r"pric|plan|packag", f"{p.heading} {p.text}", re.IGNORECASE):
            continue
        for line in lines(p.text):
            for m in _PRICE.finditer(line):
                price = " ".join(m.group("price").split())
                out.append(value(f"{m.group('plan')}: {price}", p, line))
    return _dedupe(out, key=lambda t: t.split(":")[0].lower())


def _budget(passages: list[Evidence]) -> list[BriefValue]:
    for p in _own(passages):
        for s in sentences(p.text):
            if "budget" not in s.lower():
                continue
            m = _BUDGET.search(s)
            if m:
                return [value(" ".join(m.group("amount").split()), p, s)]
    return []


def _goals(passages: list[Evidence]) -> list[BriefValue]:
    out = []
    for p in _own(passages):
        for s in sentences(p.text):
            if not has_cue(s, "goal_cues") or not _DIGIT.search(s):
                continue
            m = _TARGET.search(s)
            goal = m.group("goal") if m else s
            if len(goal.split()) >= 2:  # "a target of 5" is a detail, not a goal
                out.append(value(goal, p, s))
    return _dedupe(out)


def _competitors(passages: list[Evidence]) -> list[BriefValue]:
    """Sections of competitor documents that profile a vendor (strengths and weaknesses)."""
    out = []
    for p in passages:
        if not is_competitor_document(p) or has_cue(section(p), "status_quo_cues"):
            continue
        if re.search(r"strengths?\b", p.text, re.IGNORECASE) and re.search(
            r"weakness", p.text, re.IGNORECASE
        ):
            out.append(value(section(p), p, sentences(p.text)[0]))
    return _dedupe(out)


def _alternatives(passages: list[Evidence]) -> list[BriefValue]:
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
    return _dedupe(out)


def _differentiators(passages: list[Evidence]) -> list[BriefValue]:
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
            if _BULLET.match(text):
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
    return _dedupe(out)


def _bullet_item(line: str) -> str:
    m = _BOLD_LEAD.match(line)
    if m:
        return m.group("item").strip()
    text = " ".join(lines(line))
    return re.split(r"(?<=[a-z0-9)])[.,;]\s", text, maxsplit=1)[0].rstrip(".")


def _numbers(text: str) -> frozenset[str]:
    return frozenset(n.rstrip(".,").replace(",", "") for n in _NUMBER.findall(text))


def _proof_points(passages: list[Evidence]) -> list[BriefValue]:
    """Customer results with numbers, from proof/results sections; repeats are dropped."""
    out: list[BriefValue] = []
    seen: list[frozenset[str]] = []
    for p in _own(passages):
        if not _heading_matches(p, "proof_headings"):
            continue
        for s in sentences(p.text):
            if not _DIGIT.search(s) or not has_cue(s, "result_verbs"):
                continue
            nums = _numbers(s)
            if any(nums <= old or old <= nums for old in seen):
                continue
            seen.append(nums)
            out.append(value(s, p, s))
    return out


def _segments(passages: list[Evidence]) -> list[BriefValue]:
    out = []
    for p in _own(passages):
        if _heading_matches(p, "who_buys_headings"):
            for label in labels_in(p.text, "industries"):
                out.append(value(label, p, _sentence_with(p, "industries", label)))
    return _dedupe(out)


def _target_markets(passages: list[Evidence]) -> list[BriefValue]:
    """The best-fit customer description, then the geographies the client says it sells in."""
    out = []
    for p in _own(passages):
        for s in sentences(p.text):
            m = next((c.search(s) for c in cues("best_fit_sentence") if c.search(s)), None)
            if m is None:
                continue
            rest = s[m.end() :].strip().rstrip(".")
            if _DIGIT.search(rest) and len(rest.split()) >= 6:
                out.append(value(rest, p, s))
    for p in passages:
        for s in sentences(p.text):
            if has_cue(s, "geography_cues"):
                out.extend(value(g, p, s) for g in labels_in(s, "geographies"))
    return _dedupe(out)


def _team(passages: list[Evidence]) -> list[BriefValue]:
    """'Name, Role' / 'Name (our role)' / 'Name as role' for the client's own team roles."""
    roles = "|".join(re.escape(r) for r in setting("team_roles"))
    pattern = re.compile(
        r"\b(?P<name>[A-Z][a-z]+(?: [A-Z][a-z]+)?)"
        rf"(?:,\s*(?:our |the )?| \((?:our |the )?| as (?:our |the )?)(?P<role>(?i:{roles}))\b"
    )
    best: dict[str, BriefValue] = {}
    for p in _own(passages):
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


def _agencies(passages: list[Evidence]) -> list[BriefValue]:
    out = []
    for p in _own(passages):
        for s in sentences(p.text):
            for m in _AGENCY.finditer(s):
                name = m.group("name")
                if name.split()[0] in _NOT_NAMES:
                    continue
                fee = _RETAINER.search(s)
                text = f"{name} (retainer {' '.join(fee.group('amount').split())})" if fee else name
                out.append(value(text, p, s))
    return _dedupe(out, key=lambda t: t.split(" (")[0].lower())


def _vocabulary_field(passages: list[Evidence], key: str) -> list[BriefValue]:
    """Vocabulary terms found in the client's own documents, each cited where it is most named."""
    best: dict[str, tuple[int, Evidence]] = {}
    for p in _own(passages):
        for label in labels_in(p.text, key):
            count = sum(len(pat.findall(p.text)) for pat in terms(key)[label])
            if label not in best or count > best[label][0]:
                best[label] = (count, p)
    return [
        value(label, p, _sentence_with(p, key, label))
        for label, (_, p) in sorted(best.items(), key=lambda kv: list(terms(key)).index(kv[0]))
    ]


def _brand_voice(passages: list[Evidence]) -> list[BriefValue]:
    out = []
    for p in _own(passages):
        if not _heading_matches(p, "voice_headings") or p.heading == section(p):
            continue
        for raw in p.text.splitlines():
            text = " ".join(lines(raw))
            if text and (_BULLET.match(raw.strip()) or _VOICE_RULE.search(text)):
                out.append(value(text, p, text))
    return _dedupe(out)
