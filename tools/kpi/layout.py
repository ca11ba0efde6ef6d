"""Finding the data block of an export by its structure: header, data rows, and what is not data.

Exports wrap their table in other things: report titles and "#" comment blocks above the
header, blank lines, notes and copyright footers below, grand-total rows, and sometimes a second
table (a comparison period) under the first. The `Segmenter` reads records (lists of cells, from
a CSV or a workbook sheet) one at a time and splits them into tables:

* a **header** is a record of two or more distinct text cells (no numbers, no dates) that is
  followed by a data record; among the first records the one naming the most known export
  columns wins, then the earliest;
* a **data record** has two or more filled cells, at least one of them a number or a date;
* inside a table, blank records, "#" comment lines, one-cell lines (notes, footers, copyright)
  and repeats of the header are left out wherever they appear; a blank line followed by a
  comment, a title or a new header ends the table, and what follows is searched for the next;
* everything that is not a data record of the chosen table is named in `left_out`.

Records stream through: only the chosen table's data records go on to the `sink`, so a file of
a million rows is never held in memory. Totals and summary rows stay in the block (they look
like data); the importer recognises them by their labels and checks them against the sums.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from pydantic import BaseModel

from tools.kpi.cells import (
    Cell,
    cell_kind,
    cell_text,
    filled_cells,
    is_data_like,
    is_header_like,
)
from tools.kpi.formats import normalize_header

__all__ = ["Cell", "LeftOut", "Segmenter", "TableBlock", "cell_kind", "cell_text"]

Sink = Callable[[int, list[Cell], str | None], None]  # (line, cells, raw text or None)

_SEEK_RECORDS = 60


class LeftOut(BaseModel):
    """A run of lines (or cells of a sheet) that is not part of the imported table."""

    kind: str  # "preamble", "blank", "comment", "note", "repeated header", "table", "trailing"
    lines: str  # "1–8" or "15"
    count: int
    preview: str
    detail: str = ""


@dataclass
class TableBlock:
    """One table found in a source: its header, its size, and where it is."""

    id: str
    header_line: int
    columns: list[str]
    width: int
    rows: int = 0
    first_line: int = 0
    last_line: int = 0
    samples: list[list[str]] = field(default_factory=list)
    group_labels: list[str] = field(default_factory=list)


def _preview(cells: list[Cell], raw: str | None = None) -> str:
    text = raw.strip() if raw else " | ".join(cell_text(c) for c in cells if cell_text(c))
    return text if len(text) <= 100 else text[:99] + "…"


def _span(first: int, last: int) -> str:
    return str(first) if first == last else f"{first}–{last}"


class Segmenter:
    """Split a stream of records into tables; send the chosen table's data records to `sink`.

    `choose` is a table id ("1", "2", …, prefixed by the sheet for workbooks) or None for the
    first table. Call `feed(line, cells, raw)` for every record, then `finish()`."""

    def __init__(
        self,
        known_headers: frozenset[str],
        sink: Sink,
        choose: str | None = None,
        prefix: str = "",
        on_start: Callable[[TableBlock], None] | None = None,
    ) -> None:
        self.known = known_headers
        self.sink = sink
        self.on_start = on_start
        self.choose = choose
        self.prefix = prefix
        self.tables: list[TableBlock] = []
        self.left_out: list[LeftOut] = []
        self._buffer: list[tuple[int, list[Cell], str | None]] = []
        self._table: TableBlock | None = None
        self._header_norm: list[str] = []
        self._pending: list[tuple[int, list[Cell], str | None]] = []
        self._rows_since = 0

    @property
    def chosen(self) -> TableBlock | None:
        for table in self.tables:
            if self._is_chosen(table):
                return table
        return None

    def _is_chosen(self, table: TableBlock) -> bool:
        if self.choose is None:
            return table is (self.tables[0] if self.tables else None)
        return table.id == self.choose

    # ---- streaming -----------------------------------------------------------------------

    def feed(self, line: int, cells: list[Cell], raw: str | None = None) -> None:
        if self._table is None:
            self._buffer.append((line, cells, raw))
            if len(self._buffer) >= _SEEK_RECORDS:
                self._seek(final=False)
            return
        self._in_table(line, cells, raw)

    def finish(self) -> None:
        while self._table is None and self._buffer:
            if not self._seek(final=True):
                break
        if self._table is not None:
            self._close_table()
            if self._buffer:
                self.finish()
                return
        if self._buffer:
            first, last = self._buffer[0][0], self._buffer[-1][0]
            filled = [b for b in self._buffer if filled_cells(b[1])]
            if filled:
                self.left_out.append(
                    LeftOut(
                        kind="footer" if self.tables else "preamble",
                        lines=_span(first, last),
                        count=len(filled),
                        preview=_preview(filled[0][1], filled[0][2]),
                        detail="lines with no table under a header",
                    )
                )
            self._buffer = []

    # ---- finding a header ----------------------------------------------------------------

    def _seek(self, final: bool) -> bool:
        """Pick the header in the buffer; replay the records after it. False when none."""
        best: tuple[int, int] | None = None  # (score, -index)
        buffer = self._buffer
        for i, (_, cells, _) in enumerate(buffer):
            if not is_header_like(cells):
                continue
            following = next((b for b in buffer[i + 1 :] if filled_cells(b[1])), None)
            if following is None or not is_data_like(following[1]):
                continue
            names = {normalize_header(cell_text(c))[0] for c in cells if cell_text(c)}
            score = 3 * len(names & self.known) + len(names)
            if best is None or (score, -i) > best:
                best = (score, -i)
        if best is None:
            if final or len(buffer) >= 4 * _SEEK_RECORDS:
                self.finish_without_header()
            return False
        index = -best[1]
        before, (line, cells, _raw), after = buffer[:index], buffer[index], buffer[index + 1 :]
        self._buffer = []
        self._note_before(before)
        self._start_table(line, cells, before)
        for record in after:
            if self._table is None:
                self._buffer.append(record)
            else:
                self._in_table(*record)
        return True

    def finish_without_header(self) -> None:
        buffer, self._buffer = self._buffer, []
        filled = [b for b in buffer if filled_cells(b[1])]
        if filled:
            self.left_out.append(
                LeftOut(
                    kind="footer" if self.tables else "preamble",
                    lines=_span(buffer[0][0], buffer[-1][0]),
                    count=len(filled),
                    preview=_preview(filled[0][1], filled[0][2]),
                    detail="lines below the table: a footer or notes"
                    if self.tables
                    else "no header with data under it",
                )
            )

    def _note_before(self, before: list[tuple[int, list[Cell], str | None]]) -> None:
        filled = [b for b in before if filled_cells(b[1])]
        if not filled:
            return
        comments = all(cell_text(b[1][0]).startswith("#") for b in filled if b[1])
        self.left_out.append(
            LeftOut(
                kind="comment" if comments else "preamble",
                lines=_span(before[0][0], before[-1][0]),
                count=len(filled),
                preview=_preview(filled[0][1], filled[0][2]),
                detail="report title, notes or comment lines above the header"
                if not self.tables
                else "title or comment lines between tables",
            )
        )

    def _start_table(
        self, line: int, cells: list[Cell], before: list[tuple[int, list[Cell], str | None]]
    ) -> None:
        width = max(i for i, _ in filled_cells(cells)) + 1
        groups = _group_labels(before, width)
        names = header_names([cell_text(c) for c in cells[:width]], groups)
        number = len(self.tables) + 1
        table = TableBlock(
            id=_sheet_table_id(self.prefix, number) if self.prefix else str(number),
            header_line=line,
            columns=names,
            width=width,
            group_labels=groups,
        )
        self.tables.append(table)
        self._table = table
        if self._is_chosen(table) and self.on_start is not None:
            self.on_start(table)
        self._header_norm = [cell_text(c).lower() for c in cells[:width]]

    # ---- inside a table --------------------------------------------------------------------

    def _in_table(self, line: int, cells: list[Cell], raw: str | None) -> None:
        """The hot path (every record of a large file): no regex unless a record is odd."""
        table = self._table
        assert table is not None
        filled = _count_filled(cells, raw is not None)
        if not filled:
            self._pending.append((line, cells, raw))
            return
        first = cells[0].strip() if raw is not None and cells[0] else ""
        first = first or next(cell_text(c) for c in cells if cell_text(c))
        after_gap = bool(self._pending)
        if after_gap and (first.startswith("#") or is_header_like(cells)):
            self._close_table()
            self._buffer = [*self._pending, (line, cells, raw)]
            self._pending = []
            return
        if self._pending:
            self._pending = []
        if first.lower() == self._header_norm[0] and self._is_repeat(cells, table.width):
            self._leave([(line, cells, raw)], "repeated header", "the header again")
        elif first.startswith("#") and filled < max(2, table.width // 2):
            self._leave([(line, cells, raw)], "comment", "a '#' comment line")
        elif filled == 1 and table.width >= 3:
            self._leave([(line, cells, raw)], "note", "a one-cell line: a note or footer")
        else:
            self._rows_since += 1
            table.rows += 1
            table.first_line = table.first_line or line
            table.last_line = line
            if len(table.samples) < 5:
                table.samples.append([cell_text(c) for c in cells[: table.width]])
            if self._is_chosen(table):
                self.sink(line, cells, raw)

    def _is_repeat(self, cells: list[Cell], width: int) -> bool:
        return [cell_text(c).lower() for c in cells[:width]] == self._header_norm

    def _leave(
        self, records: list[tuple[int, list[Cell], str | None]], kind: str, why: str
    ) -> None:
        filled = [r for r in records if filled_cells(r[1])]
        last = self.left_out[-1] if self.left_out else None
        if kind == "blank":
            return  # blank lines are only counted when they end something
        if last is not None and last.kind == kind and last.detail == why and not self._rows_since:
            start = last.lines.split("–")[0]
            last.lines = _span(int(start), records[-1][0])
            last.count += len(filled)
            return
        self._rows_since = 0
        self.left_out.append(
            LeftOut(
                kind=kind,
                lines=_span(records[0][0], records[-1][0]),
                count=len(filled),
                preview=_preview(filled[0][1], filled[0][2]) if filled else "",
                detail=why,
            )
        )

    def _close_table(self) -> None:
        table = self._table
        if table is not None:
            for item in self.left_out:
                if item.kind == "note" and int(item.lines.split("–")[0]) > table.last_line:
                    item.kind, item.detail = "footer", "lines below the table: a footer or notes"
        self._table = None
        self._pending = []


def _count_filled(cells: list[Cell], text_only: bool) -> int:
    """How many cells hold something (whitespace-only text counts as empty)."""
    if text_only:
        count = len(cells) - cells.count("")
    else:
        count = sum(1 for c in cells if c is not None and c != "")
    if count <= 2:  # rare: check for whitespace-only text exactly
        count = sum(1 for c in cells if cell_text(c))
    return count


def _sheet_table_id(prefix: str, number: int) -> str:
    return prefix if number == 1 else f"{prefix}#{number}"


def _group_labels(before: list[tuple[int, list[Cell], str | None]], width: int) -> list[str]:
    """Labels of a merged group row right above the header ("Delivery" over three columns),
    carried right across the empty cells a merge leaves."""
    if not before:
        return []
    cells = before[-1][1]
    filled = filled_cells(cells)
    if len(filled) < 2 or any(k != "text" for _, k in filled) or filled[0][0] >= width:
        return []
    labels, current = [], ""
    for i in range(width):
        text = cell_text(cells[i]) if i < len(cells) else ""
        current = text or current
        labels.append(current)
    return labels


def header_names(raw: list[str], groups: list[str] | None = None) -> list[str]:
    """Unique, non-empty column names; duplicates take their group label, then a number."""
    names: list[str] = []
    counts: dict[str, int] = {}
    for name in raw:
        key = name.lower()
        counts[key] = counts.get(key, 0) + 1
    for i, name in enumerate(raw):
        name = " ".join(name.split()) or f"column_{i + 1}"
        if counts.get(name.lower(), 0) > 1 and groups and i < len(groups) and groups[i]:
            name = f"{groups[i]} {name}"
        base, n = name, 2
        while name.lower() in {x.lower() for x in names}:
            name, n = f"{base}_{n}", n + 1
        names.append(name)
    return names
