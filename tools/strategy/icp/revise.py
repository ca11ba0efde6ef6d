"""Revisions of a saved ICP: add (or expand) a persona for a role the user names, set
firmographics the user states (each replaces the draft's rows of the same dimension), rule
out who is never a fit (a disqualification criterion), and add a buying trigger."""

from __future__ import annotations

import re

from tools.citations import Citation
from tools.strategy.elements import Statement
from tools.strategy.icp.committee import add_persona
from tools.strategy.icp.models import MAX_ITEMS, Criterion, Firmographic, Icp, IcpRevision
from tools.strategy.sources import DraftSources
from tools.strategy.vocabulary import setting

# which dimension a stated firmographic is about, first match wins; 'industry' otherwise
_DIMENSIONS = (
    ("volume", r"\b(invoices?|transactions?|orders?|payments?)\b"),
    ("size", r"\b(staff|employees?|people|headcount|fte|seats?)\b|^\d[\d,]*\s*[-–+]"),
    ("structure", r"\b(multi[- ]entity|entities|subsidiar|group|multi[- ]site|franchise)"),
    ("tech", r"\b(on|uses?|using|running)\b|\b(xero|netsuite|sage|quickbooks|sap|dynamics)\b"),
    ("geography", r"\b(uk|us|eu|europe|emea|dach|nordics|ireland|london|north america)\b"),
    ("budget", r"[£$€]\s?\d"),
)


def revise_icp(sources: DraftSources, previous: Icp, revision: IcpRevision) -> Icp:
    """A revised copy of `previous` (the client's own passages give the persona's concerns)."""
    icp = previous.model_copy(deep=True)
    if revision.add_persona:
        add_persona(icp, revision.add_persona.strip(), sources.own_passages)
    if revision.firmographics:
        _set_firmographics(icp, [f.strip() for f in revision.firmographics if f.strip()])
    if revision.exclude and revision.exclude.strip():
        _rule_out(icp, revision.exclude.strip())
    if revision.add_trigger and revision.add_trigger.strip():
        _add_trigger(icp, revision.add_trigger.strip())
    return icp


def _add_trigger(icp: Icp, trigger: str) -> None:
    """A buying trigger told in chat, cited to the conversation, first in line (at most
    `MAX_ITEMS` triggers are kept)."""
    source = Citation(kind="brief", label="Trigger (told in chat)", ref="brief:icp", detail=trigger)
    told = Statement(text=trigger, source=source)
    kept = [t for t in icp.triggers if t.text.lower() != trigger.lower()]
    icp.triggers = [told, *kept][:MAX_ITEMS]


def _rule_out(icp: Icp, who: str) -> None:
    """A disqualification criterion told in chat, cited to the conversation, first in line."""
    source = Citation(kind="brief", label="Ruled out (told in chat)", ref="brief:icp", detail=who)
    points = setting("lead_scoring")["disqualify"]
    told = Criterion(id="D1", kind="disqualify", text=who, points=points, source=source)
    icp.disqualification = [told] + [
        c.model_copy(update={"id": f"D{i}"})
        for i, c in enumerate(icp.disqualification, start=2)
        if c.text.lower() != who.lower()
    ]


def _set_firmographics(icp: Icp, told: list[str]) -> None:
    rows = []
    for index, text in enumerate(told, start=1):
        dimension = next((d for d, p in _DIMENSIONS if re.search(p, text, re.I)), "industry")
        source = Citation(
            kind="brief", label="Firmographics (told in chat)", ref="brief:icp", detail=text
        )
        rows.append(Firmographic(id=f"F{index}", dimension=dimension, value=text, source=source))
    dimensions = {r.dimension for r in rows}
    kept = [f for f in icp.firmographics if f.dimension not in dimensions]
    icp.firmographics = rows + [
        f.model_copy(update={"id": f"F{len(rows) + i}"}) for i, f in enumerate(kept, start=1)
    ]
