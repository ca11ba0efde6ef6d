"""Text a reader cannot see, found so it stays out of the index (and so out of answers).

PDF: the page's content stream is walked with the graphics and text state each text-showing
operation is drawn in. Text drawn in render mode 3 or 7 (invisible), in white (RGB, grey or
CMYK) where no coloured area was painted under it, or smaller than 1 pt on the page, is hidden:
those operations are blanked on a copy of the page and pypdf extracts the rest as usual.
HTML hiding (display:none, white or tiny text, off-screen or screen-reader-only classes) is
recognised in `html.py` with `hidden_style`.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from typing import Any

from pypdf import PageObject
from pypdf.generic import ArrayObject, ContentStream, TextStringObject

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


_SHOW = (b"Tj", b"TJ", b"'", b'"')


@dataclass
class _Ink:
    """The part of the PDF graphics and text state that decides whether text shows."""

    fill: tuple[float, ...] = (0.0,)
    mode: int = 0
    size: float = 12.0
    cm: tuple[float, ...] = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
    tm: tuple[float, ...] = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
    line: tuple[float, ...] = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
    leading: float = 0.0
    stack: list[tuple[Any, ...]] = field(default_factory=list)
    painted: list[tuple[float, float, float, float]] = field(default_factory=list)
    path: list[tuple[float, float, float, float]] = field(default_factory=list)

    def operator(self, op: bytes, args: list[Any]) -> None:
        nums = [float(a) for a in args if isinstance(a, (int, float))]
        if op == b"q":
            self.stack.append((self.fill, self.mode, self.cm))
        elif op == b"Q" and self.stack:
            self.fill, self.mode, self.cm = self.stack.pop()
        elif op == b"cm" and len(nums) == 6:
            self.cm = _multiply(tuple(nums), self.cm)
        elif op in (b"rg", b"g", b"k", b"sc", b"scn") and nums:
            self.fill = tuple(nums)
        elif op == b"Tr" and nums:
            self.mode = int(nums[0])
        elif op == b"Tf" and nums:
            self.size = nums[-1]
        elif op == b"TL" and nums:
            self.leading = nums[0]
        else:
            self._text_position(op, nums)
            self._paths(op, nums)

    def _text_position(self, op: bytes, nums: list[float]) -> None:
        if op == b"BT":
            self.tm = self.line = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
        elif op == b"Tm" and len(nums) == 6:
            self.tm = self.line = tuple(nums)
        elif op in (b"Td", b"TD") and len(nums) == 2:
            if op == b"TD":
                self.leading = -nums[1]
            self.tm = self.line = _multiply((1.0, 0.0, 0.0, 1.0, nums[0], nums[1]), self.line)
        elif op in (b"T*", b"'", b'"'):
            self.tm = self.line = _multiply((1.0, 0.0, 0.0, 1.0, 0.0, -self.leading), self.line)

    def _paths(self, op: bytes, nums: list[float]) -> None:
        if op == b"re" and len(nums) == 4:
            x, y = _apply(self.cm, nums[0], nums[1])
            x2, y2 = _apply(self.cm, nums[0] + nums[2], nums[1] + nums[3])
            self.path.append((min(x, x2), min(y, y2), max(x, x2), max(y, y2)))
        elif op in (b"f", b"F", b"f*", b"B", b"B*", b"b", b"b*"):
            if not _white(self.fill):
                self.painted.extend(self.path)
            self.path = []
        elif op == b"n":
            self.path = []

    def hides(self) -> bool:
        if self.mode in (3, 7):
            return True
        cm, tm = self.cm, self.tm
        scale = math.sqrt(abs((tm[0] * tm[3] - tm[1] * tm[2]) * (cm[0] * cm[3] - cm[1] * cm[2])))
        if abs(self.size) * scale < _TINY_PT:
            return True
        if not _white(self.fill):
            return False
        x, y = _apply(cm, tm[4], tm[5])
        return not any(x0 <= x <= x1 and y0 <= y <= y1 for x0, y0, x1, y1 in self.painted)


def _multiply(a: tuple[float, ...], b: tuple[float, ...]) -> tuple[float, ...]:
    """The PDF matrix product a × b (matrices as [a b c d e f])."""
    return (
        a[0] * b[0] + a[1] * b[2],
        a[0] * b[1] + a[1] * b[3],
        a[2] * b[0] + a[3] * b[2],
        a[2] * b[1] + a[3] * b[3],
        a[4] * b[0] + a[5] * b[2] + b[4],
        a[4] * b[1] + a[5] * b[3] + b[5],
    )


def _apply(cm: tuple[float, ...], x: float, y: float) -> tuple[float, float]:
    return cm[0] * x + cm[2] * y + cm[4], cm[1] * x + cm[3] * y + cm[5]


def _white(fill: tuple[float, ...]) -> bool:
    if len(fill) == 4:  # CMYK: no ink
        return all(v <= 1 - _WHITE for v in fill)
    return all(v >= _WHITE for v in fill[:3])


def visible_page_text(page: Any) -> tuple[str, int]:
    """`(text, hidden characters)` of a PDF page. Hidden text-showing operations of the
    page's own content stream are blanked on a copy of the page, then pypdf extracts the rest
    as usual (text inside form XObjects is read as pypdf reads it)."""
    contents = page.get_contents()
    if contents is None:
        return page.extract_text() or "", 0
    stream = ContentStream(contents, page.pdf)
    ink = _Ink()
    hidden = 0
    for index, (operands, op) in enumerate(stream.operations):
        if op in _SHOW:
            if op == b"'" or op == b'"':
                ink.operator(op, operands)
            if ink.hides():
                hidden += _blank(stream.operations, index)
            continue
        ink.operator(op, operands)
    if not hidden:
        return page.extract_text() or "", 0
    copy = PageObject.create_blank_page(width=1, height=1)
    copy.update({k: v for k, v in page.items() if k != "/Contents"})
    copy.replace_contents(stream)
    return copy.extract_text() or "", hidden


def _blank(operations: list[Any], index: int) -> int:
    """Empty the strings of one text-showing operation; how many characters it had."""
    operands, op = operations[index]
    strings = [o for o in operands if isinstance(o, (bytes, str))]
    for item in operands:
        if isinstance(item, list):
            strings += [o for o in item if isinstance(o, (bytes, str))]
    count = sum(len(str(s).strip()) for s in strings)
    if op == b"TJ":
        operations[index] = ([ArrayObject()], op)
    elif op == b'"':
        operations[index] = ([*operands[:2], TextStringObject("")], op)
    else:
        operations[index] = ([TextStringObject("")], op)
    return count
