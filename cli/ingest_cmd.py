"""`cmo ingest`: add documents to one workspace, through the running server when there is one."""

from __future__ import annotations

from pathlib import Path

import typer

from cli.progress import progress_bar
from cli.remote import Remote, gather_files, remote


def ingest_documents(paths: list[Path], workspace: str, create: bool) -> None:
    server = remote()
    if server is not None:
        failed = _through_server(server, paths, workspace, create)
    else:
        failed = _directly(paths, workspace, create)
    if failed:
        raise typer.Exit(1)


def _through_server(server: Remote, paths: list[Path], workspace: str, create: bool) -> bool:
    from cli.import_cmd import ensure_workspace_remote
    from cli.remote import ServerError

    if create:
        ensure_workspace_remote(server, workspace)
    failed = False
    files = gather_files(paths)
    with progress_bar(f"Ingesting into {workspace} (through the server)") as advance:
        for done, path in enumerate(files, start=1):
            try:
                with path.open("rb") as handle:
                    outcomes = server.call(
                        "POST",
                        f"/workspaces/{workspace}/documents",
                        files=[("files", (path.name, handle))],
                    )
            except ServerError as exc:
                if exc.code in ("workspace_not_found", "invalid_workspace_id"):
                    raise
                outcomes = [
                    {"filename": path.name, "status": "failed", "error": {"message": exc.detail}}
                ]
            for outcome in outcomes:
                failed |= _print(outcome)
            advance(done, len(files), path.name)
    return failed


def _directly(paths: list[Path], workspace: str, create: bool) -> bool:
    from agent.bootstrap import ingest_paths
    from core.services import build_services
    from core.settings import Settings

    services = build_services(Settings())
    if create:
        services.workspaces.ensure(workspace)
    services.scope(workspace)  # unknown or malformed ids are refused before any work
    with progress_bar(f"Ingesting into {workspace}") as advance:
        outcomes = ingest_paths(services, workspace, paths, advance)
    failed = False
    for outcome in outcomes:
        failed |= _print(outcome.model_dump())
    return failed


def _print(outcome: dict[str, object]) -> bool:
    error = outcome.get("error")
    if isinstance(error, dict):
        typer.secho(f"✗ {error.get('message')}", fg="red", err=True)
        return True
    document = outcome.get("document")
    chunks = document.get("chunks", 0) if isinstance(document, dict) else 0
    typer.echo(f"✓ {outcome.get('filename')}: {outcome.get('status')} ({chunks} chunks)")
    return False
