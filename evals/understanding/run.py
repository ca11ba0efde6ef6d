"""`cmo eval --suite understanding`: everyday requests through the real graph, graded by code.

The run uses the fixed clock the cases were written against, the demo workspace and the eval
fixtures (a CRM-only client, a real Meta export, an empty client). The dev report lists every
failed turn; the held-out report gives totals only, so nobody tunes on its cases.
"""

from __future__ import annotations

import json
import tempfile
from collections import Counter
from dataclasses import asdict
from datetime import date
from pathlib import Path
from typing import Any

from agent.bootstrap import prepare_data
from core.embeddings import Embedder
from core.services import build_services
from core.settings import Settings
from evals.cases import Case, EvalTurn
from evals.runner import Progress, TurnRecord, run_cases
from evals.understanding.cases import TODAY, Split, UnderstandingCase, load_understanding
from evals.understanding.score import Env, TurnScore, score_turn

REPORTS_DIR = Path(__file__).resolve().parent.parent / "reports"


def run_understanding(
    model: str = "offline",
    split: Split | None = "dev",
    out_dir: Path = REPORTS_DIR,
    embedder: Embedder | None = None,
    progress: Progress | None = None,
) -> dict[str, Any]:
    """Run one split (or both), grade every turn, write the report; returns the report."""
    cases = load_understanding(split)
    with tempfile.TemporaryDirectory(prefix="cmo-understanding-") as tmp:
        settings = Settings(data_dir=Path(tmp), model=model, today=date.fromisoformat(TODAY))
        services = build_services(settings, embedder)
        prepare_data(services)
        runnable = [_as_case(c) for c in cases]
        records = run_cases(services, runnable, model, progress)
        env = Env(bounds=_bounds(services, {c.workspace for c in cases}))
    scores = _score_all(cases, records, env)
    report = build_report(model, split or "all", scores)
    name = f"understanding-{model.replace(':', '_').replace('/', '_')}-{split or 'all'}"
    write_report(report, out_dir, name)
    return report


def _as_case(case: UnderstandingCase) -> Case:
    turns = [EvalTurn(user=t.user) for t in case.turns]
    return Case(id=case.id, category="routing", workspace=case.workspace, turns=turns)


def _bounds(services: Any, workspaces: set[str]) -> dict[str, tuple[date, date]]:
    found = {}
    for workspace in sorted(workspaces):
        store = services.scope(workspace).campaigns
        bounds = store.date_bounds() if store.exists else None
        if bounds is not None:
            found[workspace] = bounds
    return found


def _score_all(
    cases: list[UnderstandingCase], records: list[TurnRecord], env: Env
) -> list[TurnScore]:
    by_key = {(r.case_id, r.turn): r for r in records}
    return [
        score_turn(case, number, by_key[(case.id, number)], env)
        for case in cases
        for number in range(len(case.turns))
    ]


def scorecard(scores: list[TurnScore]) -> dict[str, Any]:
    """The suite's figures: shares of turns (rounded to 3 places) and the count that must be 0."""
    clear = [s for s in scores if s.clear]
    limits = [s.limits for s in scores if s.limits is not None]
    refused = [s.refused for s in scores if s.refused is not None]
    return {
        "turns": len(scores),
        "understood": _share([s.understood for s in scores]),
        "answered_other_question": sum(s.answered_other for s in scores),
        "asked": _share([s.asked for s in scores]),
        "asked_when_clear": _share([s.asked for s in clear]),
        "honest_limits": _share(limits),
        "refused": _share(refused),
    }


def _share(values: list[bool]) -> float | None:
    return round(sum(values) / len(values), 3) if values else None


def build_report(model: str, split: str, scores: list[TurnScore]) -> dict[str, Any]:
    """The held-out split reports totals only; dev adds per-kind figures and every failure."""
    report: dict[str, Any] = {"model": model, "split": split, "scorecard": scorecard(scores)}
    if split == "heldout":
        return report
    kinds = Counter(s.kind for s in scores)
    report["by_kind"] = {
        kind: _share([s.understood for s in scores if s.kind == kind]) for kind in sorted(kinds)
    }
    report["failures"] = [
        asdict(s) for s in scores if not s.understood or s.answered_other or (s.asked and s.clear)
    ]
    return report


def write_report(report: dict[str, Any], out_dir: Path, name: str) -> tuple[Path, Path]:
    out_dir.mkdir(parents=True, exist_ok=True)
    json_path, md_path = out_dir / f"{name}.json", out_dir / f"{name}.md"
    json_path.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    lines = [
        f"# Understanding — model `{report['model']}`, split `{report['split']}`",
        "",
        "| metric | value |",
        "|---|---|",
        *[f"| {k} | {v} |" for k, v in report["scorecard"].items()],
    ]
    if "by_kind" in report:
        lines += ["", "| expected | understood |", "|---|---|"]
        lines += [f"| {k} | {v} |" for k, v in report["by_kind"].items()]
        lines += ["", "## Turns not understood, answered otherwise, or asked when clear", ""]
        lines += [
            f"- `{f['case_id']}` turn {f['turn']} ({f['kind']}) “{f['user']}” → {f['got']}"
            f" — {f['detail'] or 'asked'}"
            for f in report["failures"]
        ]
    md_path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return json_path, md_path
