"""Words for dates, numbers, weekdays, channels and cadences, shared by the chat parsers.

The offline model reads requests with these patterns; a real LLM fills the tool's typed
arguments itself. `Text` blanks out each phrase once it is understood, so later patterns never
read the same words twice (a launch date is not also a start date).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from dateutil import parser as date_parser

from agent.offline.grammar.words import NUMBER_WORDS as BASE_NUMBER_WORDS

NUMBER_WORDS = {
    **BASE_NUMBER_WORDS,
    "once": 1,
    "twice": 2,
    "thrice": 3,
}
NUMBER = r"(?:\d{1,2}|" + "|".join(NUMBER_WORDS) + r")"
MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
)
WEEKDAY = r"(?:mon|tue(?:s)?|wed(?:nes)?|thu(?:r(?:s)?)?|fri|sat(?:ur)?|sun)(?:day)?s?"
PLURAL_WEEKDAY = r"(?:mon|tues|wednes|thurs|fri|satur|sun)days"
_UNITS = ("first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth")
_TEENS = ("tenth", "eleventh", "twelfth", "thirteenth", "fourteenth", "fifteenth", "sixteenth")
_TEENS_2 = ("seventeenth", "eighteenth", "nineteenth")
# "the fourteenth of December": a day of the month in words → its number
DAY_WORDS: dict[str, int] = {
    **{w: i + 1 for i, w in enumerate(_UNITS)},
    **{w: i + 10 for i, w in enumerate(_TEENS + _TEENS_2)},
    "twentieth": 20,
    **{f"twenty[- ]?{w}": 21 + i for i, w in enumerate(_UNITS)},
    "thirtieth": 30,
    "thirty[- ]?first": 31,
}
_DAY_WORD = "|".join(sorted(DAY_WORDS, key=len, reverse=True))
_DAYNUM = rf"(?:\d{{1,2}}(?:st|nd|rd|th)?|{_DAY_WORD})"
DATE = (
    rf"(?:(?:{WEEKDAY}),?\s+)?(?:the\s+)?"
    rf"(?:{_DAYNUM}\s+(?:of\s+)?{MONTH}\.?(?:,?\s+\d{{4}})?"
    rf"|{MONTH}\.?\s+{_DAYNUM}(?:,?\s+\d{{4}})?"
    r"|\d{4}-\d{2}-\d{2}|\d{1,2}/\d{1,2}(?:/\d{2,4})?)"
)
_FUNNEL = r"[\s-]+(?:of[\s-]+(?:the[\s-]+)?)?funnel"
_WINS = (
    r"(?:demo(?:\s+request)?s|demo\s+bookings|trials|sign-?ups|sales|deals|purchases|"
    r"(?:the\s+)?pipeline)"
)
# funnel stages and the words marketers use for them ("bottom of the funnel", "BOFU", "the
# stuff that gets demo requests" = conversion; "TOFU" = awareness; "MOFU" = consideration)
STAGE_WORDS: tuple[tuple[str, str], ...] = (
    (
        "conversion",
        rf"conversions?|bottom{_FUNNEL}|bofu|lower{_FUNNEL}|demo[\s-]+(?:request|booking)s?|"
        r"(?:the\s+)?(?:stuff|content|posts?|things|items|pieces)\s+(?:that|which)\s+"
        rf"(?:gets?|gives?|drives?|brings?(?:\s+in)?|generates?|books?|wins?)\s+(?:us\s+)?{_WINS}",
    ),
    ("awareness", rf"awareness|top{_FUNNEL}|tofu|upper{_FUNNEL}"),
    ("consideration", rf"consideration|middle{_FUNNEL}|mid{_FUNNEL}|mofu"),
    ("retention", r"retention"),
)
STAGE = "(?:" + "|".join(p for _, p in STAGE_WORDS) + ")"
ORDINALS = {
    "first": 1,
    "1st": 1,
    "second": 2,
    "2nd": 2,
    "third": 3,
    "3rd": 3,
    "fourth": 4,
    "4th": 4,
    "last": -1,
    "final": -1,
}

# canonical channel → pattern (most specific first; "X" is matched case-sensitively below)
CHANNEL_PATTERNS: tuple[tuple[str, str], ...] = (
    ("Newsletter", r"(?:e-?mail\s+)?newsletters?"),
    ("LinkedIn", r"(?:linked\s?in|linkdin|linkedn|linkin|li)(?:\s+(?:posts?|updates?))?"),
    ("Blog", r"blog(?:\s+(?:posts?|articles?)|s)?|articles?"),
    ("Webinar", r"webinars?|master-?class(?:es)?"),
    ("Instagram", r"(?:instagram|insta|ig)(?:\s+(?:posts?|reels?|stories|carousels?))?"),
    ("YouTube", r"(?:youtube|yt)(?:\s+(?:videos?|vids?|shorts))?"),
    ("Podcast", r"podcasts?(?:\s+episodes?)?"),
    ("Facebook", r"(?:facebook|fb)(?:\s+posts?)?"),
    ("TikTok", r"tik\s?toks?"),
    ("Case study", r"case\s+stud(?:y|ies)"),
    ("Email", r"e-?mails?(?:\s+campaigns?)?"),
    ("X", r"twitter|tweets?"),
)
# Any channel name, without named groups, for use inside larger patterns.
CHANNEL_TEXT = (
    r"(?:\b(?:" + "|".join(p for _, p in CHANNEL_PATTERNS) + r")\b"
    r"|(?-i:(?<![\w-])X(?![\w-])))"
)
CHANNEL = re.compile(
    r"\b(?:" + "|".join(f"(?P<c{i}>{p})" for i, (_, p) in enumerate(CHANNEL_PATTERNS)) + r")\b"
    r"|(?P<x>(?-i:(?<![\w-])X(?![\w-])))",
    re.IGNORECASE,
)


def number(word: str) -> int:
    word = word.lower()
    return NUMBER_WORDS[word] if word in NUMBER_WORDS else int(word)


def weekday_index(word: str) -> int:
    prefixes = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
    return prefixes.index(word.lower()[:3])


def weekdays_in(text: str) -> list[int]:
    return sorted({weekday_index(m.group(0)) for m in re.finditer(rf"\b{WEEKDAY}\b", text, re.I)})


def parse_date(text: str, on_or_after: dt.date) -> dt.date | None:
    """A date in the user's words (day first, UK style); without a year, the first such date
    on or after `on_or_after`."""
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text.strip()):
        try:
            return dt.date.fromisoformat(text.strip())
        except ValueError:
            return None
    cleaned = re.sub(rf"^\s*{WEEKDAY},?\s+", "", text.strip(), flags=re.I)
    cleaned = re.sub(r"\bthe\s+|\bof\s+", "", cleaned, flags=re.I)
    cleaned = re.sub(r"(\d)(st|nd|rd|th)\b", r"\1", cleaned)
    for pattern, day in sorted(DAY_WORDS.items(), key=lambda item: -len(item[0])):
        cleaned = re.sub(rf"\b{pattern}\b", str(day), cleaned, flags=re.I)
    has_year = bool(re.search(r"\d{4}|\d{1,2}/\d{1,2}/\d{2}", cleaned))
    try:
        when = date_parser.parse(
            cleaned, dayfirst=True, default=dt.datetime(on_or_after.year, 1, 1)
        ).date()
    except (ValueError, OverflowError):
        return None
    if not has_year and when < on_or_after:
        when = when.replace(year=when.year + 1)
    return when


def stage_of(words: str) -> str:
    """The funnel stage a STAGE phrase names ("BOFU" → "conversion")."""
    said = " ".join(words.split())
    return next(n for n, p in STAGE_WORDS if re.fullmatch(p, said, re.IGNORECASE))


def channel_of(match: re.Match[str]) -> str:
    if match.group("x"):
        return "X"
    index = next(i for i in range(len(CHANNEL_PATTERNS)) if match.group(f"c{i}"))
    return CHANNEL_PATTERNS[index][0]


@dataclass
class Text:
    """The message being read; `take` consumes a phrase so no other rule reads it again."""

    original: str
    working: str = field(init=False)

    def __post_init__(self) -> None:
        self.working = " ".join(self.original.split())

    def find(self, pattern: str, flags: int = re.IGNORECASE) -> re.Match[str] | None:
        return re.search(pattern, self.working, flags)

    def take(self, pattern: str, flags: int = re.IGNORECASE) -> re.Match[str] | None:
        match = re.search(pattern, self.working, flags)
        if match:
            self.blank(match.start(), match.end())
        return match

    def take_all(self, pattern: str, flags: int = re.IGNORECASE) -> list[re.Match[str]]:
        matches = list(re.finditer(pattern, self.working, flags))
        for m in matches:
            self.blank(m.start(), m.end())
        return matches

    def blank(self, start: int, end: int) -> None:
        self.working = self.working[:start] + " " * (end - start) + self.working[end:]
