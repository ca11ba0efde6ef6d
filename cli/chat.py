"""The interactive terminal chat: the same graph and runner as the API, streamed to the terminal
and rendered as Markdown while it streams (`rich`: tables, lists, emphasis)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from rich.console import Console
from rich.live import Live
from rich.markdown import Markdown

from agent.bootstrap import index_playbooks, seed_demo_workspace
from agent.checkpoints import LeanSqliteSaver
from agent.graph import build_graph
from agent.models import load_chat_model
from agent.offer import ToolOffer
from agent.runner import prepare_turn, stream_turn
from core.errors import CmoError
from core.services import build_services
from core.settings import Settings
from core.workspaces import DEMO_WORKSPACE
from tools.catalog import build_tools

console = Console()


async def run_chat(workspace: str, thread_id: str | None) -> None:
    """Through the running server when there is one; else with this process's own stores,
    opening no workspace but `workspace` (the demo is seeded only when it is the one asked)."""
    from cli.remote import remote

    server = remote()
    if server is not None:
        _remote_chat(server, workspace, thread_id)
        return
    settings = Settings()
    console.print(
        f"[bold]Fractional CMO[/] · workspace [cyan]{workspace}[/] · model "
        f"{settings.model} · type 'exit' to leave"
    )
    with console.status("Loading the embedding model and indexing the playbooks…"):
        services = build_services(settings)
        index_playbooks(services)
        if workspace == DEMO_WORKSPACE and settings.seed_demo:
            seed_demo_workspace(services)
        services.scope(workspace)  # unknown or malformed ids are refused before any work
        model = load_chat_model(settings.model, settings, services=services)
    async with LeanSqliteSaver.from_conn_string(
        str(settings.data_dir / "checkpoints.sqlite")
    ) as saver:
        graph = build_graph(
            model,
            build_tools(services),
            saver,
            settings.model_max_retries,
            offer=ToolOffer(services.embedder),
        )
        for message in _messages():
            try:
                turn = prepare_turn(services, workspace, message, thread_id)
            except CmoError as exc:
                console.print(f"[red]{exc.detail}[/]")
                continue
            thread_id = turn.thread_id
            await _print_stream(graph, services, turn)
        if thread_id:
            console.print(f"[dim]thread: {thread_id}[/]")


def _messages() -> Iterator[str]:
    """What the user types, until 'exit', 'quit', Ctrl-D or Ctrl-C; blank lines skipped."""
    while True:
        try:
            message = console.input("[bold green]you> [/]")
        except (EOFError, KeyboardInterrupt):
            return
        if message.strip().lower() in {"exit", "quit"}:
            return
        if message.strip():
            yield message


def _remote_chat(server: Any, workspace: str, thread_id: str | None) -> None:
    console.print(
        f"[bold]Fractional CMO[/] · workspace [cyan]{workspace}[/] · through the "
        f"server at {server.info.url} · type 'exit' to leave"
    )
    server.call("GET", f"/workspaces/{workspace}")  # unknown ids are refused before any work
    for message in _messages():
        body = {"message": message, "workspace": workspace, "thread_id": thread_id}
        try:
            with server.stream_chat(body) as events, Reply() as reply:
                for kind, data in events:
                    thread_id = reply.show(kind, data) or thread_id
        except CmoError as exc:
            console.print(f"[red]{exc.detail}[/]")
    if thread_id:
        console.print(f"[dim]thread: {thread_id}[/]")


class Reply:
    """One answer on the terminal: tokens rendered as Markdown as they stream, tool activity
    above it in grey, the sources below."""

    def __init__(self) -> None:
        self.text = ""
        self.live = Live(Markdown(""), console=console, refresh_per_second=8)

    def __enter__(self) -> Reply:
        console.print("[bold blue]cmo>[/]")
        self.live.__enter__()
        return self

    def __exit__(self, *exc: object) -> None:
        self.live.__exit__(None, None, None)

    def show(self, kind: str, data: Any) -> str | None:
        """Show one stream event; the thread id when the answer is final."""
        if kind == "token":
            self.text += data["text"]
            self.live.update(Markdown(self.text))
        elif kind == "tool_start":
            self.live.console.print(f"[dim]→ {data['name']}({data['args']})[/]")
        elif kind == "final":
            sources = "; ".join(c["label"] for c in data.get("citations", [])[:5])
            if sources:
                self.live.console.print(f"[dim]sources: {sources}[/]")
            return data.get("thread_id")  # type: ignore[no-any-return]
        elif kind == "error":
            self.live.console.print(f"[red]{data.get('message')}[/]")
        return None


async def _print_stream(graph, services, turn) -> None:  # type: ignore[no-untyped-def]
    with Reply() as reply:
        async for event in stream_turn(graph, services, turn):
            reply.show(event["event"], event["data"])
