"""The messaging house's checks and citations, run after any drafter and after the copy
audit (tools.strategy.drafting.review): pillars tied to positioning values and proven, three or
four of them, and the copy audit's findings as issues.
"""

from __future__ import annotations

from tools.citations import Citation
from tools.strategy.elements import CheckResult, Issue, check_result, issue, unique_citations
from tools.strategy.messaging.models import MessagingHouse
from tools.strategy.vocabulary import setting


def check_house(
    house: MessagingHouse, copy_check: CheckResult
) -> tuple[list[Issue], list[CheckResult]]:
    """The issues found (copy findings included) and each check's result, the copy audit's
    last."""
    issues: list[Issue] = []
    untied = [p.id for p in house.pillars if not p.value_ids]
    for pid in untied:
        issues.append(
            issue(
                "pillar_without_value",
                "high",
                f"Pillar {pid} is not tied to a positioning value: add the "
                "attribute behind it to the positioning first.",
                [pid],
            )
        )
    for p in house.pillars:
        if not p.proof:
            issues.append(
                issue(
                    "pillar_without_proof", "medium", f"Pillar {p.id} has no proof point.", [p.id]
                )
            )
    too_many = len(house.pillars) > int(setting("max_pillars"))
    if too_many:
        issues.append(
            issue(
                "too_many_pillars",
                "low",
                f"{len(house.pillars)} pillars: more than four dilutes the "
                "message; merge or drop one.",
                citations=[house.guidance],
            )
        )
    for f in house.copy_findings:
        quoted = [s.source for s in (f.website, f.other) if s]
        issues.append(issue("copy_disagrees", f.severity, f.message, [f.id], quoted))  # type: ignore[arg-type]
    checks = [
        check_result(
            "pillars_tied_to_values",
            failed=bool(untied),
            detail="every pillar is tied to a positioning value",
        ),
        check_result(
            "pillar_count",
            failed=too_many,
            detail=f"{len(house.pillars)} pillar(s); three or four recommended",
        ),
        copy_check,
    ]
    return issues, checks


def messaging_citations(house: MessagingHouse) -> list[Citation]:
    """Every source the house cites, once, in element order."""
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
