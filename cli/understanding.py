"""`cmo eval --suite understanding`: print the understanding scorecard; exit 1 under threshold."""

from __future__ import annotations

import typer
from rich.console import Console
from rich.table import Table

from cli.progress import progress_bar


def run_understanding_command(model: str, split: str) -> None:
    from evals.report import threshold_failures
    from evals.understanding.run import run_understanding
    from evals.understanding.thresholds import load_understanding_thresholds

    chosen = None if split == "all" else split
    with progress_bar(f"Understanding ({model}, {split})") as advance:
        report = run_understanding(model, chosen, progress=advance)  # type: ignore[arg-type]
    table = Table("metric", "value", title=f"Understanding — {model}, {split}")
    for metric, value in report["scorecard"].items():
        table.add_row(metric, str(value))
    console = Console()
    console.print(table)
    failures = threshold_failures(report["scorecard"], load_understanding_thresholds(split))
    for failure in failures:
        console.print(f"[red]below threshold: {failure}[/]")
    if failures:
        raise typer.Exit(1)
