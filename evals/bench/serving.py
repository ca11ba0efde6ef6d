"""The app served in-process for the chat rows: its lifespan run, an ASGI client, readiness.

Requests go through `httpx.ASGITransport`, so figures are server-side: no sockets, the same
event loop, the app's own `Server-Timing` header.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx

from agent.bootstrap import PLAYBOOKS_DIR
from core.embeddings import Embedder
from core.keys import read_admin_key
from core.services import Services
from core.settings import Settings
from knowledge_base.parsing.markdown import parse_markdown

STEMS = ("How do I", "What does good look like for", "Give me the checklist for", "Explain")


@dataclass
class Served:
    app: Any
    client: httpx.AsyncClient

    @property
    def services(self) -> Services:
        services: Services = self.app.state.services
        return services

    @property
    def graph(self) -> Any:
        return self.app.state.graph


@asynccontextmanager
async def serve(data_dir: Path, embedder: Embedder) -> AsyncIterator[Served]:
    """The app on `data_dir`, started, ready and answering through an in-process client
    that sends the admin key."""
    from api.main import create_app

    app = create_app(Settings(data_dir=data_dir, _env_file=None), embedder)
    async with app.router.lifespan_context(app):  # creates the first admin key
        transport = httpx.ASGITransport(app=app)
        headers = {"authorization": f"Bearer {read_admin_key(data_dir)}"}
        async with httpx.AsyncClient(
            transport=transport, base_url="http://127.0.0.1", headers=headers, timeout=600
        ) as client:
            await wait_ready(client)
            yield Served(app, client)


async def wait_ready(client: httpx.AsyncClient, timeout_s: float = 600) -> None:
    """Until `/readyz` says ready (an app without that route is ready once it answers)."""
    deadline = asyncio.get_running_loop().time() + timeout_s
    while True:
        response = await client.get("/readyz")
        if response.status_code in (200, 404):
            return
        if asyncio.get_running_loop().time() > deadline:
            raise TimeoutError(f"not ready after {timeout_s} s: {response.text}")
        await asyncio.sleep(0.1)


def server_ms(response: httpx.Response) -> float:
    """The app's own time for a request (its `Server-Timing` header), in milliseconds."""
    response.raise_for_status()
    return float(response.headers["server-timing"].split("dur=")[1])


def playbook_questions(n: int) -> list[str]:
    """Questions built from the playbooks' own headings, so every one has an answer."""
    headings = []
    for path in sorted(PLAYBOOKS_DIR.glob("*.md")):
        for section in parse_markdown(path.read_text(encoding="utf-8")):
            if len(section.heading_path) > 1:
                headings.append(section.heading_path[-1].lower())
    questions = [f"{STEMS[i % len(STEMS)]} {h}?" for i, h in enumerate(headings)]
    while len(questions) < n:
        questions += [q.replace("?", " for a B2B SME?") for q in questions[: n - len(questions)]]
    return questions[:n]


async def search_questions(client: httpx.AsyncClient, n: int) -> list[str]:
    """`n` playbook questions the agent answers with one `search_playbooks` call (each asked
    once here, which also warms the app)."""
    kept: list[str] = []
    for question in playbook_questions(3 * n):
        body = (await client.post("/chat", json={"message": question})).json()
        if [c["name"] for c in body.get("tool_calls", [])] == ["search_playbooks"]:
            kept.append(question)
        if len(kept) == n:
            break
    return kept
