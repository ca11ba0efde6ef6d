"""`cmo workspaces`, `cmo data` and `cmo metrics`: through the running server when there is
one, else directly on this data dir's stores (only the named workspace's)."""

from __future__ import annotations

from typing import Annotated, Any

import typer
from rich.console import Console
from rich.table import Table

from cli.remote import remote

workspaces_app = typer.Typer(help="Create, list and delete client workspaces.")
data_app = typer.Typer(help="A workspace's imports: list, show, confirm warnings, delete.")
metrics_app = typer.Typer(help="A workspace's metrics: list, add (validated), remove.")
WorkspaceOpt = Annotated[str, typer.Option("--workspace", "-w", help="Client workspace id.")]
console = Console()


def _settings() -> Any:
    from core.settings import Settings

    return Settings()


def _workspace_dir(workspace: str) -> Any:
    from core.workspaces import WorkspaceStore

    store = WorkspaceStore(_settings().data_dir)
    store.get(workspace)
    return store.path(workspace)


@workspaces_app.command("list")
def list_workspaces() -> None:
    """The workspaces of this data dir."""
    server = remote()
    if server is not None:
        items = server.call("GET", "/workspaces")
    else:
        from core.workspaces import WorkspaceStore

        items = [w.model_dump() for w in WorkspaceStore(_settings().data_dir).list()]
    table = Table("id", "name", "created at")
    for item in items:
        table.add_row(item["id"], item["name"], item["created_at"])
    console.print(table)


@workspaces_app.command("create")
def create_workspace(
    workspace_id: Annotated[str, typer.Argument(help="1–40 lower-case letters, digits, hyphens.")],
    name: Annotated[str | None, typer.Option(help="Display name.")] = None,
) -> None:
    """Create a client workspace."""
    server = remote()
    if server is not None:
        server.call("POST", "/workspaces", json={"id": workspace_id, "name": name})
    else:
        from core.workspaces import WorkspaceStore

        WorkspaceStore(_settings().data_dir).create(workspace_id, name)
    typer.echo(f"Created workspace '{workspace_id}'.")


@workspaces_app.command("delete")
def delete_workspace(
    workspace_id: Annotated[str, typer.Argument()],
    yes: Annotated[bool, typer.Option("--yes", help="Do not ask.")] = False,
) -> None:
    """Delete a workspace and everything in it (documents, data, calendars, threads)."""
    if not yes:
        typer.confirm(f"Delete '{workspace_id}' and everything in it?", abort=True)
    server = remote()
    if server is not None:
        server.call("DELETE", f"/workspaces/{workspace_id}")
    else:
        _delete_directly(workspace_id)
    typer.echo(f"Deleted workspace '{workspace_id}'.")


def _delete_directly(workspace_id: str) -> None:
    from langgraph.checkpoint.sqlite import SqliteSaver

    from core.services import build_services

    settings = _settings()
    services = build_services(settings)
    threads = services.delete_workspace(workspace_id)
    with SqliteSaver.from_conn_string(str(settings.data_dir / "checkpoints.sqlite")) as saver:
        for thread_id in threads:
            saver.delete_thread(thread_id)


@data_app.command("list")
def list_imports(workspace: WorkspaceOpt = "demo") -> None:
    """The files imported into a workspace."""
    server = remote()
    if server is not None:
        items = server.call("GET", f"/workspaces/{workspace}/data")
    else:
        from core.stores.campaigns import CampaignStore

        store = CampaignStore(_workspace_dir(workspace))
        items = store.imports() if store.exists else []
    table = Table("id", "file", "format", "rows imported", "imported at")
    for item in items:
        table.add_row(
            item["id"],
            item["file_name"],
            item["format"],
            str(item["rows_imported"]),
            str(item["imported_at"])[:19],
        )
    console.print(table)


@data_app.command("confirm")
def confirm(import_id: Annotated[str, typer.Argument()], workspace: WorkspaceOpt = "demo") -> None:
    """Confirm an import's warnings after checking its figures."""
    server = remote()
    if server is not None:
        server.call("POST", f"/workspaces/{workspace}/data/{import_id}/confirm")
    else:
        from tools.kpi.import_warnings import confirm_import

        confirm_import(_workspace_dir(workspace), import_id)
    typer.echo(f"Confirmed {import_id}: KPI answers no longer repeat its warnings.")


@data_app.command("delete")
def delete_import(
    import_id: Annotated[str, typer.Argument()], workspace: WorkspaceOpt = "demo"
) -> None:
    """Remove one import and its rows."""
    server = remote()
    if server is not None:
        server.call("DELETE", f"/workspaces/{workspace}/data/{import_id}")
    else:
        from core.errors import NotFound
        from core.stores.campaigns import CampaignStore

        store = CampaignStore(_workspace_dir(workspace))
        if not store.exists or import_id not in {i["id"] for i in store.imports()}:
            raise NotFound(f"no import '{import_id}' in workspace '{workspace}'")
        store.delete_import(import_id)
    typer.echo(f"Deleted {import_id}.")


@metrics_app.command("list")
def list_metrics(workspace: WorkspaceOpt = "demo") -> None:
    """Built-in, imported and workspace metrics."""
    server = remote()
    if server is not None:
        metrics = server.call("GET", f"/workspaces/{workspace}/metrics")["metrics"]
    else:
        from tools.kpi.describe import describe_metrics

        metrics = describe_metrics(_workspace_dir(workspace)).model_dump()["metrics"]
    table = Table("name", "label", "formula", "unit", "source")
    for m in metrics:
        table.add_row(m["name"], m["label"], m["formula"], m["unit"], m["source"])
    console.print(table)


@metrics_app.command("add")
def add_metric(
    name: Annotated[str, typer.Argument(help="lower_snake_case, e.g. cost_per_approved")],
    formula: Annotated[str, typer.Option(help="e.g. 'SUM(spend) / SUM(approved_conversion)'")],
    unit: Annotated[str, typer.Option(help="currency | percent | ratio | count")],
    label: Annotated[str | None, typer.Option()] = None,
    synonym: Annotated[list[str] | None, typer.Option(help="A phrase for it; repeatable.")] = None,
    lower_is_better: Annotated[bool, typer.Option()] = False,
    workspace: WorkspaceOpt = "demo",
    check: Annotated[bool, typer.Option("--check", help="Only validate it.")] = False,
) -> None:
    """Add (or replace) a workspace metric; the formula is validated before it is saved."""
    body = {
        "name": name,
        "label": label or name.replace("_", " ").capitalize(),
        "synonyms": synonym or [],
        "formula": formula,
        "unit": unit,
        "higher_is_better": not lower_is_better,
    }
    server = remote()
    if server is not None:
        server.call(
            "POST",
            f"/workspaces/{workspace}/metrics",
            json=body,
            params={"dry_run": "true"} if check else None,
        )
    else:
        from pydantic import ValidationError

        from tools.kpi.errors import InvalidMetricDefinition
        from tools.kpi.metrics import MetricDef
        from tools.kpi.workspace_metrics import save_metric

        try:
            metric = MetricDef.model_validate(body)
        except ValidationError as exc:
            raise InvalidMetricDefinition(f"Invalid metric: {exc.errors()[0]['msg']}.") from exc
        save_metric(_workspace_dir(workspace), metric, dry_run=check)
    typer.echo(f"{'Valid' if check else 'Saved'}: {name} = {formula}")


@metrics_app.command("remove")
def remove(name: Annotated[str, typer.Argument()], workspace: WorkspaceOpt = "demo") -> None:
    """Remove a workspace metric."""
    server = remote()
    if server is not None:
        server.call("DELETE", f"/workspaces/{workspace}/metrics/{name}")
    else:
        from tools.kpi.workspace_metrics import remove_metric

        remove_metric(_workspace_dir(workspace), name)
    typer.echo(f"Removed {name}.")
