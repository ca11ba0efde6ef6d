"""Messages dictated by voice, as speech recognition writes them: punctuation said aloud
("… every other week full stop no posting over christmas", "… last quarter question mark")
written as the mark, so the message splits into its sentences and no rule reads the words as
part of a request; metric acronyms as they are heard ("row as", "sequels", "em queue els")
written as the acronyms; spoken years ("twenty twenty five") as digits."""

from __future__ import annotations

import re

_SPOKEN = (
    (re.compile(r"(?<!\ba)(?<!\bthe)(?<!\bno)\s+full\s+stop\b\.?", re.I), ". "),
    (re.compile(r"\s*\bquestion\s+mark\b\.?", re.I), "? "),
    (re.compile(r"\s*\bexclamation\s+(?:mark|point)\b\.?", re.I), "! "),
    (re.compile(r"\s*\bnew\s+(?:line|paragraph)\b", re.I), "\n"),
    (re.compile(r"\s+\bcomma\b(?=\s)", re.I), ","),
)
_SAID = re.compile(r"full\s+stop|question\s+mark|exclamation|new\s+(?:line|paragraph)|comma", re.I)
_HEARD = (
    (re.compile(r"\brow\s?as\b", re.I), "ROAS"),
    (re.compile(r"\bsequels\b", re.I), "SQLs"),
    (re.compile(r"\bsequel\b", re.I), "SQL"),
    (re.compile(r"\b(?:em|m)\s+(?:queue|q)\s+(?:els|ls)\b", re.I), "MQLs"),
    (re.compile(r"\b(?:em|m)\s+(?:queue|q)\s+(?:el|l)\b", re.I), "MQL"),
    (re.compile(r"\bsee\s+pee\s+(?:el|l)\b", re.I), "CPL"),
    (re.compile(r"\bsee\s+tee\s+(?:are|ar|r)\b", re.I), "CTR"),
    (re.compile(r"\bsee\s+(?:ay|a)\s+see\b", re.I), "CAC"),
    (
        re.compile(r"\b(last|past|next|previous) to (days|weeks|months|quarters|years)\b", re.I),
        r"\1 two \2",
    ),
)
_UNITS = ("one", "two", "three", "four", "five", "six", "seven", "eight", "nine")
_YEAR = re.compile(
    r"\b(?:twenty\s+twenty|two\s+thousand\s+(?:and\s+)?twenty)(?:[\s-](?P<u>"
    + "|".join(_UNITS)
    + r"))?\b",
    re.I,
)


def _year(m: re.Match[str]) -> str:
    return str(2020 + (_UNITS.index(m["u"].lower()) + 1 if m["u"] else 0))


def written(text: str) -> str:
    """`text` as typed: spoken punctuation, heard acronyms and spoken years written out (see
    the module docstring); other text unchanged."""
    for pattern, word in _HEARD:
        text = pattern.sub(word, text)
    text = _YEAR.sub(_year, text)
    if not _SAID.search(text):
        return text
    for pattern, mark in _SPOKEN:
        text = pattern.sub(mark, text)
    return re.sub(r"[ \t]{2,}", " ", text).strip()
