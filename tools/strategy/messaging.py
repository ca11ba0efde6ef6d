"""The messaging house (umbrella message, pillars tied to positioning values, persona variations,
tone rules) and a check of existing copy: website against sales deck and against the house.
"""

from __future__ import annotations

import re

from pydantic import BaseModel, Field

from core.prompts import render
from core.scope import WorkspaceScope
from tools.citations import Citation
from tools.strategy.brief.model import ClientBrief, brief_citation
from tools.strategy.elements import (
    CheckResult,
    Composed,
    Issue,
    Sourced,
    Statement,
    content_words,
    overlap,
    playbook_source,
    supporting_line,
    unique_citations,
)
from tools.strategy.evidence import (
    Evidence,
    document_title,
    lines,
    sentences,
    workspace_passages,
)
from tools.strategy.icp import Icp, Persona
from tools.strategy.positioning import ATTRIBUTE_MATCH, Positioning, Value
from tools.strategy.vocabulary import has_cue, labels_in, setting

_QUOTED = re.compile(r"[\"“]([^\"”]{2,40})[\"”]")


class Pillar(Sourced):
    id: str
    headline: str
    benefit: str
    value_ids: list[str]
    attribute_ids: list[str]
    proof: list[Statement] = Field(default_factory=list)


class PersonaMessage(Sourced):
    persona: str
    committee_role: str
    lead_pillar: str
    message: str
    proof: Statement | None = None


class CopyFinding(BaseModel):
    """Where existing copy disagrees with the sales deck or the house, quoted from both."""

    id: str
    topic: str
    severity: str
    message: str
    website: Statement | None = None
    other: Statement | None = None


class MessagingHouse(BaseModel):
    company: str
    positioning_version: int | None = Field(description="the saved positioning it builds on")
    icp_version: int | None = None
    umbrella: Composed
    pillars: list[Pillar]
    personas: list[PersonaMessage]
    tone_rules: list[Statement]
    copy_findings: list[CopyFinding]
    issues: list[Issue] = Field(default_factory=list)
    checks: list[CheckResult] = Field(default_factory=list)
    guidance: Citation | None = None
    citations: list[Citation] = Field(default_factory=list)


class MessagingRevision(BaseModel):
    add_pillar: str | None = Field(default=None, description="topic, e.g. 'security'")

    def is_empty(self) -> bool:
        return not self.add_pillar

    def note(self) -> str:
        return f"pillar added: {self.add_pillar}" if self.add_pillar else ""


# -- drafting -------------------------------------------------------------------------------------
def draft_messaging(
    scope: WorkspaceScope,
    brief: ClientBrief,
    positioning: Positioning,
    icp: Icp,
    versions: tuple[int | None, int | None] = (None, None),
) -> MessagingHouse:
    ranked = sorted(
        positioning.values, key=lambda v: (v.assumption, -len(v.proof), positioning.values.index(v))
    )
    pillars = [
        _pillar(i, v, positioning) for i, v in enumerate(ranked[: setting("default_pillars")], 1)
    ]
    house = MessagingHouse(
        company=positioning.company,
        positioning_version=versions[0],
        icp_version=versions[1],
        umbrella=Composed(
            text=positioning.value_proposition.text,
            built_from=positioning.value_proposition.built_from,
            assumption=positioning.value_proposition.assumption,
        ),
        pillars=pillars,
        personas=[],
        tone_rules=[
            Statement(text=v.value, source=brief_citation("brand_voice", v))
            for v in brief.values("brand_voice")
        ],
        copy_findings=[],
        guidance=playbook_source(scope.playbooks, "messaging house roof pillars proof points"),
    )
    return finish_messaging(scope, house, icp, positioning)


def revise_messaging(
    scope: WorkspaceScope,
    previous: MessagingHouse,
    revision: MessagingRevision,
    positioning: Positioning,
    icp: Icp,
) -> tuple[MessagingHouse, str]:
    """Apply a revision; returns the house and a note on what happened."""
    house = previous.model_copy(deep=True)
    note = revision.note()
    if revision.add_pillar:
        topic = revision.add_pillar.strip()
        covered = next((p for p in house.pillars if _about(topic, p)), None)
        if covered is not None:
            note = f"'{topic}' is already covered by pillar {covered.id} ({covered.headline})"
        else:
            house.pillars.append(_new_pillar(scope, topic, house, positioning))
    return finish_messaging(scope, house, icp, positioning), note


def finish_messaging(
    scope: WorkspaceScope, house: MessagingHouse, icp: Icp, positioning: Positioning
) -> MessagingHouse:
    house.personas = [_persona_message(p, house.pillars) for p in icp.buying_committee]
    house.copy_findings, copy_check = check_copy(scope, house, positioning)
    house.issues, house.checks = _checks(house, copy_check)
    house.citations = _citations(house)
    return house


def _pillar(index: int, value: Value, positioning: Positioning) -> Pillar:
    attrs = [a for a in positioning.unique_attributes if a.id in value.attribute_ids]
    return Pillar(
        id=f"P{index}",
        headline=attrs[0].name if attrs else value.text,
        benefit=value.text,
        value_ids=[value.id],
        attribute_ids=value.attribute_ids,
        proof=[
            Statement(text=p.text, source=p.source, assumption=p.assumption)
            for p in value.proof[:3]
        ],
        source=value.source,
        assumption=value.assumption,
    )


def _pillar_text(p: Pillar) -> str:
    return " ".join([p.headline, p.benefit, *(s.text for s in p.proof)])


def _about(topic: str, pillar: Pillar) -> bool:
    return bool(content_words(topic) & content_words(f"{pillar.headline} {pillar.benefit}"))


def _new_pillar(
    scope: WorkspaceScope, topic: str, house: MessagingHouse, positioning: Positioning
) -> Pillar:
    """A pillar about `topic`: from the positioning value about it, else from a passage."""
    index = len(house.pillars) + 1
    attr_names = {a.id: a.name for a in positioning.unique_attributes}
    for value in positioning.values:
        text = " ".join([value.text, *(attr_names.get(a, "") for a in value.attribute_ids)])
        if content_words(topic) & content_words(text):
            return _pillar(index, value, positioning)
    found = supporting_line(scope.documents, topic)
    return Pillar(
        id=f"P{index}",
        headline=topic,
        benefit=found[1] if found else topic,
        value_ids=[],
        attribute_ids=[],
        source=found[0].citation(found[1]) if found else None,
    )


def _persona_message(persona: Persona, pillars: list[Pillar]) -> PersonaMessage:
    """Lead with the pillar whose words matter most to this role (see persona_focus)."""
    focus = [w.lower() for w in setting("persona_focus").get(persona.committee_role, [])]

    def score(text: str) -> int:
        low = text.lower()
        return sum(1 for w in focus if w in low)

    if not pillars:
        return PersonaMessage(
            persona=persona.role,
            committee_role=persona.committee_role,
            lead_pillar="",
            message="No pillars yet",
            assumption=True,
        )
    lead = max(pillars, key=lambda p: (score(_pillar_text(p)), -pillars.index(p)))
    proof = max(lead.proof, key=lambda s: score(s.text), default=None)
    return PersonaMessage(
        persona=persona.role,
        committee_role=persona.committee_role,
        lead_pillar=lead.id,
        message=render("strategy/persona_message.md.j2", pillar=lead.model_dump(mode="json")),
        proof=proof,
        source=persona.source,
        assumption=persona.assumption,
    )


# -- copy check -----------------------------------------------------------------------------------
def _copy_kind(passage: Evidence) -> str | None:
    name = f"{passage.source} {document_title(passage)}".lower()
    for kind, patterns in setting("copy_sources").items():
        if any(re.search(p, name, re.IGNORECASE) for p in patterns):
            return str(kind)
    return None


def _claim_line(passages: list[Evidence]) -> tuple[Evidence, str] | None:
    """The first sentence that names a category and an audience (the positioning line)."""
    fallback = None
    for p in passages:
        for s in sentences(p.text):
            if labels_in(s, "categories"):
                if labels_in(s, "audiences"):
                    return p, s
                fallback = fallback or (p, s)
    return fallback


def check_copy(
    scope: WorkspaceScope, house: MessagingHouse, positioning: Positioning
) -> tuple[list[CopyFinding], CheckResult]:
    passages = workspace_passages(scope.documents)
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
    return findings, CheckResult(
        name="copy_consistency",
        status="failed" if findings else "passed",
        detail=f"website copy compared with {compared}: {len(findings)} disagreement(s)",
    )


def _statement(found: tuple[Evidence, str]) -> Statement:
    return Statement(text=found[1], source=found[0].citation(found[1]))


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
    findings.append(
        CopyFinding(
            id=f"C{len(findings) + 1}",
            topic="positioning and audience",
            severity="high",
            message=message,
            website=_statement(site),
            other=_statement(pitch),
        )
    )


def _claim(categories: set[str], audiences: set[str]) -> str:
    what = " and ".join(sorted(categories)) or "an unnamed category"
    return f"{what} for {', '.join(sorted(audiences)) or 'an unstated audience'}"


def _contradictions(
    website: list[Evidence], deck: list[Evidence], findings: list[CopyFinding]
) -> None:
    def first(passages: list[Evidence], pattern: str) -> tuple[Evidence, str] | None:
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
            findings.append(
                CopyFinding(
                    id=f"C{len(findings) + 1}",
                    topic=rule["topic"],
                    severity="medium",
                    message=f"On {rule['topic']}, the website and the sales deck disagree.",
                    website=_statement(site),
                    other=_statement(other),
                )
            )
            break


def _tone(website: list[Evidence], house: MessagingHouse, findings: list[CopyFinding]) -> None:
    """Words the brand notes say to avoid that the website uses."""
    for rule in house.tone_rules:
        if not re.search(r"\bavoid\b", rule.text, re.IGNORECASE):
            continue
        banned = [w for w in _QUOTED.findall(rule.text)]
        used: list[tuple[Evidence, str]] = []
        words: list[str] = []
        for p in website:
            for s in sentences(p.text):
                hit = [w for w in banned if re.search(rf"\b{re.escape(w)}\b", s, re.IGNORECASE)]
                if hit:
                    used.append((p, s))
                    words += [w for w in hit if w not in words]
        if used:
            findings.append(
                CopyFinding(
                    id=f"C{len(findings) + 1}",
                    topic="tone of voice",
                    severity="medium",
                    message=f"The website uses words the brand notes rule out: {', '.join(words)}.",
                    website=_statement(used[0]),
                    other=rule,
                )
            )


def _mentions(passages: list[Evidence], name: str) -> tuple[Evidence, str] | None:
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
        findings.append(
            CopyFinding(
                id=f"C{len(findings) + 1}",
                topic=f"pillar {pillar.id} missing",
                severity="medium",
                message=f"Pillar {pillar.id} ('{pillar.headline}') does not appear on the "
                f"website{where}.",
                other=_statement(in_deck)
                if in_deck
                else Statement(
                    text=pillar.benefit, source=pillar.source, assumption=pillar.assumption
                ),
            )
        )


# -- checks -------------------------------------------------------------------------------------
def _checks(
    house: MessagingHouse, copy_check: CheckResult
) -> tuple[list[Issue], list[CheckResult]]:
    issues: list[Issue] = []
    untied = [p.id for p in house.pillars if not p.value_ids]
    for pid in untied:
        issues.append(
            Issue(
                check="pillar_without_value",
                severity="high",
                element_ids=[pid],
                message=f"Pillar {pid} is not tied to a positioning value: add the "
                "attribute behind it to the positioning first.",
            )
        )
    for p in house.pillars:
        if not p.proof:
            issues.append(
                Issue(
                    check="pillar_without_proof",
                    severity="medium",
                    element_ids=[p.id],
                    message=f"Pillar {p.id} has no proof point.",
                )
            )
    too_many = len(house.pillars) > int(setting("max_pillars"))
    if too_many:
        issues.append(
            Issue(
                check="too_many_pillars",
                severity="low",
                message=f"{len(house.pillars)} pillars: more than four dilutes the "
                "message; merge or drop one.",
                citations=[c for c in [house.guidance] if c],
            )
        )
    for f in house.copy_findings:
        issues.append(
            Issue(
                check="copy_disagrees",
                severity=f.severity,  # type: ignore[arg-type]
                element_ids=[f.id],
                message=f.message,
                citations=[s.source for s in (f.website, f.other) if s and s.source],
            )
        )
    checks = [
        CheckResult(
            name="pillars_tied_to_values",
            status="failed" if untied else "passed",
            detail="every pillar is tied to a positioning value",
        ),
        CheckResult(
            name="pillar_count",
            status="failed" if too_many else "passed",
            detail=f"{len(house.pillars)} pillar(s); three or four recommended",
        ),
        copy_check,
    ]
    return issues, checks


def _citations(house: MessagingHouse) -> list[Citation]:
    return unique_citations(
        [
            [p.source for p in house.pillars],
            [s.source for p in house.pillars for s in p.proof],
            [m.source for m in house.personas]
            + [m.proof.source for m in house.personas if m.proof],
            [t.source for t in house.tone_rules],
            [s.source for f in house.copy_findings for s in (f.website, f.other) if s],
            [house.guidance],
        ]
    )
