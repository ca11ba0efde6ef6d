"""Eval cases as data: one JSON object per line in `evals/datasets/*.jsonl`."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, Field

DATASETS_DIR = Path(__file__).resolve().parent / "datasets"
Split = Literal["dev", "heldout"]


class ChunkRef(BaseModel):
    """A passage that answers a question: its file and (part of) its heading."""

    source: str
    heading: str = ""

    def matches(self, source: str, heading: str) -> bool:
        return source == self.source and self.heading.lower() in heading.lower()


class Figure(BaseModel):
    """A number the answer must contain, computed independently of the agent."""

    metric: str
    filters: dict[str, list[str]] = {}
    start: str
    end: str
    group: dict[str, str] = {}  # e.g. {"campaign": "..."} when the figure is one row of many


class Expect(BaseModel):
    tool: str | None = Field(default=None, description="expected tool; 'none' means no tool")
    args: dict[str, Any] = {}
    forbidden_tools: list[str] = []
    answer_contains: list[str] = []
    answer_excludes: list[str] = []
    cite_contains: list[str] = []
    relevant: list[ChunkRef] = []
    figures: list[Figure] = []
    calendar_valid: bool = False
    draft_elements: list[str] = []


class EvalTurn(BaseModel):
    user: str
    expect: Expect = Expect()


class Case(BaseModel):
    id: str
    category: Literal["routing", "retrieval", "numbers", "citations", "structure", "safety"]
    split: Split = "dev"
    workspace: str = "demo"
    turns: list[EvalTurn]


def load_cases(paths: list[Path] | None = None, split: Split | None = None) -> list[Case]:
    files = paths or sorted(DATASETS_DIR.glob("*.jsonl"))
    cases: list[Case] = []
    for path in files:
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if not line.strip() or line.lstrip().startswith("//"):
                continue
            try:
                case = Case.model_validate(json.loads(line))
            except ValueError as exc:
                raise ValueError(f"{path.name}:{number}: {exc}") from exc
            if split is None or case.split == split:
                cases.append(case)
    ids = [c.id for c in cases]
    duplicates = {i for i in ids if ids.count(i) > 1}
    if duplicates:
        raise ValueError(f"duplicate case ids: {sorted(duplicates)}")
    return cases
