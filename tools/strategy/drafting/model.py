"""`ModelDrafter`: a real model writes the drafts by structured output; the same checks follow.

For each draft the model is shown the client brief (values `B1`…), the workspace's document
passages (`D1`…), a few playbook passages (`K1`…) and, for an ICP or a house, what it builds
on; it returns what it writes (`written.py`: words and source ids only). `mapped.py` turns that
into the typed draft: ids numbered here, each source id resolved to a citation (an id that was
not shown is dropped, the element becomes an assumption and an `unknown_source` issue says
so), the playbook guidance attached. The pipeline then attaches the KPI figures and runs the
same review (cross-checks, citations) as after the offline drafter.

When the model's reply does not validate twice, or the provider fails (see
`tools.strategy.writing`), the offline drafter writes that draft instead and `notes` says so;
the run puts the note in its result, where the user sees it.
"""

from __future__ import annotations

from typing import Any, TypeVar

from pydantic import BaseModel

from core.prompts import render
from core.scope import DraftModel
from tools.strategy.cited import SourceTable
from tools.strategy.drafting import mapped
from tools.strategy.drafting.offline import OfflineDrafter
from tools.strategy.drafting.written import IcpWritten, MessagingWritten, PositioningWritten
from tools.strategy.evidence import Evidence, search_evidence
from tools.strategy.icp.models import ConversionEvidence, Icp
from tools.strategy.messaging.models import MessagingHouse
from tools.strategy.positioning.models import Positioning
from tools.strategy.sources import DraftSources
from tools.strategy.writing import WritingFailed, write

W = TypeVar("W", bound=BaseModel)
PLAYBOOK_QUERIES = {
    "positioning": "positioning competitive alternatives unique attributes value market category",
    "icp": "ideal customer profile buying committee triggers lead scoring fit and intent",
    "messaging": "messaging house umbrella pillars proof points tone of voice",
}
PLAYBOOK_PASSAGES = 3


class ModelDrafter:
    """The `Drafter` backed by a real model (see the module doc). `notes` lists, in order,
    what the user should know about how the drafts were written (the fallbacks)."""

    def __init__(self, draft_model: DraftModel) -> None:
        self.draft_model = draft_model
        self.offline = OfflineDrafter()
        self.notes: list[str] = []

    def positioning(self, sources: DraftSources) -> Positioning:
        table = self._table(sources, "positioning")
        written = self._write(PositioningWritten, "positioning", table, sources)
        if written is None:
            return self.offline.positioning(sources)
        return mapped.to_positioning(written, table, sources)

    def icp(self, sources: DraftSources, conversion: ConversionEvidence | None) -> Icp:
        table = self._table(sources, "icp")
        extra = {"conversion": conversion.model_dump(mode="json") if conversion else None}
        written = self._write(IcpWritten, "icp", table, sources, **extra)
        if written is None:
            return self.offline.icp(sources, conversion)
        return mapped.to_icp(written, table, sources)

    def messaging(
        self, sources: DraftSources, positioning: Positioning, icp: Icp
    ) -> MessagingHouse:
        table = self._table(sources, "messaging")
        extra = {
            "values": [v.model_dump(mode="json") for v in positioning.values],
            "attributes": {a.id: a.name for a in positioning.unique_attributes},
            "value_proposition": positioning.value_proposition.text,
            "personas": [(p.role, p.committee_role) for p in icp.buying_committee],
        }
        written = self._write(MessagingWritten, "messaging", table, sources, **extra)
        if written is None:
            return self.offline.messaging(sources, positioning, icp)
        return mapped.to_messaging(written, table, sources, positioning, icp)

    def _table(self, sources: DraftSources, kind: str) -> SourceTable:
        return SourceTable.of(sources.passages, sources.brief, _playbooks(sources, kind))

    def _write(
        self, schema: type[W], kind: str, table: SourceTable, sources: DraftSources, **extra: Any
    ) -> W | None:
        prompt = render(
            f"strategy/model/{kind}.md.j2",
            company=sources.brief.text("company") or "the client",
            documents=table.listing("D"),
            brief=table.listing("B"),
            playbooks=table.listing("K"),
            left_out=table.left_out,
            **extra,
        )
        try:
            return write(self.draft_model, schema, render("strategy/model/system.md.j2"), prompt)
        except WritingFailed as failed:
            self.notes.append(fallback_note(kind, failed))
            return None


def fallback_note(kind: str, failed: WritingFailed) -> str:
    """What the user is told when the offline drafter stood in for the model."""
    name = {"icp": "ICP", "messaging": "messaging house"}.get(kind, kind)
    if failed.kind == "provider":
        return f"the model could not write the {name} ({failed.reason}); this is the offline draft"
    return f"the model's {name} draft did not validate ({failed.reason}); this is the offline draft"


def _playbooks(sources: DraftSources, kind: str) -> list[Evidence]:
    return search_evidence(sources.playbooks, PLAYBOOK_QUERIES[kind], PLAYBOOK_PASSAGES, "playbook")
