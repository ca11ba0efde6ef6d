"""One policy for turning uploaded bytes into text, for documents and data files alike.

Order: a byte-order mark decides (UTF-8, UTF-16, UTF-32); else strict UTF-8; else a text
`charset-normalizer` reads confidently in a non-Latin script (Cyrillic, Arabic, CJK…) keeps
the encoding it found; else one of the Latin code pages: Windows-1252 (what Excel on Windows
saves in Western Europe) unless Windows-1250 (Central Europe) reads with fewer garbled words.

Why not charset-normalizer alone for Latin text: on short samples it cannot tell the Latin
code pages apart (it reads French as cp1250, turning "è" into "č", and "£100" as Japanese),
and its mess ratio penalises a currency sign before digits, which every spend column has. A
garbled word is what tells them apart: Polish read as Windows-1252 is "Za¿ó³æ", symbols
between letters.
"""

from __future__ import annotations

import codecs
import unicodedata

from charset_normalizer import from_bytes

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
LATIN_CODE_PAGES = ("cp1252", "cp1250")  # in order of preference on a tie
MIN_COHERENCE = 0.1  # charset-normalizer's language coherence (0–1) to trust a non-Latin script


def detect_encoding(data: bytes, truncated: bool = False) -> str:
    """The Python codec name to decode `data` with (see the module docstring for the order).

    `truncated`: `data` is the head of a larger file, so a multi-byte UTF-8 character cut at
    its very end does not count against UTF-8."""
    for bom, name in _BOMS:
        if data.startswith(bom):
            return name
    if _is_utf8(data, truncated):
        return "utf-8"
    best = from_bytes(data).best()
    if best is not None and best.coherence >= MIN_COHERENCE and not _latin_script(str(best)):
        return str(codecs.lookup(best.encoding).name)
    readings = []
    for rank, name in enumerate(LATIN_CODE_PAGES):
        try:
            readings.append((_garbled_words(data.decode(name)), rank, name))
        except UnicodeDecodeError:
            continue
    if readings:
        return min(readings)[2]
    return str(codecs.lookup(best.encoding).name) if best is not None else "latin-1"


def decode(data: bytes) -> tuple[str, str]:
    """`(text, encoding)` of a whole file; raises `UnicodeDecodeError` when even the chosen
    encoding fails (callers refuse the file with their own message)."""
    encoding = detect_encoding(data)
    return data.decode(encoding), encoding


def _garbled_words(text: str) -> int:
    """Non-ASCII symbols or digits squeezed between two letters ("Za¿ó³æ"), a sign of the
    wrong code page; punctuation such as ’ and — is not counted."""
    count = 0
    for i in range(1, len(text) - 1):
        char = text[i]
        if char.isascii() or char.isalpha():
            continue
        between_letters = text[i - 1].isalpha() and text[i + 1].isalpha()
        if between_letters and unicodedata.category(char)[0] in "SN":
            count += 1
    return count


def _latin_script(text: str) -> bool:
    """Whether most non-ASCII letters of `text` are Latin letters (é, ß, ł…)."""
    letters = [c for c in text if c.isalpha() and not c.isascii()]
    latin = sum("LATIN" in unicodedata.name(c, "") for c in letters)
    return latin * 2 >= len(letters)


def _is_utf8(data: bytes, truncated: bool) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        cut_at_end = exc.start >= len(data) - 3 and exc.reason == "unexpected end of data"
        return truncated and cut_at_end
    return True
