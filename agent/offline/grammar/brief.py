"""Offline argument extraction for the brief tools: the field and values of a stated fact
('our competitors are Xero and Sage'), and the fields a question is about. Patterns live in
prompts/strategy/brief_statements.yaml.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

import yaml

from core.prompts import PROMPTS_DIR

_SPLIT = re.compile(r"\s*,\s*(?:and\s+|or\s+)?|\s+and\s+|\s*&\s*|\s*;\s*", re.IGNORECASE)


@lru_cache(maxsize=1)
def _statements() -> dict[str, Any]:
    path = PROMPTS_DIR / "strategy" / "brief_statements.yaml"
    return yaml.safe_load(path.read_text(encoding="utf-8"))  # type: ignore[no-any-return]


def parse_statement(text: str) -> tuple[str, list[str]] | None:
    """(field, values) for a stated fact like 'our competitors are Xero and Sage'."""
    spec = _statements()
    body = text.strip()
    for prefix in spec["prefixes"]:
        body = re.sub(prefix, "", body, count=1, flags=re.IGNORECASE)
    for rule in spec["statements"]:
        for pattern in rule["patterns"]:
            m = re.search(pattern, body, re.IGNORECASE)
            if m:
                raw = m.group("value").strip().rstrip(".!").strip().strip("\"'“”")
                if not raw or raw.endswith("?"):
                    continue
                items = _SPLIT.split(raw) if rule.get("list") else [raw]
                return rule["field"], [i.strip() for i in items if i.strip()]
    return None


def fields_asked(text: str) -> list[str]:
    """The brief fields a question names ('what is our budget?' → ['budget'])."""
    if re.search(r"\b(brief|profile|everything|all you know)\b", text, re.IGNORECASE):
        return []
    words = _statements()["field_words"]
    return [f for f, pats in words.items() if any(re.search(p, text, re.IGNORECASE) for p in pats)]
