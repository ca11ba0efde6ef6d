"""The asking sentences of a long figure question, and what they say over their context.

"We're finally agreeing an MQL definition, and the argument is how many of our MQLs become
SQLs. What was the MQL-to-SQL rate for each channel last quarter?": the first sentence is
context, and its "MQLs" and "SQLs" are not metrics asked for. A sentence asks when it is a
question or a request ("can you…", "I need…", "show…"); the others are context. Each part of
the reading (metrics, period and comparison, filters, breakdown and ranking) comes from the
asking sentences when they say it, else from the whole message.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from agent.offline.grammar.kpi_reading import KpiReading

_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Za-z])|\n+")
_ASKS = re.compile(
    r"\?\s*$|^\s*(?:(?:and|so|ok|thanks)[,.]?\s+)?(?:to start with,?\s+)?(?:can|could|would|"
    r"will|please|pls|show|give|pull|get|tell|list|rank|compare|break|what|which|how|who|"
    r"where|when|i need|i'd like|i would like|i want|we need)\b|\b(?:can|could|would) (?:you|i)"
    r"\b|\b(?:i|we) need\b|\bi'd like\b",
    re.IGNORECASE,
)
# "… this year? just the blog": a short restriction of the question asked, part of it
_NARROWS = re.compile(r"^\s*(?:just|only|but only)\b(?:\W+\w+){0,5}\W*$", re.I)
# "sales swear google leads are better, want to check": what someone says, not the question
REPORTED = re.compile(  # "sales swear google leads are better", "my team says none"
    r"^(?!\s*(?:what|how|which|who|why|where|when|show|tell|give|pull|can|could|do|does|did|is|"
    r"are)\b)\s*(?:\w+\s+){0,3}(?:says?|said|swears?|swore|thinks?|reckons?|claims?|insists?|"
    r"believes?|feels?|is convinced|keeps saying)\b[^?]*$",
    re.I,
)
_DEFAULT = ["spend", "leads", "cpl"]
# each part of the reading, and the argument keys that make it
_PARTS = (("metrics",), ("period", "compare"), ("filters",), ("dimensions", "order", "top_n"))


def asking_part(text: str, terse_question: Callable[[str], bool]) -> str | None:
    """The asking sentences of a message that also holds context; None when every sentence
    asks, or none does (then the whole message is read). `terse_question`: whether a
    sentence without a question's words is itself a figure question ("MQL to SQL rate by
    channel. is webinars really better?")."""
    sentences = [s.strip() for s in _SENTENCE.split(text) if s.strip()]
    if len(sentences) < 2:
        return None
    asking = [
        s
        for s in sentences
        if _ASKS.search(s) or _NARROWS.match(s) or (not REPORTED.match(s) and terse_question(s))
    ]
    if not asking or len(asking) == len(sentences):
        return None
    return " ".join(asking)


def prefer_asked(whole: KpiReading, asked: KpiReading) -> KpiReading:
    """`whole` with each part the asking sentences say replaced by theirs."""
    names_metric = asked.unavailable or asked.args.get("metrics") not in (None, _DEFAULT)
    if not names_metric and not any(k in asked.args for k in ("period", "filters", "dimensions")):
        return whole  # the asking sentences name nothing of a figure question
    args: dict[str, Any] = dict(whole.args)
    for keys in _PARTS:
        said = {k: asked.args[k] for k in keys if k in asked.args}
        if keys == ("metrics",) and said.get("metrics") == _DEFAULT:
            continue
        if said:
            for k in keys:
                args.pop(k, None)
            args.update(said)
    unavailable = asked.unavailable if asked.unavailable or "metrics" in asked.args else []
    whole.args, whole.unavailable = args, unavailable or whole.unavailable
    whole.ambiguous = asked.ambiguous
    return whole


# "… in september — sorry, october", "google brand, scratch that, I meant the competitor
# campaign", "by month — actually by week", "Oops, I meant conversions, not clicks"
_CORRECTION = re.compile(
    r"[,.;:!?—–-]\s*(?:sorry|scratch that|no wait|wait no|oops|correction|my bad|i mean|"
    r"i meant|actually|make that)\b[\s,.;:!—–-]*(?:(?:i|we) meant\s+|make (?:that|it)\s+)?",
    re.IGNORECASE,
)


def corrected_part(text: str) -> tuple[str, str | None]:
    """(what was said before the last correction, what the correction says), or (text, None)
    when no correction follows something to correct. A correction word counts only after a
    mark ("…, actually by week"), never inside a sentence ("what did it actually make")."""
    found = list(_CORRECTION.finditer(text))
    if not found or found[-1].start() < 3 or not text[found[-1].end() :].strip():
        return text, None
    last = found[-1]
    return text[: last.start()].strip(" ,;—–-"), text[last.end() :].strip()
