"""Right after a calendar, a short message that only changes its cadence or its length plans
the same calendar again (`generate_content_calendar` with the previous request's arguments):

- a cadence said on its own ("every two weeks i mean" after a "biweekly newsletter" read one
  way, "hmm make it 3 a week instead" after an Instagram-only plan): that channel's cadence
  as said. The channel is the one whose cadence the answer flagged as ambiguous, else the
  only one; otherwise nothing is assumed (the message is read as usual);
- a new length or end ("same thing but stretch it to 10 weeks", "make it 8 weeks", "extend it
  to the end of Feb", "can we run it till christmas?"): the same channels and start with the
  new length (a new start, when one is said, replaces the old one)."""

from __future__ import annotations

import copy
import datetime as dt
import re
from typing import Any

from agent.offline.grammar.calendar_cadence import find_cadences
from agent.offline.grammar.calendar_dates import read_span
from agent.offline.grammar.calendar_named_days import rewrite_named_days
from agent.offline.grammar.calendar_phrases import CHANNEL, Text
from agent.offline.routing import RoutingInput

MAX_WORDS = 7
MAX_LENGTH_WORDS = 14
_AMBIGUOUS = re.compile(r"^(?P<channel>[^:]+):.*\bcan mean\b")
_FILLER = re.compile(
    r"\b(?:i|mean|meant|sorry|no|actually|sorry,|oh|ah|the|pls|please|hmm+|hm|um+|erm|ok|"
    r"okay|make|it|instead|change|switch|to|can|could|you|we|do|let['’]?s|lets|go|with|for|"
    r"maybe|then|rather|just|better|how|about|that|that['’]?s|be|would|prefer|yeah|yes)\b",
    re.I,
)
_LENGTH_WORDS = """
same thing plan calendar one again but and so stretch extend extended shorten shorter longer
cut trim it out to make made the a an can could we you do go for instead please pls ok okay
hmm hm actually let's lets run keep push take down up over i mean change how about that this
just rather then sorry no yeah oh ah with everything else all of is be would prefer like there
"""
_LENGTH_FILLER = frozenset(_LENGTH_WORDS.split())


def cadence_answer(request: RoutingInput) -> dict[str, Any] | None:
    """The previous calendar's arguments with one channel's cadence, or the length, replaced;
    None when the message is not such a change (see the module docstring)."""
    if not request.history or request.history[-1].name != "generate_content_calendar":
        return None
    if CHANNEL.search(request.text):
        return None  # a channel named: the usual path
    return _new_cadence(request) or _new_length(request)


def _new_cadence(request: RoutingInput) -> dict[str, Any] | None:
    text = request.text.strip().rstrip("?.!")
    # "every two weeks i mean, not twice a week": what follows "not" is what it is not
    text = re.split(r"\b(?:not|rather than|instead of)\b", text, maxsplit=1)[0]
    if len(text.split()) > MAX_WORDS:
        return None
    phrases = find_cadences(text)
    rest = text
    for phrase in reversed(phrases):
        rest = rest[: phrase.start] + rest[phrase.end :]
    if len(phrases) != 1 or _FILLER.sub("", rest).strip(" ,"):
        return None  # more than a cadence was said
    previous = copy.deepcopy(request.history[-1].args)
    channels = previous.get("channels") or []
    flagged = [
        m.group("channel").strip()
        for note in previous.get("assumptions") or []
        if (m := _AMBIGUOUS.match(str(note)))
    ]
    target = flagged[0] if flagged else (channels[0]["channel"] if len(channels) == 1 else None)
    spec = next((c for c in channels if c.get("channel") == target), None)
    if spec is None:
        return None
    allowed = previous.get("allowed_weekdays") or [0, 1, 2, 3, 4]
    for key in ("kind", "times", "weekdays", "rule"):
        spec.pop(key, None)
    spec.update(phrases[0].spec(allowed))
    return _with_notes(previous, drop=(f"{target}:",), add=[])


def _new_length(request: RoutingInput) -> dict[str, Any] | None:
    """ "make it 8 weeks", "extend it to the end of Feb": the same plan, the new length."""
    if len(request.text.split()) > MAX_LENGTH_WORDS or find_cadences(request.text):
        return None
    previous = copy.deepcopy(request.history[-1].args)
    try:
        start = dt.date.fromisoformat(str(previous["start"]))
    except (KeyError, ValueError):
        return None
    text, named = rewrite_named_days(request.text, request.today)
    t = Text(text)
    notes: list[str] = []
    span = read_span(t, request.today, notes, default_start=start)
    unread = [w for w in re.findall(r"[\w'’]+", t.working) if w.lower() not in _LENGTH_FILLER]
    if unread or any(n.startswith("Length:") for n in notes):
        return None  # nothing about the length was said, or more than that
    previous.pop("end", None)
    previous.pop("weeks", None)
    previous["start"] = span.start.isoformat()
    if span.end is not None:
        previous["end"] = span.end.isoformat()
    else:
        previous["weeks"] = span.weeks
    moved = span.start != start
    said = "channels" if moved else "channels and start"
    added = [*named, *notes, f"The same {said} as the calendar before, with the new length."]
    return _with_notes(previous, drop=("Length:", "Start:") if moved else ("Length:",), add=added)


def _with_notes(args: dict[str, Any], drop: tuple[str, ...], add: list[str]) -> dict[str, Any]:
    """`args` without the assumptions starting with `drop`, with `add` after them."""
    kept = [n for n in args.get("assumptions") or [] if not str(n).startswith(drop)]
    args.pop("assumptions", None)
    if kept or add:
        args["assumptions"] = [*kept, *add]
    return dict(args)
