"""Offline extraction of revision arguments from a message ('add a persona for the CFO' →
{'add_persona': 'CFO'}, 'lead with multi-entity approvals, not OCR' → {'lead_with':
'multi-entity approvals'}), with the patterns in prompts/strategy/revisions.yaml. A rule's
value is its first matching group (`value`, `value2`…), cleaned of filler words (`list: true`
splits it on commas into a list); `templates` may word one group's value ('too salesy' →
'less salesy')."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

import yaml

from agent.offline.grammar.brief_values import clean_value
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
            continue
        group, raw = next((g, v) for g, v in m.groupdict().items() if v is not None)
        if rule.get("list"):  # "100-500 staff, multi-entity; on Xero or NetSuite"
            items = [clean_value(i, keep_when=True) for i in re.split(r"\s*[,;]\s*", raw)]
            if [i for i in items if i]:
                args.setdefault(rule["arg"], [i for i in items if i])
            continue
        value = clean_value(raw, keep_when=True)
        if value and rule["arg"] not in args:
            args[rule["arg"]] = rule.get("templates", {}).get(group, "{}").format(value)
    return args


def extractor(tool: str) -> ArgExtractor:
    """The offline router's argument extractor for one drafting tool."""

    def extract(request: RoutingInput) -> dict[str, Any]:
        return revision_args(tool, request.text)

    return extract
