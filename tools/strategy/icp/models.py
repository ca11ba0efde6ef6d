"""The ideal customer profile as typed, cited objects: firmographics, buying committee,
pains, gains, triggers, objections with answers, where buyers gather, qualification rules, and
(when campaign data exists) who converts best, with figures from the KPI engine.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

from tools.citations import Citation
from tools.strategy.elements import Issue, Sourced, Statement

MAX_ITEMS = 6  # most items of one kind (pains, triggers, objections, concerns…) in a draft
SAME_ITEM = 0.6  # overlap above which two extracted items say the same thing

CommitteeRole = Literal["champion", "economic buyer", "user", "evaluator", "other"]


class Firmographic(Sourced):
    id: str
    dimension: Literal["industry", "size", "geography", "tech", "structure", "volume", "budget"]
    value: str


class Persona(Sourced):
    id: str
    role: str
    committee_role: CommitteeRole
    jobs_to_be_done: list[Statement] = Field(default_factory=list)
    concerns: list[Statement] = Field(default_factory=list)
    requested: bool = Field(default=False, description="added or expanded at the user's request")


class Objection(Sourced):
    id: str
    objection: str
    answer: Statement


class GatheringPlace(Sourced):
    id: str
    channel: str
    evidence: str


class Criterion(Sourced):
    id: str
    kind: Literal["qualify", "disqualify"]
    text: str
    points: int


class SegmentFigure(BaseModel):
    value: str
    lead_to_customer_rate: str
    customers: str
    leads: str


class ConversionEvidence(BaseModel):
    """Who converts best, straight from the KPI engine (formatted by it)."""

    dimension: str
    period: str
    min_leads: int
    best: str | None
    top: list[SegmentFigure]
    citations: list[Citation]


class Icp(BaseModel):
    """An ICP draft. `conversion` (KPI figures), `issues` and `citations` are filled after any
    drafter by tools.strategy.drafting (pipeline and review), never by the drafter."""

    company: str
    firmographics: list[Firmographic]
    buying_committee: list[Persona]
    pains: list[Statement]
    gains: list[Statement]
    triggers: list[Statement]
    objections: list[Objection]
    channels: list[GatheringPlace]
    qualification: list[Criterion]
    disqualification: list[Criterion]
    scoring_basis: Citation | None = None
    conversion: ConversionEvidence | None = None
    conversion_note: str = ""
    issues: list[Issue] = Field(default_factory=list)
    citations: list[Citation] = Field(default_factory=list)


class IcpRevision(BaseModel):
    add_persona: str | None = Field(default=None, description="a role, e.g. 'CFO'")
    firmographics: list[str] = Field(
        default_factory=list,
        description="firmographics the user sets, e.g. ['100-500 staff', 'multi-entity']; each "
        "replaces the draft's firmographics of the same dimension (size, structure…)",
    )

    exclude: str | None = Field(
        default=None,
        description="who is never a fit, e.g. 'sole traders and companies under 100 staff' "
        "(added to the disqualification criteria)",
    )
    add_trigger: str | None = Field(
        default=None,
        description="a buying trigger the user names, e.g. 'a hiring freeze in finance'",
    )

    def is_empty(self) -> bool:
        return not (self.add_persona or self.firmographics or self.exclude or self.add_trigger)

    def note(self) -> str:
        parts = [f"persona added: {self.add_persona}"] if self.add_persona else []
        parts += [f"ruled out: {self.exclude}"] if self.exclude else []
        parts += [f"buying trigger added: {self.add_trigger}"] if self.add_trigger else []
        parts += (
            [f"firmographics set: {'; '.join(self.firmographics)}"] if self.firmographics else []
        )
        return "; ".join(parts)
