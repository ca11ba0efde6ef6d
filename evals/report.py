"""Scorecard files (Markdown and JSON), thresholds, and case-by-case comparison."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import yaml

from evals.metrics import Check

THRESHOLDS_FILE = Path(__file__).resolve().parent / "thresholds.yaml"


def load_thresholds(path: Path = THRESHOLDS_FILE) -> dict[str, dict[str, float]]:
    return dict(yaml.safe_load(path.read_text(encoding="utf-8")) or {})


def threshold_failures(card: dict[str, Any], thresholds: dict[str, dict[str, float]]) -> list[str]:
    """Metrics below their minimum or above their maximum; absent metrics are not failures."""
    failures = []
    for metric, bounds in thresholds.items():
        value = card.get(metric)
        if value is None:
            continue
        if "min" in bounds and value < bounds["min"]:
            failures.append(f"{metric} = {value} < {bounds['min']}")
        if "max" in bounds and value > bounds["max"]:
            failures.append(f"{metric} = {value} > {bounds['max']}")
    return failures


def build_report(
    model: str, split: str, card: dict[str, Any], checks: list[Check], retrieval: dict[str, Any]
) -> dict[str, Any]:
    return {
        "model": model,
        "split": split,
        "scorecard": card,
        "retrieval": retrieval,
        "failures": [c.__dict__ for c in checks if not c.passed],
        "cases": sorted(
            {f"{c.case_id}|{c.metric}|{'pass' if c.passed else 'fail'}" for c in checks}
        ),
    }


def write_report(report: dict[str, Any], out_dir: Path, name: str) -> tuple[Path, Path]:
    out_dir.mkdir(parents=True, exist_ok=True)
    json_path = out_dir / f"{name}.json"
    md_path = out_dir / f"{name}.md"
    json_path.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    md_path.write_text(to_markdown(report), encoding="utf-8")
    return json_path, md_path


def to_markdown(report: dict[str, Any]) -> str:
    lines = [
        f"# Eval scorecard — model `{report['model']}`, split `{report['split']}`",
        "",
        "| metric | value |",
        "|---|---|",
    ]
    lines += [f"| {k} | {v} |" for k, v in report["scorecard"].items()]
    retrieval = report.get("retrieval") or {}
    if retrieval.get("questions"):
        lines += [
            "",
            f"Retrieval over {retrieval['questions']} labelled questions:",
            "",
            "| mode | recall@5 | MRR |",
            "|---|---|---|",
        ]
        lines += [
            f"| {m} | {retrieval[m]['recall_at_k']} | {retrieval[m]['mrr']} |"
            for m in ("dense", "keyword", "hybrid")
        ]
    rubrics = report.get("rubrics")
    if rubrics:
        lines += [
            "",
            f"## Model-graded rubrics (judge `{rubrics['judge']}`; opinions, not checks)",
            "",
            f"Graded {rubrics['graded']} answers ({rubrics['unparsed']} replies unparsed).",
            "",
            "| criterion | mean (1–5) |",
            "|---|---|",
        ]
        lines += [f"| {c} | {v} |" for c, v in rubrics["mean"].items()]
    if report["failures"]:
        lines += ["", "## Failed checks", ""]
        lines += [
            f"- `{f['case_id']}` turn {f['turn']} — {f['metric']}: {f['detail']}"
            for f in report["failures"]
        ]
    return "\n".join(lines) + "\n"


def compare(old: dict[str, Any], new: dict[str, Any]) -> list[str]:
    """What improved and what regressed, metric by metric and case by case."""
    lines = []
    for metric, value in new["scorecard"].items():
        before = old["scorecard"].get(metric)
        if before != value:
            lines.append(f"{metric}: {before} → {value}")
    old_cases, new_cases = set(old.get("cases", [])), set(new.get("cases", []))
    for entry in sorted(new_cases - old_cases):
        case_id, metric, outcome = entry.split("|")
        flipped = f"{case_id}|{metric}|{'pass' if outcome == 'fail' else 'fail'}" in old_cases
        if flipped:
            lines.append(
                f"{'regressed' if outcome == 'fail' else 'improved'}: {case_id} ({metric})"
            )
    return lines
