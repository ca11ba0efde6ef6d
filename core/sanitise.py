"""Untrusted text made harmless: one module for the way in and the way out.

**In** (document text, CSV cells, campaign names): `clean_text` removes characters a reader
cannot see but a model or a filter reads — C0/C1 controls (tab and newlines stay), zero-width
characters, bidirectional embeddings/overrides/isolates and marks, soft hyphens, filler
characters, variation selectors beyond U+FE0F and Unicode tag characters (the carriers of
"ASCII smuggling"). Look-alikes that are real writing stay: zero-width joiners between two
non-ASCII characters (emoji sequences, Indic and Persian spelling), U+FE0F emoji
presentation, and the tag sequences of subdivision flags (🏴 England, Scotland, Wales).

**Out** (every answer, citation, thread message and export): `neutralise_markdown` keeps
Markdown as Markdown but guarantees that, rendered as CommonMark with GitHub's autolinks, it
shows **no image, no raw HTML and no link** except to the same server (`/…`, `#…`) or to a
host in the allow-list (`CMO_LINK_HOSTS`). Images become their alt text, other links their
text; raw HTML, link reference definitions and stray link syntax are backslash-escaped (they
read as typed); bare URLs to other hosts are defanged (`hxxps://host/…`, `www·host`). It
works line by line, so `MarkdownStream` can apply the same rules to streamed tokens: the
joined stream is exactly `neutralise_markdown` of the whole text. A final check parses the
result with markdown-it-py; anything it still finds is entity-escaped.

**Exports**: `csv_cell` prefixes an apostrophe to cells a spreadsheet would run as a formula
(leading `=`, `+`, `-`, `@`, tab or carriage return; plain numbers such as `-5` stay).
"""

from __future__ import annotations

import html
import logging
import re
from collections.abc import Iterable, Sequence
from functools import lru_cache
from urllib.parse import urlsplit

from markdown_it import MarkdownIt
from markdown_it.token import Token

log = logging.getLogger(__name__)

# -- the way in -------------------------------------------------------------------------------
_CONTROLS = r"\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f"
_INVISIBLE = (
    r"\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b\u200e\u200f"
    r"\u202a-\u202e\u2060-\u2064\u2066-\u206f\u3164\ufeff\uffa0\ufff9-\ufffb"
    r"\U0001d173-\U0001d17a\U000e0100-\U000e01ef"
)
_STRIP = re.compile(f"[{_CONTROLS}{_INVISIBLE}]")
_FLAG_TAGS = re.compile("\U0001f3f4[\U000e0030-\U000e0039\U000e0061-\U000e007a]{2,6}\U000e007f")
_TAGS = re.compile("[\U000e0000-\U000e007f]")
_JOINERS = re.compile("[\u200c\u200d]")


# The same removal for SQL engines with RE2 regular expressions (DuckDB's regexp_replace),
# used on imported CSV cells: controls, zero-width, bidi, soft hyphen, fillers, tags.
SQL_INVISIBLE = (
    r"[\x{0000}-\x{0008}\x{000B}\x{000C}\x{000E}-\x{001F}\x{007F}-\x{009F}\x{00AD}"
    r"\x{034F}\x{061C}\x{115F}\x{1160}\x{17B4}\x{17B5}\x{180B}-\x{180F}\x{200B}"
    r"\x{200E}\x{200F}\x{202A}-\x{202E}\x{2060}-\x{2064}\x{2066}-\x{206F}\x{3164}"
    r"\x{FEFF}\x{FFA0}\x{FFF9}-\x{FFFB}\x{E0000}-\x{E007F}\x{E0100}-\x{E01EF}]"
)


def clean_text(text: str) -> str:
    """`text` without invisible and control characters (see the module docstring)."""
    return strip_invisible(text)[0]


def strip_invisible(text: str) -> tuple[str, int]:
    """`(cleaned, how many characters were removed)`."""
    if text.isascii():
        cleaned = _STRIP.sub("", text)
        return cleaned, len(text) - len(cleaned)
    pieces: list[str] = []
    last = 0
    if "\U0001f3f4" in text:
        for match in _FLAG_TAGS.finditer(text):
            pieces += [_clean_segment(text[last : match.start()]), match.group(0)]
            last = match.end()
    pieces.append(_clean_segment(text[last:]))
    cleaned = "".join(pieces)
    return cleaned, len(text) - len(cleaned)


def _clean_segment(text: str) -> str:
    return _JOINERS.sub(_joiner, _TAGS.sub("", _STRIP.sub("", text)))


def _joiner(match: re.Match[str]) -> str:
    """Keep a zero-width (non-)joiner only between two non-ASCII characters."""
    text, at = match.string, match.start()
    before = text[at - 1] if at > 0 else " "
    after = text[at + 1] if at + 1 < len(text) else " "
    return match.group(0) if not before.isascii() and not after.isascii() else ""


# -- the way out ------------------------------------------------------------------------------
_BS = r"(?<!\\)(?P<bs>(?:\\\\)*)"  # an even run of backslashes: what follows is not escaped
_TITLE = r"""(?:\s+(?:"[^"\n]*"|'[^'\n]*'|\([^()\n]*\)))?"""


def _target(name: str) -> str:
    return (
        r"\]\(\s*(?P<"
        + name
        + r">(?:<[^<>\n]*>|[^\s()]*(?:\([^\s()]*\)[^\s()]*)*))"
        + _TITLE
        + r"\s*\)"
    )


_MARKUP = re.compile(
    _BS
    + r"(?:!\[(?P<alt>[^\[\]\n]*)"
    + _target("src")
    + r"|\[(?P<text>[^\[\]\n]*)"
    + _target("href")
    + r"|(?P<stray>!\[|\]\(|<(?=[A-Za-z/!?])))"
)
_REF_DEF = re.compile(r"^( {0,3})\[(?=(?:[^\]\\\n]|\\.)+\]:)")
_WWW_IN_TOKEN = re.compile(r"(?i)(?<![a-z0-9])(www)\.")
_SCHEME_IN_TOKEN = re.compile(r"(?i)(?<![a-z0-9])(https?|ftp)://")
_DEFANGED = {"http": "hxxp", "https": "hxxps", "ftp": "fxp"}
_URL = re.compile(r"(?i)(?:(?<![a-z0-9])(?:https?|ftp)://|(?<![a-z0-9.])www\.)[^\s<>]*")
_STREAM_HOLD = re.compile(r"(?i)[\[\]<]|://|www\.")


def _markup(match: re.Match[str], hosts: Sequence[str]) -> str:
    """An image becomes its alt text, an off-list link its text; stray syntax is escaped.
    The text kept is neutralised too (a link's text may hold raw HTML)."""
    backslashes = match.group("bs")
    if match.group("stray") is not None:
        return backslashes + "\\" + match.group("stray")
    if match.group("src") is not None:
        return backslashes + _inner(match.group("alt"), hosts)
    text = match.group("text")
    if link_allowed(match.group("href"), hosts):
        rest = match.group(0)[len(backslashes) + 1 + len(text) :]
        return backslashes + "[" + _inner(text, hosts) + rest
    return backslashes + _inner(text, hosts)


def _inner(text: str, hosts: Sequence[str]) -> str:
    return _MARKUP.sub(lambda m: _markup(m, hosts), text)


def host_allowed(host: str, hosts: Iterable[str]) -> bool:
    host = host.lower().rstrip(".")
    for allowed in hosts:
        if allowed.startswith("*."):
            if host.endswith(allowed[1:]):
                return True
        elif host == allowed:
            return True
    return False


def link_allowed(destination: str, hosts: Sequence[str]) -> bool:
    """Whether a link target stays on this server (`/path`, `#anchor`) or goes to an
    allowed host over http(s). Entities, escapes and whitespace are resolved first, as a
    renderer and a browser would."""
    target = destination.strip()
    if target.startswith("<") and target.endswith(">"):
        target = target[1:-1]
    target = html.unescape(re.sub(r"\\([!-/:-@\[-`{-~])", r"\1", target))
    target = re.sub(r"[\x00-\x20\x7f]", "", target)
    if target.startswith("#"):
        return True
    if target.startswith("/"):
        return not target.startswith(("//", "/\\"))
    try:
        parts = urlsplit(target)
    except ValueError:
        return False
    return parts.scheme.lower() in ("http", "https") and host_allowed(parts.hostname or "", hosts)


def neutralise_line(line: str, hosts: Sequence[str] = ()) -> str:
    """One line made safe (the rules of `neutralise_markdown`)."""
    line = clean_text(line)
    if not any(c in line for c in "[]<") and "://" not in line and "www." not in line.lower():
        return line
    line = _REF_DEF.sub(lambda m: m.group(1) + "\\[", line)
    line = _MARKUP.sub(lambda m: _markup(m, hosts), line)
    return _URL.sub(lambda m: _defang(m.group(0), hosts), line)


def _defang(url: str, hosts: Sequence[str]) -> str:
    target = url if "://" in url else "http://" + url
    try:
        host = urlsplit(target).hostname or ""
    except ValueError:
        host = ""
    if host and host_allowed(host, hosts):
        return url
    out = _SCHEME_IN_TOKEN.sub(lambda m: _DEFANGED[m.group(1).lower()] + "://", url)
    return _WWW_IN_TOKEN.sub(lambda m: m.group(1) + "\u00b7", out)


def neutralise_markdown(text: str, hosts: Sequence[str] = ()) -> str:
    """`text` with no image, raw HTML or off-list link (see the module docstring). The same
    text is neutralised once: a chat turn's citations repeat the same passages."""
    if not text:
        return text
    return _neutralised(text, tuple(hosts))


@lru_cache(maxsize=512)
def _neutralised(text: str, hosts: tuple[str, ...]) -> str:
    out = "\n".join(neutralise_line(line, hosts) for line in text.split("\n"))
    if _has_markup(out, hosts):
        log.warning("markup survived neutralising; entity-escaping the answer")
        out = _entity_escape(out)
    return out


class MarkdownStream:
    """`neutralise_markdown` for text that arrives in pieces. `feed` returns what can be
    shown now; `close` the rest. A line is held back from its first `[`, `]`, `<`, `://`
    or `www.` until it ends; other text is released word by word."""

    def __init__(self, hosts: Sequence[str] = ()) -> None:
        self.hosts = tuple(hosts)
        self._line = ""
        self._shown = 0  # characters of the neutralised current line already released

    def feed(self, piece: str) -> str:
        out: list[str] = []
        self._line += piece
        while "\n" in self._line:
            line, self._line = self._line.split("\n", 1)
            out.append(self._finish(line) + "\n")
        if self._line and not _STREAM_HOLD.search(self._line):
            cut = max(self._line.rfind(" "), self._line.rfind("\t")) + 1
            if cut > 0:
                ready = clean_text(self._line[:cut])
                out.append(ready[self._shown :])
                self._shown = len(ready)
        return "".join(out)

    def close(self) -> str:
        rest = self._finish(self._line) if self._line else ""
        self._line = ""
        return rest

    def _finish(self, line: str) -> str:
        full = neutralise_line(line, self.hosts)
        shown, self._shown = self._shown, 0
        return full[shown:]


# -- the final check ------------------------------------------------------------------------
@lru_cache(maxsize=1)
def _parser() -> MarkdownIt:
    return MarkdownIt("commonmark", {"html": True})


def _has_markup(text: str, hosts: tuple[str, ...]) -> bool:
    """Whether a CommonMark renderer would still produce an image, raw HTML or an off-list
    link from `text`, or a bare URL to another host is left (checked by markdown-it-py)."""
    if not any(c in text for c in "[]<") and "://" not in text:
        return False
    stack: list[Token] = list(_parser().parse(text))
    while stack:
        token = stack.pop()
        if token.type in ("image", "html_inline", "html_block"):
            return True
        if token.type == "link_open" and not link_allowed(str(token.attrGet("href")), hosts):
            return True
        if token.type == "text" and any(
            _defang(m.group(0), hosts) != m.group(0) for m in _URL.finditer(token.content)
        ):
            return True
        stack.extend(token.children or [])
    return False


def _entity_escape(text: str) -> str:
    table = {"<": "&lt;", ">": "&gt;", "[": "&#91;", "]": "&#93;", "!": "&#33;", ":": "&#58;"}
    return "".join(table.get(c, c) for c in text)


# -- exports ----------------------------------------------------------------------------------
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"-?\d+(?:[.,]\d+)*")


def csv_cell(value: str) -> str:
    """A cell a spreadsheet will show as text: formula-like starts get a leading `'`."""
    if value.startswith(_FORMULA_START) and not _NUMBER.fullmatch(value):
        return "'" + value
    return value
