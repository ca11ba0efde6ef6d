"""`OfflineDrafter`: the deterministic drafter (no model, no network). Each draft is assembled
from the brief, document passages and playbooks by the heuristics in
`tools.strategy.{positioning,icp,messaging}.draft`; the same inputs always give the same draft.
"""

from __future__ import annotations

from tools.strategy.icp.draft import draft_icp
from tools.strategy.icp.models import ConversionEvidence, Icp
from tools.strategy.messaging.draft import draft_messaging
from tools.strategy.messaging.models import MessagingHouse
from tools.strategy.positioning.draft import draft_positioning
from tools.strategy.positioning.models import Positioning
from tools.strategy.sources import DraftSources


class OfflineDrafter:
    """The default `Drafter`: rules and vocabulary (prompts/strategy/vocabulary.yaml)."""

    def __init__(self) -> None:
        self.notes: list[str] = []  # nothing to tell: the rules always write a draft

    def positioning(self, sources: DraftSources) -> Positioning:
        return draft_positioning(sources)

    def icp(self, sources: DraftSources, conversion: ConversionEvidence | None) -> Icp:
        return draft_icp(sources)  # the pipeline attaches `conversion` to the draft

    def messaging(
        self, sources: DraftSources, positioning: Positioning, icp: Icp
    ) -> MessagingHouse:
        return draft_messaging(sources, positioning, icp)
