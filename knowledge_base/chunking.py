"""Split sections into chunks small enough to embed well, keeping their headings and pages.

* A section that fits in `max_chars` stays whole.
* A longer one is cut at the coarsest boundary that keeps the chunk at least half full:
  a blank line (paragraph), then a sentence end, then a line break; failing that, at the last
  sentence end or line break in reach, then between words, and only then mid-word. Each chunk
  after the first repeats up to `overlap_chars` of the end of the previous one, starting at a
  sentence (or word) boundary, and still fits in `max_chars`.
* A tiny section (under `min_chars`, e.g. a heading over one word) is merged into the next one
  when that is sensible: the next is on the same page and is the same section or below it (the
  merged chunk keeps the next one's headings), or is a sibling under the same parent heading and
  both fit in one chunk (the merged chunk gets the parent's headings, and each part starts with
  its own sub-heading).

Chunk bodies are exact extracts of the section text; `search_text` adds the heading path.
Everything is deterministic: the same sections always give the same chunks.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import dataclass

from knowledge_base.parsing.sections import Section

HEADING_SEPARATOR = " › "
MIN_SECTION_CHARS = 40
_MAX_LABEL_HEADING = 80
_WHITESPACE = re.compile(r"\s+")
_SENTENCE_END = frozenset(".!?…")
_CLOSERS = frozenset("\"'”’)]»")
# Boundary ranks, coarsest first.
_PARAGRAPH, _SENTENCE, _LINE, _WORD = 0, 1, 2, 3


@dataclass(frozen=True)
class ChunkText:
    """One chunk: `text` is the body, `search_text` the body under its heading path."""

    text: str
    heading_path: tuple[str, ...]
    page: int | None
    ordinal: int

    @property
    def heading(self) -> str:
        return HEADING_SEPARATOR.join(self.heading_path)

    @property
    def search_text(self) -> str:
        """What to embed and keyword-index: 'Positioning › Alternatives\\n\\n<body>'."""
        return f"{self.heading}\n\n{self.text}" if self.heading_path else self.text

    def label(self, filename: str) -> str:
        return citation_label(filename, self.heading_path, self.page)


def citation_label(filename: str, heading_path: Sequence[str] = (), page: int | None = None) -> str:
    """'deck.pdf, p. 4', 'interviews.md › Customer 3', 'guide.docx › Pricing › Tiers', 'notes.txt'.

    Very long headings are shortened with an ellipsis so labels stay readable.
    """
    parts = [filename]
    for heading in heading_path:
        title = _WHITESPACE.sub(" ", heading).strip()
        if title:
            if len(title) > _MAX_LABEL_HEADING:
                title = title[: _MAX_LABEL_HEADING - 1].rstrip() + "…"
            parts.append(title)
    label = HEADING_SEPARATOR.join(parts)
    unit = "slide" if filename.lower().endswith(".pptx") else "p."  # a deck's pages are slides
    return f"{label}, {unit} {page}" if page is not None else label


def chunk_sections(
    sections: Sequence[Section],
    max_chars: int = 1200,
    overlap_chars: int = 150,
    *,
    min_chars: int = MIN_SECTION_CHARS,
) -> list[ChunkText]:
    """Chunks in document order, numbered from 0 by `ordinal`; `text` never exceeds max_chars."""
    if max_chars < 2:
        raise ValueError("max_chars must be at least 2")
    if not 0 <= overlap_chars < max_chars // 2:
        raise ValueError("overlap_chars must be at least 0 and less than half of max_chars")
    chunks: list[ChunkText] = []
    for section in _merge_tiny(sections, max_chars, min_chars):
        for piece in split_text(section.text, max_chars, overlap_chars):
            chunks.append(ChunkText(piece, section.heading_path, section.page, len(chunks)))
    return chunks


# ---- tiny sections ---------------------------------------------------------------------------


def _merge_tiny(sections: Sequence[Section], max_chars: int, min_chars: int) -> list[Section]:
    out: list[Section] = []
    pending: Section | None = None
    for raw in sections:
        text = raw.text.strip()
        if not text:
            continue
        section = Section(text=text, heading_path=tuple(raw.heading_path), page=raw.page)
        if pending is not None:
            merged = _merge(pending, section, max_chars)
            if merged is None:
                out.append(pending)
            else:
                section = merged
            pending = None
        if len(section.text) < min_chars:
            pending = section
        else:
            out.append(section)
    if pending is not None:
        out.append(pending)
    return out


def _merge(tiny: Section, following: Section, max_chars: int) -> Section | None:
    """`tiny` followed by `following` as one section, or None when that would mislead."""
    if tiny.page != following.page:
        return None
    above, below = tiny.heading_path, following.heading_path
    if below[: len(above)] == above:
        # The same section or one below it: keep the more precise headings.
        return Section(f"{tiny.text}\n\n{following.text}", below, following.page)
    siblings = len(above) == len(below) > 1 and above[:-1] == below[:-1]
    if siblings and len(tiny.text) + len(following.text) + len(above[-1]) + len(below[-1]) + 4 <= (
        max_chars
    ):
        parent = above[:-1]
        text = f"{above[-1]}\n{tiny.text}\n\n{below[-1]}\n{following.text}"
        return Section(text, parent, following.page)
    return None


# ---- splitting long text ---------------------------------------------------------------------


@dataclass(frozen=True)
class _Boundary:
    end: int  # where the text before the boundary ends (start of the whitespace)
    start: int  # where the text after it starts (end of the whitespace)
    rank: int


def split_text(text: str, max_chars: int, overlap_chars: int = 0) -> list[str]:
    """Cut `text` into pieces of at most `max_chars` (see the module docstring for where)."""
    text = text.strip()
    if len(text) <= max_chars:
        return [text] if text else []
    bounds = _boundaries(text)
    ends = [b.end for b in bounds]
    pieces: list[str] = []
    start = last_end = 0
    while len(text) - start > max_chars:
        cut = _best_cut(bounds, ends, start, last_end, max_chars)
        pieces.append(text[start : cut.end].strip())
        last_end = cut.end
        start = _overlap_start(bounds, ends, cut, overlap_chars)
    pieces.append(text[start:].strip())
    return [p for p in pieces if p]


def _boundaries(text: str) -> list[_Boundary]:
    out: list[_Boundary] = []
    for match in _WHITESPACE.finditer(text):
        newlines = match.group().count("\n")
        before = match.start() - 1
        while before > 0 and text[before] in _CLOSERS:
            before -= 1
        if newlines >= 2:
            rank = _PARAGRAPH
        elif text[before] in _SENTENCE_END:
            rank = _SENTENCE
        elif newlines:
            rank = _LINE
        else:
            rank = _WORD
        out.append(_Boundary(match.start(), match.end(), rank))
    return out


def _best_cut(
    bounds: list[_Boundary], ends: list[int], start: int, last_end: int, max_chars: int
) -> _Boundary:
    limit = start + max_chars
    reach = bounds[bisect_right(ends, last_end) : bisect_right(ends, limit)]
    half = start + max_chars // 2
    for coarsest, min_end in (
        (_PARAGRAPH, half),
        (_SENTENCE, half),
        (_LINE, half),
        (_SENTENCE, 0),
        (_LINE, 0),
        (_WORD, 0),
    ):
        for bound in reversed(reach):
            if bound.end < min_end:
                break
            if bound.rank <= coarsest and bound.end > start:
                return bound
    return _Boundary(limit, limit, _WORD + 1)  # no whitespace in reach: cut mid-word


def _overlap_start(
    bounds: list[_Boundary], ends: list[int], cut: _Boundary, overlap_chars: int
) -> int:
    """Where the next piece starts: at most `overlap_chars` back, at a sentence or word start."""
    if overlap_chars <= 0:
        return cut.start
    earliest = cut.end - overlap_chars
    window = [
        b for b in bounds[bisect_left(ends, earliest) : bisect_left(ends, cut.end)]
        if b.start >= earliest
    ]
    for coarsest in (_SENTENCE, _LINE, _WORD):
        for bound in window:
            if bound.rank <= coarsest:
                return bound.start
    return cut.start
