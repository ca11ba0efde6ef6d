"""Named days said as dates: "from black friday through christmas day", "till xmas eve",
"starting boxing day", "new year's eve", "no posts between christmas and new year", "no posts
over easter".

`rewrite_named_days` rewrites each named day into a date the date grammar reads ("24 dec",
"27 nov 2026") before anything else reads the message, and returns a note per day saying which
date it is, so the reading is visible. Days with a fixed date are written without a year (the
next one on or after today, or after the start for an end); days that move (Black Friday, the
day after the fourth Thursday of November; Cyber Monday; Thanksgiving; Easter, from
`dateutil.easter`) are written with the year of the next one not yet past. A bare "christmas",
"new year" or "easter" is a date only where a date is expected ("from christmas", "between
christmas and new year", "till easter"); "over christmas" stays the Christmas blackout.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable

from dateutil.easter import easter
from dateutil.relativedelta import TH, relativedelta

_S = r"(?:['’]?s)?"  # "new year's", "new years", "valentines"
_FIXED: tuple[tuple[str, str, tuple[int, int]], ...] = (
    (r"(?:christmas|xmas|x-mas)\s+eve", "Christmas Eve", (12, 24)),
    (r"(?:christmas|xmas|x-mas)\s+day", "Christmas Day", (12, 25)),
    (r"boxing\s+day", "Boxing Day", (12, 26)),
    (rf"new\s+year{_S}\s+eve|(?-i:NYE|nye)", "New Year's Eve", (12, 31)),
    (rf"new\s+year{_S}\s+day", "New Year's Day", (1, 1)),
    (rf"(?:st\.?\s+)?valentine{_S}(?:\s+day)?", "Valentine's Day", (2, 14)),
    (r"hallowe['’]?en", "Halloween", (10, 31)),
)


def _thanksgiving(year: int) -> dt.date:
    return dt.date(year, 11, 1) + relativedelta(weekday=TH(4))


_MOVING: tuple[tuple[str, str, Callable[[int], dt.date]], ...] = (
    (r"black\s+friday", "Black Friday", lambda y: _thanksgiving(y) + dt.timedelta(days=1)),
    (r"cyber\s+monday", "Cyber Monday", lambda y: _thanksgiving(y) + dt.timedelta(days=4)),
    (r"thanksgiving(?:\s+day)?", "Thanksgiving", _thanksgiving),
    (r"good\s+friday", "Good Friday", lambda y: easter(y) - dt.timedelta(days=2)),
    (r"easter\s+monday", "Easter Monday", lambda y: easter(y) + dt.timedelta(days=1)),
    (r"easter\s+(?:sunday|day)", "Easter Sunday", easter),
)
# a bare name is a date only after a word that expects one
_LEAD = (
    r"(?P<lead>\b(?:from|between|till|til|until|through|thru|to|starting|start|on|by|"
    r"beginning|ending|end|between\s+\d{1,2}\s+[a-z]{3}(?:\s+\d{4})?\s+and)\s+(?:the\s+)?)"
)
_BARE: tuple[tuple[str, str], ...] = (
    (r"christmas|xmas|x-mas", "Christmas Day"),
    (r"new\s+year(?!['’]?s?\s+(?:eve|day))", "New Year's Day"),
    (r"easter(?!\s+(?:sunday|day|monday))", "Easter Sunday"),
)
_EASTER_DARK = re.compile(
    r"\b(?:no\s+(?:posts?|content|publishing|items?)|nothing|pause|dark|go\s+dark|skip|avoid|"
    r"off|quiet|break)\s+(?:\w+\s+){0,2}?(?:over|during|around|at|for)\s+(?:the\s+)?easter"
    r"(?:\s+(?:weekend|break|holidays?|period))?\b",
    re.IGNORECASE,
)
_YEAR = r"(?:\s+(?P<y>\d{4}))?"
# "black friday campaign", "christmas day posts": a theme, not a date
_THEME = (
    r"(?![\s-]+(?:content|campaigns?|sales?|deals?|offers?|promos?|promotions?|posts?|push|"
    r"launch|emails?|ads?|themes?|messaging|copy|creative|specials?|stuff)\b)"
)
# any named day, for routing evidence (no named groups)
NAMED_DAY = (
    r"\b(?:"
    + "|".join([p for p, _, _ in _FIXED] + [p for p, _, _ in _MOVING])
    + r"|(?:from|between|till|until|through|to|starting)\s+(?:the\s+)?(?:christmas|xmas|"
    r"new\s+year|easter))\b"
)


def rewrite_named_days(text: str, today: dt.date) -> tuple[str, list[str]]:
    """`text` with each named day written as a date, and one note per day rewritten."""
    notes: list[str] = []
    text = _easter_blackout(text, today, notes)
    for pattern, name, get in _MOVING:
        write = _moving(name, get, today, notes)
        text = _replace(rf"\b(?:{pattern}){_YEAR}\b{_THEME}", text, write)
    for pattern, name, (month, day) in _FIXED:
        text = _replace(rf"\b(?:{pattern})\b{_THEME}", text, _fixed(name, month, day, notes))
    for pattern, name in _BARE:
        target = _day_of(name, today)
        text = _replace(rf"{_LEAD}(?:{pattern})\b{_THEME}", text, _bare(name, target, notes))
    # a named day left as a theme ("black friday campaign") never reads as a weekday cadence
    text = _replace(r"\b(black|cyber|good|easter)\s+(friday|monday|sunday)\b", text, _joined)
    return text, notes


def _joined(m: re.Match[str]) -> str:
    return f"{m.group(1)}_{m.group(2)}"


def _replace(pattern: str, text: str, write: Callable[[re.Match[str]], str]) -> str:
    return re.sub(pattern, write, text, flags=re.IGNORECASE)


def _moving(
    name: str, get: Callable[[int], dt.date], today: dt.date, notes: list[str]
) -> Callable[[re.Match[str]], str]:
    def write(m: re.Match[str]) -> str:
        year = int(m.group("y")) if m.group("y") else today.year
        day = get(year)
        if not m.group("y") and day < today:
            day = get(year + 1)
        _note(notes, f"{name}: {day.day} {day:%B %Y}.")
        return f"{day.day} {day:%b %Y}".lower()

    return write


def _fixed(name: str, month: int, day: int, notes: list[str]) -> Callable[[re.Match[str]], str]:
    when = dt.date(2000, month, day)

    def write(m: re.Match[str]) -> str:
        _note(notes, f"{name}: {day} {when:%B}.")
        return f"{day} {when:%b}".lower()

    return write


def _day_of(name: str, today: dt.date) -> dt.date | None:
    """The date a bare name stands for when it moves (Easter), else None (fixed days)."""
    if name != "Easter Sunday":
        return None
    day = easter(today.year)
    return day if day >= today else easter(today.year + 1)


def _bare(name: str, moving: dt.date | None, notes: list[str]) -> Callable[[re.Match[str]], str]:
    def write(m: re.Match[str]) -> str:
        if moving is not None:
            _note(notes, f"{name}: {moving.day} {moving:%B %Y}.")
            return f"{m.group('lead')}{moving.day} {moving:%b %Y}".lower()
        month, day = (12, 25) if name == "Christmas Day" else (1, 1)
        when = dt.date(2000, month, day)
        _note(
            notes,
            f"{m.group(0)[len(m.group('lead')) :].strip().capitalize()}: read as "
            f"{name}, {day} {when:%B}.",
        )
        return f"{m.group('lead')}{day} {when:%b}".lower()

    return write


def _easter_blackout(text: str, today: dt.date, notes: list[str]) -> str:
    """ "no posts over easter": Good Friday to Easter Monday of the next Easter not yet past."""
    day = easter(today.year)
    if day + dt.timedelta(days=1) < today:
        day = easter(today.year + 1)
    first, last = day - dt.timedelta(days=2), day + dt.timedelta(days=1)

    def write(m: re.Match[str]) -> str:
        _note(
            notes,
            f"Easter: no posts from Good Friday {first.day} {first:%B} to Easter "
            f"Monday {last.day} {last:%B %Y}.",
        )
        return f"no posts from {first.day} {first:%b %Y} to {last.day} {last:%b %Y}".lower()

    return _EASTER_DARK.sub(write, text)


def _note(notes: list[str], note: str) -> None:
    if note not in notes:
        notes.append(note)
