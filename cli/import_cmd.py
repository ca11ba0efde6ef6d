"""`cmo import`: load a campaign export into a workspace (through the running server when there is
one) and show the report, or with `--dry-run` what the import would do."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from rich.console import Console
from rich.table import Table

from core.errors import UnreadableFile
from tools.kpi.import_report import DryRun, ImportReport


def import_data(
    workspace: str,
    path: Path,
    mapping: Path | None = None,
    *,
    table: str | None = None,
    dry_run: bool = False,
    create: bool = False,
) -> ImportReport | DryRun:
    """Import `path` into `workspace` and print what happened. CmoErrors (unknown workspace,
    unrecognised file, ...) propagate to `main`."""
    from cli.remote import remote

    if mapping is not None and not mapping.is_file():
        raise UnreadableFile(f"mapping file '{mapping}' not found")
    console = Console()
    server = remote()
    if server is not None:
        result = _through_server(server, workspace, path, mapping, table, dry_run, create)
    else:
        result = _directly(workspace, path, mapping, table, dry_run, create, console)
    if isinstance(result, DryRun):
        print_dry_run(result, console)
    else:
        print_report(result, workspace, console)
    return result


def _through_server(
    server: Any,
    workspace: str,
    path: Path,
    mapping: Path | None,
    table: str | None,
    dry_run: bool,
    create: bool,
) -> ImportReport | DryRun:
    if create:
        ensure_workspace_remote(server, workspace)
    data = {
        k: v
        for k, v in (("mapping", mapping.read_text("utf-8") if mapping else None), ("table", table))
        if v
    }
    with path.open("rb") as handle:
        body = server.call(
            "POST",
            f"/workspaces/{workspace}/data",
            files={"file": (path.name, handle)},
            data=data,
            params={"dry_run": "true"} if dry_run else None,
        )
    return DryRun.model_validate(body) if dry_run else ImportReport.model_validate(body)


def ensure_workspace_remote(server: Any, workspace: str) -> None:
    from cli.remote import ServerError

    try:
        server.call("GET", f"/workspaces/{workspace}")
    except ServerError as exc:
        if exc.status_code != 404:
            raise
        server.call("POST", "/workspaces", json={"id": workspace})


def _directly(
    workspace: str,
    path: Path,
    mapping: Path | None,
    table: str | None,
    dry_run: bool,
    create: bool,
    console: Console,
) -> ImportReport | DryRun:
    from core.settings import Settings
    from core.workspaces import WorkspaceStore
    from tools.kpi.dry_run import dry_run_file
    from tools.kpi.importers import import_file
    from tools.kpi.mapping import ColumnMapping

    workspaces = WorkspaceStore(Settings().data_dir)  # no embedder or vector store needed
    if create:
        workspaces.ensure(workspace)
    workspaces.get(workspace)  # unknown or malformed ids are refused here
    workspace_dir = workspaces.path(workspace)
    explicit = ColumnMapping.load(mapping) if mapping is not None else None
    if dry_run:
        return dry_run_file(workspace_dir, path, explicit, table=table)
    with console.status(f"Importing {path.name} into '{workspace}'…"):
        return import_file(workspace_dir, path, explicit, table=table)


def print_report(report: ImportReport, workspace: str, console: Console) -> None:
    """The import report as a person checks it against the file."""
    if report.status == "already_imported":
        console.print(f"[yellow]Nothing changed:[/] {report.message}")
        return
    span = f"{report.first_date} to {report.last_date}" if report.first_date else "no dates"
    verb = "Replaced" if report.status == "replaced" else "Imported"
    console.print(
        f"[green]{verb}[/] {report.rows_imported:,} of {report.rows_read:,} rows from "
        f"[bold]{report.file_name}[/] into '{workspace}' as {report.format_label} "
        f"({span}; import id {report.import_id})."
    )
    _details(report, console)


def _details(report: ImportReport, console: Console) -> None:
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
    for item in report.left_out:
        console.print(
            f"Left out line(s) {item.lines} ({item.kind}): {item.detail} — {item.preview}"
        )
    for action in report.cleaning_actions:
        console.print(f"Cleaned: {action}")
    for check in report.checks_passed:
        console.print(f"[green]Checked:[/] {check}")
    for warning in report.warnings:
        console.print(f"[red]Warning:[/] {warning.message}")
    if report.warnings:
        console.print(
            f"KPI answers using this import repeat these warnings until you confirm them: "
            f"`cmo data confirm {report.import_id}`."
        )


def print_dry_run(result: DryRun, console: Console) -> None:
    state = "[green]ready to import[/]" if result.ready else "[red]would not import[/]"
    console.print(f"Dry run ({result.mapping_source} mapping), {state}; nothing was written.")
    console.print("Mapping:\n" + yaml.safe_dump(result.mapping, sort_keys=False).rstrip())
    for field in result.fields:
        console.print(
            f"  {field.field} ← {field.column} ({field.confidence}; e.g. "
            f"{', '.join(field.samples)})"
        )
    for problem in result.problems:
        console.print(f"[red]{problem['code']}:[/] {problem['message']}")
    if result.report is not None:
        console.print(result.report.message)
        _details(result.report, console)
    if result.preview:
        shown = [
            k for k in result.preview[0] if any(r.get(k) not in (None, "") for r in result.preview)
        ]
        rows = Table(*shown, title=f"First {len(result.preview)} rows as they would be stored")
        for row in result.preview:
            rows.add_row(*[str(row.get(k, "")) for k in shown])
        console.print(rows)
    for code, sums in result.totals.items():
        figures = ", ".join(f"{k} {v:,.2f}" for k, v in sums.items() if v is not None)
        console.print(f"Totals{f' ({code})' if code else ''}: {figures}")
