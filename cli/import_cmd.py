"""`cmo import`: load a campaign export (CSV or Parquet) into a workspace and show the report."""

from __future__ import annotations

from pathlib import Path

from rich.console import Console
from rich.table import Table

from core.errors import UnreadableFile
from tools.kpi.importers import ImportReport


def import_data(workspace: str, path: Path, mapping: Path | None = None) -> ImportReport:
    """Import `path` into `workspace` (optionally with an explicit mapping file) and print
    what happened. CmoErrors (unknown workspace, unrecognised file, ...) propagate to `main`."""
    from core.settings import Settings
    from core.workspaces import WorkspaceStore
    from tools.kpi.importers import import_file
    from tools.kpi.mapping import ColumnMapping

    if mapping is not None and not mapping.is_file():
        raise UnreadableFile(f"mapping file '{mapping}' not found")
    workspaces = WorkspaceStore(Settings().data_dir)  # no embedder or vector store needed
    workspaces.get(workspace)  # unknown or malformed ids are refused here
    workspace_dir = workspaces.path(workspace)
    explicit = ColumnMapping.load(mapping) if mapping is not None else None
    console = Console()
    # one DuckDB statement does the work, so a spinner rather than a bar (1M rows: ~12 s)
    with console.status(f"Importing {path.name} into '{workspace}'…"):
        report = import_file(workspace_dir, path, explicit)
    print_report(report, workspace, console)
    return report


def print_report(report: ImportReport, workspace: str, console: Console) -> None:
    """The import report as a person checks it against the file."""
    if report.status == "already_imported":
        console.print(f"[yellow]Nothing changed:[/] {report.message}")
        return
    span = f"{report.first_date} to {report.last_date}" if report.first_date else "no dates"
    console.print(
        f"[green]Imported[/] {report.rows_imported:,} of {report.rows_read:,} rows from "
        f"[bold]{report.file_name}[/] into '{workspace}' as {report.format_label} "
        f"({span}; import id {report.import_id})."
    )
    columns = Table("field", "from column", title="Columns mapped")
    for target, source in report.columns_mapped.items():
        columns.add_row(target, source)
    for extra in report.columns_extra:
        columns.add_row(f"{extra.name} (extra {extra.kind})", extra.source)
    console.print(columns)
    if report.columns_ignored:
        ignored = Table("column", "why not used", title="Columns not used")
        for column, reason in report.columns_ignored.items():
            ignored.add_row(column, reason)
        console.print(ignored)
    for reason, count in report.rows_dropped.items():
        examples = ", ".join(report.drop_examples.get(reason, [])[:3])
        console.print(
            f"Dropped {count:,} row(s): {reason}" + (f" (e.g. {examples})" if examples else "")
        )
    for action in report.cleaning_actions:
        console.print(f"Cleaned: {action}")
