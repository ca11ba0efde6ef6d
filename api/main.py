"""The FastAPI app factory. The lifespan owns the services, the checkpointer and the graph.

Start-up answers quickly: the playbooks and the demo documents are indexed in the background
(`agent.startup`), which `/readyz` reports. `cmo serve` begins that work and answers `/livez`
(`api.launcher.Launcher`) before it even imports this module.

Middleware, outermost first: request id → access log → CORS (only when `CMO_CORS_ORIGINS`
is set) → HTTP metrics → Host/Origin guard → authentication and rate limits → body limit →
the routes. Everything but `/livez`, `/readyz`, `/login` and the web workspace's page and
static files (`/`, `/static/…`: no data in them) needs a key (`api.auth`); on a
data dir without an admin key, the first one is created and written to `<data dir>/admin.key`.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from functools import partial
from typing import Any

from asgi_correlation_id import CorrelationIdMiddleware
from fastapi import Depends, FastAPI, Request, Response
from fastapi.middleware.cors import CORSMiddleware
from fastapi.openapi.docs import get_redoc_html, get_swagger_ui_html
from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, generate_latest
from prometheus_fastapi_instrumentator import Instrumentator

from agent.bootstrap import begin_demo, warm_up
from agent.checkpoints import LeanSqliteSaver
from agent.graph import build_graph
from agent.models import load_chat_model
from agent.offer import ToolOffer
from agent.resilience import ModelGuard
from agent.startup import Startup, begin_serving
from api.auth import Authenticate
from api.deps import get_admin, get_caller
from api.errors import install_error_handlers
from api.guards import BodyLimit, BrowserGuard
from api.logs import AccessLog
from api.openapi import problem_openapi
from api.routes import (
    calendars,
    chat,
    dashboard,
    data,
    documents,
    health,
    openai_wire,
    session,
    strategy,
    threads,
    web,
    workspaces,
)
from api.timing import install_timing
from api.web import static_files
from core import metrics
from core.embeddings import Embedder
from core.keys import KeyStore, admin_key_path, ensure_admin_key
from core.server_info import clear_server, record_server
from core.settings import Settings
from tools.catalog import build_tools

log = logging.getLogger(__name__)


def create_app(
    settings: Settings | None = None,
    embedder: Embedder | None = None,
    startup: Startup | None = None,
) -> FastAPI:
    """The app. `startup`: start-up work already begun (`begin_serving`, by `cmo serve`
    before it imports this module); without it, the lifespan begins it."""
    settings = settings or Settings()
    keys = KeyStore(settings.data_dir)

    app = FastAPI(
        title="Fractional CMO Agent",
        version="0.1.0",
        description="An AI fractional CMO grounded in your playbooks, documents and data. "
        "Every request needs `Authorization: Bearer cmo_…` (or the browser session cookie).",
        lifespan=partial(_lifespan, settings, embedder, startup, keys),
        docs_url=None,
        redoc_url=None,
        openapi_url=None,
    )
    app.state.keys = keys
    install_error_handlers(app)
    install_timing(app)
    for module in (health, workspaces, documents, data, calendars, strategy, chat, threads):
        app.include_router(module.router)
    app.include_router(threads.legacy)
    app.include_router(session.router)
    app.include_router(openai_wire.router)
    app.include_router(dashboard.router)
    app.include_router(web.router)
    app.mount("/static", static_files(), name="static")
    _install_docs(app)
    _install_middleware(app, settings, keys)
    return app


@asynccontextmanager
async def _lifespan(
    settings: Settings,
    embedder: Embedder | None,
    startup: Startup | None,
    keys: KeyStore,
    app: FastAPI,
) -> AsyncIterator[None]:
    """The first admin key, the start-up work (begun here unless `cmo serve` began it), the
    model, the checkpointer and the graph; the demo queued; all stopped on the way out."""
    if ensure_admin_key(keys) is not None:
        log.warning("created the first admin key in %s", admin_key_path(settings.data_dir))
    begun: Startup = (
        startup
        if startup is not None
        else await asyncio.to_thread(begin_serving, settings, embedder)
    )
    app.state.startup = begun
    services = begun.services
    model = load_chat_model(settings.model, settings, services=services)
    fallback = (
        load_chat_model("offline", settings, services=services)
        if settings.model_fallback == "offline" and settings.model != "offline"
        else None
    )
    async with LeanSqliteSaver.from_conn_string(
        str(settings.data_dir / "checkpoints.sqlite")
    ) as checkpointer:
        app.state.services = services
        app.state.graph = build_graph(
            model,
            build_tools(services),
            checkpointer,
            guard=ModelGuard.from_settings(settings, fallback),
            max_turn_tokens=settings.max_turn_tokens,
            offer=ToolOffer(services.embedder),
        )
        # The first question would need it anyway; the playbooks keep embedding meanwhile.
        await asyncio.to_thread(begun.step, "model", partial(warm_up, model, services))
        record_server(settings.data_dir, settings.host, settings.port)  # for `cmo` beside it
        try:
            if settings.seed_demo:
                await asyncio.to_thread(begin_demo, begun)
            yield
        finally:
            clear_server(settings.data_dir)
            await asyncio.to_thread(begun.stop)


def _install_middleware(app: FastAPI, settings: Settings, keys: KeyStore) -> None:
    """Added innermost first (each `add_middleware` wraps what is there)."""
    http_metrics = _install_metrics(app)
    app.add_middleware(BodyLimit, settings=settings)
    app.add_middleware(Authenticate, keys=keys, settings=settings)
    app.add_middleware(BrowserGuard, settings=settings)
    http_metrics.instrument(app)
    if settings.cors_origin_list:
        app.add_middleware(
            CORSMiddleware,
            allow_origins=settings.cors_origin_list,
            allow_methods=["GET", "POST", "PUT", "PATCH", "DELETE"],
            allow_headers=["Authorization", "Content-Type", "Accept"],
            expose_headers=["Retry-After", "X-Request-ID", "Location"],
        )
    app.add_middleware(AccessLog)
    app.add_middleware(CorrelationIdMiddleware, header_name="X-Request-ID")


def _install_docs(app: FastAPI) -> None:
    """The schema and the docs pages, behind a key like every other route."""
    app.openapi = lambda: problem_openapi(app)  # type: ignore[method-assign]

    @app.get("/openapi.json", include_in_schema=False, dependencies=[Depends(get_caller)])
    def openapi() -> dict[str, Any]:
        return app.openapi()

    @app.get("/docs", include_in_schema=False, dependencies=[Depends(get_caller)])
    def docs() -> Response:
        return get_swagger_ui_html(openapi_url="/openapi.json", title=app.title)

    @app.get("/redoc", include_in_schema=False, dependencies=[Depends(get_caller)])
    def redoc() -> Response:
        return get_redoc_html(openapi_url="/openapi.json", title=app.title)


def _install_metrics(app: FastAPI) -> Instrumentator:
    """Request counts and latency histograms per route (prometheus-fastapi-instrumentator,
    in a registry of this app) plus the agent's counters, at `/admin/metrics` for admins."""
    registry = CollectorRegistry(auto_describe=True)
    instrumentator = Instrumentator(
        registry=registry,
        should_group_status_codes=False,
        excluded_handlers=["/livez", "/readyz", "/admin/metrics"],
    )

    @app.get("/admin/metrics", include_in_schema=False, dependencies=[Depends(get_admin)])
    def prometheus_metrics(_: Request) -> Response:
        body = generate_latest(registry) + generate_latest(metrics.REGISTRY)
        return Response(body, media_type=CONTENT_TYPE_LATEST)

    return instrumentator
