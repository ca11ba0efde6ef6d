"""Which diagnosis areas a message names, through each area's title and aliases (the
governed list in tools/strategy/thresholds.yaml)."""

from __future__ import annotations

import re

from tools.strategy.diagnosis.checks_base import load_thresholds


def focus_in_text(text: str) -> list[str]:
    """Area ids a message names ("is measurement a problem?" → ["measurement"])."""
    lowered = f" {text.lower()} "
    found = []
    for area in load_thresholds().areas:
        terms = [area.title.lower(), area.id.replace("_", " "), *area.aliases]
        if any(re.search(rf"(?<![\w-]){re.escape(t.lower())}(?![\w-])", lowered) for t in terms):
            found.append(area.id)
    return found
