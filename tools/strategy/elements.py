"""Building blocks shared by the strategy drafts (positioning, ICP, messaging).

Every element of a draft either cites where it came from (a document passage, a brief field
or a playbook) or is explicitly an assumption for the user to confirm — never a bare claim.
Also what the checks of every draft build on: `issue` and `check_result`, word overlap, and
citations for a claim (`support`) or from the playbooks.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Literal

from pydantic import BaseModel, Field, model_validator

from core.stores.hybrid_index import HybridIndex
from tools.citations import Citation
from tools.strategy.brief.model import ClientBrief
from tools.strategy.evidence import Evidence, lines, search_evidence
from tools.strategy.vocabulary import setting

ASSUMPTION = "assumption — please confirm"
SUPPORT_OVERLAP = 0.5  # share of a claim's content words a passage line must contain
ATTRIBUTE_MATCH = 0.5  # share of an attribute's words a line needs to be "about" it
_WORD = re.compile(r"[a-z0-9£%]+(?:'[a-z]+)?")


class Sourced(BaseModel):
    """A draft element with its source; anything without a source is an assumption."""

    source: Citation | None = None
    assumption: bool = False

    @model_validator(mode="after")
    def _unsourced_is_assumption(self) -> Sourced:
        if self.source is None:
            self.assumption = True
        return self

    @property
    def provenance(self) -> str:
        return ASSUMPTION if self.assumption else (self.source.label if self.source else "")


class Statement(Sourced):
    text: str


class Composed(BaseModel):
    """Text assembled from other elements (statement, value proposition); ids say which."""

    text: str
    built_from: list[str] = Field(default_factory=list)
    assumption: bool = False
    source: Citation | None = None


Severity = Literal["high", "medium", "low"]


class Issue(BaseModel):
    """An inconsistency a cross-check found, with the evidence behind it."""

    check: str
    severity: Severity
    message: str
    element_ids: list[str] = Field(default_factory=list)
    citations: list[Citation] = Field(default_factory=list)


class CheckResult(BaseModel):
    name: str
    status: Literal["passed", "failed", "not_run"]
    detail: str


def issue(
    check: str,
    severity: Severity,
    message: str,
    element_ids: Iterable[str] = (),
    citations: Iterable[Citation | None] = (),
) -> Issue:
    """An `Issue` naming the elements it is about; missing (None) citations are left out."""
    return Issue(
        check=check,
        severity=severity,
        message=message,
        element_ids=list(element_ids),
        citations=[c for c in citations if c is not None],
    )


def check_result(name: str, failed: bool, detail: str) -> CheckResult:
    """A check that ran: "failed" or "passed"; `detail` says what it checks."""
    return CheckResult(name=name, status="failed" if failed else "passed", detail=detail)


# -- words -------------------------------------------------------------------------------------
def content_words(text: str) -> set[str]:
    """Lower-case content words with a light plural stem ('approvals' ~ 'approval')."""
    stop = set(setting("stopwords"))
    words = set()
    for w in _WORD.findall(text.lower().replace("-", " ")):
        if w in stop or (len(w) < 2 and not w.isdigit()):
            continue
        words.add(w[:-1] if len(w) > 4 and w.endswith("s") and not w.endswith("ss") else w)
    return words


def overlap(claim: str, text: str) -> float:
    """Share of the claim's content words found in the text (0 when the claim has none)."""
    wanted = content_words(claim)
    return len(wanted & content_words(text)) / len(wanted) if wanted else 0.0


def company_name(brief: ClientBrief) -> str:
    """The client's name without its legal suffix ('Ledgerly Ltd' → 'Ledgerly')."""
    name = brief.text("company") or "the company"
    return re.sub(r"\s+(Ltd|Limited|plc|LLP|Inc)\.?$", "", name)


def lower_first(text: str, keep: tuple[str, ...] = ()) -> str:
    """Lower-case the first letter for use mid-sentence, unless it starts a name or acronym."""
    first = text.split(" ", 1)[0] if text else ""
    if not first or first in keep or not first[1:2].islower() or "-" in first[:3]:
        return text
    return text[0].lower() + text[1:]


# -- sources -------------------------------------------------------------------------------------
def supporting_line(documents: HybridIndex, claim: str, k: int = 4) -> tuple[Evidence, str] | None:
    """The document line that best supports a claim, if one shares enough of its words
    (`SUPPORT_OVERLAP`); `documents` is the workspace's document index."""
    best: tuple[float, Evidence, str] | None = None
    for passage in search_evidence(documents, claim, k=k):
        for line in lines(passage.text):
            score = overlap(claim, line)
            if score >= SUPPORT_OVERLAP and (best is None or score > best[0]):
                best = (score, passage, line)
    return (best[1], best[2]) if best else None


def support(documents: HybridIndex, claim: str) -> Citation | None:
    """A citation for a claim (e.g. the model's wording, a trend the user asked for) or None."""
    found = supporting_line(documents, claim)
    return found[0].citation(found[1]) if found else None


def playbook_source(playbooks: HybridIndex, query: str) -> Citation | None:
    """The playbook passage best matching the query, as a citation (None if there is none)."""
    hits = search_evidence(playbooks, query, k=1, kind="playbook")
    return hits[0].citation() if hits else None


def unique_citations(groups: Iterable[Iterable[Citation | None]]) -> list[Citation]:
    """The citations of all groups in order, without Nones and repeats (same kind, ref and
    start of the quoted detail)."""
    seen: dict[tuple[str, str, str], Citation] = {}
    for group in groups:
        for c in group:
            if c is not None:
                seen.setdefault((c.kind, c.ref, c.detail[:80]), c)
    return list(seen.values())
