"""`cmo`: serve the API, chat in the terminal, and maintain the knowledge base.

Heavy imports happen inside commands so `cmo --help` answers at once.
"""

from __future__ import annotations

import asyncio
import sys
from typing import Annotated

import typer

from cli.progress import progress_bar

app = typer.Typer(help="The Fractional CMO Agent.", no_args_is_help=True, add_completion=False)

WorkspaceOpt = Annotated[str, typer.Option("--workspace", "-w", help="Client workspace id.")]


@app.command()
def serve(
    host: Annotated[str | None, typer.Option(help="Defaults to CMO_HOST.")] = None,
    port: Annotated[int | None, typer.Option(help="Defaults to CMO_PORT.")] = None,
) -> None:
    """Index the playbooks, seed the demo workspace and serve the HTTP API."""
    import uvicorn

    from agent.settings import Settings
    from api.main import create_app

    settings = Settings()
    typer.echo(f"Serving on http://{host or settings.host}:{port or settings.port} (docs at /docs)")
    uvicorn.run(create_app(settings), host=host or settings.host, port=port or settings.port)


@app.command()
def index() -> None:
    """Re-index the playbooks (only changed files are embedded again)."""
    from agent.bootstrap import index_playbooks
    from agent.services import build_services
    from agent.settings import Settings

    services = build_services(Settings())
    with progress_bar("Indexing playbooks") as advance:
        report = index_playbooks(services, advance)
    typer.echo(f"Playbooks: {report.summary()}")


@app.command()
def chat(
    workspace: WorkspaceOpt = "demo",
    thread: Annotated[str | None, typer.Option(help="Continue this thread id.")] = None,
) -> None:
    """Chat with the agent in the terminal; answers stream as they are written."""
    from cli.chat import run_chat

    asyncio.run(run_chat(workspace, thread))


def main() -> None:  # pragma: no cover - console entry
    try:
        app()
    except KeyboardInterrupt:
        sys.exit(130)


if __name__ == "__main__":  # pragma: no cover
    main()
