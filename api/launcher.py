"""What `cmo serve` runs: an ASGI app that answers `GET /livez` from the moment the server
listens, while the real app is imported and started in the background.

Importing the app (FastAPI, LangGraph, the tools) and building its services (the embedding
model, the vector store) take seconds; a process supervisor should see the process alive
meanwhile. Until the app has started, `/livez` is answered here and every other request waits
for it; then everything, `/livez` included, goes to the app. If the app cannot start, the error
is logged, `/livez` and every request answer 503 with it, and `on_failure` is called (the CLI
exits). This module imports nothing heavy, so the server listens within about a second.
"""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

log = logging.getLogger(__name__)
Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]


class _Lifespan:
    """Drives another app's lifespan (startup, later shutdown) as a server would."""

    def __init__(self, app: ASGIApp, scope: Scope) -> None:
        self._to_app: asyncio.Queue[Message] = asyncio.Queue()
        self._from_app: asyncio.Queue[Message] = asyncio.Queue()
        self._task: asyncio.Future[None] = asyncio.ensure_future(
            app(dict(scope), self._to_app.get, self._from_app.put)
        )

    async def _step(self, kind: str) -> None:
        await self._to_app.put({"type": f"lifespan.{kind}"})
        done: asyncio.Future[Message] = asyncio.ensure_future(self._from_app.get())
        waiting: set[asyncio.Future[Any]] = {done, self._task}
        await asyncio.wait(waiting, return_when=asyncio.FIRST_COMPLETED)
        if not done.done():
            done.cancel()
            self._task.result()  # the app ended without answering: raise its error
            raise RuntimeError(f"the app ended during lifespan {kind}")
        message = done.result()
        if message["type"].endswith(".failed"):
            raise RuntimeError(message.get("message") or f"lifespan {kind} failed")

    async def startup(self) -> None:
        await self._step("startup")

    async def shutdown(self) -> None:
        await self._step("shutdown")
        await self._task


class Launcher:
    """ASGI app for the server: `/livez` at once, everything else once `factory()`'s app
    has started (see the module docstring)."""

    def __init__(
        self,
        factory: Callable[[], ASGIApp],
        on_failure: Callable[[BaseException], None] | None = None,
    ) -> None:
        self._factory = factory
        self._on_failure = on_failure
        self._app: ASGIApp | None = None
        self._lifespan: _Lifespan | None = None
        self._error: str | None = None
        self._started: asyncio.Event | None = None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "lifespan":
            await self._serve_lifespan(scope, receive, send)
            return
        if self._app is not None:
            await self._app(scope, receive, send)
            return
        if scope["type"] == "http" and scope["path"] == "/livez" and self._error is None:
            await _json(send, 200, {"status": "ok"})
            return
        if self._started is not None:
            await self._started.wait()
        if self._app is not None:
            await self._app(scope, receive, send)
        elif scope["type"] == "http":
            message = self._error or "the server is not running"
            await _json(send, 503, {"error": {"code": "startup_failed", "message": message}})

    async def _serve_lifespan(self, scope: Scope, receive: Receive, send: Send) -> None:
        await receive()  # lifespan.startup
        self._started = asyncio.Event()
        loading = asyncio.create_task(self._load(scope))
        await send({"type": "lifespan.startup.complete"})
        await receive()  # lifespan.shutdown
        await loading
        if self._lifespan is not None:
            try:
                await self._lifespan.shutdown()
            except Exception:
                log.exception("the app failed to shut down cleanly")
        await send({"type": "lifespan.shutdown.complete"})

    async def _load(self, scope: Scope) -> None:
        """Import and build the app in a thread, then run its startup."""
        try:
            app = await asyncio.to_thread(self._factory)
            lifespan = _Lifespan(app, scope)
            await lifespan.startup()
            self._lifespan, self._app = lifespan, app
        except Exception as exc:
            log.exception("the app failed to start")
            self._error = f"the server failed to start: {exc}; see its log, fix, restart"
            if self._on_failure is not None:
                self._on_failure(exc)
        finally:
            assert self._started is not None
            self._started.set()


async def _json(send: Send, status: int, body: dict[str, Any]) -> None:
    payload = json.dumps(body).encode()
    headers = [(b"content-type", b"application/json"), (b"content-length", b"%d" % len(payload))]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": payload})
