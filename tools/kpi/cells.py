"""What a cell is: blank, a number, a date or text (typed workbook cells by their type, text by
its shape), and the record shapes the layout search looks for."""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Any

Cell = Any  # str for CSV; str, int, float, bool, date, datetime or None for workbook cells

_CURRENCY_SIGNS = "£$€¥₹₩₽₺₪₫₱฿¢"
_NUMBER = re.compile(
    r"^[+-]?\(?\s*(?:[A-Z]{3}\s?)?[" + _CURRENCY_SIGNS + r"]?\s?[+-]?"
    r"[\d.,' \u00a0\u202f’]*\d[\d.,' \u00a0\u202f’]*(?:[eE][+-]?\d+)?\s?%?\s?"
    r"[" + _CURRENCY_SIGNS + r"]?(?:\s?[A-Z]{3})?\)?$"
)
_DATE = re.compile(
    r"^(\d{1,4}[-/.]\d{1,2}[-/.]\d{2,4}|\d{4}-\d{2}|(19|20)\d{6}|\d{1,2}\s[A-Za-z]{3,9}\.?\s\d{4}|"
    r"([A-Za-z]{3,9},?\s)?[A-Za-z]{3,9}\.?\s\d{1,2},\s\d{4}|[A-Za-z]{3,9}\s\d{4})"
)


def cell_text(cell: Cell) -> str:
    if cell is None:
        return ""
    if isinstance(cell, bool):
        return "true" if cell else "false"
    if isinstance(cell, datetime):
        return (
            cell.isoformat(sep=" ")
            if (cell.hour, cell.minute, cell.second) != (0, 0, 0)
            else (cell.date().isoformat())
        )
    if isinstance(cell, date):
        return cell.isoformat()
    if isinstance(cell, float):
        return str(int(cell)) if cell.is_integer() and abs(cell) < 1e15 else repr(cell)
    return str(cell).strip()


def cell_kind(cell: Cell) -> str:
    """'blank', 'number', 'date' or 'text' (typed cells by their type, text by its shape)."""
    if cell is None:
        return "blank"
    if isinstance(cell, bool):
        return "text"
    if isinstance(cell, int | float):
        return "number"
    if isinstance(cell, date):
        return "date"
    text = str(cell).strip()
    if not text:
        return "blank"
    if _DATE.match(text):
        return "date"
    if _NUMBER.match(text) and any(ch.isdigit() for ch in text):
        return "number"
    return "text"


def filled_cells(cells: list[Cell]) -> list[tuple[int, str]]:
    return [(i, k) for i, c in enumerate(cells) if (k := cell_kind(c)) != "blank"]


def is_header_like(cells: list[Cell]) -> bool:
    filled = filled_cells(cells)
    if len(filled) < 2 or any(k != "text" for _, k in filled):
        return False
    names = [cell_text(cells[i]).lower() for i, _ in filled]
    return len(set(names)) >= 0.8 * len(names)


def is_data_like(cells: list[Cell]) -> bool:
    filled = filled_cells(cells)
    return len(filled) >= 2 and any(k in ("number", "date") for _, k in filled)
