"""Offline extraction of revision arguments from a message ('add a persona for the CFO' →
{'add_persona': 'CFO'}), with the patterns in prompts/strategy/revisions.yaml.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

import yaml

from agent.offline.routing import ArgExtractor, RoutingInput
from core.prompts import PROMPTS_DIR


@lru_cache(maxsize=1)
def _revision_rules() -> dict[str, list[dict[str, Any]]]:
    path = PROMPTS_DIR / "strategy" / "revisions.yaml"
    return yaml.safe_load(path.read_text(encoding="utf-8"))  # type: ignore[no-any-return]


def revision_args(tool: str, text: str) -> dict[str, Any]:
    """Revision arguments in a message, e.g. {'add_persona': 'CFO'} ({} for a fresh draft)."""
    args: dict[str, Any] = {}
    for rule in _revision_rules().get(tool, []):
        m = re.search(rule["pattern"], text, re.IGNORECASE)
        if not m:
            continue
        if rule.get("flag"):
            args[rule["arg"]] = True
        else:
            value = m.group("value").strip().rstrip(".!?").strip().strip("\"'“”")
            if value:
                args[rule["arg"]] = value
    return args


def extractor(tool: str) -> ArgExtractor:
    """The offline router's argument extractor for one drafting tool."""

    def extract(request: RoutingInput) -> dict[str, Any]:
        return revision_args(tool, request.text)

    return extract
