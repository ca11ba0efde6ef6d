"""Self-corrections mid-message, applied where they belong: "linkedin 3x a week — sorry, 2x"
is "linkedin 2x a week"; "newsletter fortnightly. scratch that, newsletter monthly" is
"newsletter monthly"; "we have 5 AEs — sorry, 6" is "we have 6 AEs"; "the 2nd tuesday — sorry,
2nd wednesday, tuesdays are board days" is "the 2nd wednesday, tuesdays are board days".

A correction counts only after a mark (",", "—", ".") and says a short replacement. It
replaces the last stretch of what came before that starts with the same word or a word of
the same kind (a count, an ordinal, a weekday, a month, a cadence, a channel), one word for
each word it says. When nothing before it lines up, the message is left as typed (the KPI
grammar still reads a correction by its parts: `grammar.kpi_asks.corrected_part`), so a
correction is never applied to the wrong words.
"""

from __future__ import annotations

import re

_MARK = re.compile(
    r"\s*[,.;:!?—–-]+\s*(?:sorry|scratch that|no wait|wait no|oops|correction|my bad|i mean|"
    r"i meant|make that|or rather)\b[\s,.;:!—–-]*(?:(?:i|we) meant?\s+|make (?:that|it)\s+)?",
    re.IGNORECASE,
)
# the replacement ends at the next mark; what follows it stays ("…, tuesdays are board days")
_REPLACEMENT = re.compile(
    r"^(?P<said>[^,.;:!?—–\n()]+?)(?P<rest>\s*(?:[,.;:!?—–\n(]|\s-\s).*)?$", re.S
)
_MAX_WORDS = 4
_WEEKDAYS = (
    "mon|monday|tue|tues|tuesday|wed|weds|wednesday|thu|thur|thurs|thursday|fri|friday|"
    "sat|saturday|sun|sunday"
)
_MONTHS = (
    "jan|january|feb|february|mar|march|apr|april|may|jun|june|jul|july|aug|august|sep|sept|"
    "september|oct|october|nov|november|dec|december"
)
_KINDS = (
    (
        "count",
        re.compile(
            r"^(?:\d+(?:[.,]\d+)?(?:x|k|m|%|/\w+)?|x\d+|once|twice|one|two|three|"
            r"four|five|six|seven|eight|nine|ten|[£$€]\d[\d,.]*[km]?)$"
        ),
    ),
    ("ordinal", re.compile(r"^(?:\d+(?:st|nd|rd|th)|first|second|third|fourth|last)$")),
    ("weekday", re.compile(rf"^(?:{_WEEKDAYS})s?$")),
    ("month", re.compile(rf"^(?:{_MONTHS})$")),
    ("cadence", re.compile(r"^(?:daily|weekly|fortnightly|biweekly|monthly|quarterly|bi-weekly)$")),
    (
        "channel",
        re.compile(
            r"^(?:linkedin|li|blog|blogs|newsletter|newsletters|webinar|webinars|email|emails|"
            r"instagram|insta|ig|tiktok|youtube|yt|podcast|podcasts|facebook|fb|x|twitter|google|"
            r"meta|bing|organic|referral|paid)$"
        ),
    ),
)
# words too common to line a correction up by ("the cpa on … — I meant the competitor one")
_COMMON = frozenset(
    ("a", "an", "the", "to", "for", "in", "on", "at", "by", "of", "and", "or", "with", "from")
    + ("our", "my", "we", "i", "it", "this", "that")
)
_WORD = re.compile(r"[\w£$€%/.'-]+")


def _kind(word: str) -> str | None:
    low = word.lower().strip(".'")
    return next((name for name, pattern in _KINDS if pattern.match(low)), None)


def _lines_up(before: str, said: str) -> tuple[int, int] | None:
    """(start, end) in `before` of the words `said` replaces, or None when none line up."""
    said_words = _WORD.findall(said)
    if not said_words or len(said_words) > _MAX_WORDS:
        return None
    first, kind = said_words[0].lower(), _kind(said_words[0])
    words = list(_WORD.finditer(before))
    for i in range(len(words) - 1, -1, -1):
        word = words[i].group().lower()
        if (word == first and first not in _COMMON) or (kind is not None and _kind(word) == kind):
            last = words[min(i + len(said_words), len(words)) - 1]
            if before[words[i].start() : last.end()].lower() == said.lower():
                return None  # says again what was said: nothing to correct
            end = last.end()
            times = re.match(r"\s+times?\b", before[end:], re.IGNORECASE)
            if times and re.fullmatch(r"once|twice|\d+x", said_words[-1].lower()):
                end += times.end()  # "three times a week — sorry, twice": "twice a week"
            return words[i].start(), end
    return None


def applied(text: str) -> str:
    """`text` with each correction put in place of what it corrects (see the module
    docstring); a correction that lines up with none of the words before it stays as typed."""
    start = 3  # a correction needs something before it to correct
    while (found := next((m for m in _MARK.finditer(text, start)), None)) is not None:
        start = found.end()
        parts = _REPLACEMENT.match(text[found.end() :])
        span = _lines_up(text[: found.start()], parts["said"].strip()) if parts else None
        if parts is None or span is None:
            continue
        said, rest = parts["said"].strip(), parts["rest"] or ""
        text = text[: span[0]] + said + text[span[1] : found.start()] + rest
        start = span[0] + len(said)
    return text
