"""Understanding cases: everyday requests written without looking at the code or the routing
examples, each with the reading a competent analyst would act on.

Eight files, written by authors who saw neither the code nor each other's file (see
`evals/datasets/understanding/SPEC.md`, the brief they wrote from). The dev split, which
routing and grammar may be tuned on: `dev.jsonl` (set A), `dev_c.jsonl` (set C: more
follow-ups, look-alike document/playbook questions, workspace-specific data), `dev_d.jsonl`
(set D: five personas, the SPEC's mix), `dev_e.jsonl` (set E: reordered questions,
negations, corrections, pasted context), `dev_f.jsonl` (set F: agency account managers,
CFOs, sales leaders, junior marketers, voice dictation, an e-commerce owner) and `dev_g.jsonl`
(set G: a formal COO, a Gen-Z social manager, board questions, a consultant with other clients,
numbered multi-part asks, self-corrections) and `dev_h.jsonl` (set H: a non-native English
speaker, a data analyst, a hesitant intern, a sales director, a founder on a phone, asks pasted
from Slack or email); each later set
was run once before any tuning on it, and that first run is its generalisation figure.
`heldout.jsonl` (set B) is never opened by tuning and its report gives totals only.
Expectation shapes are described in the SPEC; `score.py` grades them.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, Field

DATASETS = Path(__file__).resolve().parent.parent / "datasets" / "understanding"
Split = Literal["dev", "heldout"]
#: The clock every case was written against (SPEC: "today is Monday 23 November 2026").
TODAY = "2026-11-23"
FILES: dict[str, tuple[str, ...]] = {
    "dev": ("dev", "dev_c", "dev_d", "dev_e", "dev_f", "dev_g", "dev_h"),
    "heldout": ("heldout",),
}


class UnderstandingTurn(BaseModel):
    user: str
    expect: dict[str, Any]


class UnderstandingCase(BaseModel):
    id: str
    workspace: str = "demo"
    ambiguous: bool = False
    tags: list[str] = Field(default_factory=list)
    turns: list[UnderstandingTurn]
    split: Split = "dev"


def load_understanding(split: Split | None = None) -> list[UnderstandingCase]:
    """The cases of one split (or both), in file order."""
    cases: list[UnderstandingCase] = []
    splits: tuple[Split, ...] = ("dev", "heldout") if split is None else (split,)
    for name in splits:
        for path in [DATASETS / f"{f}.jsonl" for f in FILES[name]]:
            cases += _load(path, name)
    return cases


def _load(path: Path, split: Split) -> list[UnderstandingCase]:
    cases: list[UnderstandingCase] = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            data = json.loads(line)
            cases.append(UnderstandingCase.model_validate({**data, "split": split}))
        except ValueError as exc:
            raise ValueError(f"{path.name}:{number}: {exc}") from exc
    return cases
