"""Reading an export (CSV, workbook or Parquet) into a staging table of text columns.

CSV: the encoding comes from `core.encoding.detect_encoding` (one policy for documents and
data), the dialect (delimiter, quote) from `clevercsv` on the first lines, and the records
stream through `layout.Segmenter`, which finds the data block; only the chosen table's data
records are copied, verbatim, into a temporary UTF-8 file that DuckDB loads with
`all_varchar`. Workbooks (.xlsx/.xlsm/.xlsb/.xls/.ods) are read with `python-calamine`: every
sheet is searched the same way and typed cells are kept as they are (numbers and dates are
recorded as typed, so no locale is guessed for them). Parquet is typed already.

Every staged table has a `__line` column: the source line (or sheet row) of each record.
"""

from __future__ import annotations

import csv
import hashlib
import io
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import clevercsv
import duckdb

from core.encoding import detect_encoding
from core.errors import UnreadableFile, UnsupportedFile
from core.sanitise import SQL_INVISIBLE
from tools.kpi.errors import UnrecognisedFile
from tools.kpi.layout import Cell, LeftOut, Segmenter, TableBlock, cell_kind, cell_text

CSV_SUFFIXES = {".csv", ".tsv", ".txt"}
PARQUET_SUFFIXES = {".parquet", ".pq"}
WORKBOOK_SUFFIXES = {".xlsx", ".xlsm", ".xlsb", ".xls", ".ods"}
STAGE = "__kpi_stage"
LINE = "__line"
_SNIFF_BYTES = 256 * 1024
_DIALECT_CHARS = 32 * 1024
_DELIMITERS = (",", ";", "\t", "|")


@dataclass
class StagedSource:
    """What was staged and what was found around it."""

    kind: str  # "csv", "workbook" or "parquet"
    columns: list[str]
    tables: list[TableBlock] = field(default_factory=list)
    chosen: TableBlock | None = None
    left_out: list[LeftOut] = field(default_factory=list)
    typed: dict[str, str] = field(default_factory=dict)  # column → "number" | "date"
    encoding: str | None = None
    delimiter: str | None = None

    def other_tables(self) -> list[TableBlock]:
        return [t for t in self.tables if t is not self.chosen]


def file_sha256(path: Path) -> str:
    """Content hash of the file: the identity used to make re-imports a no-op."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def check_file(path: Path) -> str:
    """Reject missing, empty and unsupported files; return "csv", "workbook" or "parquet"."""
    if not path.is_file():
        raise UnreadableFile(f"'{path.name}' does not exist or is not a file.")
    suffix = path.suffix.lower()
    if suffix not in CSV_SUFFIXES | PARQUET_SUFFIXES | WORKBOOK_SUFFIXES:
        raise UnsupportedFile(
            f"'{path.name}' is not a CSV, Excel/OpenDocument workbook or Parquet file; export "
            "the report as CSV or .xlsx and upload it."
        )
    if path.stat().st_size == 0:
        raise UnreadableFile(f"'{path.name}' is empty.")
    if suffix in PARQUET_SUFFIXES:
        return "parquet"
    return "workbook" if suffix in WORKBOOK_SUFFIXES else "csv"


def stage(
    cur: duckdb.DuckDBPyConnection,
    path: Path,
    kind: str,
    known: frozenset[str],
    choose: str | None,
    name: str,
) -> StagedSource:
    """Load the chosen table of `path` into the temp table STAGE (all text, plus `__line`);
    cells are untrusted text, so invisible characters go on the way in (`core.sanitise`)."""
    staged = _stage_any(cur, path, kind, known, choose, name)
    _strip_invisible(cur, staged.columns)
    return staged


def _stage_any(
    cur: duckdb.DuckDBPyConnection,
    path: Path,
    kind: str,
    known: frozenset[str],
    choose: str | None,
    name: str,
) -> StagedSource:
    if kind == "parquet":
        return _stage_parquet(cur, path, name)
    if kind == "workbook":
        from tools.kpi.workbook import read_workbook

        sheets = read_workbook(path, name)
        return _stage_records(cur, "workbook", sheets, known, choose, name)
    encoding, dialect = sniff_text(path)
    return _stage_records(
        cur,
        "csv",
        [("", _csv_records(path, encoding, dialect, name))],
        known,
        choose,
        name,
        encoding=encoding,
        dialect=dialect,
    )


def sniff_text(path: Path) -> tuple[str, csv.Dialect | type[csv.Dialect]]:
    """Encoding (shared policy) and CSV dialect of a text export."""
    with path.open("rb") as handle:
        head = handle.read(_SNIFF_BYTES)
    encoding = detect_encoding(head, truncated=len(head) == _SNIFF_BYTES)
    text = head.decode(encoding, errors="replace").lstrip("\ufeff")
    sample = text[:_DIALECT_CHARS]
    if len(text) > _DIALECT_CHARS:
        sample = sample[: sample.rfind("\n") + 1] or sample
    delimiter, quote = _dialect_of(sample)

    class Dialect(csv.excel):
        pass

    Dialect.delimiter = delimiter
    Dialect.quotechar = quote
    return encoding, Dialect


def _dialect_of(sample: str) -> tuple[str, str]:
    try:
        found = clevercsv.Detector().detect(sample, delimiters=list(_DELIMITERS))
    except Exception:  # noqa: BLE001 - a detector failure only means "use the fallback"
        found = None
    if found is not None and found.delimiter in _DELIMITERS:
        return found.delimiter, found.quotechar or '"'
    counts = {d: sum(line.count(d) for line in sample.splitlines()[:50]) for d in _DELIMITERS}
    return max(_DELIMITERS, key=lambda d: counts[d]), '"'


def _csv_records(
    path: Path, encoding: str, dialect: Any, name: str
) -> Iterator[tuple[int, list[Cell], str | None]]:
    """(first line, cells, raw text) per record; decoding errors name the line."""
    raw_lines: list[str] = []
    handle = path.open(encoding=encoding, newline="", errors="strict")

    def lines() -> Iterator[str]:
        for line in handle:
            raw_lines.append(line)
            yield line

    reader = csv.reader(lines(), dialect)
    previous = 0
    try:
        with handle:
            for cells in reader:
                raw = "".join(raw_lines)
                raw_lines.clear()
                if previous == 0:
                    raw = raw.lstrip("\ufeff")
                    if cells:
                        cells[0] = cells[0].lstrip("\ufeff")
                yield previous + 1, cells, raw
                previous = reader.line_num
    except UnicodeDecodeError as exc:
        raise UnreadableFile(
            f"'{name}' is not consistently {encoding}: a character after line {previous} cannot "
            "be read. Save the export again as UTF-8 (CSV UTF-8 in Excel) and re-import it."
        ) from exc
    except csv.Error as exc:
        raise UnreadableFile(
            f"'{name}' is not a readable CSV after line {previous}: {exc}."
        ) from exc


class _StageWriter:
    """Writes the chosen table's records to a UTF-8 CSV for DuckDB (with `__line` first)."""

    def __init__(self, target: io.TextIOBase, dialect: Any, name: str) -> None:
        self.out = target
        self.writer = csv.writer(target, dialect)
        self.dialect = dialect
        self.verbatim = dialect.quotechar == '"' and getattr(dialect, "escapechar", None) is None
        self.width = 0
        self.name = name
        self.kinds: list[set[str]] = []

    def start(self, table: TableBlock) -> None:
        self.width = table.width
        self.kinds = [set() for _ in range(table.width)]

    def __call__(self, line: int, cells: list[Cell], raw: str | None) -> None:
        width = self.width
        if len(cells) > width and any(cell_text(c) for c in cells[width:]):
            extra = len([c for c in cells if cell_text(c)])
            raise UnreadableFile(
                f"Line {line} of '{self.name}' has more values ({extra}) than the header has "
                f"columns ({width}); a value probably contains an unquoted "
                f"'{self.dialect.delimiter}'. Fix that line (or quote the value) and re-import."
            )
        if raw is not None and self.verbatim and len(cells) == width:
            self.out.write(f"{line}{self.dialect.delimiter}{raw}")
            if not raw.endswith(("\n", "\r")):
                self.out.write("\n")
            return
        if raw is None:
            for i, cell in enumerate(cells[:width]):
                if isinstance(cell, str):
                    self.kinds[i].add("text" if cell.strip() else "blank")
                else:
                    self.kinds[i].add(cell_kind(cell))
        padded = [cell_text(c) for c in cells[:width]] + [""] * (width - len(cells))
        self.writer.writerow([line, *padded])


def _stage_records(
    cur: duckdb.DuckDBPyConnection,
    kind: str,
    sources: list[tuple[str, Any]],
    known: frozenset[str],
    choose: str | None,
    name: str,
    *,
    encoding: str | None = None,
    dialect: Any = csv.excel,
) -> StagedSource:
    with tempfile.TemporaryDirectory(prefix="cmo-stage-") as folder:
        copy = Path(folder) / "stage.csv"
        with copy.open("w", encoding="utf-8", newline="") as out:
            writer = _StageWriter(out, dialect, name)
            found = _segment_all(sources, known, choose, writer)
        staged = StagedSource(
            kind,
            [],
            found.tables,
            found.chosen,
            found.left_out,
            encoding=encoding,
            delimiter=getattr(dialect, "delimiter", None),
        )
        if staged.chosen is None:
            raise _no_table(name, found.tables, choose)
        staged.columns = staged.chosen.columns
        staged.typed = _typed_columns(staged.columns, writer.kinds)
        _load_csv(cur, copy, staged.columns, dialect.delimiter, name)
    return staged


@dataclass
class _Found:
    tables: list[TableBlock]
    chosen: TableBlock | None
    left_out: list[LeftOut]


def _segment_all(
    sources: list[tuple[str, Any]], known: frozenset[str], choose: str | None, writer: _StageWriter
) -> _Found:
    """Segment every source (a CSV, or each sheet); the first table is the default choice."""
    tables: list[TableBlock] = []
    left_out: list[LeftOut] = []
    chosen: list[TableBlock] = []

    def on_start(table: TableBlock) -> None:
        chosen.append(table)
        writer.start(table)

    for prefix, records in sources:
        want = choose if choose is not None else (None if not chosen else "\0none")
        seg = Segmenter(known, writer, want, prefix=prefix, on_start=on_start)
        for record in records:
            seg.feed(*record)
        seg.finish()
        if prefix:
            for item in seg.left_out:
                item.detail = f"sheet '{prefix}': {item.detail}"
        tables += seg.tables
        left_out += seg.left_out
    return _Found(tables, chosen[0] if chosen else None, left_out)


def _typed_columns(columns: list[str], kinds: list[set[str]]) -> dict[str, str]:
    typed: dict[str, str] = {}
    for col, seen in zip(columns, kinds, strict=False):
        seen = seen - {"blank"}
        if seen == {"number"}:
            typed[col] = "number"
        elif seen == {"date"}:
            typed[col] = "date"
    return typed


def _no_table(name: str, tables: list[TableBlock], choose: str | None) -> UnrecognisedFile:
    if choose is not None and tables:
        ids = ", ".join(f"'{t.id}'" for t in tables)
        return UnrecognisedFile(f"'{name}' has no table '{choose}'; its tables are {ids}.")
    return UnrecognisedFile(
        f"I found no table in '{name}': no line of column names followed by rows with numbers "
        "or dates. Export the report as a table (one header line, one row per day or campaign)."
    )


def _load_csv(
    cur: duckdb.DuckDBPyConnection, path: Path, columns: list[str], delimiter: str, name: str
) -> None:
    cur.execute(f"DROP TABLE IF EXISTS {STAGE}")
    spec = ", ".join("'{}': 'VARCHAR'".format(c.replace("'", "''")) for c in [LINE, *columns])
    try:
        cur.execute(
            f"""CREATE TEMP TABLE {STAGE} AS SELECT * FROM read_csv(
                ?, header = false, auto_detect = false, delim = ?, quote = '"', escape = '"',
                columns = {{{spec}}}, null_padding = true)""",
            [str(path), delimiter],
        )
    except duckdb.Error as exc:
        message = str(exc).splitlines()[0][:300]
        raise UnreadableFile(f"Could not read '{name}' as a table: {message}") from exc


def _stage_parquet(cur: duckdb.DuckDBPyConnection, path: Path, name: str) -> StagedSource:
    cur.execute(f"DROP TABLE IF EXISTS {STAGE}")
    try:
        cur.execute(f"CREATE TEMP TABLE {STAGE} AS SELECT * FROM read_parquet(?)", [str(path)])
    except duckdb.Error as exc:
        message = str(exc).splitlines()[0][:300]
        raise UnreadableFile(f"Could not read '{name}' as Parquet: {message}") from exc
    described = cur.execute(f"SELECT column_name, column_type FROM (DESCRIBE {STAGE})").fetchall()
    typed: dict[str, str] = {}
    for col, sql_type in described:
        upper = str(sql_type).upper()
        if upper.startswith(("DATE", "TIMESTAMP")):
            typed[col] = "date"
        elif any(
            upper.startswith(t)
            for t in (
                "DOUBLE",
                "FLOAT",
                "DECIMAL",
                "INT",
                "BIGINT",
                "SMALLINT",
                "TINYINT",
                "HUGEINT",
                "UBIGINT",
                "UINTEGER",
                "REAL",
                "USMALLINT",
                "UTINYINT",
            )
        ):
            typed[col] = "number"
    selects = ", ".join(
        'CAST("{0}" AS VARCHAR) AS "{0}"'.format(n.replace('"', '""')) for n, _ in described
    )
    cur.execute(
        f"CREATE OR REPLACE TEMP TABLE {STAGE} AS SELECT CAST(row_number() OVER () AS VARCHAR) "
        f"AS {LINE}, {selects} FROM {STAGE}"
    )
    columns = [c for c, _ in described]
    return StagedSource("parquet", columns, typed=typed)


def _strip_invisible(cur: duckdb.DuckDBPyConnection, names: list[str]) -> None:
    sets = ", ".join(
        "\"{0}\" = regexp_replace(\"{0}\", ?, '', 'g')".format(n.replace('"', '""')) for n in names
    )
    if sets:
        cur.execute(f"UPDATE {STAGE} SET {sets}", [SQL_INVISIBLE] * len(names))
