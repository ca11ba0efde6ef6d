"""What a model wrote (`written.py`) mapped into the typed drafts.

Ids are numbered here as the offline drafter numbers them (ALT…, A…, V…, B…, T…; F…, P…, O…,
G…, Q…, D…; P… for pillars). Each `source` id is resolved against the sources the model was
shown (`SourceTable`): a known id becomes the citation (narrowed to the passage line that best
matches the element), null makes the element an assumption, and an id that was never shown is
dropped (the element becomes an assumption) with an `unknown_source` issue naming it. The
review after the drafter keeps those issues. References between elements are checked too: a
value or pillar names only attributes and values that exist (the cross-checks then flag what
is left untied), and a persona message leads with a pillar of the house.
"""

from __future__ import annotations

from typing import Literal

from tools.citations import Citation
from tools.strategy.cited import SourceTable
from tools.strategy.drafting.review import UNKNOWN_SOURCE
from tools.strategy.drafting.written import (
    IcpWritten,
    Line,
    MessagingWritten,
    PositioningWritten,
    WrittenCriterion,
)
from tools.strategy.elements import Composed, Issue, Statement, company_name, issue
from tools.strategy.icp.models import (
    MAX_ITEMS,
    Criterion,
    Firmographic,
    GatheringPlace,
    Icp,
    Objection,
    Persona,
)
from tools.strategy.messaging.models import MessagingHouse, PersonaMessage, Pillar
from tools.strategy.positioning.compose import worded
from tools.strategy.positioning.models import (
    Alternative,
    Attribute,
    BestFit,
    Category,
    Positioning,
    Proof,
    Trend,
    Value,
)
from tools.strategy.sources import DraftSources
from tools.strategy.vocabulary import setting


class Citer:
    """Resolves source ids for one draft and keeps the issues about unknown ones."""

    def __init__(self, table: SourceTable) -> None:
        self.table = table
        self.issues: list[Issue] = []

    def __call__(self, ref: str | None, claim: str, element: str) -> Citation | None:
        citation, unknown = self.table.resolve(ref, claim)
        if unknown is not None:
            self.issues.append(
                issue(
                    UNKNOWN_SOURCE,
                    "medium",
                    f"{element} ('{claim[:80]}') cited source '{unknown[:40]}', which the model "
                    "was not given: the source was dropped and it is an assumption — please "
                    "confirm it.",
                    [element],
                )
            )
        return citation

    def line(self, written: Line, element: str) -> Statement:
        return Statement(text=written.text, source=self(written.source, written.text, element))


# -- positioning ---------------------------------------------------------------------------------
def to_positioning(w: PositioningWritten, table: SourceTable, sources: DraftSources) -> Positioning:
    """The typed positioning (statement and value proposition in the model's words, cited when
    a document line supports them)."""
    cite = Citer(table)
    alternatives = [
        Alternative(
            id=f"ALT{i}",
            name=a.name,
            kind=a.kind,
            primary=a.primary,
            source=cite(a.source, a.name, f"ALT{i}"),
        )
        for i, a in enumerate(w.competitive_alternatives, start=1)
    ]
    _ensure_status_quo_and_primary(alternatives, sources)
    renumber: dict[str, str] = {}  # the model's attribute ids → A1, A2… (the first one wins)
    for i, a in enumerate(w.unique_attributes, start=1):
        renumber.setdefault(a.id.strip(), f"A{i}")
    attributes = [
        Attribute(id=f"A{i}", name=a.name, source=cite(a.source, a.name, f"A{i}"))
        for i, a in enumerate(w.unique_attributes, start=1)
    ]
    values = _values(w, renumber, cite)
    fits = [
        BestFit(id=f"B{i}", characteristic=b.text, source=cite(b.source, b.text, f"B{i}"))
        for i, b in enumerate(w.best_fit_customers, start=1)
    ]
    category = Category(
        name=w.market_category.name,
        approach=w.market_category.approach,
        source=cite(w.market_category.source, w.market_category.name, "category"),
        advice=sources.playbook("choosing the market category big fish small pond"),
    )
    trends = [
        Trend(id=f"T{i}", text=t.text, source=cite(t.source, t.text, f"T{i}"))
        for i, t in enumerate(w.trends, start=1)
    ]
    primary = next(a for a in alternatives if a.primary)
    value = values[0] if values else None
    attr = value.attribute_ids[0] if value and value.attribute_ids else None
    built = [i for i in (fits and fits[0].id, value and value.id, attr, primary.id) if i]
    return Positioning(
        company=company_name(sources.brief),
        competitive_alternatives=alternatives,
        unique_attributes=attributes,
        values=values,
        best_fit_customers=fits,
        market_category=category,
        trends=trends,
        statement=worded(sources, w.statement, built),
        value_proposition=worded(sources, w.value_proposition, built[:2]),
        issues=cite.issues,
    )


def _values(w: PositioningWritten, renumber: dict[str, str], cite: Citer) -> list[Value]:
    """Values V1…, naming only attributes that exist (by their new ids), with their proof."""
    values = []
    for i, v in enumerate(w.values, start=1):
        proof = [
            Proof(
                text=p.text,
                kind=p.kind,
                customer=p.customer,
                source=cite(p.source, p.text, f"V{i}"),
            )
            for p in v.proof
        ]
        values.append(
            Value(
                id=f"V{i}",
                text=v.text,
                attribute_ids=[
                    renumber[a.strip()] for a in v.attribute_ids if a.strip() in renumber
                ],
                proof=proof,
                source=cite(v.source, v.text, f"V{i}"),
            )
        )
    return values


def _ensure_status_quo_and_primary(alternatives: list[Alternative], sources: DraftSources) -> None:
    """The status quo is always an alternative (as the offline drafter ensures), and exactly
    one alternative is the primary one (the status quo unless the model chose another)."""
    if not any(a.kind == "status_quo" for a in alternatives):
        basis = sources.playbook("status quo always among the competitive alternatives")
        name = setting("status_quo_default")
        alternatives.insert(
            0, Alternative(id="ALT0", name=name, kind="status_quo", source=basis, assumption=True)
        )
    chosen = next((a for a in alternatives if a.primary), None)
    for a in alternatives:
        a.primary = False
    (chosen or next(a for a in alternatives if a.kind == "status_quo")).primary = True


# -- ICP -----------------------------------------------------------------------------------------
def to_icp(w: IcpWritten, table: SourceTable, sources: DraftSources) -> Icp:
    """The typed ICP (who converts best is attached afterwards by the pipeline)."""
    cite = Citer(table)
    personas = [
        Persona(
            id=f"P{i}",
            role=p.role,
            committee_role=p.committee_role,
            jobs_to_be_done=[cite.line(j, f"P{i}") for j in p.jobs_to_be_done[:MAX_ITEMS]],
            concerns=[cite.line(c, f"P{i}") for c in p.concerns[:MAX_ITEMS]],
            source=cite(p.source, p.role, f"P{i}"),
        )
        for i, p in enumerate(w.buying_committee, start=1)
    ]
    return Icp(
        company=company_name(sources.brief),
        firmographics=[
            Firmographic(
                id=f"F{i}",
                dimension=f.dimension,
                value=f.value,
                source=cite(f.source, f.value, f"F{i}"),
            )
            for i, f in enumerate(w.firmographics, start=1)
        ],
        buying_committee=personas,
        pains=[cite.line(x, "pain") for x in w.pains[:MAX_ITEMS]],
        gains=[cite.line(x, "gain") for x in w.gains[:MAX_ITEMS]],
        triggers=[cite.line(x, "trigger") for x in w.triggers[:MAX_ITEMS]],
        objections=[
            Objection(
                id=f"O{i}",
                objection=o.objection,
                answer=cite.line(o.answer, f"O{i}"),
                source=cite(o.source, o.objection, f"O{i}"),
            )
            for i, o in enumerate(w.objections[:MAX_ITEMS], start=1)
        ],
        channels=[
            GatheringPlace(
                id=f"G{i}",
                channel=g.channel,
                evidence=g.evidence,
                source=cite(g.source, g.evidence, f"G{i}"),
            )
            for i, g in enumerate(w.channels[:MAX_ITEMS], start=1)
        ],
        qualification=_criteria(w.qualification, "qualify", "Q", cite),
        disqualification=_criteria(w.disqualification, "disqualify", "D", cite),
        scoring_basis=sources.playbook("lead scoring basics fit and intent points"),
        issues=cite.issues,
    )


def _criteria(
    items: list[WrittenCriterion], kind: Literal["qualify", "disqualify"], prefix: str, cite: Citer
) -> list[Criterion]:
    sign = 1 if kind == "qualify" else -1
    return [
        Criterion(
            id=f"{prefix}{i}",
            kind=kind,
            text=c.text,
            points=sign * abs(c.points),
            source=cite(c.source, c.text, f"{prefix}{i}"),
        )
        for i, c in enumerate(items[:MAX_ITEMS], start=1)
    ]


# -- messaging -----------------------------------------------------------------------------------
def to_messaging(
    w: MessagingWritten,
    table: SourceTable,
    sources: DraftSources,
    positioning: Positioning,
    icp: Icp,
) -> MessagingHouse:
    """The typed house; pillars keep only values the positioning has, and take their
    attributes from them."""
    cite = Citer(table)
    values = {v.id: v for v in positioning.values}
    pillars = []
    for i, p in enumerate(w.pillars, start=1):
        value_ids = [v for v in p.value_ids if v in values]
        attributes = [a for v in value_ids for a in values[v].attribute_ids]
        pillars.append(
            Pillar(
                id=f"P{i}",
                headline=p.headline,
                benefit=p.benefit,
                value_ids=value_ids,
                attribute_ids=list(dict.fromkeys(attributes)),
                proof=[cite.line(s, f"P{i}") for s in p.proof],
                source=cite(p.source, f"{p.headline} {p.benefit}", f"P{i}"),
            )
        )
    roles = {x.role.lower(): x.committee_role for x in icp.buying_committee}
    personas = [
        PersonaMessage(
            persona=m.persona,
            committee_role=roles.get(m.persona.lower(), "other"),
            lead_pillar=pillars[m.lead_pillar - 1].id if 0 < m.lead_pillar <= len(pillars) else "",
            message=m.message,
            proof=cite.line(m.proof, m.persona) if m.proof else None,
            source=cite(m.source, m.message, m.persona),
        )
        for m in w.personas
    ]
    return MessagingHouse(
        company=positioning.company,
        positioning_version=None,
        icp_version=None,
        umbrella=_umbrella(sources, w.umbrella, [p.id for p in pillars]),
        pillars=pillars,
        personas=personas,
        tone_rules=[cite.line(t, "tone rule") for t in w.tone_rules],
        copy_findings=[],
        guidance=sources.playbook("messaging house roof pillars proof points"),
        issues=cite.issues,
    )


def _umbrella(sources: DraftSources, text: str, built_from: list[str]) -> Composed:
    return worded(sources, text, built_from)
