"""Reading export files into a staging table of text columns, with DuckDB.

Platform exports put report titles, date ranges or "#" comment lines above the header, so the
header line is found first (the line with the most known header names), then DuckDB reads the
rest with `all_varchar=true`: every value stays text until the importer cleans it in SQL.
"""

from __future__ import annotations

import codecs
import csv
import hashlib
import io
import shutil
import tempfile
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import duckdb

from core.encoding import detect_encoding
from core.errors import UnreadableFile, UnsupportedFile
from core.sanitise import SQL_INVISIBLE
from tools.kpi.formats import normalize_header

CSV_SUFFIXES = {".csv", ".tsv", ".txt"}
PARQUET_SUFFIXES = {".parquet", ".pq"}
STAGE = "__kpi_stage"
_SNIFF_BYTES = 256 * 1024
_DELIMITERS = (",", "\t", ";", "|")


@dataclass(frozen=True)
class SourceLayout:
    """Where the data starts in a file and how it is encoded."""

    kind: str  # "csv" or "parquet"
    encoding: str = "utf-8"
    delimiter: str = ","
    skip: int = 0
    preamble: tuple[str, ...] = ()


def file_sha256(path: Path) -> str:
    """Content hash of the file: the identity used to make re-imports a no-op."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def check_file(path: Path) -> str:
    """Reject missing, empty and unsupported files with a message naming the file."""
    if not path.is_file():
        raise UnreadableFile(f"'{path.name}' does not exist or is not a file.")
    suffix = path.suffix.lower()
    if suffix not in CSV_SUFFIXES | PARQUET_SUFFIXES:
        raise UnsupportedFile(
            f"'{path.name}' is not a CSV or Parquet file; export the report as CSV and upload it."
        )
    if path.stat().st_size == 0:
        raise UnreadableFile(f"'{path.name}' is empty.")
    return "parquet" if suffix in PARQUET_SUFFIXES else "csv"


def _split(line: str, delimiter: str) -> list[str]:
    try:
        return next(csv.reader(io.StringIO(line), delimiter=delimiter))
    except (StopIteration, csv.Error):
        return []


def sniff_layout(path: Path, known_headers: frozenset[str]) -> SourceLayout:
    """Find the header line and delimiter of a CSV export (skipping title/comment lines)."""
    with path.open("rb") as handle:
        head = handle.read(_SNIFF_BYTES)
    encoding = detect_encoding(head, truncated=len(head) == _SNIFF_BYTES)
    text = head.decode(encoding, errors="replace")
    lines = text.lstrip("\ufeff").splitlines()[:200]
    best: tuple[int, int, str] | None = None  # (score, -line, delimiter)
    for index, line in enumerate(lines[:100]):
        for delimiter in _DELIMITERS:
            if delimiter not in line:
                continue
            cells = {normalize_header(c)[0] for c in _split(line, delimiter)}
            score = len(cells & known_headers)
            if score >= 2 and (best is None or (score, -index) > best[:2]):
                best = (score, -index, delimiter)
    if best is not None:
        skip = -best[1]
        return SourceLayout("csv", encoding, best[2], skip, tuple(lines[:skip]))
    return _layout_by_shape(lines, encoding)


def _layout_by_shape(lines: list[str], encoding: str) -> SourceLayout:
    """No known header: take the first line that has the file's usual number of fields."""
    body = [(i, ln) for i, ln in enumerate(lines) if ln.strip() and not ln.startswith("#")]
    if not body:
        return SourceLayout("csv", encoding)
    best_delim, best_width = ",", 1
    for delimiter in _DELIMITERS:
        widths = Counter(len(_split(ln, delimiter)) for _, ln in body)
        width = widths.most_common(1)[0][0]
        if width > best_width:
            best_delim, best_width = delimiter, width
    for index, line in body:
        if len(_split(line, best_delim)) == best_width:
            return SourceLayout("csv", encoding, best_delim, index, tuple(lines[:index]))
    return SourceLayout("csv", encoding, best_delim)


def stage_file(cur: duckdb.DuckDBPyConnection, path: Path, layout: SourceLayout) -> list[str]:
    """Load the file into the temp table STAGE (all text columns); return the column names."""
    cur.execute(f"DROP TABLE IF EXISTS {STAGE}")
    try:
        if layout.kind == "parquet":
            cur.execute(f"CREATE TEMP TABLE {STAGE} AS SELECT * FROM read_parquet(?)", [str(path)])
            _cast_stage_to_text(cur)
        else:
            with _readable_by_duckdb(path, layout.encoding) as (source, encoding):
                cur.execute(
                    f"""CREATE TEMP TABLE {STAGE} AS SELECT * FROM read_csv(
                        ?, header = true, skip = ?, delim = ?, quote = '"', all_varchar = true,
                        null_padding = true, encoding = ?)""",
                    [str(source), layout.skip, layout.delimiter, encoding],
                )
    except duckdb.Error as exc:
        message = str(exc).splitlines()[0][:300]
        raise UnreadableFile(f"Could not read '{path.name}' as a table: {message}") from exc
    rows = cur.execute(f"SELECT column_name FROM (DESCRIBE {STAGE})").fetchall()
    _strip_invisible(cur, [r[0] for r in rows])
    return [r[0] for r in rows]


def _strip_invisible(cur: duckdb.DuckDBPyConnection, names: list[str]) -> None:
    """Cells are untrusted text: invisible characters go on the way in (`core.sanitise`)."""
    sets = ", ".join(
        '"{0}" = regexp_replace("{0}", ?, \'\', \'g\')'.format(n.replace('"', '""'))
        for n in names
    )
    if sets:
        cur.execute(f"UPDATE {STAGE} SET {sets}", [SQL_INVISIBLE] * len(names))


@contextmanager
def _readable_by_duckdb(path: Path, encoding: str) -> Iterator[tuple[Path, str]]:
    """DuckDB reads UTF-8 and UTF-16 itself; any other encoding is decoded (per
    `core.encoding`) into a temporary UTF-8 copy, so every code page is read the same way."""
    codec = codecs.lookup(encoding).name
    if codec in ("utf-8", "utf-8-sig", "utf-16"):
        yield path, "utf-16" if codec == "utf-16" else "utf-8"
        return
    with tempfile.TemporaryDirectory(prefix="cmo-csv-") as folder:
        copy = Path(folder) / "utf8.csv"
        with path.open(encoding=encoding, newline="") as src, copy.open(
            "w", encoding="utf-8", newline=""
        ) as dst:
            shutil.copyfileobj(src, dst, 1 << 20)
        yield copy, "utf-8"


def _cast_stage_to_text(cur: duckdb.DuckDBPyConnection) -> None:
    """Parquet columns are typed; turn them into text so one cleaning path serves both kinds."""
    names = [r[0] for r in cur.execute(f"SELECT column_name FROM (DESCRIBE {STAGE})").fetchall()]
    selects = ", ".join(
        'CAST("{0}" AS VARCHAR) AS "{0}"'.format(n.replace('"', '""')) for n in names
    )
    cur.execute(f"CREATE OR REPLACE TEMP TABLE {STAGE} AS SELECT {selects} FROM {STAGE}")
