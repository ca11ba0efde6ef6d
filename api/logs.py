"""Structured logs: one JSON object per line, each with the request id of its request.

`configure_logging` (called by `cmo serve`) sets the root handler; `AccessLog` writes one line
per request: method, path (never the query string, which may hold a login token), status,
duration and the key's prefix (never the key). The request id comes from `X-Request-ID`
(asgi-correlation-id: taken from the client when it is a UUID, else made here) and is sent back
in the same header.
"""

from __future__ import annotations

import logging
import sys
import time

from asgi_correlation_id import CorrelationIdFilter
from pythonjsonlogger.json import JsonFormatter
from starlette.types import ASGIApp, Message, Receive, Scope, Send

access = logging.getLogger("cmo.access")


def configure_logging(fmt: str = "json", level: int = logging.INFO) -> None:
    handler = logging.StreamHandler(sys.stderr)
    handler.addFilter(CorrelationIdFilter(uuid_length=32, default_value="-"))
    if fmt == "json":
        handler.setFormatter(
            JsonFormatter(
                "%(asctime)s %(levelname)s %(name)s %(message)s %(correlation_id)s",
                rename_fields={
                    "asctime": "time",
                    "levelname": "level",
                    "name": "logger",
                    "correlation_id": "request_id",
                },
            )
        )
    else:
        handler.setFormatter(
            logging.Formatter(
                "%(asctime)s %(levelname)s [%(correlation_id)s] %(name)s: %(message)s"
            )
        )
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    for name in ("uvicorn", "uvicorn.error"):
        logging.getLogger(name).handlers[:] = []
        logging.getLogger(name).propagate = True
    logging.getLogger("uvicorn.access").disabled = True  # it logs query strings
    for name in ("httpx", "httpx2"):  # one line per provider request
        logging.getLogger(name).setLevel(logging.WARNING)


class AccessLog:
    """One structured line per request (see the module docstring)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        status = 500

        async def sending(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = int(message["status"])
            await send(message)

        try:
            await self.app(scope, receive, sending)
        finally:
            caller = scope.get("state", {}).get("caller")
            access.info(
                "request",
                extra={
                    "method": scope["method"],
                    "path": scope.get("path", ""),
                    "status": status,
                    "duration_ms": round((time.perf_counter() - started) * 1000, 1),
                    "key": caller.key.prefix if caller is not None else None,
                },
            )
