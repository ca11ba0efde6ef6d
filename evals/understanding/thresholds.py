"""The understanding suite's bounds per split (in evals/thresholds.yaml, `understanding:`)."""

from __future__ import annotations

from typing import Any

from evals.report import load_thresholds


def load_understanding_thresholds(split: str) -> dict[str, dict[str, float]]:
    """Bounds for one split's scorecard (absent: none)."""
    section: dict[str, Any] = load_thresholds().get("understanding", {}) or {}
    return dict(section.get(split, {}) or {})
