"""The messaging house as typed, cited objects: umbrella message, pillars tied to positioning
values, persona variations, tone rules, and what the copy audit found; plus the revisions a user
can ask for.
"""

from __future__ import annotations

from pydantic import BaseModel, Field

from tools.citations import Citation
from tools.strategy.elements import CheckResult, Composed, Issue, Sourced, Statement


class Pillar(Sourced):
    id: str
    headline: str
    benefit: str
    value_ids: list[str]
    attribute_ids: list[str]
    proof: list[Statement] = Field(default_factory=list)


class PersonaMessage(Sourced):
    persona: str
    committee_role: str
    lead_pillar: str
    message: str
    proof: Statement | None = None


class CopyFinding(BaseModel):
    """Where existing copy disagrees with the sales deck or the house, quoted from both."""

    id: str
    topic: str
    severity: str
    message: str
    website: Statement | None = None
    other: Statement | None = None


class MessagingHouse(BaseModel):
    """A messaging house. The versions it builds on, `copy_findings`, `issues`, `checks` and
    `citations` are filled after any drafter by tools.strategy.drafting, never by the drafter."""

    company: str
    positioning_version: int | None = Field(description="the saved positioning it builds on")
    icp_version: int | None = None
    umbrella: Composed
    pillars: list[Pillar]
    personas: list[PersonaMessage]
    tone_rules: list[Statement]
    copy_findings: list[CopyFinding]
    issues: list[Issue] = Field(default_factory=list)
    checks: list[CheckResult] = Field(default_factory=list)
    guidance: Citation | None = None
    citations: list[Citation] = Field(default_factory=list)
    # persona (as in `personas`) → the pillar id its message leads with, as the user asked
    # ("the CFO message should lead on the cost of doing nothing"); kept across revisions
    persona_leads: dict[str, str] = Field(default_factory=dict)


class MessagingRevision(BaseModel):
    add_pillar: str | None = Field(default=None, description="topic, e.g. 'security'")
    tone: str | None = Field(
        default=None, description="a tone-of-voice rule, e.g. 'like a finance colleague, no hype'"
    )
    persona: str | None = Field(
        default=None, description="the persona whose message changes, e.g. 'CFO' (tone, lead)"
    )
    lead_with: str | None = Field(
        default=None, description="what the persona's message leads on, e.g. 'cost of inaction'"
    )

    def is_empty(self) -> bool:
        return not (self.add_pillar or self.tone or self.lead_with)

    def note(self) -> str:
        whose = f"{self.persona} message: " if self.persona else ""
        parts = [f"pillar added: {self.add_pillar}"] if self.add_pillar else []
        parts += [f"{whose}tone rule added: {self.tone}"] if self.tone else []
        parts += [f"{whose}leads with: {self.lead_with}"] if self.lead_with else []
        return "; ".join(parts)
