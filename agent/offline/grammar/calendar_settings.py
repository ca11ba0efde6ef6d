"""Settings in a calendar request: pillars, segment, launches, blackout days, public
holidays, "no posts over christmas", time zone, owners, day rules and the funnel-stage mix.

Each reader consumes its phrase from the `Text` (phrases that carry commas are read before the
channels, so "pillars: a, b and c" is not split into channel clauses).
"""

from __future__ import annotations

import re
from typing import Any

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
    stage_of,
    weekday_index,
    weekdays_in,
)
from tools.calendar.models import DEFAULT_STAGE_MIX, STAGES

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


def pillars(t: Text, out: dict[str, Any]) -> None:
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


def segment(t: Text, out: dict[str, Any]) -> None:
    end = r"(?:ICP|segment|audience|buyers?|persona)s?\b"
    for pattern in (
        rf"\bfocus(?:ing|ed)?\s+on\s+(?:the\s+|our\s+)?(?P<seg>[^;,.:\n]+?)\s+{end}",
        rf"\bfor\s+(?:the\s+|our\s+)?(?P<seg>[^;,.:\n]+?)\s+{end}",
        r"\b(?:ICP|segment|audience|persona)\s*(?::|\bis\b|=)\s*"
        r"(?!\s|(?:in|on|at|from|based|mostly|mainly|now|growing)\b)(?P<seg>[^;,.\n]+)",
        r"\b(?:targeting|targetting|aimed\s+at|aimed\s+squarely\s+at|written\s+for)\s+"
        r"(?:the\s+|our\s+)?(?P<seg>[^;,.:\n]+)",
    ):
        m = t.take(pattern)
        if m:
            out["segment"] = m.group("seg").strip()
            return


def launch_phrases(t: Text) -> list[tuple[str, str]]:
    found = []
    for pattern, suffix in (
        (
            rf"\blaunch(?:ing)?\s+(?:of\s+)?(?:the\s+|our\s+)?(?!(?:is|date|day|will)\b)"
            rf"(?P<name>[^;,.:\n]+?)\s+on\s+"
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
        (
            rf"\b(?:we(?:'re|\s+are)?\s+|(?:the|our|a)\s+)?(?P<name>launch)(?:ing|es)?\s+"
            rf"(?:date\s+)?(?:is\s+)?on\s+(?P<d>{DATE})",
            "",
        ),
    ):
        for m in t.take_all(pattern):
            name = m.group("name").strip()
            found.append((name[0].upper() + name[1:] + suffix, m.group("d")))
    return found


def blackout_phrases(t: Text) -> list[tuple[str, str | None]]:
    """(date, None) for single days, (first, last) for ranges; resolved once the start is
    known."""
    lead = (
        r"\b(?:no\s+(?:posts?|posting|content|items?|publishing)|nothing|blackout|black\s+out|"
        r"pause|dark)"
    )
    found: list[tuple[str, str | None]] = []
    for m in t.take_all(  # "nothing at all between christmas eve and new year's day"
        rf"{lead}(?:\s+(?:at\s+all|whatsoever|going\s+out|goes\s+out|published|scheduled))?"
        rf"\s+(?:from|between)\s+(?P<a>{DATE}|\d{{1,2}}(?:st|nd|rd|th)?)"
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


def holidays(t: Text, out: dict[str, Any], notes: list[str]) -> None:
    """ "skip UK bank holidays", "bank hols", "US holidays", "public holidays" (the time zone's
    country), "no posts over christmas" (24 Dec to 1 Jan dark, and the bank holidays)."""
    _christmas(t, out, notes)
    lead = (
        r"(?:(?:skip(?:ping)?|avoid(?:ing)?|exclud(?:e|ing)|except(?:\s+on)?|not\s+on|"
        r"around|(?:no|nothing)\s+(?:\w+\s+)?on|off\s+on)\s+(?:the\s+|all\s+)?)?"
    )
    m = t.take(
        rf"{lead}\b(?:(?P<who>{_PLACE})\s+)?(?P<kind>bank|public|federal|national|stat(?:utory)?)"
        r"\s+(?:holidays?|hols?|holiday\s+dates)\b"
        rf"|{lead}\b(?P<who2>{_PLACE})\s+(?:holidays?|hols)\b"
    )
    plain = (
        None
        if m
        else t.take(
            r"\b(?:skip|avoid|excluding|except(?:\s+on)?|no\s+\w+\s+on|not\s+on|around)"
            r"\s+(?:the\s+)?(?:holidays|hols)\b"
        )
    )
    if not (m or plain or out.get("_christmas")):
        return
    who = ((m.group("who") or m.group("who2") or "") if m else "").lower()
    kind = (m.group("kind") or "").lower() if m else ""
    if who:
        out["holidays_country"], subdivision = _HOLIDAY_PLACES[who]
        if subdivision:
            out["holidays_subdivision"] = subdivision
    elif kind == "federal":
        out["holidays_country"] = "US"
    elif kind == "bank" or out.pop("_christmas", False):
        out["holidays_country"] = "GB"
        notes.append("Bank holidays: the UK's (GB), as no country was named.")
    else:
        out["holidays_country"] = "GB"  # replaced below if a time zone names another country
        out["_holidays_from_zone"] = True
    out.pop("_christmas", None)


def _christmas(t: Text, out: dict[str, Any], notes: list[str]) -> None:
    m = t.take(
        r"\b(?:no\s+(?:posts?|posting|content|publishing|items?)|nothing|pause|dark|go\s+dark|"
        r"skip|avoid|off|quiet|break)\s+(?:\w+\s+){0,2}?(?:over|during|around|at|for)\s+"
        r"(?:the\s+)?(?:christmas|xmas|festive\s+(?:period|season|break)|holiday\s+season)"
        r"(?:\s+(?:and\s+new\s+year|period|break|week|holidays?))?\b"
    )
    if not m:
        return
    out["_christmas"] = True
    out["_christmas_dark"] = True
    notes.append("Christmas: no posts from 24 December to 1 January.")


def timezone(t: Text, out: dict[str, Any]) -> None:
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


def owners(t: Text, out: dict[str, Any]) -> None:
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


def day_rules(t: Text, out: dict[str, Any]) -> None:
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


def stage_mix(t: Text, out: dict[str, Any]) -> tuple[str, str | None] | None:
    """Explicit percentages set the mix; "heavier on X" returns (stage, month or None)."""
    given: dict[str, float] = {}
    for m in t.take_all(rf"(?P<p>\d{{1,3}})\s*%\s*(?:of\s+)?(?P<s>{STAGE})"):
        given[stage_of(m.group("s"))] = float(m.group("p"))
    for m in t.take_all(rf"(?P<s>{STAGE})\s*(?::|at|=)?\s*(?P<p>\d{{1,3}})\s*%"):
        given[stage_of(m.group("s"))] = float(m.group("p"))
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
    return stage_of(found.group("s")), (found.group("m1") or found.group("m2") or None)
