"""What a drafting run returns: the saved version's place among the versions, and the draft."""

from __future__ import annotations

from pydantic import BaseModel, computed_field

from tools.citations import Citation
from tools.strategy.icp.models import Icp
from tools.strategy.messaging.models import MessagingHouse
from tools.strategy.positioning.models import Positioning


class DraftResult(BaseModel):
    """One saved version of a draft kind: `versions` lists all of them (oldest first),
    `revised_from` the version a revision started from (None for a fresh draft)."""

    workspace: str
    kind: str
    version: int
    versions: list[int]
    title: str
    note: str
    revised_from: int | None
    citations: list[Citation]

    @computed_field  # type: ignore[prop-decorator]
    @property
    def reading(self) -> str:
        """What was drafted, in one line: the kind, a fresh draft or a revision, the version."""
        name = {"icp": "ICP", "messaging": "Messaging house"}.get(self.kind, self.kind.title())
        if self.revised_from is None:
            return f"{name} draft, version {self.version} (a fresh draft)"
        change = f": {self.note}" if self.note else ""
        return f"{name} version {self.version}, revised from version {self.revised_from}{change}"


class PositioningResult(DraftResult):
    positioning: Positioning


class IcpResult(DraftResult):
    icp: Icp


class MessagingResult(DraftResult):
    messaging: MessagingHouse
