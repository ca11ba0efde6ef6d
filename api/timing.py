"""`Server-Timing` on every response, so clients and benchmarks see server-side latency.

A plain ASGI middleware: Starlette's `BaseHTTPMiddleware` (what `@app.middleware("http")`
builds) runs the app in a task group and passes the response through memory streams, work
on every request that only this header needed. The time is taken when the response starts,
as before (a streamed answer's events follow the headers).
"""

from __future__ import annotations

import time

from fastapi import FastAPI
from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send


class ServerTiming:
    """Adds `Server-Timing: app;dur=<ms>` to each HTTP response's headers."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        start = time.perf_counter()

        async def timed(message: Message) -> None:
            if message["type"] == "http.response.start":
                elapsed_ms = (time.perf_counter() - start) * 1000
                MutableHeaders(scope=message)["Server-Timing"] = f"app;dur={elapsed_ms:.1f}"
            await send(message)

        await self.app(scope, receive, timed)


def install_timing(app: FastAPI) -> None:
    """Innermost of the app's own middleware (add it before the others)."""
    app.add_middleware(ServerTiming)
