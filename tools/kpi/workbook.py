"""Excel and OpenDocument workbooks as record streams, one per sheet, with typed cells.

Read with `python-calamine` (xlsx, xlsm, xlsb, xls, ods): a number cell arrives as a number, a
date cell as a date, and a formula cell as the value Excel saved with it. Merged cells hold their
value in the top-left cell only; text in a merged range is repeated across the range so a group
label ("Delivery" over three columns) labels each of them. Zip-based workbooks pass the same
zip-bomb checks as uploaded documents before the reader opens them.
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterator
from datetime import time, timedelta
from pathlib import Path
from typing import Any

from python_calamine import CalamineError, CalamineWorkbook

from core.errors import UnreadableFile
from knowledge_base.parsing.limits import MIB, open_checked_zip
from tools.kpi.layout import Cell

MAX_WORKBOOK_BYTES = 50 * MIB  # the zip may expand to min(100 MiB, 20 × this)

Records = Iterator[tuple[int, list[Cell], str | None]]


def read_workbook(path: Path, name: str) -> list[tuple[str, Records]]:
    """(sheet name, records) for every visible worksheet, in workbook order."""
    data = path.read_bytes()
    if zipfile.is_zipfile(path):
        open_checked_zip(name, data, MAX_WORKBOOK_BYTES)
    try:
        book = CalamineWorkbook.from_path(str(path))
        visible = [
            m.name
            for m in book.sheets_metadata
            if str(m.visible).endswith("Visible") and str(m.typ).endswith("WorkSheet")
        ]
        sheets = [(n, _rows(book.get_sheet_by_name(n))) for n in visible or book.sheet_names]
    except (CalamineError, ValueError, OSError) as exc:
        reason = str(exc).strip().splitlines()[0][:200] if str(exc).strip() else type(exc).__name__
        raise UnreadableFile(
            f"'{name}' could not be read as a workbook ({reason}); it may be damaged or "
            "password-protected. Save it again from Excel (without a password) and re-import it."
        ) from exc
    return [(sheet, iter(records)) for sheet, records in sheets]


def _rows(sheet: Any) -> list[tuple[int, list[Cell], str | None]]:
    rows: list[list[Cell]] = [list(r) for r in sheet.to_python(skip_empty_area=False)]
    for (top, left), (bottom, right) in sheet.merged_cell_ranges or []:
        if top >= len(rows) or left >= len(rows[top]):
            continue
        value = rows[top][left]
        if not isinstance(value, str) or not value.strip():
            continue  # numbers are never copied: that would count them twice
        for r in range(top, min(bottom, len(rows) - 1) + 1):
            for c in range(left, min(right, len(rows[r]) - 1) + 1):
                if rows[r][c] in ("", None):
                    rows[r][c] = value
    return [(i + 1, [_cell(c) for c in row], None) for i, row in enumerate(rows)]


def _cell(value: Any) -> Cell:
    if isinstance(value, str):
        return value if value.strip() else None
    if isinstance(value, time | timedelta):
        return str(value)
    return value
