"""The FastAPI app factory. The lifespan owns the services, the checkpointer and the graph.

Start-up answers quickly: the playbooks and the demo documents are indexed in the background
(`agent.startup`), which `/readyz` reports. `cmo serve` begins that work and answers `/livez`
(`api.launcher.Launcher`) before it even imports this module.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from functools import partial

from fastapi import FastAPI
from langgraph.checkpoint.sqlite.aio import AsyncSqliteSaver

from agent.bootstrap import begin_demo, warm_up
from agent.graph import build_graph
from agent.models import load_chat_model
from agent.startup import Startup, begin_serving
from api.errors import install_error_handlers
from api.routes import calendars, chat, data, documents, health, strategy, threads, workspaces
from api.timing import install_timing
from core.embeddings import Embedder
from core.settings import Settings
from tools.catalog import build_tools


def create_app(
    settings: Settings | None = None,
    embedder: Embedder | None = None,
    startup: Startup | None = None,
) -> FastAPI:
    """The app. `startup`: start-up work already begun (`begin_serving`, by `cmo serve`
    before it imports this module); without it, the lifespan begins it."""
    settings = settings or Settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        begun: Startup = (
            startup
            if startup is not None
            else await asyncio.to_thread(begin_serving, settings, embedder)
        )
        app.state.startup = begun
        services = begun.services
        model = load_chat_model(settings.model, settings, services.embedder)
        async with AsyncSqliteSaver.from_conn_string(
            str(settings.data_dir / "checkpoints.sqlite")
        ) as checkpointer:
            app.state.services = services
            app.state.graph = build_graph(
                model, build_tools(services), checkpointer, settings.model_max_retries
            )
            # The first question would need it anyway; the playbooks keep embedding meanwhile.
            await asyncio.to_thread(begun.step, "model", partial(warm_up, model, services))
            try:
                if settings.seed_demo:
                    await asyncio.to_thread(begin_demo, begun)
                yield
            finally:
                await asyncio.to_thread(begun.stop)

    app = FastAPI(
        title="Fractional CMO Agent",
        version="0.1.0",
        description="An AI fractional CMO grounded in your playbooks, documents and data.",
        lifespan=lifespan,
    )
    install_error_handlers(app)
    install_timing(app)
    for module in (health, workspaces, documents, data, calendars, strategy, chat, threads):
        app.include_router(module.router)
    return app
