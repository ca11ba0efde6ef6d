"""The copy audit: the website's copy against the sales deck (positioning line and audience,
contradictions on the same topic) and against the messaging house (words the tone rules rule
out, pillars the website never mentions). Each finding quotes both sides.

It runs after any drafter (tools.strategy.drafting.review); document kinds are recognised by
name (prompts/strategy/vocabulary.yaml: copy_sources, contradictions).
"""

from __future__ import annotations

import re

from tools.strategy.elements import (
    ATTRIBUTE_MATCH,
    CheckResult,
    Severity,
    Statement,
    check_result,
    overlap,
)
from tools.strategy.evidence import Evidence, document_title, lines, sentences
from tools.strategy.messaging.models import CopyFinding, MessagingHouse
from tools.strategy.positioning.models import Positioning
from tools.strategy.vocabulary import has_cue, labels_in, setting

_QUOTED = re.compile(r"[\"“]([^\"”]{2,40})[\"”]")
Found = tuple[Evidence, str]  # a passage and the sentence (or line) of it that is quoted


def check_copy(
    passages: list[Evidence], house: MessagingHouse, positioning: Positioning
) -> tuple[list[CopyFinding], CheckResult]:
    """Disagreements between the website copy (among `passages`, every passage of the
    workspace) and the sales deck or the house, and the check's result ("not_run" without
    website copy)."""
    website = [p for p in passages if _copy_kind(p) == "website"]
    deck = [p for p in passages if _copy_kind(p) == "deck"]
    if not website:
        return [], CheckResult(
            name="copy_consistency",
            status="not_run",
            detail="no website copy among the documents (upload it to check it)",
        )
    findings: list[CopyFinding] = []
    if deck:
        _positioning_line(website, deck, positioning, findings)
        _contradictions(website, deck, findings)
    _tone(website, house, findings)
    _missing_pillars(website, deck, house, findings)
    compared = "the sales deck and the house" if deck else "the house (no sales deck uploaded)"
    detail = f"website copy compared with {compared}: {len(findings)} disagreement(s)"
    return findings, check_result("copy_consistency", failed=bool(findings), detail=detail)


def _copy_kind(passage: Evidence) -> str | None:
    name = f"{passage.source} {document_title(passage)}".lower()
    for kind, patterns in setting("copy_sources").items():
        if any(re.search(p, name, re.IGNORECASE) for p in patterns):
            return str(kind)
    return None


def _claim_line(passages: list[Evidence]) -> Found | None:
    """The first sentence that names a category and an audience (the positioning line)."""
    fallback = None
    for p in passages:
        for s in sentences(p.text):
            if labels_in(s, "categories"):
                if labels_in(s, "audiences"):
                    return p, s
                fallback = fallback or (p, s)
    return fallback


def _statement(found: Found) -> Statement:
    return Statement(text=found[1], source=found[0].citation(found[1]))


def _add(
    findings: list[CopyFinding],
    topic: str,
    severity: Severity,
    message: str,
    website: Statement | None,
    other: Statement | None,
) -> None:
    """Append a finding, numbered C1, C2, … in the order found."""
    finding = CopyFinding(
        id=f"C{len(findings) + 1}",
        topic=topic,
        severity=severity,
        message=message,
        website=website,
        other=other,
    )
    findings.append(finding)


def _positioning_line(
    website: list[Evidence],
    deck: list[Evidence],
    positioning: Positioning,
    findings: list[CopyFinding],
) -> None:
    site, pitch = _claim_line(website), _claim_line(deck)
    if site is None or pitch is None:
        return
    site_cat, pitch_cat = (
        set(labels_in(site[1], "categories")),
        set(labels_in(pitch[1], "categories")),
    )
    site_aud, pitch_aud = (
        set(labels_in(site[1], "audiences")),
        set(labels_in(pitch[1], "audiences")),
    )
    if site_cat == pitch_cat and (not site_aud or not pitch_aud or site_aud & pitch_aud):
        return
    house = positioning.market_category.name
    agrees = "the sales deck" if house and set(labels_in(house, "categories")) & pitch_cat else None
    message = (
        f"The website presents {positioning.company} as {_claim(site_cat, site_aud)}; "
        f"the sales deck as {_claim(pitch_cat, pitch_aud)}."
    )
    if agrees:
        message += f" The house follows {agrees} ({house})."
    _add(findings, "positioning and audience", "high", message, _statement(site), _statement(pitch))


def _claim(categories: set[str], audiences: set[str]) -> str:
    what = " and ".join(sorted(categories)) or "an unnamed category"
    return f"{what} for {', '.join(sorted(audiences)) or 'an unstated audience'}"


def _contradictions(
    website: list[Evidence], deck: list[Evidence], findings: list[CopyFinding]
) -> None:
    def first(passages: list[Evidence], pattern: str) -> Found | None:
        for p in passages:
            for s in sentences(p.text):
                if re.search(pattern, s, re.IGNORECASE):
                    return p, s
        return None

    for rule in setting("contradictions"):
        for a_side, b_side in ((website, deck), (deck, website)):
            a, b = first(a_side, rule["a"]), first(b_side, rule["b"])
            if a is None or b is None:
                continue
            site, other = (a, b) if a_side is website else (b, a)
            message = f"On {rule['topic']}, the website and the sales deck disagree."
            _add(findings, rule["topic"], "medium", message, _statement(site), _statement(other))
            break


def _tone(website: list[Evidence], house: MessagingHouse, findings: list[CopyFinding]) -> None:
    """Words the brand notes say to avoid that the website uses."""
    for rule in house.tone_rules:
        if not re.search(r"\bavoid\b", rule.text, re.IGNORECASE):
            continue
        banned = [w for w in _QUOTED.findall(rule.text)]
        used: list[Found] = []
        words: list[str] = []
        for p in website:
            for s in sentences(p.text):
                hit = [w for w in banned if re.search(rf"\b{re.escape(w)}\b", s, re.IGNORECASE)]
                if hit:
                    used.append((p, s))
                    words += [w for w in hit if w not in words]
        if used:
            message = f"The website uses words the brand notes rule out: {', '.join(words)}."
            _add(findings, "tone of voice", "medium", message, _statement(used[0]), rule)


def _mentions(passages: list[Evidence], name: str) -> Found | None:
    for p in passages:
        for line in lines(p.text):
            if overlap(name, line) >= ATTRIBUTE_MATCH and not has_cue(line, "absence_cues"):
                return p, line
    return None


def _missing_pillars(
    website: list[Evidence],
    deck: list[Evidence],
    house: MessagingHouse,
    findings: list[CopyFinding],
) -> None:
    for pillar in house.pillars:
        if _mentions(website, pillar.headline):
            continue
        in_deck = _mentions(deck, pillar.headline) if deck else None
        where = " (the sales deck does say it)" if in_deck else ""
        said = (
            _statement(in_deck)
            if in_deck
            else Statement(text=pillar.benefit, source=pillar.source, assumption=pillar.assumption)
        )
        message = f"Pillar {pillar.id} ('{pillar.headline}') does not appear on the website{where}."
        _add(findings, f"pillar {pillar.id} missing", "medium", message, None, said)
