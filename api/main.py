"""The FastAPI app factory. The lifespan owns the services, the checkpointer and the graph."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from langgraph.checkpoint.sqlite.aio import AsyncSqliteSaver

from agent.bootstrap import prepare_data
from agent.graph import build_graph
from agent.models import load_chat_model
from api.errors import install_error_handlers
from api.routes import calendars, chat, data, documents, health, strategy, threads, workspaces
from api.timing import install_timing
from core.embeddings import Embedder
from core.server_info import clear_server, record_server
from core.services import build_services
from core.settings import Settings
from tools.catalog import build_tools


def create_app(settings: Settings | None = None, embedder: Embedder | None = None) -> FastAPI:
    settings = settings or Settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        services = build_services(settings, embedder)
        prepare_data(services)
        model = load_chat_model(settings.model, settings, services=services)
        async with AsyncSqliteSaver.from_conn_string(
            str(settings.data_dir / "checkpoints.sqlite")
        ) as checkpointer:
            app.state.services = services
            app.state.graph = build_graph(
                model, build_tools(services), checkpointer, settings.model_max_retries
            )
            record_server(settings.data_dir, settings.host, settings.port)  # for `cmo` beside it
            try:
                yield
            finally:
                clear_server(settings.data_dir)

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
