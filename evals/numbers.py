"""Numbers in text, for the faithfulness check: every number in an answer must come from a tool
result or the user's own words."""

from __future__ import annotations

import re
from collections.abc import Iterable

# 1,234.56 | 12.5 | 45 | -3.2 ; not citation markers like [1] (handled by the caller)
_NUMBER = re.compile(r"(?<![\w.])[-+]?\d{1,3}(?:,\d{3})+(?:\.\d+)?|(?<![\w.])[-+]?\d+(?:\.\d+)?")
_MARKER = re.compile(r"\[\d+\]")
_DATE = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")


def numbers_in(text: str) -> set[float]:
    text = _MARKER.sub(" ", text)
    found: set[float] = set()
    for date in _DATE.findall(text):  # dates count as their parts
        found.update(float(part) for part in date.split("-"))
    for raw in _NUMBER.findall(_DATE.sub(" ", text)):
        try:
            found.add(abs(float(raw.replace(",", ""))))
        except ValueError:
            continue
    return found


def unsupported_numbers(answer: str, sources: Iterable[str]) -> list[float]:
    """Numbers in the answer that appear in no source (allowing rounding to 2 dp)."""
    allowed: set[float] = set()
    for source in sources:
        for value in numbers_in(source):
            allowed.update(
                {value, round(value, 2), round(value, 1), round(value), round(value * 100, 2)}
            )
    missing = []
    for value in sorted(numbers_in(answer)):
        if value in allowed or value <= 10 and float(value).is_integer():
            continue  # small integers are list counters, "top 3", weekdays...
        missing.append(value)
    return missing
