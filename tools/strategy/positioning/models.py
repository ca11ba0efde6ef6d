"""Positioning (April Dunford's components) as typed, cited objects, and the revisions a user
can ask for. Every element cites its source or is marked an assumption (see `Sourced`).
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

from tools.citations import Citation
from tools.strategy.elements import CheckResult, Composed, Issue, Sourced

Approach = Literal["head-to-head", "big fish, small pond", "new category"]


class Alternative(Sourced):
    id: str
    name: str
    kind: Literal["status_quo", "competitor", "other"]
    primary: bool = False
    primary_evidence: Citation | None = None


class Attribute(Sourced):
    id: str
    name: str
    competitors_also_claim: list[Citation] = Field(default_factory=list)


class Proof(Sourced):
    text: str
    kind: Literal["testimonial", "result", "other"] = "other"
    customer: str | None = None


class Value(Sourced):
    id: str
    text: str
    attribute_ids: list[str]
    proof: list[Proof] = Field(default_factory=list)


class BestFit(Sourced):
    id: str
    characteristic: str


class Category(Sourced):
    name: str
    approach: Approach
    advice: Citation | None = None


class Trend(Sourced):
    id: str
    text: str


class Positioning(BaseModel):
    """A positioning draft. `issues`, `checks` and `citations` are filled by the review that
    runs after any drafter (tools.strategy.drafting.review), never by the drafter."""

    company: str
    competitive_alternatives: list[Alternative]
    unique_attributes: list[Attribute]
    values: list[Value]
    best_fit_customers: list[BestFit]
    market_category: Category
    trends: list[Trend]
    statement: Composed
    value_proposition: Composed
    issues: list[Issue] = Field(default_factory=list)
    checks: list[CheckResult] = Field(default_factory=list)
    citations: list[Citation] = Field(default_factory=list)


class PositioningRevision(BaseModel):
    """What to change on the latest version (all optional; none means a fresh draft)."""

    category: str | None = None
    more_specific_category: bool = False
    add_trend: str | None = None
    add_attribute: str | None = None
    statement: str | None = Field(default=None, description="the model's own statement wording")
    value_proposition: str | None = None

    def is_empty(self) -> bool:
        return self == PositioningRevision()

    def note(self) -> str:
        parts = []
        if self.category:
            parts.append(f"category changed to '{self.category}'")
        if self.more_specific_category:
            parts.append("category made more specific")
        if self.add_trend:
            parts.append(f"trend added: {self.add_trend}")
        if self.add_attribute:
            parts.append(f"attribute added: {self.add_attribute}")
        if self.statement:
            parts.append("statement reworded")
        if self.value_proposition:
            parts.append("value proposition reworded")
        return "; ".join(parts)
