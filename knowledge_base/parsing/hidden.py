"""Text a reader cannot see, found so it stays out of the index (and so out of answers).

PDF: pypdf's extraction visitors follow the graphics state. Text drawn in render mode 3 or 7
(invisible), in white (RGB, grey or CMYK) where no coloured area was painted under it, or
smaller than 1 pt on the page, is hidden. A page with hidden text is re-assembled from the
visible pieces only; other pages keep pypdf's own extraction. HTML hiding (display:none,
white or tiny text, off-screen or screen-reader-only classes) is recognised in `html.py`
with `hidden_style`.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from typing import Any

_WHITE = 0.95
_TINY_PT = 1.0
_HIDDEN_CLASSES = re.compile(
    r"(?:^|\s)(?:hidden|d-none|sr-only|visually-hidden|screen-reader-text|invisible)(?:\s|$)"
)
_HIDDEN_STYLE = re.compile(
    r"display:none|visibility:hidden|opacity:0(?:\.0+)?(?:;|$)|font-size:0(?:\.\d+)?(?:px|pt|em|rem)?(?:;|$)"
    r"|font-size:[01](?:\.\d+)?px|color:(?:#fff(?:fff)?|white|rgba?\(255,255,255)(?:;|$|,)"
    r"|(?:left|top|text-indent):-\d{3,}|clip:rect\(0"
)


def hidden_style(style: str, classes: str = "") -> bool:
    """Whether an HTML element's inline style or class list hides its text."""
    compact = re.sub(r"\s+", "", style).lower()
    return bool(_HIDDEN_STYLE.search(compact) or _HIDDEN_CLASSES.search(classes.lower()))


@dataclass
class _Ink:
    """The part of the PDF graphics state that decides whether text shows."""

    fill: tuple[float, ...] = (0.0,)
    mode: int = 0
    stack: list[tuple[tuple[float, ...], int]] = field(default_factory=list)
    painted: list[tuple[float, float, float, float]] = field(default_factory=list)
    path: list[tuple[float, float, float, float]] = field(default_factory=list)

    def operator(self, op: bytes, args: list[Any], cm: list[float]) -> None:
        nums = [float(a) for a in args if isinstance(a, (int, float))]
        if op == b"q":
            self.stack.append((self.fill, self.mode))
        elif op == b"Q" and self.stack:
            self.fill, self.mode = self.stack.pop()
        elif op in (b"rg", b"g", b"k", b"sc", b"scn") and nums:
            self.fill = tuple(nums)
        elif op == b"Tr" and nums:
            self.mode = int(nums[0])
        elif op == b"re" and len(nums) == 4:
            x, y = _apply(cm, nums[0], nums[1])
            x2, y2 = _apply(cm, nums[0] + nums[2], nums[1] + nums[3])
            self.path.append((min(x, x2), min(y, y2), max(x, x2), max(y, y2)))
        elif op in (b"f", b"F", b"f*", b"B", b"B*", b"b", b"b*"):
            if not _white(self.fill):
                self.painted.extend(self.path)
            self.path = []
        elif op == b"n":
            self.path = []

    def hides(self, cm: list[float], tm: list[float], size: float) -> bool:
        if self.mode in (3, 7):
            return True
        scale = math.sqrt(abs((tm[0] * tm[3] - tm[1] * tm[2]) * (cm[0] * cm[3] - cm[1] * cm[2])))
        if size and size * scale < _TINY_PT:
            return True
        if not _white(self.fill):
            return False
        x, y = _apply(cm, tm[4], tm[5])
        return not any(x0 <= x <= x1 and y0 <= y <= y1 for x0, y0, x1, y1 in self.painted)


def _apply(cm: list[float], x: float, y: float) -> tuple[float, float]:
    return cm[0] * x + cm[2] * y + cm[4], cm[1] * x + cm[3] * y + cm[5]


def _white(fill: tuple[float, ...]) -> bool:
    if len(fill) == 4:  # CMYK: no ink
        return all(v <= 1 - _WHITE for v in fill)
    return all(v >= _WHITE for v in fill[:3])


def visible_page_text(page: Any) -> tuple[str, int]:
    """`(text, hidden characters)` of a PDF page: pypdf's text when nothing is hidden, else
    the visible pieces only."""
    ink = _Ink()
    pieces: list[str] = []
    hidden = 0

    def before(op: bytes, args: list[Any], cm: list[float], tm: list[float]) -> None:
        ink.operator(op, args, cm)

    def text(value: str, cm: list[float], tm: list[float], font: Any, size: float) -> None:
        nonlocal hidden
        if value.strip() and ink.hides(cm, tm, size):
            hidden += len(value.strip())
            pieces.append("\n" if "\n" in value else "")
            return
        pieces.append(value)

    plain = page.extract_text(visitor_operand_before=before, visitor_text=text) or ""
    return (plain, 0) if not hidden else ("".join(pieces), hidden)
