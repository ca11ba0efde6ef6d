"""The brief's document-sourced fields read by a real model (structured output), with citations.

The model is shown every passage (ids `D1`…, clipped to a budget) and the brief's fields, and
returns `BriefWritten`: for each field the values the documents state, each with the id of
its passage. A value whose passage id was not shown, or that has none, is dropped (a document
value always cites its passage). When the reply does not validate twice or the provider fails
(`tools.strategy.writing`), the rules (`extract.extract_brief`) read the documents instead;
`read_brief_with_model` returns None then, and the caller says so in the log.
"""

from __future__ import annotations

import logging
import re

from pydantic import BaseModel, ConfigDict, Field

from core.prompts import clip, render
from core.scope import DraftModel
from tools.strategy.brief.model import BriefValue, field_specs
from tools.strategy.evidence import Evidence, lines
from tools.strategy.writing import WritingFailed, write

log = logging.getLogger(__name__)
MAX_ITEMS = 10
PASSAGE_CHARS = 900
BUDGET_CHARS = 48_000
_ID = re.compile(r"\bD\d{1,4}\b")
_SOURCE = "id of the passage that states it (D…)"


class Stated(BaseModel):
    """One value and the passage it comes from."""

    model_config = ConfigDict(extra="forbid")
    value: str
    source: str = Field(description=_SOURCE)


class BriefWritten(BaseModel):
    """What the documents state about the client, field by field (empty or null if nothing)."""

    model_config = ConfigDict(extra="forbid")
    company: Stated | None
    offering: Stated | None
    category: Stated | None
    business_model: Stated | None
    price_points: list[Stated]
    target_markets: list[Stated]
    segments: list[Stated]
    competitors: list[Stated]
    alternatives: list[Stated]
    differentiators: list[Stated]
    proof_points: list[Stated]
    goals: list[Stated]
    budget: Stated | None
    team: list[Stated]
    agencies: list[Stated]
    channels: list[Stated]
    tools: list[Stated]
    brand_voice: list[Stated]


def read_brief_with_model(
    passages: list[Evidence], draft_model: DraftModel
) -> dict[str, list[BriefValue]] | None:
    """Document-sourced values for the fields the documents state (see the module doc), or
    None when the model's reading could not be used."""
    shown = _shown(passages)
    prompt = render(
        "strategy/model/brief.md.j2",
        passages=[(pid, p.label, clip(p.text, PASSAGE_CHARS)) for pid, p in shown.items()],
        left_out=len(passages) - len(shown),
        fields=list(field_specs().values()),
    )
    try:
        written = write(draft_model, BriefWritten, render("strategy/model/system.md.j2"), prompt)
    except WritingFailed as failed:
        log.warning("the model's brief could not be used (%s); the rules read it", failed.reason)
        return None
    out: dict[str, list[BriefValue]] = {}
    for name in field_specs():
        raw = getattr(written, name)
        items = [raw] if isinstance(raw, Stated) else list(raw or [])
        values = [v for v in (_value(s, shown) for s in items) if v is not None]
        if values:
            out[name] = values[:MAX_ITEMS]
    return out


def _shown(passages: list[Evidence]) -> dict[str, Evidence]:
    shown: dict[str, Evidence] = {}
    used = 0
    for n, passage in enumerate(passages, start=1):
        used += min(len(passage.text), PASSAGE_CHARS)
        if used > BUDGET_CHARS:
            break
        shown[f"D{n}"] = passage
    return shown


def _value(stated: Stated, shown: dict[str, Evidence]) -> BriefValue | None:
    text = " ".join(stated.value.split())[:500]
    ids = [i for i in _ID.findall(stated.source.upper()) if i in shown]
    if not text or not ids:
        log.info("brief value %r dropped: no passage shown cites it (%r)", text, stated.source)
        return None
    passage = shown[ids[0]]
    words = set(text.lower().split())
    best = max(
        lines(passage.text), key=lambda line: len(words & set(line.lower().split())), default=None
    )
    return BriefValue(value=text, source="document", citation=passage.citation(best))
