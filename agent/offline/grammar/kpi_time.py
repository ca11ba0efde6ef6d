"""Finding the period and the comparison in a user's words (for `extract.py`).

Both return phrases that `grammar.periods.parse_period` / `parse_compare` understand, and the
text with the consumed words blanked, so "vs last month" is a comparison and not a period.
"""

from __future__ import annotations

import calendar
import re
from datetime import date, timedelta
from typing import Any

from pydantic import TypeAdapter

from agent.offline.grammar.kpi_entities import blank
from agent.offline.grammar.words import MONTH_NAMES, NUMBER_WORDS
from core.errors import CmoError
from tools.kpi.periods import Before, PeriodSpec, Previous, previous_period, resolve

_SPEC: TypeAdapter[PeriodSpec] = TypeAdapter(PeriodSpec)

_NUM = NUMBER_WORDS
_FULL_MONTHS = MONTH_NAMES
_ABBR_MONTHS = ["jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec"]
_UNITS = r"(day|week|month|quarter|year)s?"
_MONTH_ALT = "|".join(_FULL_MONTHS + _ABBR_MONTHS)
_DATE = (
    rf"(\d{{4}}-\d{{1,2}}-\d{{1,2}}|\d{{1,2}}/\d{{1,2}}/\d{{2,4}}|"
    rf"\d{{1,2}} (?:{_MONTH_ALT})(?: \d{{4}})?)"
)

_COMPARES: tuple[tuple[str, str, str | None], ...] = (
    (
        r"\b(this|current) (year) (?:vs\.?|versus|compared (?:to|with)|against)"
        r" (?:the )?(?:last|previous|prior)(?: one| \2)?(?: same (?:period|time))?\b",
        "previous_year",  # "this year vs last year": the same days a year back
        "this",
    ),
    (
        r"\b(this|current) (week|month|quarter|year) (?:vs\.?|versus|compared (?:to|with)|against)"
        r" (?:the )?(?:last|previous|prior)(?: one| \2)?\b",
        "previous_period",
        "this",
    ),
    (r"\b(?:quarter (?:over|on) quarter|qoq|q o q)\b", "previous_period", "last quarter"),
    (r"\b(?:month (?:over|on) month|mom|m o m)\b", "previous_period", "last month"),
    (r"\b(?:week (?:over|on) week|wow|w o w)\b", "previous_period", "last week"),
    (
        r"\b(?:year (?:over|on) year|yoy|y o y|(?:vs\.?|versus|compared? (?:to|with)|compares "
        r"(?:to|with)|against) (?:the )?(?:(?:same|equivalent|corresponding|comparable) "
        r"(?:period|time|days?|weeks?|months?|quarters?|stretch|window|span|"
        rf"dates|time ?frame) |(?:{_MONTH_ALT})\w* )?(?:last year|a year (?:ago|earlier|before)|"
        r"the year before))\b",
        "previous_year",
        None,
    ),
    (  # "how that compares with the equivalent period in 2025", "… the same stretch of last
        # year", "with last year's numbers next to it", "alongside last year"
        r"\b(?:(?:vs\.?|versus|compared? (?:to|with)|compares (?:to|with)|against|relative to) "
        r"(?:the )?(?:same|equivalent|corresponding|comparable) (?:period|time|days?|weeks?|"
        r"months?|quarters?|stretch|window|span|dates|time ?frame) (?:of |in )(?:last year|the "
        r"(?:previous|prior) year|20\d\d)|(?:with|and|plus) (?:the )?last year(?: numbers?| "
        r"figures?| data| results?| ones?)? (?:next to (?:it|them|each other)|alongside"
        r"(?: it| them)?|beside (?:it|them)|for comparison|side by side|to compare)|(?:alongside|"
        r"next to|beside|side by side with) (?:the )?(?:same (?:period|time|stretch) (?:of |in ))?"
        r"last year)\b",
        "previous_year",
        None,
    ),
    (
        r"\b(?:vs\.?|versus|compared? (?:to|with)|compares (?:to|with)|comparing (?:to|with)|"
        r"against|relative to) (?:the )?(?:previous|prior|preceding|last) (?:period|week|month|"
        r"quarter|year)\b",
        "previous_period",
        None,
    ),
    (r"\b(?:period (?:over|on) period|previous period)\b", "previous_period", None),
    (
        r"\b(?:vs\.?|versus|compared? (?:to|with)|against|relative to) (?:the )?"
        r"(?:week|month|quarter|year|period|one|(?:\d+|thirty|ninety|seven) days) before\b",
        "previous_period",
        None,
    ),
)


_VS = r"(?:vs\.?|versus|compared? (?:to|with)|against|relative to|on)"
_NAMED = rf"(?:q[1-4]|h[12]|{_MONTH_ALT})(?: \d{{4}})?|20\d\d"


def _named_pair(low: str) -> tuple[str | None, str | None, str] | None:
    """ "Q2 vs Q1", "march vs feb", "october vs october last year", "august, this year vs
    last": two named periods side by side → (mode, the first period, text without them)."""
    m = re.search(
        rf"\b({_NAMED})(?P<between>(?: [a-z→-]+){{0,3}}?),? (?:this year )?{_VS} (?:the )?"
        rf"({_NAMED}|last)(?: (last year|the year before|a year (?:ago|earlier)))?\b",
        low,
    )
    if not m:
        return None
    first, second, year_back = m.group(1), m.group(3), m.group(4)
    mode: str | None = "previous_year"
    if second != "last" and not year_back:
        mode = _adjacent(first, second)
        if mode is None and (mode := _adjacent(second, first)) is not None:
            first = second  # "Q2 vs Q3": the later one, against the one before
        if mode is None:
            return None
    # "q2 sqls vs q1": the words between the two periods stay to be read
    return mode, first, blank(blank(low, m.start(1), m.end(1)), m.end("between"), m.end())


def _adjacent(first: str, second: str) -> str | None:
    """previous_period when `second` is the unit just before `first`; previous_year when it is
    the same unit a year earlier; None otherwise (not a comparison the tool can make)."""
    from agent.offline.grammar.periods import parse_period
    from tools.kpi.periods import CalendarPeriod

    try:
        a, b = parse_period(first), parse_period(second)
    except CmoError:
        return None
    if not (isinstance(a, CalendarPeriod) and isinstance(b, CalendarPeriod)) or a.unit != b.unit:
        return None
    if a.unit == "year":
        return "previous_period" if a.year and b.year and a.year - b.year == 1 else None
    span = {"month": 12, "quarter": 4, "half": 2}[a.unit]
    ya, yb = a.year or 0, b.year if b.year is not None else (a.year or 0)
    steps = (ya * span + (a.index or 0)) - (yb * span + (b.index or 0))
    if a.year is None and b.year is None and steps < 0:
        steps += span  # "Q1 vs Q4": the quarter before, a year back
    if steps == 1:
        return "previous_period"
    return "previous_year" if steps == span else None


_SEASONS = {"spring": (3, 5), "summer": (6, 8), "fall": (9, 11), "autumn": (9, 11)}


def with_seasons(low: str, latest: date) -> str:
    """ "this fall compared with last fall": the season's months as dates (meteorological:
    spring Mar–May, summer Jun–Aug, autumn/fall Sep–Nov), and "vs last <season>" beside
    "this <season>" a year-on-year comparison."""
    season = "|".join(_SEASONS)
    if re.search(rf"\bthis ({season})\b", low):
        low = re.sub(rf"\b({_VS}) last ({season})\b", r"\1 last year", low)

    def dates(m: re.Match[str]) -> str:
        first, last = _SEASONS[m.group(2)]
        over = latest.month > last  # this year's has ended: "last summer" in November is it
        year = latest.year - (m.group(1) == "last" and not over)
        end = date(year, last, calendar.monthrange(year, last)[1])
        if end > latest:  # still running: to the latest data date
            return f"since {date(year, first, 1).isoformat()}"
        return f"from {date(year, first, 1).isoformat()} to {end.isoformat()}"

    low = re.sub(rf"\b(?:for |in |during )?({season}) so far\b", r"this \1", low)
    return re.sub(rf"\b(this|last) ({season})\b", dates, low)


def with_weekend(low: str, latest: date) -> str:
    """ "over the weekend", "last weekend": the last Saturday and Sunday up to the latest data
    date, as dates."""
    m = re.search(r"\b(?:(?:over|at|on|during) the|this|last|past) weekend\b", low)
    if not m:
        return low
    saturday = latest - timedelta(days=(latest.weekday() - 5) % 7)
    end = min(saturday + timedelta(days=1), latest)
    dates = f"from {saturday.isoformat()} to {end.isoformat()}"
    return low[: m.start()] + dates + low[m.end() :]


def with_years(low: str, latest: date) -> str:
    """ "since June last year", "Q2 of this year": the year written out against the latest
    data date ("since june 2025"), so the period grammar reads one calendar period."""
    return re.sub(
        rf"\b({_MONTH_ALT}|q[1-4]|h[12])(?: of)? (last|this) year\b",
        lambda m: f"{m.group(1)} {latest.year - (m.group(2) == 'last')}",
        low,
    )


def find_compare(low: str) -> tuple[str | None, str | None, str]:
    """(compare mode, period implied by it, text without the comparison words)."""
    pair = _named_pair(low)
    if pair is not None:
        return pair
    for pattern, mode, implied in _COMPARES:
        m = re.search(pattern, low)
        if not m:
            continue
        period = f"this {m.group(2)}" if implied == "this" else implied
        if mode == "previous_year" and implied is None and re.search(r"last year|20\d\d", m[0]):
            period = None
        return mode, period, blank(low, m.start(), m.end())
    return None, None, low


def _month_phrase(low: str) -> tuple[str, int, int] | None:
    """A month name, with a year if given ("spend li oct"); 'may' and 'mar' need a year or a
    preposition."""
    names = "|".join(_FULL_MONTHS + _ABBR_MONTHS)
    for m in re.finditer(
        rf"\b(?:(in|for|during|since|of|from|vs|versus|against|than) )?({names})\b"
        rf"(?:,? (\d{{4}}))?",
        low,
    ):
        prep, month, year = m.groups()
        if month in ("may", "mar") and not (prep or year):  # "may"/"mar" are words too
            continue
        phrase = f"{month} {year}" if year else month
        return (f"since {phrase}" if prep == "since" else phrase), m.start(), m.end()
    return None


_PATTERNS: tuple[tuple[str, object], ...] = (
    (
        rf"\b(?:last|past|previous|trailing) (\d+|{'|'.join(_NUM)}) (?:full|complete|"
        rf"completed|whole) {_UNITS}\b",
        lambda m: f"last {_n(m.group(1))} full {m.group(2)}s",
    ),
    (r"\b(?:the )?day before yesterday\b", lambda m: "day before yesterday"),
    (
        r"\b(?:over|across|for|in|during) (?:its|their|the campaign'?s?) (?:whole |entire |full )?"
        r"(?:life(?:time)?|run)\b|\bsince (?:it|they) (?:started|launched|went live)\b",
        lambda m: "all time",
    ),
    (
        r"\bsince (?:the )?(?:start|beginning) of (?:the )?(q[1-4]|h[12]|this (?:year|quarter|"
        rf"month)|{_MONTH_ALT})\b",
        lambda m: _since_start(m.group(1)),
    ),
    (
        r"\b(?:h([12])|(first|second|1st|2nd) half)(?: of)?(?: (?:the year|(20\d\d)))?\b",
        lambda m: (
            f"h{m.group(1) or (1 if m.group(2) in ('first', '1st') else 2)}"
            + (f" {m.group(3)}" if m.group(3) else "")
        ),
    ),
    (
        r"\b(?:over|across|during|through|throughout|for|in) the (year|quarter|month)\b"
        r"(?! (?:before|to|after))",
        lambda m: f"this {m.group(1)}",
    ),
    (
        rf"\b(?:from|between) {_DATE} (?:to|and|until|through) {_DATE}",
        lambda m: f"{m.group(1)} to {m.group(2)}",
    ),
    (
        rf"\b(?:last|past|previous|trailing) (\d+|{'|'.join(_NUM)}) {_UNITS}\b",
        lambda m: f"last {_n(m.group(1))} {m.group(2)}s",
    ),
    (
        r"\b(?:latest|last|most recent) (?:complete|completed|full|whole) "
        r"(week|month|quarter|year)\b",
        lambda m: f"latest complete {m.group(1)}",
    ),
    (
        r"\b(?:the )?past (week|month|quarter|year)\b",  # trailing: "over the past year"
        lambda m: {"week": "last 7 days", "month": "last 30 days", "quarter": "last 3 months"}.get(
            m.group(1), "last 12 months"
        ),
    ),
    (
        r"\b(this|last|previous|current|prior) (week|month|quarter|year)\b",
        lambda m: f"{'this' if m.group(1) in ('this', 'current') else 'last'} {m.group(2)}",
    ),
    (
        r"\b(year|quarter|month) to date\b|\b(ytd|qtd|mtd)\b",
        lambda m: f"{m.group(1)} to date" if m.group(1) else m.group(2),
    ),
    (
        r"\bq(\d)(?:,? ?(?:of )?(\d{4}))?\b",
        lambda m: f"Q{m.group(1)} {m.group(2)}" if m.group(2) else f"Q{m.group(1)}",
    ),
    (r"\b(\d{4}) ?-? ?q(\d)\b", lambda m: f"Q{m.group(2)} {m.group(1)}"),
    (r"\bsince (\d{4}-\d{1,2}-\d{1,2})\b", lambda m: f"since {m.group(1)}"),
    (r"\b(\d{4}-\d{1,2}-\d{1,2})\b", lambda m: m.group(1)),
    (r"\b(\d{4}-\d{1,2})\b", lambda m: m.group(1)),
)
_LOOSE: tuple[tuple[str, str | None], ...] = (
    (r"\b(?:in|for|during) (20\d{2})\b", None),
    (r"\b(20\d{2})\b", None),
    (
        r"\b(?:all time|ever|lifetime|since launch|since we started|"
        r"to date)\b",
        "all time",
    ),
    (r"\byesterday\b", "yesterday"),
)


def find_period(low: str) -> tuple[str | None, str]:
    """The first period expression, as a phrase for `parse_period`."""
    for pattern, build in _PATTERNS:
        m = re.search(pattern, low)
        if m:
            return build(m), blank(low, m.start(), m.end())  # type: ignore[operator]
    month = _month_phrase(low)
    if month:
        return month[0], blank(low, month[1], month[2])
    for pattern, phrase in _LOOSE:
        m = re.search(pattern, low)
        if m:
            return phrase or m.group(1), blank(low, m.start(), m.end())
    return None, low


def _since_start(what: str) -> str:
    """ "since the start of Q3" → "since q3"; "…of this year" → "year to date"."""
    if what.startswith("this "):
        return f"{what.split()[1]} to date"
    return f"since {what}"


def _n(word: str) -> int:
    return int(word) if word.isdigit() else _NUM[word]


_SHIFT = re.compile(
    r"\b(?:the )?(week|month|quarter|year|period|one) (?:before|prior|earlier)(?: that| it)?\b"
    r"|\bthe (?:previous|prior|preceding) (week|month|quarter|year|period|one)\b"
)


def find_shift(low: str) -> tuple[str | None, str]:
    """A follow-up's "the month before (that)" / "the previous quarter" → the unit to step back
    ("period" for "the one before"), with the words blanked."""
    m = _SHIFT.search(low)
    if not m:
        return None, low
    unit = m.group(1) or m.group(2)
    return ("period" if unit == "one" else unit), blank(low, m.start(), m.end())


def shift_period(previous: dict[str, Any] | None, unit: str) -> dict[str, Any] | None:
    """The `unit` before the previous question's period (typed JSON), for "and the month
    before?"; without a previous period, the last complete unit ("period": nothing)."""
    if not previous:
        return None if unit == "period" else Previous.model_validate({"unit": unit}).model_dump()
    return Before.model_validate({"unit": unit, "of": previous}).model_dump(mode="json")


_AGAINST = re.compile(
    r"\b(?:vs\.?|versus|compared? (?:to|with)|against|relative to)\b|"
    r"\b(?:up or down|higher or lower|better or worse|more or less) (?:on|than|vs\.?|from)\b|"
    r"\bhow does (?:that|it|this) compare\b|\bcompare (?:that|it|this) (?:to|with)\b",
)


def compare_instead(
    low: str, previous: dict[str, Any] | None, new: dict[str, Any] | None, latest: date
) -> tuple[str, dict[str, Any]] | None:
    """A follow-up that sets the previous question against another period ("vs Q2?" after
    Q3, "is that up or down on September" after October, "vs the 30 days before that",
    "how does that compare with the same months last year") is a comparison, not a new
    question: (compare mode, the previous period kept). None when the words do not compare
    or the periods are not adjacent (then it is a new period, read as such)."""
    if not previous or not _AGAINST.search(low):
        return None
    if new is None or new.get("kind") == "before":
        if new is None and not re.search(r"\b(?:before|prior|previous|preceding|earlier)\b", low):
            return None  # "compared to the retargeting one?": another campaign, not a period
        return "previous_period", previous  # "vs the one before (that)"
    try:
        bounds = (date(1990, 1, 1), latest)
        asked = resolve(_SPEC.validate_python(previous), bounds)
        other = resolve(_SPEC.validate_python(new), bounds)
    except (CmoError, ValueError):
        return None
    for mode in ("previous_period", "previous_year"):
        before = previous_period(asked, mode)
        if (before.start, before.end) == (other.start, other.end) or (
            before.start == other.start and mode == "previous_period"
        ):
            return mode, previous
    return None

