"""The one place a strategy draft is checked: after any drafter, and after every revision.

Each review runs the draft's cross-checks and then collects its citations (issues' evidence
included), overwriting whatever the drafter put in `issues`, `checks` and `citations` — except
`unknown_source` issues: a model drafter notes there each source id it was never shown (and
dropped), and they stay with the draft:

- positioning: status quo among the alternatives, values rest on unique attributes (with a
  source and proof), attributes competitors also claim, best-fit customers against who converts
  (KPI engine).
- ICP: firmographics known, objections answered, best-converting segment in the profile.
- messaging: the copy audit (website against the sales deck and the house), pillars tied to
  values and proven, pillar count.
"""

from __future__ import annotations

from pathlib import Path

from core.stores.hybrid_index import HybridIndex
from tools.strategy.elements import Issue
from tools.strategy.evidence import Evidence
from tools.strategy.icp.checks import icp_citations, icp_issues
from tools.strategy.icp.models import Icp
from tools.strategy.messaging.checks import check_house, messaging_citations
from tools.strategy.messaging.copy_audit import check_copy
from tools.strategy.messaging.models import MessagingHouse
from tools.strategy.positioning.checks import check_positioning, positioning_citations
from tools.strategy.positioning.models import Positioning

UNKNOWN_SOURCE = "unknown_source"  # the issue a model's invented source id leaves (kept)


def _kept(issues: list[Issue]) -> list[Issue]:
    return [i for i in issues if i.check == UNKNOWN_SOURCE]


def review_positioning(p: Positioning, documents: HybridIndex, workspace_dir: Path) -> Positioning:
    """Checks and citations of a positioning (in place; returns it). `documents` is the
    workspace's document index (competitor claims), `workspace_dir` its folder (KPI engine)."""
    kept = _kept(p.issues)
    p.issues, p.checks = check_positioning(p, documents, workspace_dir)
    p.issues += kept
    p.citations = positioning_citations(p)
    return p


def review_icp(icp: Icp) -> Icp:
    """Issues and citations of an ICP (in place; returns it)."""
    icp.issues = icp_issues(icp) + _kept(icp.issues)
    icp.citations = icp_citations(icp)
    return icp


def review_messaging(
    house: MessagingHouse, positioning: Positioning, passages: list[Evidence]
) -> MessagingHouse:
    """The copy audit, checks and citations of a messaging house (in place; returns it);
    `passages` are every passage of the workspace's documents."""
    house.copy_findings, copy_check = check_copy(passages, house, positioning)
    kept = _kept(house.issues)
    house.issues, house.checks = check_house(house, copy_check)
    house.issues += kept
    house.citations = messaging_citations(house)
    return house
