"""The sources a model may cite, by short id, and what its citations resolve to.

A model-written draft or brief names its source for each element by id: `D1`, `D2`… for the
workspace's document passages, `B1`… for the client brief's values, `K1`… for playbook
passages. `SourceTable` lists them for the prompt (clipped to a budget) and turns an id back
into a `Citation`; an id that is not in the table is reported as unknown, never trusted.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from core.prompts import clip
from tools.citations import Citation
from tools.strategy.brief.model import ClientBrief, brief_citation, field_specs
from tools.strategy.elements import overlap
from tools.strategy.evidence import Evidence, lines

PASSAGE_CHARS = 900  # each passage shown to the model at most
BUDGET_CHARS = 48_000  # all passages shown to the model at most (about 12k tokens)
_ID = re.compile(r"\b([DBK]\d{1,4})\b")


@dataclass
class Source:
    """One citable source: its id, what a person reads, its text, and how to cite it."""

    id: str
    label: str
    text: str
    passage: Evidence | None = None
    citation: Citation | None = None

    def cite(self, claim: str) -> Citation:
        """The citation, narrowed to the passage line that best matches the claim."""
        if self.passage is None:
            assert self.citation is not None
            return self.citation
        scored = [(overlap(claim, line), line) for line in lines(self.passage.text)]
        best = max(scored, default=(0.0, ""), key=lambda s: s[0])
        return self.passage.citation(best[1] if best[0] > 0 else None)


@dataclass
class SourceTable:
    """The sources shown to the model, by id (see the module doc)."""

    sources: dict[str, Source] = field(default_factory=dict)
    left_out: int = 0  # passages beyond the budget, not shown

    @classmethod
    def of(
        cls,
        passages: Sequence[Evidence],
        brief: ClientBrief | None = None,
        playbooks: Iterable[Evidence] = (),
        budget: int = BUDGET_CHARS,
    ) -> SourceTable:
        table = cls()
        used = 0
        for n, passage in enumerate(passages, start=1):
            text = clip(passage.text, PASSAGE_CHARS)
            if used + len(text) > budget:
                table.left_out = len(passages) - n + 1
                break
            used += len(text)
            table._add(Source(f"D{n}", passage.label, text, passage=passage))
        for n, (name, value) in enumerate(_brief_values(brief), start=1):
            label = f"Client brief › {field_specs()[name].label}"
            table._add(Source(f"B{n}", label, value, citation=_brief_cite(brief, name, value)))
        for n, passage in enumerate(playbooks, start=1):
            text = clip(passage.text, PASSAGE_CHARS)
            table._add(Source(f"K{n}", passage.label, text, passage=passage))
        return table

    def _add(self, source: Source) -> None:
        self.sources[source.id] = source

    def listing(self, prefix: str) -> list[Source]:
        """The sources whose ids start with `prefix` ("D", "B" or "K"), in order."""
        return [s for s in self.sources.values() if s.id.startswith(prefix)]

    def resolve(self, ref: str | None, claim: str) -> tuple[Citation | None, str | None]:
        """(citation, None) for a known id; (None, None) for no source (an assumption);
        (None, ref) when the model named a source that is not in the table."""
        if ref is None or not ref.strip() or ref.strip().lower() in {"null", "none", "assumption"}:
            return None, None
        ids = _ID.findall(ref.upper())
        for found in ids:
            if found in self.sources:
                return self.sources[found].cite(claim), None
        return None, ref.strip()


def _brief_values(brief: ClientBrief | None) -> list[tuple[str, str]]:
    if brief is None:
        return []
    return [(name, value) for name in field_specs() for value in brief.texts(name)]


def _brief_cite(brief: ClientBrief | None, name: str, value: str) -> Citation:
    assert brief is not None
    item = next(v for v in brief.values(name) if v.value == value)
    return brief_citation(name, item)
