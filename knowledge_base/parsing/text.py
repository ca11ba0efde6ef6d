"""Bytes → text (the encoding policy of `core.encoding`); plain-text sections."""

from __future__ import annotations

import codecs
import re

from core.encoding import decode
from core.errors import UnreadableFile
from core.sanitise import clean_text as sanitise_text
from core.sanitise import strip_invisible
from knowledge_base.parsing.sections import Section

# Control characters other than tab, newline, carriage return and form feed.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
_TRAILING_SPACE = re.compile(r"[ \t]+\n")
_BLANK_RUNS = re.compile(r"\n{3,}")
_MAX_CONTROL_RATIO = 0.01
_WIDE_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)  # UTF-16/32 text holds zero bytes
_FRONT_MATTER = re.compile(
    r"\A---[ \t]*\n[\w-]+[ \t]*:.*?\n(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.DOTALL
)


def decode_text(filename: str, data: bytes) -> tuple[str, str]:
    """Decode a text upload (encoding chosen by `core.encoding`). Returns (text, encoding);
    refuses binary or undecodable bytes."""
    if b"\x00" in data and not data.startswith(_WIDE_BOMS):
        raise UnreadableFile(f"{filename}: the file contains binary data, not text")
    try:
        text, encoding = decode(data)
    except UnicodeDecodeError as exc:
        raise _undecodable(filename) from exc
    text = text.removeprefix("\ufeff")
    controls = len(_CONTROL.findall(text))
    if "\x00" in text or controls > max(2, len(text) * _MAX_CONTROL_RATIO):
        raise UnreadableFile(f"{filename}: the file contains binary data, not text")
    return text.replace("\r\n", "\n"), encoding


def count_invisible(text: str) -> int:
    """Invisible characters `clean_text` will remove (zero-width, bidi, tags, controls)."""
    return strip_invisible(_CONTROL.sub("", text.replace("\f", "").replace("\r", "")))[1]


def clean_text(text: str) -> str:
    """Unix newlines, no control or invisible characters (`core.sanitise`), no trailing
    spaces, at most one blank line."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n\n")
    text = sanitise_text(_CONTROL.sub("", text))
    text = _TRAILING_SPACE.sub("\n", text)
    return _BLANK_RUNS.sub("\n\n", text).strip()


def parse_text(text: str) -> list[Section]:
    """Plain text has no headings: one section, which the chunker splits at blank lines."""
    text = clean_text(text)
    return [Section(text=text)] if text else []


def strip_front_matter(text: str) -> tuple[str, bool]:
    """Remove a leading YAML front-matter block (--- key: value ... ---) from Markdown."""
    match = _FRONT_MATTER.match(text)
    return (text[match.end() :], True) if match else (text, False)


def _undecodable(filename: str) -> UnreadableFile:
    return UnreadableFile(
        f"{filename}: the text could not be decoded (it is not UTF-8 or Windows-1252); "
        "save it as UTF-8 and upload it again"
    )
