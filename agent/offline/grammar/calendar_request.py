"""Read a content-calendar request from a chat message: the offline model's `extract_args`.

Returns `CalendarRequest` keyword arguments (JSON-ready: dates as ISO strings). Phrases it
understands (the README lists them for users):

- length and dates: "8 weeks", "for 3 months", "for a quarter", "from 5 January",
  "starting Monday 5 January 2027", "from next Monday", "until 31 March", "for February",
  "for Q1"; a date without a year is the next such date on or after today (or the start)
- cadences per channel: "three times a week", "3x a week", "twice a month", "weekly",
  "fortnightly", "every other week", "monthly", "daily", "every Tuesday and Thursday",
  "on Tuesdays", "the last Thursday of the month", "first Monday of each month", "at 9am"
- "no posts on UK bank holidays" (also Scottish, Irish, US, German... public holidays),
  "no posts on 24 December and 31 December", "no posts from 20 to 31 December"
- "launch of Close Kit on 2 February", "Close Kit launches on 2 February"
- "pillars: a, b and c", "focus on the mid-market finance-team ICP", "targeting CFOs"
- "40% awareness, 30% consideration...", "heavier on conversion", "more retention in March"
- "no more than 2 posts a day", "including weekends", "only Tuesday to Thursday",
  "no posts on Fridays", "in New York time" / "timezone America/New_York",
  "Sam owns LinkedIn", "the blog is owned by Priya"

Missing pieces take the defaults the tool would use (start next Monday, 4 weeks, LinkedIn 3
a week and a weekly blog) and each is listed in `assumptions`.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from dateutil.relativedelta import relativedelta

from agent.offline.grammar.calendar_phrases import (
    CHANNEL,
    CHANNEL_TEXT,
    DATE,
    MONTH,
    NUMBER,
    PLURAL_WEEKDAY,
    STAGE,
    WEEKDAY,
    Text,
    channel_of,
    number,
    parse_cadence,
    parse_date,
    weekday_index,
    weekdays_in,
)
from tools.calendar.defaults import DEFAULT_WEEKS, fmt_date, next_monday
from tools.calendar.mix import emphasise
from tools.calendar.models import DEFAULT_STAGE_MIX, STAGES
from tools.calendar.windows import month_index

# Usual cadence when a channel is named without one (content playbook, small team).
USUAL_CADENCE: dict[str, dict[str, Any]] = {
    "LinkedIn": {"kind": "per_week", "times": 3},
    "Newsletter": {"kind": "per_month", "times": 1},
    "Webinar": {"kind": "per_month", "times": 1},
}
_HOLIDAY_PLACES: dict[str, tuple[str, str | None]] = {
    "uk": ("GB", None),
    "u.k.": ("GB", None),
    "british": ("GB", None),
    "gb": ("GB", None),
    "english": ("GB", "ENG"),
    "england": ("GB", "ENG"),
    "scottish": ("GB", "SCT"),
    "scotland": ("GB", "SCT"),
    "welsh": ("GB", "WLS"),
    "wales": ("GB", "WLS"),
    "northern irish": ("GB", "NIR"),
    "northern ireland": ("GB", "NIR"),
    "irish": ("IE", None),
    "ireland": ("IE", None),
    "us": ("US", None),
    "u.s.": ("US", None),
    "usa": ("US", None),
    "american": ("US", None),
    "federal": ("US", None),
    "german": ("DE", None),
    "germany": ("DE", None),
    "french": ("FR", None),
    "france": ("FR", None),
    "dutch": ("NL", None),
    "spanish": ("ES", None),
    "australian": ("AU", None),
    "canadian": ("CA", None),
    "indian": ("IN", None),
}
_PLACE = "|".join(sorted((re.escape(k) for k in _HOLIDAY_PLACES), key=len, reverse=True))
_ZONE_WORDS: dict[str, str] = {
    "uk time": "Europe/London",
    "london time": "Europe/London",
    "gmt": "Europe/London",
    "bst": "Europe/London",
    "dublin time": "Europe/Dublin",
    "irish time": "Europe/Dublin",
    "cet": "Europe/Paris",
    "paris time": "Europe/Paris",
    "berlin time": "Europe/Berlin",
    "amsterdam time": "Europe/Amsterdam",
    "new york time": "America/New_York",
    "eastern time": "America/New_York",
    "et": "America/New_York",
    "est": "America/New_York",
    "edt": "America/New_York",
    "central time": "America/Chicago",
    "ct": "America/Chicago",
    "pacific time": "America/Los_Angeles",
    "pt": "America/Los_Angeles",
    "pst": "America/Los_Angeles",
    "sydney time": "Australia/Sydney",
}
_ZONE_COUNTRY = {
    "Europe/London": "GB",
    "Europe/Dublin": "IE",
    "Europe/Berlin": "DE",
    "Europe/Paris": "FR",
    "Europe/Amsterdam": "NL",
    "Europe/Madrid": "ES",
}
_NAME = r"(?-i:[A-Z][a-z]+(?:\s+[A-Z][a-z]+)?)"
_SEPARATORS = re.compile(r",|\band\b|&|\bplus\b|\bas well as\b|\bwith\b", re.IGNORECASE)


def parse_request(text: str, today: dt.date) -> dict[str, Any]:
    """CalendarRequest kwargs from a chat message (see the module docstring)."""
    t = Text(text)
    out: dict[str, Any] = {}
    notes: list[str] = []
    _pillars(t, out)
    _segment(t, out)
    launches = _launch_phrases(t)
    blackouts = _blackout_phrases(t)
    _holidays(t, out, notes)
    end_text = _take_date(t, r"(?:until|till|through|to|ending(?:\s+on)?|up\s+to|end(?:ing)?\s+on)")
    start = _start(t, out, today, notes)
    _length(t, out, start, end_text)
    _timezone(t, out)
    _owners(t, out)
    _day_rules(t, out)
    emphasis = _stage_mix(t, out)
    out["channels"] = _channels(t, out.get("allowed_weekdays", [0, 1, 2, 3, 4]), notes)
    if "weeks" not in out and "end" not in out:
        out["weeks"] = DEFAULT_WEEKS
        notes.append(f"Length: {DEFAULT_WEEKS} weeks (no length or end date was given).")
    end = (
        dt.date.fromisoformat(out["end"])
        if "end" in out
        else start + dt.timedelta(days=7 * out["weeks"] - 1)
    )
    _resolve_dates(out, start, end, launches, blackouts, emphasis, notes)
    if notes:
        out["assumptions"] = notes
    return out


# -- phrases that carry commas: read them first -------------------------------------------
def _pillars(t: Text, out: dict[str, Any]) -> None:
    m = t.take(r"\b(?:content\s+)?pillars?\s*(?::|\bare\b|=|–|—|-)\s*(?P<list>[^;.\n]+)")
    if not m:
        return
    names, shares = [], {}
    for raw in re.split(r",|\band\b|&|/", m.group("list")):
        share = re.search(r"\(?\s*(\d{1,3})\s*%\s*\)?\s*$", raw)
        name = raw[: share.start()] if share else raw
        name = name.strip(" '\"“”").strip()
        if name:
            name = name[0].upper() + name[1:]
            names.append(name)
            if share:
                shares[name] = float(share.group(1))
    if names:
        out["pillars"] = names
    if shares and len(shares) == len(names):
        out["pillar_shares"] = shares


def _segment(t: Text, out: dict[str, Any]) -> None:
    end = r"(?:ICP|segment|audience|buyers?|persona)s?\b"
    for pattern in (
        rf"\bfocus(?:ing|ed)?\s+on\s+(?:the\s+|our\s+)?(?P<seg>[^;,.:\n]+?)\s+{end}",
        rf"\bfor\s+(?:the\s+|our\s+)?(?P<seg>[^;,.:\n]+?)\s+{end}",
        r"\b(?:ICP|segment|audience|persona)\s*(?::|\bis\b|=)\s*(?P<seg>[^;,.\n]+)",
        r"\b(?:targeting|targetting|aimed\s+at|aimed\s+squarely\s+at|written\s+for)\s+"
        r"(?:the\s+|our\s+)?(?P<seg>[^;,.:\n]+)",
    ):
        m = t.take(pattern)
        if m:
            out["segment"] = m.group("seg").strip()
            return


def _launch_phrases(t: Text) -> list[tuple[str, str]]:
    found = []
    for pattern, suffix in (
        (
            rf"\blaunch(?:ing)?\s+(?:of\s+)?(?:the\s+|our\s+)?(?P<name>[^;,.:\n]+?)\s+on\s+"
            rf"(?P<d>{DATE})",
            "",
        ),
        (
            rf"\b(?P<name>(?-i:(?:[A-Z][\w&'-]*\s+){{0,4}}[A-Z][\w&'-]*))\s+(?:launch(?:es)?|goes\s+"
            rf"live|is\s+launching)\s+on\s+(?P<d>{DATE})",
            "",
        ),
        (
            rf"\b(?:a|an|the|our)\s+(?P<name>[\w-]+(?:\s+[\w-]+)?)\s+launch\s+on\s+(?P<d>{DATE})",
            " launch",
        ),
    ):
        for m in t.take_all(pattern):
            name = m.group("name").strip()
            found.append((name[0].upper() + name[1:] + suffix, m.group("d")))
    return found


def _blackout_phrases(t: Text) -> list[tuple[str, str | None]]:
    """(date, None) for single days, (first, last) for ranges; resolved once the start is
    known."""
    lead = (
        r"\b(?:no\s+(?:posts?|content|items?|publishing)|nothing|blackout|black\s+out|"
        r"pause|dark)"
    )
    found: list[tuple[str, str | None]] = []
    for m in t.take_all(
        rf"{lead}\s+(?:from|between)\s+(?P<a>{DATE}|\d{{1,2}}(?:st|nd|rd|th)?)"
        rf"\s*(?:to|and|until|till|through|-|–)\s*(?P<b>{DATE})"
    ):
        first = m.group("a")
        if re.fullmatch(r"\d{1,2}(?:st|nd|rd|th)?", first.strip()):  # "20 to 31 December"
            first = re.sub(r"^\s*\d{1,2}(?:st|nd|rd|th)?", first.strip(), m.group("b").strip())
        found.append((first, m.group("b")))
    single = (
        rf"(?:{lead}\s+on|avoid|skip|blackout(?:\s+dates?)?:?|not\s+on|except(?:\s+on)?)"
        rf"\s+(?P<list>{DATE}(?:\s*(?:,|and|or|&)\s*{DATE})*)"
    )
    for m in t.take_all(single):
        found += [(d.group(0), None) for d in re.finditer(DATE, m.group("list"), re.I)]
    return found


def _holidays(t: Text, out: dict[str, Any], notes: list[str]) -> None:
    m = t.take(rf"\b(?:(?P<who>{_PLACE})\s+)?(?P<kind>bank|public|federal|national)\s+holidays?")
    plain = (
        None
        if m
        else t.take(
            r"\b(?:skip|avoid|excluding|except(?:\s+on)?|no\s+\w+\s+on)"
            r"\s+(?:the\s+)?holidays\b"
        )
    )
    if not (m or plain):
        return
    who = (m.group("who") or "").lower() if m else ""
    if who:
        out["holidays_country"], subdivision = _HOLIDAY_PLACES[who]
        if subdivision:
            out["holidays_subdivision"] = subdivision
    elif m and m.group("kind").lower() == "federal":
        out["holidays_country"] = "US"
    elif m and m.group("kind").lower() == "bank":
        out["holidays_country"] = "GB"
        notes.append("Bank holidays: the UK's (GB), as no country was named.")
    else:
        out["holidays_country"] = "GB"  # replaced below if a time zone names another country
        out["_holidays_from_zone"] = True


def _take_date(t: Text, lead: str) -> str | None:
    m = t.take(rf"\b{lead}\s+(?P<d>{DATE})")
    return m.group("d") if m else None


def _start(t: Text, out: dict[str, Any], today: dt.date, notes: list[str]) -> dt.date:
    lead = (
        r"(?:from|starting(?:\s+(?:on|from))?|beginning(?:\s+on)?|commencing|"
        r"start(?:ing)?\s+(?:on|from)|as\s+of|w/?c|week\s+commencing)"
    )
    text = _take_date(t, lead)
    if text and (start := parse_date(text, today)):
        out["start"] = start.isoformat()
        return start
    rel = t.take(
        rf"\b{lead}\s+(?P<rel>today|tomorrow|next\s+week|next\s+month|"
        rf"(?:next\s+|this\s+)?{WEEKDAY})\b"
    )
    if rel:
        start = _relative(rel.group("rel").lower(), today)
        out["start"] = start.isoformat()
        return start
    period = t.take(
        rf"\b(?:for|in|during|across|over|plan)\s+(?:(?P<q>q[1-4])|(?P<m>{MONTH}))"
        r"(?:\s+(?P<y>\d{4}))?\b"
    )
    if period:
        start, end = _period(period, today)
        out["start"], out["end"] = start.isoformat(), end.isoformat()
        return start
    start = next_monday(today)
    out["start"] = start.isoformat()
    notes.append(f"Start: {fmt_date(start)} (the next Monday; no start was given).")
    return start


def _relative(word: str, today: dt.date) -> dt.date:
    if word == "today":
        return today
    if word == "tomorrow":
        return today + dt.timedelta(days=1)
    if word == "next week":
        return next_monday(today)
    if word == "next month":
        return (today + relativedelta(months=1)).replace(day=1)
    ahead = (weekday_index(word.split()[-1]) - today.weekday()) % 7 or 7
    return today + dt.timedelta(days=ahead)  # the first such weekday after today


def _period(m: re.Match[str], today: dt.date) -> tuple[dt.date, dt.date]:
    """A named month or quarter: its first and last day, the next one not yet over."""
    first_month = (int(m.group("q")[1]) - 1) * 3 + 1 if m.group("q") else month_index(m.group("m"))
    months = 3 if m.group("q") else 1
    year = int(m.group("y")) if m.group("y") else today.year
    start = dt.date(year, first_month, 1)
    if not m.group("y") and start + relativedelta(months=months) <= today:
        start = start.replace(year=year + 1)
    return start, start + relativedelta(months=months) - dt.timedelta(days=1)


def _length(t: Text, out: dict[str, Any], start: dt.date, end_text: str | None) -> None:
    if end_text and (end := parse_date(end_text, start)):
        out["end"] = end.isoformat()
        return
    if "end" in out:  # a named month or quarter
        return
    m = t.take(
        rf"(?<!every\s)(?<!each\s)(?<!other\s)\b(?P<n>{NUMBER}|\d{{1,3}})[\s-]+"
        r"(?P<unit>weeks?|months?|years?)\b"
    )
    n = number(m.group("n")) if m else 1
    unit = m.group("unit").rstrip("s") if m else None
    if not m:
        single = t.take(
            r"\b(?:for|over|across|plan)\s+(?:a|one|the\s+next)\s+"
            r"(?P<unit>week|fortnight|month|quarter|year)\b"
        )
        unit = single.group("unit") if single else None
    if unit == "week":
        out["weeks"] = n
    elif unit == "fortnight":
        out["weeks"] = 2
    elif unit == "year":
        out["weeks"] = 52 * n
    elif unit in ("month", "quarter"):
        months = n * (3 if unit == "quarter" else 1)
        out["end"] = (start + relativedelta(months=months) - dt.timedelta(days=1)).isoformat()


# -- settings --------------------------------------------------------------------------------
def _timezone(t: Text, out: dict[str, Any]) -> None:
    iana = t.take(
        r"\b(?:Africa|America|Asia|Atlantic|Australia|Europe|Pacific|Indian)/"
        r"[A-Za-z_]+(?:/[A-Za-z_]+)?\b",
        0,
    )
    if iana:
        out["timezone"] = iana.group(0)
    else:
        words = "|".join(re.escape(w) for w in sorted(_ZONE_WORDS, key=len, reverse=True))
        m = t.take(rf"\b(?:in\s+)?(?P<z>{words})\b(?:\s+time)?")
        if m and (len(m.group("z")) > 3 or m.group("z").isupper()):
            out["timezone"] = _ZONE_WORDS[m.group("z").lower()]
    if out.pop("_holidays_from_zone", False):
        zone = out.get("timezone", "Europe/London")
        country = _ZONE_COUNTRY.get(zone, "US" if zone.startswith("America/") else "GB")
        out["holidays_country"] = country
        out.setdefault("assumptions", []).append(
            f"Public holidays: {country}'s (from the time zone {zone})."
        )


def _owners(t: Text, out: dict[str, Any]) -> None:
    owners: dict[str, str] = {}
    pattern = (
        rf"\b(?P<name>{_NAME})\s+(?:owns|runs|handles|writes|looks\s+after|is\s+"
        rf"responsible\s+for)\s+(?:the\s+|our\s+)?(?P<chs>[^;,.\n]+)"
    )
    for m in list(re.finditer(pattern, t.working, re.IGNORECASE)):
        named = [channel_of(ch) for ch in CHANNEL.finditer(m.group("chs"))]
        if named and not CHANNEL.fullmatch(m.group("name")):  # "Newsletter runs weekly" is
            owners.update(dict.fromkeys(named, m.group("name")))  # a cadence, not an owner
            t.blank(m.start(), m.end())
    for m in t.take_all(
        rf"(?P<ch>{CHANNEL_TEXT})\s+(?:is\s+)?(?:owned|run|handled|written)"
        rf"\s+by\s+(?P<name>{_NAME})"
    ):
        owners[channel_of(CHANNEL.search(m.group(0)))] = m.group("name")  # type: ignore[arg-type]
    if owners:
        out["owners"] = owners
    default = t.take(rf"\b(?:owner|owned\s+by)\s*(?::|\bis\b)?\s*(?P<name>{_NAME})")
    if default:
        out["default_owner"] = default.group("name")


def _day_rules(t: Text, out: dict[str, Any]) -> None:
    cap = t.take(
        rf"\b(?:no\s+more\s+than|not\s+more\s+than|at\s+most|max(?:imum)?(?:\s+of)?|"
        rf"up\s+to)\s+(?P<n>{NUMBER})\s+(?:\w+\s+)?(?:a|per|each)\s+day\b"
    )
    if cap:
        out["max_per_day"] = number(cap.group("n"))
    allowed = list(range(5))
    if t.take(
        r"\b(?:includ(?:e|ing)|and|plus|also|with)\s+weekends?\b|\bweekends?\s+(?:too|"
        r"as\s+well|included)\b|\b(?:7|seven)\s+days\s+a\s+week\b"
    ):
        allowed = list(range(7))
    span = t.take(
        rf"\b(?:only|just)\s+(?:on\s+)?(?P<a>{WEEKDAY})\s*(?:to|-|–|through)\s*"
        rf"(?P<b>{WEEKDAY})"
    )
    if span:
        allowed = list(range(weekday_index(span.group("a")), weekday_index(span.group("b")) + 1))
    never = t.take(
        rf"\b(?:no\s+(?:posts?|content)\s+on|never\s+on|not\s+on)\s+(?P<d>"
        rf"{PLURAL_WEEKDAY}(?:\s*(?:,|and|or)\s*{PLURAL_WEEKDAY})*)"
    )
    if never:
        allowed = [d for d in allowed if d not in weekdays_in(never.group("d"))]
    if allowed != list(range(5)):
        out["allowed_weekdays"] = allowed


def _stage_mix(t: Text, out: dict[str, Any]) -> tuple[str, str | None] | None:
    """Explicit percentages set the mix; "heavier on X" returns (stage, month or None)."""
    given: dict[str, float] = {}
    for m in t.take_all(rf"(?P<p>\d{{1,3}})\s*%\s*(?:of\s+)?(?P<s>{STAGE})"):
        given[m.group("s").lower()] = float(m.group("p"))
    for m in t.take_all(rf"(?P<s>{STAGE})\s*(?::|at|=)?\s*(?P<p>\d{{1,3}})\s*%"):
        given[m.group("s").lower()] = float(m.group("p"))
    if given:
        rest = max(0.0, 100 - sum(given.values()))
        others = [s for s in STAGES if s not in given]
        weight = sum(DEFAULT_STAGE_MIX[s] for s in others) or 1
        out["stage_mix"] = {s: given.get(s, rest * DEFAULT_STAGE_MIX[s] / weight) for s in STAGES}
    found = t.take(
        rf"\b(?:(?:make\s+)?(?P<m1>{MONTH})\w*\s+)?(?:heavier|heavy|stronger|more\s+"
        rf"weight)\s+on\s+(?P<s>{STAGE})(?:\s+(?:in|for|during)\s+(?P<m2>{MONTH})\w*)?"
    )
    found = found or t.take(
        rf"\bmore\s+(?P<s>{STAGE})(?:\s+(?:content|posts|items))?(?:\s+(?:in|"
        rf"for|during)\s+(?P<m2>{MONTH})\w*)?(?P<m1>)"
    )
    if not found:
        return None
    return found.group("s").lower(), (found.group("m1") or found.group("m2") or None)


# -- channels ------------------------------------------------------------------------------
def _channels(t: Text, allowed: list[int], notes: list[str]) -> list[dict[str, Any]]:
    found: dict[str, dict[str, Any]] = {}
    for clause in re.split(r"[;\n]|:(?!\d)|\.(?:\s|$)|\?|!", t.working):
        pending: list[str] = []  # channels named without a cadence, waiting for one ("A and B
        for piece in _pieces(clause):  # twice a week")
            names = [channel_of(m) for m in CHANNEL.finditer(piece)]
            if not names:
                continue
            rest = CHANNEL.sub(" ", piece)
            cadence = parse_cadence(rest, allowed)
            if cadence is None:
                pending += names
                continue
            cadence.update(_time_of(rest))
            for name in [*pending, *names]:
                if name not in found or "kind" not in found[name]:
                    found[name] = {"channel": name, **cadence}
            pending = []
        for name in pending:
            found.setdefault(name, {"channel": name})
    channels = []
    for name, spec in found.items():
        if "kind" not in spec:
            usual = USUAL_CADENCE.get(name, {"kind": "per_week", "times": 1})
            spec.update(usual)
            notes.append(f"{name}: {_describe(usual)} (no cadence was given).")
        channels.append(spec)
    if not channels:
        channels = [
            {"channel": "LinkedIn", "kind": "per_week", "times": 3},
            {"channel": "Blog", "kind": "per_week", "times": 1},
        ]
        notes.append("Channels: LinkedIn 3 per week and Blog 1 per week (no channels were named).")
    return channels


def _pieces(clause: str) -> list[str]:
    """Split a clause at commas/"and" between channel mentions; words without a channel
    ("and Thursday") stay with the piece before them."""
    cuts = [0, *(m.start() for m in _SEPARATORS.finditer(clause)), len(clause)]
    spans = [clause[a:b] for a, b in zip(cuts, cuts[1:], strict=False)]
    pieces: list[str] = []
    for span in spans:
        if pieces and not (CHANNEL.search(span) and CHANNEL.search(pieces[-1])):
            pieces[-1] += span
        else:
            pieces.append(span)
    return pieces


def _time_of(text: str) -> dict[str, str]:
    m = re.search(r"\bat\s+(?P<h>\d{1,2})(?:[:.](?P<m>\d{2}))?\s*(?P<ap>am|pm)?\b", text, re.I)
    if not m or not (m.group("ap") or m.group("m")):
        return {}
    hour = int(m.group("h")) % 12 + (12 if (m.group("ap") or "").lower() == "pm" else 0)
    if not m.group("ap"):
        hour = int(m.group("h"))
    minute = int(m.group("m") or 0)
    return {"time": f"{hour:02d}:{minute:02d}"} if hour < 24 and minute < 60 else {}


def _describe(cadence: dict[str, Any]) -> str:
    unit = {"per_week": "week", "per_fortnight": "fortnight", "per_month": "month"}
    return f"{cadence['times']} per {unit[cadence['kind']]}"


# -- dates that need the start -------------------------------------------------------------
def _resolve_dates(
    out: dict[str, Any],
    start: dt.date,
    end: dt.date,
    launches: list[tuple[str, str]],
    blackouts: list[tuple[str, str | None]],
    emphasis: tuple[str, str | None] | None,
    notes: list[str],
) -> None:
    days: set[dt.date] = set()
    for first_text, last_text in blackouts:
        first = parse_date(first_text, start)
        last = parse_date(last_text, first or start) if last_text else first
        if first and last:
            days |= {first + dt.timedelta(days=i) for i in range((last - first).days + 1)}
    if days:
        out["blackout_dates"] = [d.isoformat() for d in sorted(days)]
    resolved = [(name, parse_date(when, start)) for name, when in launches]
    if resolved:
        out["launches"] = [{"name": n, "date": d.isoformat()} for n, d in resolved if d]
    if emphasis:
        stage, month = emphasis
        base = out.get("stage_mix", dict(DEFAULT_STAGE_MIX))
        if month is None:
            out["stage_mix"] = emphasise(base, stage)
        else:
            key = _month_key(month, start, end)
            out["stage_mix_overrides"] = {key: emphasise(base, stage)}
        notes.append(
            f"Heavier on {stage}: its share goes up 20 points"
            f"{' in ' + month.capitalize() if month else ''} and the other stages "
            "shrink in proportion."
        )
    if "assumptions" in out:
        notes[:0] = out.pop("assumptions")


def _month_key(word: str, start: dt.date, end: dt.date) -> str:
    """The first month with this name inside the range (else the next one after the start)."""
    month = month_index(word)
    day = start.replace(day=1)
    while day <= end:
        if day.month == month:
            return f"{day:%Y-%m}"
        day += relativedelta(months=1)
    year = start.year + (1 if month < start.month else 0)
    return f"{year}-{month:02d}"
