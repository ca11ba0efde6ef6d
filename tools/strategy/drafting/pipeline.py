"""Draft or revise one strategy draft for a workspace: gather the inputs, let the drafter write
it (or apply the user's revision), attach the KPI figures, then review it (checks, citations).

The drafter is chosen here and only here (`choose_drafter`); callers may pass another one (a
run passes the one it chose, to read its `notes` afterwards).
"""

from __future__ import annotations

from core.scope import WorkspaceScope
from tools.strategy.brief.model import ClientBrief
from tools.strategy.drafting.drafter import Drafter
from tools.strategy.drafting.model import ModelDrafter
from tools.strategy.drafting.offline import OfflineDrafter
from tools.strategy.drafting.review import review_icp, review_messaging, review_positioning
from tools.strategy.icp import revise as icp_revise
from tools.strategy.icp.conversion import conversion_evidence
from tools.strategy.icp.models import Icp, IcpRevision
from tools.strategy.messaging import revise as messaging_revise
from tools.strategy.messaging.models import MessagingHouse, MessagingRevision
from tools.strategy.positioning import revise as positioning_revise
from tools.strategy.positioning.models import Positioning, PositioningRevision
from tools.strategy.sources import DraftSources

Versions = tuple[int | None, int | None]  # the saved positioning and ICP a house builds on


def choose_drafter(scope: WorkspaceScope | None = None) -> Drafter:
    """The drafter for a workspace: `ModelDrafter` when a real model is configured (the
    scope's `draft_model`: CMO_DRAFT_MODEL, else CMO_MODEL), else `OfflineDrafter`."""
    if scope is not None and scope.draft_model is not None:
        return ModelDrafter(scope.draft_model)
    return OfflineDrafter()


def draft_positioning(
    scope: WorkspaceScope, brief: ClientBrief, drafter: Drafter | None = None
) -> Positioning:
    """A fresh positioning for the workspace, reviewed."""
    positioning = (drafter or choose_drafter(scope)).positioning(DraftSources.of(scope, brief))
    return review_positioning(positioning, scope.documents, scope.dir)


def revise_positioning(
    scope: WorkspaceScope,
    brief: ClientBrief,
    previous: Positioning,
    revision: PositioningRevision,
) -> Positioning:
    """`previous` revised as asked, reviewed again."""
    sources = DraftSources.of(scope, brief)
    positioning = positioning_revise.revise_positioning(sources, previous, revision)
    return review_positioning(positioning, scope.documents, scope.dir)


def draft_icp(scope: WorkspaceScope, brief: ClientBrief, drafter: Drafter | None = None) -> Icp:
    """A fresh ICP with who converts best (KPI engine) attached, reviewed."""
    conversion, note = conversion_evidence(scope.dir)
    icp = (drafter or choose_drafter(scope)).icp(DraftSources.of(scope, brief), conversion)
    icp.conversion, icp.conversion_note = conversion, note
    return review_icp(icp)


def revise_icp(
    scope: WorkspaceScope, brief: ClientBrief, previous: Icp, revision: IcpRevision
) -> Icp:
    """`previous` revised as asked (its conversion figures kept), reviewed again."""
    icp = icp_revise.revise_icp(DraftSources.of(scope, brief), previous, revision)
    return review_icp(icp)


def draft_messaging(
    scope: WorkspaceScope,
    brief: ClientBrief,
    positioning: Positioning,
    icp: Icp,
    versions: Versions = (None, None),
    drafter: Drafter | None = None,
) -> MessagingHouse:
    """A fresh messaging house on `positioning` and `icp` (saved as `versions`), reviewed."""
    sources = DraftSources.of(scope, brief)
    house = (drafter or choose_drafter(scope)).messaging(sources, positioning, icp)
    house.positioning_version, house.icp_version = versions
    return review_messaging(house, positioning, sources.passages)


def revise_messaging(
    scope: WorkspaceScope,
    brief: ClientBrief,
    previous: MessagingHouse,
    revision: MessagingRevision,
    positioning: Positioning,
    icp: Icp,
) -> tuple[MessagingHouse, str]:
    """`previous` revised as asked and reviewed again, with a note on what happened."""
    sources = DraftSources.of(scope, brief)
    house, note = messaging_revise.revise_messaging(sources, previous, revision, positioning, icp)
    return review_messaging(house, positioning, sources.passages), note
