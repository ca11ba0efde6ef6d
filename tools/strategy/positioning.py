"""Positioning (April Dunford's components) as typed, cited objects, with consistency checks.

The offline draft is assembled from the client brief (itself extracted from the documents with
citations), document passages and the positioning playbook. With a real model, the model's
wording arrives as tool arguments and goes through the same checks; wording no passage supports
is marked as an assumption.
"""

from __future__ import annotations

import re
from typing import Literal

from pydantic import BaseModel, Field

from core.prompts import render
from core.scope import WorkspaceScope
from tools.citations import Citation
from tools.strategy.brief.model import BriefValue, ClientBrief, brief_citation
from tools.strategy.elements import (
    CheckResult,
    Composed,
    Issue,
    Sourced,
    content_words,
    lower_first,
    overlap,
    playbook_source,
    support,
    unique_citations,
)
from tools.strategy.evidence import (
    Evidence,
    customer_of,
    is_competitor_document,
    lines,
    search_evidence,
    sentences,
    workspace_passages,
)
from tools.strategy.segments import outside_profile, segment_dimension, who_converts
from tools.strategy.vocabulary import cues, has_cue, setting

MAX_TRENDS = 3
ATTRIBUTE_MATCH = 0.5  # share of an attribute's words a line needs to be "about" it
_WHICH = re.compile(r"^(which|that|so)\s+", re.IGNORECASE)


class Alternative(Sourced):
    id: str
    name: str
    kind: Literal["status_quo", "competitor", "other"]
    primary: bool = False
    primary_evidence: Citation | None = None


class Attribute(Sourced):
    id: str
    name: str
    competitors_also_claim: list[Citation] = Field(default_factory=list)


class Proof(Sourced):
    text: str
    kind: Literal["testimonial", "result", "other"] = "other"
    customer: str | None = None


class Value(Sourced):
    id: str
    text: str
    attribute_ids: list[str]
    proof: list[Proof] = Field(default_factory=list)


class BestFit(Sourced):
    id: str
    characteristic: str


class Category(Sourced):
    name: str
    approach: Literal["head-to-head", "big fish, small pond", "new category"]
    advice: Citation | None = None


class Trend(Sourced):
    id: str
    text: str


class Positioning(BaseModel):
    company: str
    competitive_alternatives: list[Alternative]
    unique_attributes: list[Attribute]
    values: list[Value]
    best_fit_customers: list[BestFit]
    market_category: Category
    trends: list[Trend]
    statement: Composed
    value_proposition: Composed
    issues: list[Issue] = Field(default_factory=list)
    checks: list[CheckResult] = Field(default_factory=list)
    citations: list[Citation] = Field(default_factory=list)


class PositioningRevision(BaseModel):
    """What to change on the latest version (all optional; none means a fresh draft)."""

    category: str | None = None
    more_specific_category: bool = False
    add_trend: str | None = None
    add_attribute: str | None = None
    statement: str | None = Field(default=None, description="the model's own statement wording")
    value_proposition: str | None = None

    def is_empty(self) -> bool:
        return self == PositioningRevision()

    def note(self) -> str:
        parts = []
        if self.category:
            parts.append(f"category changed to '{self.category}'")
        if self.more_specific_category:
            parts.append("category made more specific")
        if self.add_trend:
            parts.append(f"trend added: {self.add_trend}")
        if self.add_attribute:
            parts.append(f"attribute added: {self.add_attribute}")
        if self.statement:
            parts.append("statement reworded")
        if self.value_proposition:
            parts.append("value proposition reworded")
        return "; ".join(parts)


# -- drafting -------------------------------------------------------------------------------------
def draft_positioning(scope: WorkspaceScope, brief: ClientBrief) -> Positioning:
    passages = workspace_passages(scope.documents)
    company = company_name(brief)
    attributes = [
        Attribute(id=f"A{i}", name=v.value, source=brief_citation("differentiators", v))
        for i, v in enumerate(brief.values("differentiators"), start=1)
    ]
    positioning = Positioning(
        company=company,
        competitive_alternatives=_alternatives(scope, brief),
        unique_attributes=attributes,
        values=[_value(scope, brief, a, passages) for a in attributes],
        best_fit_customers=_best_fit(brief),
        market_category=_category(scope, brief),
        trends=_trends(passages),
        statement=Composed(text=""),
        value_proposition=Composed(text=""),
    )
    return finish(scope, positioning)


def revise_positioning(
    scope: WorkspaceScope,
    brief: ClientBrief,
    previous: Positioning,
    revision: PositioningRevision,
) -> Positioning:
    p = previous.model_copy(deep=True)
    if revision.category:
        p.market_category = Category(
            name=revision.category.strip(),
            approach=_approach(revision.category),
            source=Citation(
                kind="brief",
                label="Client brief › Market category (told in chat)",
                ref="brief:category",
                detail=revision.category.strip(),
            ),
            advice=p.market_category.advice,
        )
    if revision.more_specific_category:
        p.market_category = _more_specific(p, brief)
    if revision.add_trend:
        text = revision.add_trend.strip()
        p.trends.append(
            Trend(id=f"T{len(p.trends) + 1}", text=text, source=support(scope.documents, text))
        )
    if revision.add_attribute:
        name = revision.add_attribute.strip()
        attr = Attribute(
            id=f"A{len(p.unique_attributes) + 1}",
            name=name,
            source=support(scope.documents, name),
        )
        p.unique_attributes.append(attr)
        passages = workspace_passages(scope.documents)
        value = _value(scope, brief, attr, passages)
        p.values.append(value.model_copy(update={"id": f"V{len(p.values) + 1}"}))
    p = finish(scope, p)
    if revision.statement:
        p.statement = _worded(scope, revision.statement, p.statement.built_from)
    if revision.value_proposition:
        p.value_proposition = _worded(
            scope, revision.value_proposition, p.value_proposition.built_from
        )
    p.citations = _citations(p)
    return p


def finish(scope: WorkspaceScope, p: Positioning) -> Positioning:
    """Recompose the statement and value proposition, re-run the checks, collect citations."""
    p.statement = _statement(p)
    p.value_proposition = _value_proposition(p)
    p.issues, p.checks = check_positioning(scope, p)
    p.citations = _citations(p)
    return p


def company_name(brief: ClientBrief) -> str:
    name = brief.text("company") or "the company"
    return re.sub(r"\s+(Ltd|Limited|plc|LLP|Inc)\.?$", "", name)


def _alternatives(scope: WorkspaceScope, brief: ClientBrief) -> list[Alternative]:
    out: list[Alternative] = []
    for v in brief.values("alternatives"):
        kind = "status_quo" if has_cue(v.value, "status_quo_cues") else "other"
        out.append(_alt(len(out), v.value, kind, brief_citation("alternatives", v)))
    if not any(a.kind == "status_quo" for a in out):  # the status quo is always an alternative
        basis = playbook_source(
            scope.playbooks, "status quo always among the competitive alternatives"
        )
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
    _mark_primary(scope, out)
    return out


def _alt(index: int, name: str, kind: str, source: Citation) -> Alternative:
    return Alternative(id=f"ALT{index + 1}", name=name, kind=kind, source=source)  # type: ignore[arg-type]


def _mark_primary(scope: WorkspaceScope, alternatives: list[Alternative]) -> None:
    """The alternative the documents say deals are lost to most; the status quo by default."""
    hits = search_evidence(
        scope.documents,
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


def _value(
    scope: WorkspaceScope,
    brief: ClientBrief,
    attr: Attribute,
    passages: list[Evidence],
) -> Value:
    """The benefit the documents state for an attribute, with customer proof."""
    best: tuple[float, Evidence, str] | None = None
    for passage in search_evidence(scope.documents, attr.name, k=8):
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
    proof = _proof(brief, attr, passages)
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


def _approach(name: str) -> Literal["head-to-head", "big fish, small pond"]:
    return "big fish, small pond" if re.search(r"\bfor\b", name) else "head-to-head"


def _category(scope: WorkspaceScope, brief: ClientBrief) -> Category:
    advice = playbook_source(scope.playbooks, "choosing the market category big fish small pond")
    found = brief.values("category")
    if not found:
        return Category(
            name="not known yet", approach="head-to-head", assumption=True, advice=advice
        )
    v = found[0]
    return Category(
        name=v.value,
        approach=_approach(v.value),
        source=brief_citation("category", v),
        advice=advice,
    )


def _more_specific(p: Positioning, brief: ClientBrief) -> Category:
    """Narrow the category with the offering's 'for …' phrase, then a best-fit characteristic."""
    current = p.market_category
    offering = brief.values("offering")
    if (
        offering
        and current.name.lower() in offering[0].value.lower()
        and (offering[0].value.lower() != current.name.lower())
    ):
        v = offering[0]
        return Category(
            name=v.value,
            approach=_approach(v.value),
            source=brief_citation("offering", v),
            advice=current.advice,
        )
    for fit in p.best_fit_customers:
        words = content_words(fit.characteristic)
        if words and not words <= content_words(current.name):
            joiner = " " if fit.characteristic.startswith(("with ", "in ")) else ", "
            name = f"{current.name}{joiner}{fit.characteristic}"
            return Category(
                name=name, approach="big fish, small pond", source=fit.source, advice=current.advice
            )
    return current


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


def _status_quo_phrase(p: Positioning) -> str:
    alt = next(a for a in p.competitive_alternatives if a.kind == "status_quo")
    return re.sub(r"^the status quo:\s*", "", alt.name, flags=re.IGNORECASE)


def _primary(p: Positioning) -> Alternative:
    return next(a for a in p.competitive_alternatives if a.primary)


def _top_value(p: Positioning) -> Value | None:
    stated = [v for v in p.values if not v.assumption]
    pool = stated or p.values
    return max(pool, key=lambda v: (len(v.proof), -p.values.index(v))) if pool else None


def _customer_phrase(p: Positioning) -> str | None:
    """The first best-fit characteristic, with the next one when it qualifies it ('with …')."""
    fits = p.best_fit_customers
    if not fits:
        return None
    if len(fits) > 1 and fits[1].characteristic.startswith("with "):
        return f"{fits[0].characteristic} {fits[1].characteristic}"
    return fits[0].characteristic


def _statement(p: Positioning) -> Composed:
    value = _top_value(p)
    primary = _primary(p)
    attr = next((a for a in p.unique_attributes if value and a.id in value.attribute_ids), None)
    fit = p.best_fit_customers[0] if p.best_fit_customers else None
    text = render(
        "strategy/positioning_statement.md.j2",
        company=p.company,
        customer=_customer_phrase(p),
        need=_status_quo_phrase(p),
        category=p.market_category.name,
        benefit=value.text if value else None,
        alternative=_status_quo_phrase(p) if primary.kind == "status_quo" else primary.name,
        differentiator=lower_first(attr.name, (p.company,)) if attr else None,
    )
    ids = [i for i in (fit and fit.id, value and value.id, attr and attr.id, primary.id) if i]
    return Composed(text=text, built_from=ids, assumption=not (fit and value and attr))


def _value_proposition(p: Positioning) -> Composed:
    value = _top_value(p)
    fit = p.best_fit_customers[0] if p.best_fit_customers else None
    result = next((pr for pr in (value.proof if value else []) if pr.kind == "result"), None)
    text = render(
        "strategy/value_proposition.md.j2",
        outcome=result.text if result else (value.text if value else None),
        customer=_customer_phrase(p),
        pain=_status_quo_phrase(p),
    )
    ids = [i for i in (value and value.id, fit and fit.id) if i]
    return Composed(text=text, built_from=ids, assumption=not (value and fit))


def _worded(scope: WorkspaceScope, text: str, built_from: list[str]) -> Composed:
    """The model's own wording: kept, and marked an assumption unless a passage supports it."""
    source = support(scope.documents, text)
    return Composed(
        text=text.strip(), built_from=built_from, source=source, assumption=source is None
    )


# -- checks ---------------------------------------------------------------------------------------
def check_positioning(
    scope: WorkspaceScope, p: Positioning
) -> tuple[list[Issue], list[CheckResult]]:
    issues: list[Issue] = []
    checks = [
        _check_status_quo(p, issues),
        _check_values(p, issues),
        _check_competitor_claims(scope, p, issues),
        _check_best_fit(scope, p, issues),
    ]
    return issues, checks


def _check_status_quo(p: Positioning, issues: list[Issue]) -> CheckResult:
    present = any(a.kind == "status_quo" for a in p.competitive_alternatives)
    if not p.unique_attributes:
        issues.append(
            Issue(
                check="unique_attributes",
                severity="high",
                element_ids=[],
                message="No unique attributes are known: tell me what only you can do "
                "(e.g. 'our differentiators are …') or upload the sales deck.",
            )
        )
    return CheckResult(
        name="status_quo_included",
        status="passed" if present else "failed",
        detail="the status quo is among the competitive alternatives",
    )


def _check_values(p: Positioning, issues: list[Issue]) -> CheckResult:
    ids = {a.id for a in p.unique_attributes}
    failed = False
    for v in p.values:
        linked = [a for a in v.attribute_ids if a in ids]
        if not linked:
            failed = True
            issues.append(
                Issue(
                    check="value_without_attribute",
                    severity="high",
                    element_ids=[v.id],
                    message=f"Value {v.id} ('{v.text}') has no unique attribute behind it: "
                    "it is a claim, not positioning.",
                    citations=[c for c in [v.source] if c],
                )
            )
        if v.assumption:
            issues.append(
                Issue(
                    check="value_without_source",
                    severity="medium",
                    element_ids=[v.id, *linked],
                    message=f"Value {v.id}: the documents do not state the benefit of "
                    f"{', '.join(linked) or 'its attribute'} — please confirm what it changes for "
                    "customers.",
                )
            )
        elif not v.proof:
            issues.append(
                Issue(
                    check="value_without_proof",
                    severity="low",
                    element_ids=[v.id],
                    message=f"Value {v.id} has no customer proof yet (a quote, number or case).",
                    citations=[c for c in [v.source] if c],
                )
            )
    return CheckResult(
        name="values_have_attributes",
        status="failed" if failed else "passed",
        detail="every value is linked to at least one unique attribute",
    )


def competitor_claims(scope: WorkspaceScope, name: str) -> list[Citation]:
    """Lines saying competitors also claim this attribute (and not that they lack it)."""
    out = []
    for passage in search_evidence(
        scope.documents,
        f"{name} competitors also claim",
        k=8,
        must_contain=sorted(content_words(name)),
    ):
        for line in lines(passage.text):
            if overlap(name, line) < ATTRIBUTE_MATCH:
                continue
            if has_cue(line, "competitor_claim_cues") and not has_cue(line, "negation_cues"):
                out.append(passage.citation(line))
    return out


def _check_competitor_claims(
    scope: WorkspaceScope, p: Positioning, issues: list[Issue]
) -> CheckResult:
    flagged = []
    for attr in p.unique_attributes:
        attr.competitors_also_claim = competitor_claims(scope, attr.name)
        if attr.competitors_also_claim:
            flagged.append(attr.id)
            issues.append(
                Issue(
                    check="attribute_claimed_by_competitors",
                    severity="medium",
                    element_ids=[attr.id],
                    message=f"Attribute {attr.id} ('{attr.name}') is also claimed by competitors, "
                    "so it is table stakes, not a differentiator.",
                    citations=attr.competitors_also_claim[:2],
                )
            )
    detail = (
        f"competitors also claim {', '.join(flagged)}"
        if flagged
        else f"none of the {len(p.unique_attributes)} attributes is claimed by competitors"
    )
    return CheckResult(
        name="attributes_unique", status="failed" if flagged else "passed", detail=detail
    )


def _check_best_fit(scope: WorkspaceScope, p: Positioning, issues: list[Issue]) -> CheckResult:
    name = "best_fit_matches_conversions"
    dim = segment_dimension(scope.dir)
    if dim is None:
        return CheckResult(
            name=name,
            status="not_run",
            detail="the campaign data has no industry or segment dimension (import CRM data "
            "with an industry, segment or company-size column to run this check)",
        )
    found = who_converts(scope.dir, dim)
    if found is None or found.best is None:
        return CheckResult(
            name=name,
            status="not_run",
            detail=f"not enough leads recorded by {dim} to rank conversion",
        )
    best, figure = found.best, found.rows[0][1]
    fits = " ".join(b.characteristic for b in p.best_fit_customers)
    if not outside_profile(best, fits):
        return CheckResult(
            name=name,
            status="passed",
            detail=f"the best-converting {dim}, {best} "
            f"({figure['lead_to_customer_rate']} lead→customer), is in the best-fit profile",
        )
    issues.append(
        Issue(
            check="best_fit_contradicts_data",
            severity="high",
            element_ids=[b.id for b in p.best_fit_customers],
            message=f"The best-converting {dim} in the data is {best} "
            f"({figure['lead_to_customer_rate']} lead→customer, {figure['customers']} customers), "
            "but the best-fit customer profile does not mention it.",
            citations=found.result.citations,
        )
    )
    return CheckResult(
        name=name,
        status="failed",
        detail=f"best-converting {dim} '{best}' is not in the best-fit profile",
    )


def _citations(p: Positioning) -> list[Citation]:
    items: list[Sourced] = [
        *p.competitive_alternatives,
        *p.unique_attributes,
        *p.values,
        *(pr for v in p.values for pr in v.proof),
        *p.best_fit_customers,
        p.market_category,
        *p.trends,
    ]
    return unique_citations(
        [
            [i.source for i in items],
            [a.primary_evidence for a in p.competitive_alternatives],
            [p.statement.source, p.value_proposition.source, p.market_category.advice],
            [c for issue in p.issues for c in issue.citations],
        ]
    )
