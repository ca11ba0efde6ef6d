"""The drafting operations the tools (and tests) call: each saves a new artifact version of
its kind (earlier versions are kept). Without revision arguments a fresh draft is built from the
brief and documents; with them, the latest saved version is revised. Every run first saves the
brief's document extraction (`ensure_brief`): runs are writes. A fresh draft is written by the
workspace's drafter (`choose_drafter`: the model when one is configured); what it notes (the
offline draft standing in for a model's that did not validate) ends the saved version's note.
"""

from __future__ import annotations

from typing import Any

from core.prompts import render
from core.scope import WorkspaceScope
from core.stores.artifacts import Artifact
from tools.strategy.brief.current import ensure_brief
from tools.strategy.brief.ops import record_fact
from tools.strategy.drafting.drafter import Drafter
from tools.strategy.drafting.pipeline import (
    choose_drafter,
    draft_icp,
    draft_messaging,
    draft_positioning,
    revise_icp,
    revise_messaging,
    revise_positioning,
)
from tools.strategy.drafting.results import IcpResult, MessagingResult, PositioningResult
from tools.strategy.icp.models import Icp, IcpRevision
from tools.strategy.messaging.models import MessagingHouse, MessagingRevision
from tools.strategy.positioning.models import Positioning, PositioningRevision


def _save(
    scope: WorkspaceScope,
    kind: str,
    title: str,
    content: Positioning | Icp | MessagingHouse,
    note: str,
    latest: Artifact | None,
    drafter: Drafter | None = None,
) -> dict[str, Any]:
    """Save a new version; returns the `DraftResult` fields every draft kind shares. The
    drafter's notes follow `note`."""
    note = "; ".join(n for n in (note, *(drafter.notes if drafter else [])) if n)
    store = scope.drafts
    data = content.model_dump(mode="json")
    markdown = render(f"strategy/{kind}.md.j2", **{_VAR[kind]: data})
    artifact = store.save(kind, title, data, markdown, note)
    versions = next((i.versions for i in store.list() if i.kind == kind), [artifact.version])
    return {
        "workspace": scope.id,
        "kind": kind,
        "version": artifact.version,
        "versions": versions,
        "title": artifact.title,
        "note": note,
        "revised_from": latest.version if latest else None,
        "citations": content.citations,
    }


_VAR = {"positioning": "p", "icp": "icp", "messaging": "m"}


def run_positioning(scope: WorkspaceScope, revision: PositioningRevision) -> PositioningResult:
    """Draft (no revision, or nothing saved yet) or revise the positioning, and save it. A
    category the user names is also recorded in the brief, as told in chat."""
    brief = ensure_brief(scope)
    latest = scope.drafts.latest("positioning")
    if revision.category:  # the user's category is a fact about the client: keep it in the brief
        record_fact(scope, "category", [revision.category], "chat")
        brief = ensure_brief(scope)
    drafter = choose_drafter(scope)
    if latest is None or revision.is_empty():
        base = draft_positioning(scope, brief, drafter)
        note = "first draft" if latest is None else "redrafted from the brief and documents"
    else:
        base, note = Positioning.model_validate(latest.content), ""
    p = base
    if not revision.is_empty():
        p = revise_positioning(scope, brief, base, revision)
        note = revision.note()
    title = f"Positioning — {p.company}"
    saved = _save(scope, "positioning", title, p, note, latest, drafter)
    return PositioningResult(**saved, positioning=p)


def run_icp(scope: WorkspaceScope, revision: IcpRevision) -> IcpResult:
    """Draft or revise the ICP, and save it; the note says when a persona was expanded."""
    brief = ensure_brief(scope)
    latest = scope.drafts.latest("icp")
    drafter = choose_drafter(scope)
    if latest is None or revision.is_empty():
        icp = draft_icp(scope, brief, drafter)
        note = "first draft" if latest is None else "redrafted from the brief, documents and data"
    else:
        icp, note = Icp.model_validate(latest.content), ""
    if not revision.is_empty():
        before = len(icp.buying_committee)
        icp = revise_icp(scope, brief, icp, revision)
        note = revision.note()
        if revision.add_persona and len(icp.buying_committee) == before:  # already there
            role = next(p.role for p in icp.buying_committee if p.requested)
            note = f"persona expanded: {revision.add_persona} (already in the committee as {role})"
    saved = _save(scope, "icp", f"ICP — {icp.company}", icp, note, latest, drafter)
    return IcpResult(**saved, icp=icp)


def run_messaging(scope: WorkspaceScope, revision: MessagingRevision) -> MessagingResult:
    """Draft or revise the messaging house on the saved positioning and ICP (drafted, not
    saved, when missing), and save it."""
    brief = ensure_brief(scope)
    saved_p = scope.drafts.latest("positioning")
    saved_icp = scope.drafts.latest("icp")
    drafter = choose_drafter(scope)
    positioning = (
        Positioning.model_validate(saved_p.content)
        if saved_p
        else draft_positioning(scope, brief, drafter)
    )
    icp = Icp.model_validate(saved_icp.content) if saved_icp else draft_icp(scope, brief, drafter)
    versions = (saved_p.version if saved_p else None, saved_icp.version if saved_icp else None)
    latest = scope.drafts.latest("messaging")
    if latest is None or revision.is_empty():
        house = draft_messaging(scope, brief, positioning, icp, versions, drafter)
        note = "first draft" if latest is None else "redrafted from the positioning and ICP"
    else:
        house, note = MessagingHouse.model_validate(latest.content), ""
    if not revision.is_empty():
        house, note = revise_messaging(scope, brief, house, revision, positioning, icp)
    title = f"Messaging house — {house.company}"
    saved = _save(scope, "messaging", title, house, note, latest, drafter)
    return MessagingResult(**saved, messaging=house)
