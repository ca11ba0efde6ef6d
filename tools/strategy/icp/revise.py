"""Revisions of a saved ICP: add (or expand) a persona for a role the user names."""

from __future__ import annotations

from tools.strategy.icp.committee import add_persona
from tools.strategy.icp.models import Icp, IcpRevision
from tools.strategy.sources import DraftSources


def revise_icp(sources: DraftSources, previous: Icp, revision: IcpRevision) -> Icp:
    """A revised copy of `previous` (the client's own passages give the persona's concerns)."""
    icp = previous.model_copy(deep=True)
    if revision.add_persona:
        add_persona(icp, revision.add_persona.strip(), sources.own_passages)
    return icp
