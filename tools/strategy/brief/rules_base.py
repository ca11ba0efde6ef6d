"""What every brief extraction rule shares: a cited document value, a passage's own heading,
the client's own passages (not notes about competitors), de-duplication and vocabulary lookups.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

from tools.strategy.brief.model import BriefValue
from tools.strategy.evidence import Evidence, is_competitor_document, sentences
from tools.strategy.vocabulary import labels_in, setting

DIGIT = re.compile(r"\d")
BULLET = re.compile(r"^\s*[-*]\s+")


def value(text: str, passage: Evidence, detail: str | None = None) -> BriefValue:
    """A document-sourced brief value citing the passage (narrowed to `detail`, the sentence)."""
    return BriefValue(value=text.strip(), source="document", citation=passage.citation(detail))


def section(passage: Evidence) -> str:
    """The passage's own heading (the last part of its heading path)."""
    return passage.heading.split(" › ")[-1]


def own_passages(passages: Iterable[Evidence]) -> list[Evidence]:
    """The client's own passages: notes about competitors left out."""
    return [p for p in passages if not is_competitor_document(p)]


def dedupe(
    values: Iterable[BriefValue], key: Callable[[str], str] | None = None
) -> list[BriefValue]:
    """The values without repeats, first kept; `key` says when two are the same (default:
    case, spacing and a final full stop ignored)."""
    seen: set[str] = set()
    out = []
    for item in values:
        k = (key or (lambda t: " ".join(t.lower().split()).rstrip(".")))(item.value)
        if k not in seen:
            seen.add(k)
            out.append(item)
    return out


def heading_matches(passage: Evidence, key: str) -> bool:
    """Whether the passage's own heading matches one of the vocabulary's `key` patterns."""
    return any(re.search(p, section(passage), re.IGNORECASE) for p in setting(key))


def sentence_with(passage: Evidence, key: str, label: str) -> str:
    """The passage's first sentence naming the vocabulary term `label` (else the passage)."""
    for s in sentences(passage.text):
        if label in labels_in(s, key):
            return s
    return passage.text
