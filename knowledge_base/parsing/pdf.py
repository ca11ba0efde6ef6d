"""PDF → one section per page (split further where outline entries start), via pypdf.

Headings come from the PDF outline (bookmarks) when there is one: each page inherits the
bookmark in force at its top, and a page on which bookmarks start is split at their titles
when the titles can be found in the page text.
"""

from __future__ import annotations

import io
import logging
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from pypdf import PasswordType, PdfReader
from pypdf.errors import DependencyError, FileNotDecryptedError, PyPdfError

from core.errors import UnreadableFile
from knowledge_base.parsing.hidden import visible_page_text
from knowledge_base.parsing.limits import MAX_TEXT_CHARS, PDF_MAX_PAGES
from knowledge_base.parsing.sections import Section
from knowledge_base.parsing.text import clean_text

_LIGATURES = str.maketrans(
    {"ﬀ": "ff", "ﬁ": "fi", "ﬂ": "fl", "ﬃ": "ffi", "ﬄ": "ffl", "ﬅ": "st", "ﬆ": "st"}
)
_SPACES = re.compile(r"\s+")
_MAX_OUTLINE_ENTRIES = 5_000


@dataclass
class PdfResult:
    sections: list[Section]
    pages: int
    warnings: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class _Mark:
    page: int  # 0-based
    path: tuple[str, ...]


def parse_pdf(filename: str, data: bytes) -> PdfResult:
    """Text of every page with its page number; UnreadableFile if damaged, locked or scanned."""
    # pypdf logs every recoverable defect of a damaged file; the outcome is reported instead.
    pypdf_log = logging.getLogger("pypdf")
    level = pypdf_log.level
    pypdf_log.setLevel(logging.ERROR)
    try:
        return _parse(filename, data)
    except UnreadableFile:
        raise
    except (FileNotDecryptedError, DependencyError) as exc:
        raise _locked(filename) from exc
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, IndexError,
            OSError, RecursionError, AssertionError, ZeroDivisionError) as exc:
        raise _damaged(filename, exc) from exc
    finally:
        pypdf_log.setLevel(level)


def _parse(filename: str, data: bytes) -> PdfResult:
    reader = PdfReader(io.BytesIO(data), strict=False)
    warnings: list[str] = []
    if reader.is_encrypted:
        try:
            opened = reader.decrypt("")
        except DependencyError as exc:
            raise UnreadableFile(
                f"{filename}: the PDF is encrypted with AES, which this server cannot decrypt; "
                "save an unprotected copy and upload it again"
            ) from exc
        if opened == PasswordType.NOT_DECRYPTED:
            raise _locked(filename)
        warnings.append("the PDF is encrypted without a password; it was read as is")
    total = len(reader.pages)
    if total == 0:
        raise UnreadableFile(f"{filename}: the PDF has no pages")
    count = min(total, PDF_MAX_PAGES)
    if total > count:
        warnings.append(f"only the first {count:,} of {total:,} pages were read")
    marks = _outline_marks(reader, warnings)

    texts: list[str] = []
    unreadable: list[int] = []
    hidden_pages: list[int] = []
    chars = 0
    for index in range(count):
        try:
            raw, hidden = visible_page_text(reader.pages[index])
        except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, IndexError,
                RecursionError, AssertionError, ZeroDivisionError):
            unreadable.append(index + 1)
            raw, hidden = "", 0
        if hidden:
            hidden_pages.append(index + 1)
        text = clean_text(raw.translate(_LIGATURES))
        if chars + len(text) > MAX_TEXT_CHARS:
            warnings.append(f"the text stops at page {index + 1}: the PDF has too much text")
            text = text[: max(0, MAX_TEXT_CHARS - chars)]
            texts.append(text)
            break
        chars += len(text)
        texts.append(text)

    if not any(texts):
        if unreadable:
            raise _damaged(filename, "no page could be read")
        raise UnreadableFile(
            f"{filename}: the PDF has no text layer (it looks scanned or made of images); "
            "OCR is not supported, so upload a PDF with selectable text or the source document"
        )
    if unreadable:
        warnings.append(f"pages {_ranges(unreadable)} could not be read and were skipped")
    warnings += _hidden_warning(hidden_pages)
    blank = [i + 1 for i, t in enumerate(texts) if not t and i + 1 not in unreadable]
    if blank:
        warnings.append(f"pages {_ranges(blank)} have no extractable text (scanned images?)")
    return PdfResult(sections=_sections(texts, marks), pages=total, warnings=warnings)


def _sections(texts: list[str], marks: list[_Mark]) -> list[Section]:
    sections: list[Section] = []
    current: tuple[str, ...] = ()
    by_page: dict[int, list[_Mark]] = {}
    for mark in marks:
        by_page.setdefault(mark.page, []).append(mark)
    for index, text in enumerate(texts):
        starting = by_page.get(index, [])
        pieces = _split_at_titles(text, current, starting)
        if starting:
            current = starting[-1].path
        for path, piece in pieces:
            if piece:
                sections.append(Section(text=piece, heading_path=path, page=index + 1))
    return sections


def _split_at_titles(
    text: str, inherited: tuple[str, ...], starting: list[_Mark]
) -> list[tuple[tuple[str, ...], str]]:
    """Cut a page where the titles of the bookmarks starting on it appear (in order)."""
    if not starting:
        return [(inherited, text)]
    cuts: list[tuple[int, tuple[str, ...]]] = []
    position = 0
    for mark in starting:
        found = _find_title(text, mark.path[-1], position)
        if found is not None:
            cuts.append((found, mark.path))
            position = found + 1
    if not cuts:
        # The titles are not in the text (e.g. drawn as images): the first bookmark wins.
        return [(starting[0].path, text)]
    pieces: list[tuple[tuple[str, ...], str]] = []
    head = text[: cuts[0][0]].strip()
    if head:
        pieces.append((inherited or cuts[0][1], head))
    for n, (start, path) in enumerate(cuts):
        end = cuts[n + 1][0] if n + 1 < len(cuts) else len(text)
        pieces.append((path, text[start:end].strip()))
    return pieces


def _find_title(text: str, title: str, start: int) -> int | None:
    """Where a bookmark title begins a line of the page text, ignoring spacing and case."""
    words = title.split()
    if not words:
        return None
    pattern = r"(?im)^[ \t]*" + r"\s+".join(re.escape(w) for w in words)
    match = re.compile(pattern).search(text, start)
    return match.start() if match else None


def _outline_marks(reader: PdfReader, warnings: list[str]) -> list[_Mark]:
    try:
        outline = reader.outline
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, IndexError,
            RecursionError, AssertionError):
        warnings.append("the PDF bookmarks could not be read; pages have no headings")
        return []
    marks: list[_Mark] = []
    for path, item in _walk(outline, ()):
        if len(marks) >= _MAX_OUTLINE_ENTRIES:
            break
        try:
            page = reader.get_destination_page_number(item)
        except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, IndexError):
            continue
        if page is not None and page >= 0:
            marks.append(_Mark(page=page, path=path))
    # Bookmarks are usually in page order already; a stable sort keeps nesting order per page.
    return sorted(marks, key=lambda m: m.page)


def _walk(items: Iterable[Any], parents: tuple[str, ...], depth: int = 0) -> Iterable[
    tuple[tuple[str, ...], Any]
]:
    """Outline entries in order with their title chains. A list after an entry is its children."""
    if depth > 20:
        return
    last: tuple[str, ...] = parents
    for item in items:
        if isinstance(item, list):
            yield from _walk(item, last, depth + 1)
            continue
        title = _SPACES.sub(" ", str(getattr(item, "title", "") or "")).strip()
        if not title:
            continue
        last = (*parents, title)
        yield last, item


def _ranges(pages: list[int]) -> str:
    out: list[str] = []
    start = prev = pages[0]
    for page in [*pages[1:], None]:
        if page is not None and page == prev + 1:
            prev = page
            continue
        out.append(str(start) if start == prev else f"{start}-{prev}")
        if page is not None:
            start = prev = page
    return ", ".join(out)


def _hidden_warning(pages: list[int]) -> list[str]:
    if not pages:
        return []
    return [
        f"hidden text (invisible, white or tiny) on pages {_ranges(pages)} was left out: it "
        "is not searchable and never quoted"
    ]


def _locked(filename: str) -> UnreadableFile:
    return UnreadableFile(
        f"{filename}: the PDF is password-protected; remove the password and upload it again"
    )


def _damaged(filename: str, cause: object) -> UnreadableFile:
    reason = str(cause).strip() or type(cause).__name__
    return UnreadableFile(
        f"{filename}: the PDF is damaged and could not be read ({reason[:200]})"
    )
