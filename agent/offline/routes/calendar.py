"""Routing for `generate_content_calendar` and `revise_content_calendar`.

Besides the shared examples and keywords, the calendar grammar gives its own evidence: a
message naming a channel with a cadence ("linkedin 3/wk", "every tue & thu on linkedin") and
a start, end or length is a request for a new calendar; a verb of change next to a channel
("scrap tiktok", "knock linkedin down to…") is a change to the saved one.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from agent.offline.cues import CALENDAR_CHANGE
from agent.offline.examples.calendar import (
    GENERATE_EXAMPLES,
    GENERATE_KEYWORDS,
    REVISE_EXAMPLES,
    REVISE_KEYWORDS,
)
from agent.offline.grammar.calendar_cadence import cadence_pattern
from agent.offline.grammar.calendar_named_days import NAMED_DAY
from agent.offline.grammar.calendar_phrases import CHANNEL_TEXT, DATE, MONTH, WEEKDAY
from agent.offline.grammar.calendar_request import parse_request
from agent.offline.grammar.calendar_revision import parse_revision
from agent.offline.routing import Routing, RoutingInput

_WHEN = (
    rf"\b(?:from|starting|start(?:ing)?\s+on|until|till|through|thru|end\s+of)\s+(?:the\s+)?"
    rf"(?:next\s+|this\s+)?(?:today|tomorrow|week|month|quarter|{WEEKDAY}|{MONTH}|\d)"
    rf"|{DATE}|\b(?:\d{{1,2}}|two|three|four|six|eight|ten|twelve)[\s-]*(?:weeks?|wks?|months?)\b"
    rf"|\b(?:q[1-4]|h[12])\b|\bhalf\s+of\s+(?:next|this)\s+year\b|\b{MONTH}\w*\s+to\s+{MONTH}"
    rf"|{NAMED_DAY}|\bmonth\s+of\s+{MONTH}|\b(?:week|fortnight|month|quarter|year)[\s-]+long\b"
    r"|\b(?:rest|remainder)\s+of\s+the\s+(?:year|month|quarter)\b"
)
# a channel, a cadence and a when, in any order
_PLAN_WORDS = re.compile(
    rf"(?=.*{CHANNEL_TEXT})(?=.*(?:{cadence_pattern()}))(?=.*(?:{_WHEN}))", re.I | re.S
)
_CHANGE_WORDS = re.compile(
    rf"\b(?:scrap|ditch|bin|axe|shelve|knock|bump|drop|kill|lose|pull|swap)\b.{{0,30}}"
    rf"{CHANNEL_TEXT}",
    re.I | re.S,
)
_CALENDAR_TYPO = (  # "calender for…", and "cal:" / "content cal" for the calendar
    r"\bcalend[ae]r\b.{0,60}\b(?:from|for|starting)\b|^\W*cal\b|\b(?:content|posting|social|"
    r"editorial) cal\b|\b(?:a|the|new|our) cal\b(?! (?:of|for) )"
)


def calendar_routes() -> dict[str, Routing]:
    return {
        "generate_content_calendar": Routing(
            examples=GENERATE_EXAMPLES,
            extract_args=lambda request: parse_request(request.text, request.today),
            keywords=(*GENERATE_KEYWORDS, _PLAN_WORDS, _CALENDAR_TYPO),
            intent_required=True,
            grammar=_whole_plan,
            summary="plan a content calendar (channels, cadence, holidays, launches) with "
            "CSV, iCalendar, Markdown and JSON exports",
        ),
        "revise_content_calendar": Routing(
            examples=REVISE_EXAMPLES,
            extract_args=lambda request: parse_revision(
                request.text, request.today, _last_span(request), _last_cadences(request)
            ),
            keywords=(*REVISE_KEYWORDS, _CHANGE_WORDS),
            intent_required=True,
            grammar=lambda request: -_whole_plan(request),
            summary="change a saved content calendar (drop a channel, move a channel's cadence, "
            "make a month heavier on a funnel stage)",
            follow_up=True,
        ),
    }


def _whole_plan(request: RoutingInput) -> float:
    """A whole plan said without a word of change ("masterclass on the 2nd wednesday and the
    newsletter the first monday, january to june"): a new calendar, even when one is saved.
    Changes name what changes ("make feb more…", "move the newsletter to fridays")."""
    if not _PLAN_WORDS.search(request.text) or CALENDAR_CHANGE.search(request.text):
        return 0.0
    return 4.0


def _last_span(request: RoutingInput) -> tuple[dt.date, dt.date] | None:
    """The dates of the calendar planned earlier in this conversation, if any."""
    args = request.previous_args("generate_content_calendar") or {}
    try:
        start = dt.date.fromisoformat(str(args["start"]))
        if args.get("end"):
            return start, dt.date.fromisoformat(str(args["end"]))
        return start, start + dt.timedelta(days=7 * int(args["weeks"]) - 1)
    except (KeyError, TypeError, ValueError):
        return None


def _last_cadences(request: RoutingInput) -> dict[str, dict[str, Any]]:
    """Each channel's cadence in the calendar planned earlier in this conversation, with the
    last revision's new cadences over it."""
    planned = request.previous_args("generate_content_calendar") or {}
    revised = request.previous_args("revise_content_calendar") or {}
    cadences: dict[str, dict[str, Any]] = {}
    for spec in [*planned.get("channels", []), *revised.get("reschedule", [])]:
        if isinstance(spec, dict) and "channel" in spec:
            cadences[str(spec["channel"])] = spec
    return cadences
