"""Messages pasted from email or Slack, with the ask inside: the wrapping taken off so no rule
reads it as a request of its own ("Sent from my iPhone" is not something to do). Removed: a
"Fwd:" / "Re:" subject line above the ask (the prefix alone when it is the ask), quote marks
("> "), "On … wrote:" lines, "Sent from my …" and "Get Outlook for …" lines, a leading
@mention ("@priya can you…"), and a sign-off at the end ("Thanks,\\nTom"). Anything else is
left as typed."""

from __future__ import annotations

import re

_PREFIX = re.compile(r"^[ \t]*(?:(?:fwd?|fw|re)[ \t]*:[ \t]*)+", re.I | re.M)
_SUBJECT = re.compile(r"^[ \t]*(?:(?:fwd?|fw|re)[ \t]*:)[^\n]*\n(?=\s*\S)", re.I)  # then the ask
_QUOTE = re.compile(r"^[ \t]*(?:>[ \t]?)+", re.M)
_MENTION = re.compile(r"^[ \t]*@[\w.-]+[,:]?[ \t]+", re.M)
_BOILERPLATE = re.compile(
    r"^[ \t]*(?:sent from my [\w ]{2,30}|get outlook for [\w ]{2,20}|on .{3,120} wrote:|"
    r"-{2,}|_{3,}|(?:begin )?forwarded message:?.*|-+ ?original message ?-+)[ \t]*$",
    re.I | re.M,
)
_SIGN_OFF = re.compile(
    r"\n[ \t]*(?:thanks|thank you|many thanks|cheers|best|regards|kind regards|best regards|thx|"
    r"ta)[ \t]*[,!.]*[ \t]*(?:\n[ \t]*[A-Z][\w.'-]*(?:[ \t]+[A-Z][\w.'-]*){0,2}[ \t]*)?\s*$",
    re.I,
)


_PASTED = re.compile(
    r"^[ \t]*(?:>|@|fwd?:|fw:|re:)|sent from my|get outlook|wrote:|\n", re.I | re.M
)


def unwrapped(text: str) -> str:
    """`text` without what email and Slack wrap around a pasted ask (see the module
    docstring); unchanged when nothing of the kind is there."""
    if not _PASTED.search(text):
        return text
    out = _BOILERPLATE.sub("", text)
    out = _SUBJECT.sub("", out)
    out = _PREFIX.sub("", out)
    out = _QUOTE.sub("", out)
    out = _MENTION.sub("", out)
    out = _SIGN_OFF.sub("", out)
    out = re.sub(r"\n{2,}", "\n", out).strip()
    return out or text
