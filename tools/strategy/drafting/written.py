"""What a model writes for each draft: the words and their sources, nothing checked or computed.

These schemas are sent to the model (structured output) and validated on return; `model.py`
maps them into the typed drafts (`Positioning`, `Icp`, `MessagingHouse`), resolving each
`source` id against the sources the model was shown. Ids, checks, issues, citations, KPI
figures and versions are never the model's to write. Every field is required and no other is
allowed (OpenAI's strict mode); a `source` is a source id (D…, B…, K…) or null for an
assumption.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

SOURCE = "id of the source it comes from (D…, B… or K…), or null if it is your assumption"


class _Written(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Line(_Written):
    text: str
    source: str | None = Field(description=SOURCE)


# -- positioning ---------------------------------------------------------------------------------
class WrittenAlternative(_Written):
    name: str
    kind: Literal["status_quo", "competitor", "other"]
    primary: bool = Field(description="true for the one alternative deals are lost to most")
    source: str | None = Field(description=SOURCE)


class WrittenAttribute(_Written):
    id: str = Field(description="A1, A2, … in order")
    name: str
    source: str | None = Field(description=SOURCE)


class WrittenProof(_Written):
    text: str
    kind: Literal["testimonial", "result", "other"]
    customer: str | None
    source: str | None = Field(description=SOURCE)


class WrittenValue(_Written):
    text: str = Field(description="what the attribute(s) enable for customers")
    attribute_ids: list[str] = Field(description="ids of the unique attributes behind it")
    proof: list[WrittenProof]
    source: str | None = Field(description=SOURCE)


class WrittenCategory(_Written):
    name: str
    approach: Literal["head-to-head", "big fish, small pond", "new category"]
    source: str | None = Field(description=SOURCE)


class PositioningWritten(_Written):
    """A positioning (April Dunford's components) in the model's words, each part sourced."""

    competitive_alternatives: list[WrittenAlternative]
    unique_attributes: list[WrittenAttribute]
    values: list[WrittenValue]
    best_fit_customers: list[Line] = Field(description="characteristics of the best-fit customers")
    market_category: WrittenCategory
    trends: list[Line]
    statement: str = Field(description="the positioning statement, one or two sentences")
    value_proposition: str = Field(description="the value proposition, one sentence")


# -- ICP -----------------------------------------------------------------------------------------
class WrittenFirmographic(_Written):
    dimension: Literal["industry", "size", "geography", "tech", "structure", "volume", "budget"]
    value: str
    source: str | None = Field(description=SOURCE)


class WrittenPersona(_Written):
    role: str
    committee_role: Literal["champion", "economic buyer", "user", "evaluator", "other"]
    jobs_to_be_done: list[Line]
    concerns: list[Line]
    source: str | None = Field(description=SOURCE)


class WrittenObjection(_Written):
    objection: str
    source: str | None = Field(description=SOURCE)
    answer: Line = Field(description="the documented answer; source null if none is documented")


class WrittenChannel(_Written):
    channel: str
    evidence: str = Field(description="what says the buyers gather there")
    source: str | None = Field(description=SOURCE)


class WrittenCriterion(_Written):
    text: str
    points: int = Field(description="lead-scoring points: positive to qualify, negative not")
    source: str | None = Field(description=SOURCE)


class IcpWritten(_Written):
    """An ideal customer profile in the model's words, each item sourced."""

    firmographics: list[WrittenFirmographic]
    buying_committee: list[WrittenPersona]
    pains: list[Line]
    gains: list[Line]
    triggers: list[Line]
    objections: list[WrittenObjection]
    channels: list[WrittenChannel]
    qualification: list[WrittenCriterion]
    disqualification: list[WrittenCriterion]


# -- messaging -----------------------------------------------------------------------------------
class WrittenPillar(_Written):
    headline: str
    benefit: str
    value_ids: list[str] = Field(description="ids of the positioning values it stands on (V…)")
    proof: list[Line]
    source: str | None = Field(description=SOURCE)


class WrittenPersonaMessage(_Written):
    persona: str = Field(description="a role from the ICP's buying committee")
    lead_pillar: int = Field(description="number of the pillar it leads with, 1 for the first")
    message: str
    proof: Line | None
    source: str | None = Field(description=SOURCE)


class MessagingWritten(_Written):
    """A messaging house in the model's words, each part sourced."""

    umbrella: str = Field(description="the umbrella message, one sentence")
    pillars: list[WrittenPillar] = Field(description="three or four pillars")
    personas: list[WrittenPersonaMessage]
    tone_rules: list[Line]
