"""The interactive terminal chat: the same graph and runner as the API, streamed to stdout."""

from __future__ import annotations

import sys

from langgraph.checkpoint.sqlite.aio import AsyncSqliteSaver
from rich.console import Console

from agent.bootstrap import prepare_data
from agent.graph import build_graph
from agent.models import load_chat_model
from agent.runner import prepare_turn, stream_turn
from core.errors import CmoError
from core.services import build_services
from core.settings import Settings
from tools.catalog import build_tools

console = Console()


async def run_chat(workspace: str, thread_id: str | None) -> None:
    settings = Settings()
    services = build_services(settings)
    prepare_data(services)
    services.scope(workspace)  # unknown or malformed ids are refused before any work
    model = load_chat_model(settings.model, settings, services=services)
    async with AsyncSqliteSaver.from_conn_string(
        str(settings.data_dir / "checkpoints.sqlite")
    ) as saver:
        graph = build_graph(model, build_tools(services), saver, settings.model_max_retries)
        console.print(
            f"[bold]Fractional CMO[/] · workspace [cyan]{workspace}[/] · model "
            f"{settings.model} · type 'exit' to leave"
        )
        while True:
            try:
                message = console.input("[bold green]you> [/]")
            except (EOFError, KeyboardInterrupt):
                break
            if message.strip().lower() in {"exit", "quit"}:
                break
            if not message.strip():
                continue
            try:
                turn = prepare_turn(services, workspace, message, thread_id)
            except CmoError as exc:
                console.print(f"[red]{exc.detail}[/]")
                continue
            thread_id = turn.thread_id
            await _print_stream(graph, services, turn)
        if thread_id:
            console.print(f"[dim]thread: {thread_id}[/]")


async def _print_stream(graph, services, turn) -> None:  # type: ignore[no-untyped-def]
    console.print("[bold blue]cmo>[/] ", end="")
    async for event in stream_turn(graph, services, turn):
        kind, data = event["event"], event["data"]
        if kind == "token":
            sys.stdout.write(data["text"])
            sys.stdout.flush()
        elif kind == "tool_start":
            console.print(f"[dim]→ {data['name']}({data['args']})[/]")
        elif kind == "final":
            sources = "; ".join(c["label"] for c in data["citations"][:5])
            console.print(f"\n[dim]sources: {sources}[/]" if sources else "")
        elif kind == "error":
            console.print(f"\n[red]{data['message']}[/]")
