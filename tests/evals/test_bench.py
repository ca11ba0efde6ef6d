"""The benchmark harness runs end to end on tiny sizes and writes its report (no figure is
asserted: timings belong to `make bench`, not to tests)."""

from __future__ import annotations

import json
import math
from pathlib import Path

from evals.bench.context import BenchConfig
from evals.bench.report import TABLE_END, TABLE_START, Row
from evals.bench.run import publish, run

TINY = BenchConfig(
    rounds=1,
    files=2,
    kpi_rows=2000,
    kpi_rounds=2,
    questions=2,
    token_cases=2,
    sessions=3,
    session_turns=1,
    sequential_turns=2,
)


def test_every_part_but_the_server_start_runs_and_is_reported(
    tmp_path: Path, _prepared_data: Path
) -> None:
    config = BenchConfig(**{**TINY.__dict__, "prepared_dir": _prepared_data})
    lines: list[str] = []
    parts = ["ingest", "playbooks", "kpi", "search", "overhead", "tokens", "load"]
    rows = run(config, parts, echo=lines.append)

    assert [r.id for r in rows] == parts
    for row in rows:
        if row.id != "tokens":
            assert row.ratio is not None and math.isfinite(row.ratio) and row.ratio > 0, row
        assert row.load["cores"] >= 1 and len(row.load["before"]) == 3
    kpi = next(r for r in rows if r.id == "kpi")
    assert kpi.details["all_figures_match"], "the minimal SQL answers the same questions"
    ingest = next(r for r in rows if r.id == "ingest")
    assert ingest.details["same_texts_every_round"]
    tokens = next(r for r in rows if r.id == "tokens")
    by_part = tokens.details["tokens_per_turn_by_part"]  # where a turn's tokens go
    assert {"system", "human", "schemas"} <= set(by_part) and tokens.details["largest_turn"]
    assert any(line.startswith("… ingest") for line in lines)

    readme = tmp_path / "README.md"
    readme.write_text(f"# Title\n\n{TABLE_START}\nold table\n{TABLE_END}\n\nAfter.\n")
    json_path, md_path = publish(rows, tmp_path / "reports", readme)
    report = json.loads(json_path.read_text())
    assert list(report["rows"]) == parts
    text = readme.read_text()
    assert "old table" not in text and "| client-document ingestion (2 Markdown files" in text
    assert text.endswith(f"{TABLE_END}\n\nAfter.\n")
    assert "## KPI query" in md_path.read_text()


def test_a_partial_run_keeps_the_other_rows(tmp_path: Path) -> None:
    rows = run(BenchConfig(kpi_rows=2000, kpi_rounds=2), ["kpi"], echo=lambda _: None)
    out = tmp_path / "reports"
    earlier = Row("ingest", "kept", "1 chunks/s", "2 chunks/s", 0.5, "0.50", "≥ 0.9", False)
    publish([earlier], out, None)
    json_path, md_path = publish(rows, out, None)
    kept = json.loads(json_path.read_text())["rows"]
    assert list(kept) == ["ingest", "kpi"] and kept["ingest"]["path"] == "kept"
    assert "| kept | 1 chunks/s |" in md_path.read_text()
