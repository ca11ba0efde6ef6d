"""`cmo`: serve the API, chat in the terminal, and maintain the knowledge base.

Heavy imports happen inside commands so `cmo --help` answers at once.
"""

from __future__ import annotations

import asyncio
import os
import sys
from pathlib import Path
from typing import Annotated, Any

import typer

from cli.admin_cmds import data_app, metrics_app, workspaces_app
from cli.progress import progress_bar

app = typer.Typer(help="The Fractional CMO Agent.", no_args_is_help=True, add_completion=False)
app.add_typer(workspaces_app, name="workspaces")
app.add_typer(data_app, name="data")
app.add_typer(metrics_app, name="metrics")
CreateOpt = Annotated[
    bool, typer.Option("--create", help="Create the workspace first if it does not exist.")
]

WorkspaceOpt = Annotated[str, typer.Option("--workspace", "-w", help="Client workspace id.")]


@app.command()
def serve(
    host: Annotated[str | None, typer.Option(help="Defaults to CMO_HOST.")] = None,
    port: Annotated[int | None, typer.Option(help="Defaults to CMO_PORT.")] = None,
) -> None:
    """Serve the HTTP API; the playbooks and the demo workspace are indexed in the background
    (GET /livez answers at once, GET /readyz reports the progress)."""
    import uvicorn

    from api.launcher import Launcher
    from api.logs import configure_logging
    from cli.keys import prepare_serving
    from core.settings import Settings

    def app() -> Any:  # in the background, while /livez already answers
        from agent.startup import begin_serving

        startup = begin_serving(settings)  # the playbooks start embedding now...
        from api.main import create_app  # ...while the app's heavy imports load

        return create_app(settings, startup=startup)

    def failed(_: BaseException) -> None:
        os._exit(3)  # as uvicorn does when an app cannot start; the error is in the log

    settings = Settings()
    bind, port = host or settings.host, port or settings.port
    settings = settings.model_copy(update={"host": bind, "port": port})  # for `cmo` beside it
    link = prepare_serving(settings, bind, port)  # refuses unsafe hosts; first key; login link
    configure_logging(settings.log_format)
    typer.echo(f"Serving on http://{_url_host(bind)}:{port} (docs at /docs)")
    typer.echo(f"Open this one-time login link in your browser: {link}")
    uvicorn.run(Launcher(app, failed), host=bind, port=port, log_config=None, access_log=False)


def _url_host(host: str) -> str:
    return f"[{host}]" if ":" in host and not host.startswith("[") else host


@app.command()
def index() -> None:
    """Re-index the playbooks (only changed files are embedded again)."""
    from agent.bootstrap import index_playbooks
    from core.services import build_services
    from core.settings import Settings

    services = build_services(Settings())
    with progress_bar("Indexing playbooks") as advance:
        report = index_playbooks(services, advance)
    typer.echo(f"Playbooks: {report.summary()}")


@app.command()
def ingest(
    paths: Annotated[list[Path], typer.Argument(help="Files or folders (searched recursively).")],
    workspace: WorkspaceOpt = "demo",
    create: CreateOpt = False,
) -> None:
    """Add documents (PDF, DOCX, PowerPoint, Markdown, text, HTML) to a workspace."""
    from cli.ingest_cmd import ingest_documents

    missing = [str(p) for p in paths if not p.exists()]
    if missing:
        raise typer.BadParameter(f"not found: {', '.join(missing)}")
    ingest_documents(paths, workspace, create)


@app.command(name="import")
def import_(
    file: Annotated[Path, typer.Argument(help="A campaign or CRM export: CSV, .xlsx, Parquet.")],
    workspace: WorkspaceOpt = "demo",
    mapping: Annotated[
        Path | None, typer.Option(help="YAML/JSON column mapping for files it cannot recognise.")
    ] = None,
    table: Annotated[
        str | None, typer.Option(help="Which table or sheet to import (default: the first).")
    ] = None,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Show what it would import; write nothing.")
    ] = False,
    create: CreateOpt = False,
) -> None:
    """Import campaign and funnel data (Google Ads, Meta, LinkedIn, Microsoft, GA4, CRMs…)."""
    from cli.import_cmd import import_data

    if not file.is_file():
        raise typer.BadParameter(f"not found: {file}")
    import_data(workspace, file, mapping, table=table, dry_run=dry_run, create=create)


@app.command(name="eval")
def eval_(
    model: Annotated[
        str, typer.Option(help="offline | openai:<model> | vllm:<model> ...")
    ] = "offline",
    split: Annotated[str, typer.Option(help="dev | heldout | all")] = "dev",
    compare: Annotated[
        Path | None, typer.Option(help="A saved report (JSON) to diff against.")
    ] = None,
    judge: Annotated[
        str | None,
        typer.Option(help="Also grade specificity and tone with this model (off by default)."),
    ] = None,
    suite: Annotated[
        str, typer.Option(help="scorecard (the datasets) | understanding (everyday requests)")
    ] = "scorecard",
) -> None:
    """Run the offline evals, print the scorecard, exit 1 if a metric misses its threshold."""
    if suite == "understanding":
        from cli.understanding import run_understanding_command

        run_understanding_command(model, split)
        return
    from rich.console import Console
    from rich.table import Table

    from evals.run import run_eval

    with progress_bar(f"Evaluating {model}") as advance:
        outcome = run_eval(
            model,
            None if split == "all" else split,  # type: ignore[arg-type]
            compare_to=compare,
            judge=judge,
            progress=advance,
        )
    table = Table("metric", "value", title=f"Scorecard — {model}, {split}")
    for metric, value in outcome.report["scorecard"].items():
        table.add_row(metric, str(value))
    console = Console()
    console.print(table)
    if rubrics := outcome.report.get("rubrics"):
        console.print(f"Model-graded (judge {judge}, reported apart): {rubrics['mean']}")
    for change in outcome.changes:
        console.print(f"  {change}")
    console.print(f"Reports: {outcome.paths[0]} and {outcome.paths[1]}")
    for failure in outcome.failures:
        console.print(f"[red]below threshold: {failure}[/]")
    if outcome.failures:
        raise typer.Exit(1)


@app.command()
def chat(
    workspace: WorkspaceOpt = "demo",
    thread: Annotated[str | None, typer.Option(help="Continue this thread id.")] = None,
) -> None:
    """Chat with the agent in the terminal; answers stream as they are written."""
    from cli.chat import run_chat

    asyncio.run(run_chat(workspace, thread))


def _register_keys() -> None:
    from cli.keys import keys_app

    app.add_typer(keys_app, name="keys")


_register_keys()


def main() -> None:  # pragma: no cover - console entry
    """Console entry: user errors print one clear line instead of a traceback."""
    from core.errors import CmoError

    try:
        app()
    except CmoError as exc:
        hint = ""
        if exc.code == "workspace_not_found":
            hint = " (`cmo workspaces create ID` creates one, or pass --create)"
        typer.secho(f"error: {exc.detail}{hint}", fg="red", err=True)
        sys.exit(2)
    except KeyboardInterrupt:
        sys.exit(130)


if __name__ == "__main__":  # pragma: no cover
    main()
