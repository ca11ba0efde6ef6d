"""The offline strategy vocabulary (prompts/strategy/vocabulary.yaml), compiled once.

Keys hold either a list of regexes (cues) or a mapping label → regexes (terms to recognise).
"""

from __future__ import annotations

import re
from functools import cache, lru_cache
from typing import Any

import yaml

from core.prompts import PROMPTS_DIR

VOCABULARY_FILE = PROMPTS_DIR / "strategy" / "vocabulary.yaml"


@lru_cache(maxsize=1)
def vocabulary() -> dict[str, Any]:
    return yaml.safe_load(VOCABULARY_FILE.read_text(encoding="utf-8"))  # type: ignore[no-any-return]


@cache
def cues(key: str) -> tuple[re.Pattern[str], ...]:
    """A list-of-regexes entry, compiled case-insensitively."""
    return tuple(re.compile(p, re.IGNORECASE) for p in vocabulary()[key])


@cache
def terms(key: str) -> dict[str, tuple[re.Pattern[str], ...]]:
    """A label → regexes entry, compiled case-insensitively, in file order."""
    return {
        label: tuple(re.compile(p, re.IGNORECASE) for p in pats)
        for label, pats in vocabulary()[key].items()
    }


def has_cue(text: str, key: str) -> bool:
    return any(p.search(text) for p in cues(key))


def labels_in(text: str, key: str) -> list[str]:
    """Labels of `key` whose patterns occur in the text, in vocabulary order."""
    return [label for label, pats in terms(key).items() if any(p.search(text) for p in pats)]


def setting(key: str) -> Any:
    return vocabulary()[key]
