"""The offline positioning drafter: assembled from the client brief (itself extracted from the
documents with citations), document passages and the positioning playbook.

`draft_positioning` is what `OfflineDrafter.positioning` runs; the checks and citations are
added afterwards, for any drafter, by tools.strategy.drafting.review.
"""

from __future__ import annotations

import re

from tools.citations import Citation
from tools.strategy.brief.model import BriefValue, ClientBrief, brief_citation
from tools.strategy.elements import ATTRIBUTE_MATCH, Composed, company_name, overlap
from tools.strategy.evidence import Evidence, customer_of, is_competitor_document, lines, sentences
from tools.strategy.positioning.compose import approach, recompose
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
from tools.strategy.vocabulary import cues, has_cue, setting

MAX_TRENDS = 3
_WHICH = re.compile(r"^(which|that|so)\s+", re.IGNORECASE)


def draft_positioning(sources: DraftSources) -> Positioning:
    """Every component from the brief and documents, with the statement and value proposition
    composed from them; unsourced components are assumptions."""
    brief = sources.brief
    attributes = [
        Attribute(id=f"A{i}", name=v.value, source=brief_citation("differentiators", v))
        for i, v in enumerate(brief.values("differentiators"), start=1)
    ]
    positioning = Positioning(
        company=company_name(brief),
        competitive_alternatives=_alternatives(sources),
        unique_attributes=attributes,
        values=[value_for(sources, a) for a in attributes],
        best_fit_customers=_best_fit(brief),
        market_category=_category(sources),
        trends=_trends(sources.passages),
        statement=Composed(text=""),
        value_proposition=Composed(text=""),
    )
    return recompose(positioning)


def _alternatives(sources: DraftSources) -> list[Alternative]:
    brief = sources.brief
    out: list[Alternative] = []
    for v in brief.values("alternatives"):
        kind = "status_quo" if has_cue(v.value, "status_quo_cues") else "other"
        out.append(_alt(len(out), v.value, kind, brief_citation("alternatives", v)))
    if not any(a.kind == "status_quo" for a in out):  # the status quo is always an alternative
        basis = sources.playbook("status quo always among the competitive alternatives")
        out.insert(
            0,
            Alternative(
                id="ALT0",
                name=setting("status_quo_default"),
                kind="status_quo",
                source=basis,
                assumption=True,
            ),
        )
    for v in brief.values("competitors"):
        out.append(_alt(len(out), v.value, "competitor", brief_citation("competitors", v)))
    _mark_primary(sources, out)
    return out


def _alt(index: int, name: str, kind: str, source: Citation) -> Alternative:
    return Alternative(id=f"ALT{index + 1}", name=name, kind=kind, source=source)


def _mark_primary(sources: DraftSources, alternatives: list[Alternative]) -> None:
    """The alternative the documents say deals are lost to most; the status quo by default."""
    hits = sources.search(
        "which alternative do we lose to most often",
        k=3,
        must_contain=("lose to most", "most often"),
    )
    for passage in hits:
        for line in sentences(passage.text):
            if not any(c.search(line) for c in cues("primary_alternative_cues")):
                continue
            for alt in alternatives:
                named = alt.kind == "status_quo" and has_cue(line, "status_quo_cues")
                if named or (alt.kind != "status_quo" and alt.name.split()[0] in line):
                    alt.primary, alt.primary_evidence = True, passage.citation(line)
                    return
    status_quo = next(a for a in alternatives if a.kind == "status_quo")
    status_quo.primary = True


def value_for(sources: DraftSources, attr: Attribute) -> Value:
    """The benefit the documents state for an attribute (its id "V" + the attribute's number),
    with customer proof; an assumption when no document states one."""
    best: tuple[float, Evidence, str] | None = None
    for passage in sources.search(attr.name, k=8):
        if is_competitor_document(passage):
            continue
        for line in lines(passage.text):
            about = overlap(attr.name, line)
            benefit = sum(1 for c in cues("benefit_cues") if c.search(line))
            if about < ATTRIBUTE_MATCH or not benefit:
                continue
            score = about + benefit
            if best is None or score > best[0]:
                best = (score, passage, line)
    proof = _proof(sources.brief, attr, sources.passages)
    vid = "V" + attr.id[1:]
    if best is None:
        return Value(
            id=vid,
            text=f"Benefit of '{attr.name}' not stated in the documents",
            attribute_ids=[attr.id],
            proof=proof,
            assumption=True,
        )
    _, passage, line = best
    said = next(
        (x for x in sentences(line) if any(c.search(x) for c in cues("benefit_cues"))), line
    )
    return Value(
        id=vid,
        text=_benefit_text(attr.name, said),
        attribute_ids=[attr.id],
        proof=proof,
        source=passage.citation(said),
    )


def _benefit_text(attribute: str, line: str) -> str:
    """The line without the attribute's own name in front ('ISO 27001 certified, which …')."""
    head = re.escape(attribute.rstrip("."))
    rest = re.sub(rf"^{head}[.,:;]?\s*", "", line, flags=re.IGNORECASE).strip()
    rest = _WHICH.sub("", rest).strip("\"“”' ")
    if len(rest.split()) < 3:
        return line.strip("\"“”' ")
    return rest[0].upper() + rest[1:]


def _proof(brief: ClientBrief, attr: Attribute, passages: list[Evidence]) -> list[Proof]:
    """Customer lines about the attribute (testimonials) and those customers' results."""
    best: dict[str, tuple[float, Evidence, str]] = {}
    for passage in passages:
        customer = customer_of(passage)
        if customer is None:
            continue
        for line in lines(passage.text):
            score = overlap(attr.name, line)
            if score >= ATTRIBUTE_MATCH and (customer not in best or score > best[customer][0]):
                best[customer] = (score, passage, line)
    customers = list(best)
    testimonials = [
        Proof(text=line, kind="testimonial", customer=c, source=passage.citation(line))
        for c, (_, passage, line) in best.items()
    ]
    results = [
        Proof(text=v.value, kind="result", customer=c, source=brief_citation("proof_points", v))
        for v in brief.values("proof_points")
        for c in customers
        if _about_customer(v, c, passages)
    ]
    return testimonials[:2] + results[:2]


def _about_customer(value: BriefValue, customer: str, passages: list[Evidence]) -> bool:
    if customer.lower() in value.value.lower():
        return True
    ref = value.citation.ref if value.citation else None
    return any(p.ref == ref and customer_of(p) == customer for p in passages)


def _best_fit(brief: ClientBrief) -> list[BestFit]:
    out: list[BestFit] = []
    for v in brief.values("target_markets"):
        parts = re.split(r",\s*|\s+and\s+(?=\w+ing\b)|\s+(?=with\s)", v.value)
        for part in (p.strip() for p in parts):
            if part:
                out.append(
                    BestFit(
                        id=f"B{len(out) + 1}",
                        characteristic=part,
                        source=brief_citation("target_markets", v),
                    )
                )
    segments = brief.values("segments")
    if segments:
        names = ", ".join(s.value.lower() for s in segments)
        out.append(
            BestFit(
                id=f"B{len(out) + 1}",
                characteristic=f"in sectors such as {names}",
                source=brief_citation("segments", segments[0]),
            )
        )
    return out


def _category(sources: DraftSources) -> Category:
    advice = sources.playbook("choosing the market category big fish small pond")
    found = sources.brief.values("category")
    if not found:
        return Category(
            name="not known yet", approach="head-to-head", assumption=True, advice=advice
        )
    v = found[0]
    return Category(
        name=v.value,
        approach=approach(v.value),
        source=brief_citation("category", v),
        advice=advice,
    )


def _trends(passages: list[Evidence]) -> list[Trend]:
    out: list[Trend] = []
    used: set[str] = set()
    for passage in passages:
        if is_competitor_document(passage):
            continue
        for line in sentences(passage.text):
            hit = next((c.pattern for c in cues("trend_cues") if c.search(line)), None)
            if hit is None or hit in used:
                continue
            used.add(hit)
            text = line.rstrip(";,")
            out.append(Trend(id=f"T{len(out) + 1}", text=text, source=passage.citation(text)))
            if len(out) == MAX_TRENDS:
                return out
    return out
