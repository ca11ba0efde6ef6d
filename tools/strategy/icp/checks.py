"""The ICP's checks and citations, run after any drafter (tools.strategy.drafting.review):
firmographics known, every objection answered, and the best-converting segment (KPI engine)
among the firmographics.
"""

from __future__ import annotations

from tools.citations import Citation
from tools.strategy.elements import Issue, issue, unique_citations
from tools.strategy.icp.models import Icp
from tools.strategy.segments import outside_profile


def icp_issues(icp: Icp) -> list[Issue]:
    """What is missing or contradicts the data, most important first."""
    issues = []
    if not icp.firmographics:
        issues.append(
            issue(
                "icp_firmographics",
                "high",
                "No firmographics known: tell me who your best customers "
                "are (size, sector, geography).",
            )
        )
    for o in icp.objections:
        if o.answer.assumption:
            issues.append(
                issue(
                    "objection_without_answer",
                    "medium",
                    f"No documented answer to objection {o.id} "
                    f"('{o.objection}'): write one with sales.",
                    [o.id],
                    [o.source],
                )
            )
    conversion = icp.conversion
    if conversion and conversion.best and conversion.dimension != "channel":
        fits = " ".join(f.value for f in icp.firmographics)
        if outside_profile(conversion.best, fits):
            issues.append(
                issue(
                    "icp_contradicts_data",
                    "high",
                    f"The best-converting {conversion.dimension} is "
                    f"{conversion.best}, which the firmographics do not include.",
                    citations=conversion.citations,
                )
            )
    return issues


def icp_citations(icp: Icp) -> list[Citation]:
    """Every source the ICP cites, once, in element order."""
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
