"""A cadence said on its own right after a calendar ("every two weeks i mean" after a
"biweekly newsletter" read one way): the same calendar planned again with that channel's
cadence as said. The channel is the one whose cadence the answer flagged as ambiguous, else
the only one; otherwise nothing is assumed (the message is read as usual)."""

from __future__ import annotations

import copy
import re
from typing import Any

from agent.offline.grammar.calendar_cadence import find_cadences
from agent.offline.grammar.calendar_phrases import CHANNEL
from agent.offline.routing import RoutingInput

MAX_WORDS = 7
_AMBIGUOUS = re.compile(r"^(?P<channel>[^:]+):.*\bcan mean\b")
_FILLER = re.compile(r"\b(?:i|mean|meant|sorry|no|actually|sorry,|oh|ah|the|pls|please)\b", re.I)


def cadence_answer(request: RoutingInput) -> dict[str, Any] | None:
    """The previous calendar's arguments with one channel's cadence replaced, or None."""
    if not request.history or request.history[-1].name != "generate_content_calendar":
        return None
    text = request.text.strip().rstrip("?.!")
    # "every two weeks i mean, not twice a week": what follows "not" is what it is not
    text = re.split(r"\b(?:not|rather than|instead of)\b", text, maxsplit=1)[0]
    if len(text.split()) > MAX_WORDS or CHANNEL.search(request.text):
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
    previous["assumptions"] = [
        n for n in previous.get("assumptions") or [] if not str(n).startswith(f"{target}:")
    ]
    if not previous["assumptions"]:
        previous.pop("assumptions")
    return dict(previous)
