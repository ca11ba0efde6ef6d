"""`make bench` / `python -m evals.bench`: every row, or some (`--only ingest,kpi`).

Prints each row as it is measured, then writes `evals/reports/bench.{json,md}` (rows not
measured keep their previous figures) and regenerates the README's benchmark table.
"""

from __future__ import annotations

import argparse
import dataclasses
import logging
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from evals.bench.context import Bench, BenchConfig
from evals.bench.measure import LoadNote
from evals.bench.report import (
    BEFORE_NAME,
    README,
    REPORT_NAME,
    REPORTS_DIR,
    Row,
    load_report,
    merge,
    update_readme,
    write_report,
)

Part = Callable[[Bench], list[Row]]


def parts() -> dict[str, Part]:
    """Every part in run order (its rows keep this order in the report)."""
    from evals.bench.chat import overhead_row, search_row
    from evals.bench.ingest import ingest_row, playbooks_row
    from evals.bench.kpi import kpi_row
    from evals.bench.load import load_row
    from evals.bench.startup import startup_rows
    from evals.bench.tokens import tokens_row

    return {
        "ingest": ingest_row,
        "playbooks": playbooks_row,
        "kpi": kpi_row,
        "search": search_row,
        "overhead": overhead_row,
        "tokens": tokens_row,
        "load": load_row,
        "startup": startup_rows,
    }


ROW_ORDER = [
    "ingest",
    "playbooks",
    "kpi",
    "search",
    "overhead",
    "tokens",
    "load",
    "liveness",
    "first_answer",
]


def run(
    config: BenchConfig, only: Sequence[str] = (), echo: Callable[[str], None] = print
) -> list[Row]:
    """Measure the chosen parts (all when `only` is empty) and return their rows."""
    available = parts()
    unknown = sorted(set(only) - set(available))
    if unknown:
        raise SystemExit(
            f"unknown part(s) {', '.join(unknown)}; choose from {', '.join(available)}"
        )
    rows: list[Row] = []
    with Bench(config) as bench:
        for name, part in available.items():
            if only and name not in only:
                continue
            echo(f"… {name} ({LoadNote().text()})")
            for row in part(bench):
                rows.append(row)
                echo(_line(row))
    return rows


def _line(row: Row) -> str:
    mark = {True: "✅", False: "❌", None: ""}[row.met]
    return (
        f"{row.path}: {row.product} vs {row.primitive} → {row.ratio_text} "
        f"(target {row.target}) {mark} [{row.seconds:.0f} s]"
    )


def publish(rows: list[Row], out_dir: Path, readme: Path | None) -> tuple[Path, Path]:
    """Merge rows into the report on disk, write it, and refresh the README table."""
    report = merge(load_report(out_dir / f"{REPORT_NAME}.json"), rows, ROW_ORDER)
    paths = write_report(report, out_dir)
    if readme is not None:
        before_path = out_dir / f"{BEFORE_NAME}.json"
        before = load_report(before_path) if before_path.is_file() else None
        update_readme(report, before, readme)
    return paths


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m evals.bench", description=__doc__)
    parser.add_argument("--only", default="", help="comma-separated parts: " + ", ".join(parts()))
    defaults = BenchConfig()
    for f in dataclasses.fields(BenchConfig):
        if f.type in ("int", int):
            parser.add_argument(
                f"--{f.name.replace('_', '-')}", type=int, default=getattr(defaults, f.name)
            )
    parser.add_argument("--out", type=Path, default=REPORTS_DIR, help="where the report goes")
    parser.add_argument("--no-write", action="store_true", help="print only")
    parser.add_argument("--no-readme", action="store_true", help="leave README.md alone")
    return parser


def main(argv: Sequence[str] | None = None) -> None:
    logging.basicConfig(level=logging.WARNING)
    args = _parser().parse_args(argv)
    config = BenchConfig(
        **{
            f.name: getattr(args, f.name)
            for f in dataclasses.fields(BenchConfig)
            if hasattr(args, f.name)
        }
    )
    only = [p.strip() for p in args.only.split(",") if p.strip()]
    note, started = LoadNote(), time.perf_counter()
    rows = run(config, only)
    print(f"done in {time.perf_counter() - started:.0f} s, {note.close().text()}")
    if not args.no_write:
        readme = None if args.no_readme or args.out != REPORTS_DIR else README
        for path in publish(rows, args.out, readme):
            print(f"wrote {path}")
