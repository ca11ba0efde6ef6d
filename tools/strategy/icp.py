"""The ideal customer profile: firmographics, buying committee, pains, gains, triggers,
objections with answers, where buyers gather, and qualification rules for lead scoring.

Built from the client brief and document passages (cited). When campaign data exists, the
segments that convert best are quoted with figures from the KPI engine, never computed here.
"""

from __future__ import annotations

import re
from typing import Literal

from pydantic import BaseModel, Field

from core.scope import WorkspaceScope
from tools.citations import Citation
from tools.strategy.brief.model import ClientBrief, brief_citation
from tools.strategy.elements import (
    Issue,
    Sourced,
    Statement,
    overlap,
    playbook_source,
    unique_citations,
)
from tools.strategy.evidence import (
    Evidence,
    is_competitor_document,
    lines,
    sentences,
    workspace_passages,
)
from tools.strategy.positioning import company_name
from tools.strategy.segments import outside_profile, segment_dimension, who_converts
from tools.strategy.vocabulary import cues, has_cue, labels_in, setting

MAX_ITEMS = 6
SAME_ITEM = 0.6  # overlap above which two extracted items say the same thing
_COMMITTEE_LINE = re.compile(r"^\s*[-*]\s+\*\*(?P<role>[^*]{2,60})\*\*\s*[—–:-]\s*(?P<desc>.+)$")
_ROLE_SPLIT = re.compile(r"\s+or\s+|\s*/\s*|\s*,\s*")

CommitteeRole = Literal["champion", "economic buyer", "user", "evaluator", "other"]


class Firmographic(Sourced):
    id: str
    dimension: Literal["industry", "size", "geography", "tech", "structure", "volume", "budget"]
    value: str


class Persona(Sourced):
    id: str
    role: str
    committee_role: CommitteeRole
    jobs_to_be_done: list[Statement] = Field(default_factory=list)
    concerns: list[Statement] = Field(default_factory=list)
    requested: bool = Field(default=False, description="added or expanded at the user's request")


class Objection(Sourced):
    id: str
    objection: str
    answer: Statement


class GatheringPlace(Sourced):
    id: str
    channel: str
    evidence: str


class Criterion(Sourced):
    id: str
    kind: Literal["qualify", "disqualify"]
    text: str
    points: int


class SegmentFigure(BaseModel):
    value: str
    lead_to_customer_rate: str
    customers: str
    leads: str


class ConversionEvidence(BaseModel):
    """Who converts best, straight from the KPI engine (formatted by it)."""

    dimension: str
    period: str
    min_leads: int
    best: str | None
    top: list[SegmentFigure]
    citations: list[Citation]


class Icp(BaseModel):
    company: str
    firmographics: list[Firmographic]
    buying_committee: list[Persona]
    pains: list[Statement]
    gains: list[Statement]
    triggers: list[Statement]
    objections: list[Objection]
    channels: list[GatheringPlace]
    qualification: list[Criterion]
    disqualification: list[Criterion]
    scoring_basis: Citation | None = None
    conversion: ConversionEvidence | None = None
    conversion_note: str = ""
    issues: list[Issue] = Field(default_factory=list)
    citations: list[Citation] = Field(default_factory=list)


class IcpRevision(BaseModel):
    add_persona: str | None = Field(default=None, description="a role, e.g. 'CFO'")

    def is_empty(self) -> bool:
        return not self.add_persona

    def note(self) -> str:
        return f"persona added: {self.add_persona}" if self.add_persona else ""


# -- drafting -------------------------------------------------------------------------------------
def draft_icp(scope: WorkspaceScope, brief: ClientBrief) -> Icp:
    passages = [p for p in workspace_passages(scope.documents) if not is_competitor_document(p)]
    firmographics = _firmographics(brief)
    triggers = _triggers(passages)
    icp = Icp(
        company=company_name(brief),
        firmographics=firmographics,
        buying_committee=_committee(passages),
        pains=_pains(passages),
        gains=[
            Statement(text=v.value, source=brief_citation("proof_points", v))
            for v in brief.values("proof_points")
        ],
        triggers=triggers,
        objections=_objections(passages, brief),
        channels=_gathering(passages),
        qualification=_qualification(firmographics, triggers),
        disqualification=_disqualification(passages),
        scoring_basis=playbook_source(scope.playbooks, "lead scoring basics fit and intent points"),
    )
    icp.conversion, icp.conversion_note = conversion_evidence(scope)
    return finish_icp(icp)


def revise_icp(scope: WorkspaceScope, previous: Icp, revision: IcpRevision) -> Icp:
    icp = previous.model_copy(deep=True)
    if revision.add_persona:
        passages = [p for p in workspace_passages(scope.documents) if not is_competitor_document(p)]
        _add_persona(icp, revision.add_persona.strip(), passages)
    return finish_icp(icp)


def finish_icp(icp: Icp) -> Icp:
    icp.issues = _issues(icp)
    icp.citations = _citations(icp)
    return icp


def _firmographics(brief: ClientBrief) -> list[Firmographic]:
    out: list[Firmographic] = []

    def add(dimension: str, value: str, source: Citation) -> None:
        if not any(f.dimension == dimension and f.value == value for f in out):
            out.append(
                Firmographic(
                    id=f"F{len(out) + 1}",
                    dimension=dimension,  # type: ignore[arg-type]
                    value=value,
                    source=source,
                )
            )

    for v in brief.values("segments"):
        add("industry", v.value, brief_citation("segments", v))
    for v in brief.values("target_markets"):
        source = brief_citation("target_markets", v)
        size = re.search(setting("size_pattern"), v.value)
        if size:
            add("size", f"{size.group(0)} employees", source)
        for cue in cues("structure_cues"):
            m = cue.search(v.value)
            if m:
                add("structure", m.group(0), source)
        for tech in labels_in(v.value, "customer_tech"):
            add("tech", tech, source)
        volume = re.search(setting("volume_pattern"), v.value)
        if volume:
            add("volume", volume.group(0), source)
        if len(v.value.split()) <= 3:
            for geo in labels_in(v.value, "geographies"):
                add("geography", geo, source)
    for v in brief.values("price_points"):
        add("budget", f"plan price {v.value}", brief_citation("price_points", v))
    return out


def _names(role: str) -> list[str]:
    return [n.strip() for n in _ROLE_SPLIT.split(role) if n.strip()]


def _mentions(sentence: str, names: list[str]) -> bool:
    """Role names as written ('IT' is not 'it'; 'Financial Controller' is a title), plurals too."""
    return any(re.search(rf"\b{re.escape(n)}s?\b", sentence) for n in names)


def _classify(text: str) -> CommitteeRole:
    found = labels_in(text, "committee_roles")
    return found[0] if found else "other"  # type: ignore[return-value]


def _committee(passages: list[Evidence]) -> list[Persona]:
    """Bulleted '**Role** — what they do' lines in passages about the buying group."""
    out: list[Persona] = []
    for p in passages:
        if not has_cue(p.text, "committee_context"):
            continue
        for raw in p.text.splitlines():
            m = _COMMITTEE_LINE.match(raw)
            if not m:
                continue
            role, desc = m.group("role").strip(), " ".join(lines(m.group("desc")))
            if any(_names(role)[0].lower() == _names(x.role)[0].lower() for x in out):
                continue
            line = " ".join(lines(raw))
            persona = Persona(
                id=f"P{len(out) + 1}",
                role=role,
                committee_role=_classify(desc),
                jobs_to_be_done=[Statement(text=desc, source=p.citation(line))],
                source=p.citation(line),
            )
            persona.concerns = _concerns(persona, passages, limit=2)
            out.append(persona)
    return out


def _concerns(persona: Persona, passages: list[Evidence], limit: int) -> list[Statement]:
    """Other sentences in the documents about this role (what they decide, fear or want)."""
    names = _names(persona.role)
    taken = {s.text for s in persona.jobs_to_be_done} | {s.text for s in persona.concerns}
    taken |= {s.source.detail for s in persona.jobs_to_be_done if s.source}
    out = list(persona.concerns)
    for p in passages:
        for s in sentences(p.text):
            if len(out) >= limit:
                return out
            if s in taken or not _mentions(s, names) or not has_cue(s, "concern_cues"):
                continue
            if any(overlap(s, t) >= SAME_ITEM for t in taken):
                continue
            taken.add(s)
            out.append(Statement(text=s, source=p.citation(s)))
    return out


def _add_persona(icp: Icp, role: str, passages: list[Evidence]) -> None:
    wanted = [n.lower() for n in _names(role)]
    existing = next(
        (x for x in icp.buying_committee if any(n.lower() in wanted for n in _names(x.role))),
        None,
    )
    if existing is not None:
        existing.requested = True
        existing.concerns = _concerns(existing, passages, limit=MAX_ITEMS)
        return
    persona = Persona(
        id=f"P{len(icp.buying_committee) + 1}", role=role, committee_role="other", requested=True
    )
    persona.concerns = _concerns(persona, passages, limit=MAX_ITEMS)
    if persona.concerns:
        persona.source = persona.concerns[0].source
        persona.assumption = False
        persona.committee_role = _classify(" ".join(c.text for c in persona.concerns))
    icp.buying_committee.append(persona)


def _distinct(items: list[Statement], limit: int = MAX_ITEMS) -> list[Statement]:
    out: list[Statement] = []
    for item in items:
        if not any(overlap(item.text, o.text) >= SAME_ITEM for o in out):
            out.append(item)
    return out[:limit]


def _pains(passages: list[Evidence]) -> list[Statement]:
    found = []
    for p in passages:
        heading = p.heading.split(" › ")[-1]
        if not any(re.search(h, heading, re.IGNORECASE) for h in setting("pain_headings")):
            continue
        for s in sentences(p.text):
            if has_cue(s, "pain_cues") and len(s.split()) >= 6:
                found.append(Statement(text=s, source=p.citation(s)))
    return _distinct(found)


def _triggers(passages: list[Evidence]) -> list[Statement]:
    """Items listed after 'triggers …:' (same line or the bullets that follow)."""
    found = []
    for p in passages:
        collecting = False
        for raw in p.text.splitlines():
            text = " ".join(lines(raw))
            if not text:
                continue
            bullet = raw.strip().startswith(("-", "*"))
            if collecting and bullet:
                found.append(Statement(text=text.rstrip(";."), source=p.citation(text)))
                continue
            collecting = False
            if has_cue(text, "trigger_context") and ":" in text:
                head, _, rest = text.partition(":")
                if not rest.strip():
                    collecting = True
                    continue
                for item in re.split(r",\s*(?:or\s+|and\s+)?|\s+or\s+", rest.strip().rstrip(".")):
                    if len(item.split()) >= 2:
                        found.append(Statement(text=item.strip(), source=p.citation(text)))
    return _distinct(found)


def _objections(passages: list[Evidence], brief: ClientBrief) -> list[Objection]:
    line_re = re.compile(setting("lost_deal_line"))
    out: list[Objection] = []
    for p in passages:
        for raw in p.text.splitlines():
            text = " ".join(lines(raw))
            m = line_re.match(text)
            if not m:
                continue
            detail = sentences(m.group("detail"))[0] if m.group("detail") else ""
            objection = f"{m.group('reason')}: {detail}".strip(": ")
            out.append(
                Objection(
                    id=f"O{len(out) + 1}",
                    objection=objection,
                    answer=_answer(objection, brief),
                    source=p.citation(text),
                )
            )
    return out[:MAX_ITEMS]


def _answer(objection: str, brief: ClientBrief) -> Statement:
    """The proof point or differentiator that best answers an objection, if any does."""
    money = has_cue(objection, "money_objection_cues")
    best: tuple[float, Statement] | None = None
    for field in ("proof_points", "differentiators"):
        for v in brief.values(field):
            score = overlap(objection, v.value) + overlap(v.value, objection)
            if money and field == "proof_points" and "£" in v.value:
                score += 1.0  # a cost-of-doing-nothing figure answers price and status quo
            if score > 0 and (best is None or score > best[0]):
                best = (score, Statement(text=v.value, source=brief_citation(field, v)))
    if best is None:
        return Statement(text="No answer in the documents yet", assumption=True)
    return best[1]


def _gathering(passages: list[Evidence]) -> list[GatheringPlace]:
    out: list[GatheringPlace] = []
    for p in passages:
        for s in sentences(p.text):
            if not has_cue(s, "gather_cues"):
                continue
            for channel in labels_in(s, "channels"):
                if not any(g.channel == channel for g in out):
                    out.append(
                        GatheringPlace(
                            id=f"G{len(out) + 1}", channel=channel, evidence=s, source=p.citation(s)
                        )
                    )
    return out


def _qualification(firmographics: list[Firmographic], triggers: list[Statement]) -> list[Criterion]:
    points = setting("lead_scoring")
    out = [
        Criterion(
            id=f"Q{i}",
            kind="qualify",
            text=f"{f.dimension}: {f.value}",
            points=points["firmographic"],
            source=f.source,
        )
        for i, f in enumerate((f for f in firmographics if f.dimension != "budget"), start=1)
    ]
    out += [
        Criterion(
            id=f"Q{len(out) + i}",
            kind="qualify",
            text=f"trigger: {t.text}",
            points=points["trigger"],
            source=t.source,
        )
        for i, t in enumerate(triggers, start=1)
    ]
    return out


def _disqualification(passages: list[Evidence]) -> list[Criterion]:
    found: list[Statement] = []
    for p in passages:
        for s in sentences(p.text):
            if has_cue(s, "disqualify_cues"):
                found.append(Statement(text=s, source=p.citation(s)))
    points = setting("lead_scoring")["disqualify"]
    return [
        Criterion(id=f"D{i}", kind="disqualify", text=s.text, points=points, source=s.source)
        for i, s in enumerate(_distinct(found), start=1)
    ]


# -- campaign data ------------------------------------------------------------------------------
def conversion_evidence(scope: WorkspaceScope) -> tuple[ConversionEvidence | None, str]:
    """Lead→customer rate by the most customer-like dimension the data has (KPI engine)."""
    dimension = segment_dimension(scope.dir) or "channel"
    found = who_converts(scope.dir, dimension)
    if found is None:
        return None, "No campaign or funnel data is imported, so conversion by segment is unknown."
    top = [
        SegmentFigure(
            value=str(row[dimension]),
            lead_to_customer_rate=shown["lead_to_customer_rate"],
            customers=shown["customers"],
            leads=shown["leads"],
        )
        for row, shown in found.rows
    ]
    note = (
        "The data has no industry or segment dimension, so conversion is shown by channel."
        if dimension == "channel"
        else ""
    )
    evidence = ConversionEvidence(
        dimension=dimension,
        period=found.result.period.label,
        min_leads=int(setting("min_leads_for_rate")),
        best=top[0].value if top else None,
        top=top[:3],
        citations=found.result.citations,
    )
    return evidence, note


# -- checks -------------------------------------------------------------------------------------
def _issues(icp: Icp) -> list[Issue]:
    issues = []
    if not icp.firmographics:
        issues.append(
            Issue(
                check="icp_firmographics",
                severity="high",
                message="No firmographics known: tell me who your best customers "
                "are (size, sector, geography).",
            )
        )
    for o in icp.objections:
        if o.answer.assumption:
            issues.append(
                Issue(
                    check="objection_without_answer",
                    severity="medium",
                    element_ids=[o.id],
                    message=f"No documented answer to objection {o.id} "
                    f"('{o.objection}'): write one with sales.",
                    citations=[c for c in [o.source] if c],
                )
            )
    if icp.conversion and icp.conversion.best:
        fits = " ".join(f.value for f in icp.firmographics)
        if icp.conversion.dimension != "channel" and outside_profile(icp.conversion.best, fits):
            issues.append(
                Issue(
                    check="icp_contradicts_data",
                    severity="high",
                    message=f"The best-converting {icp.conversion.dimension} is "
                    f"{icp.conversion.best}, which the firmographics do not include.",
                    citations=icp.conversion.citations,
                )
            )
    return issues


def _citations(icp: Icp) -> list[Citation]:
    groups: list[list[Citation | None]] = [
        [f.source for f in icp.firmographics],
        [x.source for x in icp.buying_committee],
        [s.source for x in icp.buying_committee for s in (*x.jobs_to_be_done, *x.concerns)],
        [s.source for s in (*icp.pains, *icp.gains, *icp.triggers)],
        [o.source for o in icp.objections] + [o.answer.source for o in icp.objections],
        [g.source for g in icp.channels],
        [c.source for c in (*icp.qualification, *icp.disqualification)],
        [icp.scoring_basis],
        list(icp.conversion.citations) if icp.conversion else [],
    ]
    return unique_citations(groups)
