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

from cli.progress import progress_bar

app = typer.Typer(help="The Fractional CMO Agent.", no_args_is_help=True, add_completion=False)

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
    from core.settings import Settings

    def app() -> Any:  # in the background, while /livez already answers
        from agent.startup import begin_serving

        startup = begin_serving(settings)  # the playbooks start embedding now...
        from api.main import create_app  # ...while the app's heavy imports load

        return create_app(settings, startup=startup)

    def failed(_: BaseException) -> None:
        os._exit(3)  # as uvicorn does when an app cannot start; the error is in the log

    settings = Settings()
    typer.echo(f"Serving on http://{host or settings.host}:{port or settings.port} (docs at /docs)")
    uvicorn.run(Launcher(app, failed), host=host or settings.host, port=port or settings.port)


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
) -> None:
    """Add documents (PDF, DOCX, Markdown, text, HTML) to a workspace."""
    from agent.bootstrap import ingest_paths
    from core.services import build_services
    from core.settings import Settings

    missing = [str(p) for p in paths if not p.exists()]
    if missing:
        raise typer.BadParameter(f"not found: {', '.join(missing)}")
    services = build_services(Settings())
    services.scope(workspace)  # unknown or malformed ids are refused before any work
    with progress_bar(f"Ingesting into {workspace}") as advance:
        outcomes = ingest_paths(services, workspace, paths, advance)
    for outcome in outcomes:
        if outcome.error:
            typer.secho(f"✗ {outcome.error.message}", fg="red", err=True)
        else:
            chunks = outcome.document.chunks if outcome.document else 0
            typer.echo(f"✓ {outcome.filename}: {outcome.status} ({chunks} chunks)")
    if any(o.status == "failed" for o in outcomes):
        raise typer.Exit(1)


@app.command(name="import")
def import_(
    file: Annotated[Path, typer.Argument(help="A campaign or CRM export: CSV or Parquet.")],
    workspace: WorkspaceOpt = "demo",
    mapping: Annotated[
        Path | None, typer.Option(help="YAML/JSON column mapping for files it cannot recognise.")
    ] = None,
) -> None:
    """Import campaign and funnel data (Google Ads, Meta, LinkedIn, GA4, HubSpot, Salesforce)."""
    from cli.import_cmd import import_data

    if not file.is_file():
        raise typer.BadParameter(f"not found: {file}")
    import_data(workspace, file, mapping)


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
) -> None:
    """Run the offline evals, print the scorecard, exit 1 if a metric misses its threshold."""
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


def main() -> None:  # pragma: no cover - console entry
    """Console entry: user errors print one clear line instead of a traceback."""
    from core.errors import CmoError

    try:
        app()
    except CmoError as exc:
        typer.secho(f"error: {exc.detail}", fg="red", err=True)
        sys.exit(2)
    except KeyboardInterrupt:
        sys.exit(130)


if __name__ == "__main__":  # pragma: no cover
    main()
