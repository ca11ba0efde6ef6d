"""The positioning's cross-checks: the status quo is an alternative, every value rests on a
unique attribute (and has a source and proof), no attribute is one competitors also claim, and
the best-fit customers include who converts best in the data (KPI engine). Also its citations.

They run after any drafter (tools.strategy.drafting.review), so a model's draft gets the same
checks as the offline one.
"""

from __future__ import annotations

from pathlib import Path

from core.stores.hybrid_index import HybridIndex
from tools.citations import Citation
from tools.strategy.elements import (
    ATTRIBUTE_MATCH,
    CheckResult,
    Issue,
    Sourced,
    check_result,
    content_words,
    issue,
    overlap,
    unique_citations,
)
from tools.strategy.evidence import lines, search_evidence
from tools.strategy.positioning.models import Positioning
from tools.strategy.segments import outside_profile, segment_dimension, who_converts
from tools.strategy.vocabulary import has_cue


def check_positioning(
    p: Positioning, documents: HybridIndex, workspace_dir: Path
) -> tuple[list[Issue], list[CheckResult]]:
    """The issues found and each check's result. Records, on each attribute, the lines saying
    competitors also claim it (`competitors_also_claim`). `documents` is the workspace's document
    index, `workspace_dir` its folder (for the KPI engine)."""
    issues: list[Issue] = []
    checks = [
        _check_status_quo(p, issues),
        _check_values(p, issues),
        _check_competitor_claims(documents, p, issues),
        _check_best_fit(workspace_dir, p, issues),
    ]
    return issues, checks


def _check_status_quo(p: Positioning, issues: list[Issue]) -> CheckResult:
    if not p.unique_attributes:
        issues.append(
            issue(
                "unique_attributes",
                "high",
                "No unique attributes are known: tell me what only you can do "
                "(e.g. 'our differentiators are …') or upload the sales deck.",
            )
        )
    present = any(a.kind == "status_quo" for a in p.competitive_alternatives)
    return check_result(
        "status_quo_included",
        failed=not present,
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
                issue(
                    "value_without_attribute",
                    "high",
                    f"Value {v.id} ('{v.text}') has no unique attribute behind it: "
                    "it is a claim, not positioning.",
                    [v.id],
                    [v.source],
                )
            )
        if v.assumption:
            issues.append(
                issue(
                    "value_without_source",
                    "medium",
                    f"Value {v.id}: the documents do not state the benefit of "
                    f"{', '.join(linked) or 'its attribute'} — please confirm what it changes for "
                    "customers.",
                    [v.id, *linked],
                )
            )
        elif not v.proof:
            issues.append(
                issue(
                    "value_without_proof",
                    "low",
                    f"Value {v.id} has no customer proof yet (a quote, number or case).",
                    [v.id],
                    [v.source],
                )
            )
    return check_result(
        "values_have_attributes",
        failed=failed,
        detail="every value is linked to at least one unique attribute",
    )


def competitor_claims(documents: HybridIndex, name: str) -> list[Citation]:
    """Lines saying competitors also claim this attribute (and not that they lack it)."""
    out = []
    for passage in search_evidence(
        documents,
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
    documents: HybridIndex, p: Positioning, issues: list[Issue]
) -> CheckResult:
    flagged = []
    for attr in p.unique_attributes:
        attr.competitors_also_claim = competitor_claims(documents, attr.name)
        if attr.competitors_also_claim:
            flagged.append(attr.id)
            issues.append(
                issue(
                    "attribute_claimed_by_competitors",
                    "medium",
                    f"Attribute {attr.id} ('{attr.name}') is also claimed by competitors, "
                    "so it is table stakes, not a differentiator.",
                    [attr.id],
                    attr.competitors_also_claim[:2],
                )
            )
    detail = (
        f"competitors also claim {', '.join(flagged)}"
        if flagged
        else f"none of the {len(p.unique_attributes)} attributes is claimed by competitors"
    )
    return check_result("attributes_unique", failed=bool(flagged), detail=detail)


def _check_best_fit(workspace_dir: Path, p: Positioning, issues: list[Issue]) -> CheckResult:
    """Whether the best-fit profile names the best-converting segment (not run without a
    customer-describing dimension, or without enough leads by it)."""
    name = "best_fit_matches_conversions"
    dim = segment_dimension(workspace_dir)
    if dim is None:
        return CheckResult(
            name=name,
            status="not_run",
            detail="the campaign data has no industry or segment dimension (import CRM data "
            "with an industry, segment or company-size column to run this check)",
        )
    found = who_converts(workspace_dir, dim)
    if found is None or found.best is None:
        return CheckResult(
            name=name,
            status="not_run",
            detail=f"not enough leads recorded by {dim} to rank conversion",
        )
    best, figure = found.best, found.rows[0][1]
    fits = " ".join(b.characteristic for b in p.best_fit_customers)
    if not outside_profile(best, fits):
        return check_result(
            name,
            failed=False,
            detail=f"the best-converting {dim}, {best} "
            f"({figure['lead_to_customer_rate']} lead→customer), is in the best-fit profile",
        )
    issues.append(
        issue(
            "best_fit_contradicts_data",
            "high",
            f"The best-converting {dim} in the data is {best} "
            f"({figure['lead_to_customer_rate']} lead→customer, {figure['customers']} customers), "
            "but the best-fit customer profile does not mention it.",
            [b.id for b in p.best_fit_customers],
            found.result.citations,
        )
    )
    return check_result(
        name, failed=True, detail=f"best-converting {dim} '{best}' is not in the best-fit profile"
    )


def positioning_citations(p: Positioning) -> list[Citation]:
    """Every source the positioning cites, once, in element order."""
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
