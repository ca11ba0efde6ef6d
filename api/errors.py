"""One error format for every 4xx/5xx: RFC 9457 problem details (`application/problem+json`).

```json
{"type": "urn:fractional-cmo:problem:workspace_not_found", "title": "Not Found",
 "status": 404, "detail": "unknown workspace 'nope': create it first",
 "instance": "/workspaces/nope", "code": "workspace_not_found", "request_id": "…",
 "error": {"code": "workspace_not_found", "message": "…", "details": []}}
```

`code` (an extension member) is the stable machine-readable code; `error` repeats it in the
shape clients relied on before (kept for compatibility). `Retry-After` is set on 429 and 503.
Middleware that answers before the app (hosts, origins, keys, body size) uses `problem()` too.
"""

from __future__ import annotations

import logging
import math
from http import HTTPStatus
from typing import Any

from asgi_correlation_id import correlation_id
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.routing import Match

from core.errors import CmoError

log = logging.getLogger(__name__)
PROBLEM_TYPE = "urn:fractional-cmo:problem:"
PROBLEM_MEDIA_TYPE = "application/problem+json"
_HTTP_CODES = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    413: "payload_too_large",
    415: "unsupported_media_type",
    429: "rate_limited",
}


def problem_body(
    status: int, code: str, detail: str, instance: str = "", details: list[Any] | None = None
) -> dict[str, Any]:
    try:
        title = HTTPStatus(status).phrase
    except ValueError:
        title = "Error"
    return {
        "type": PROBLEM_TYPE + code,
        "title": title,
        "status": status,
        "detail": detail,
        "instance": instance,
        "code": code,
        "request_id": correlation_id.get() or "",
        "error": {"code": code, "message": detail, "details": details or []},
    }


def problem(
    status: int,
    code: str,
    detail: str,
    instance: str = "",
    details: list[Any] | None = None,
    retry_after: float | None = None,
) -> JSONResponse:
    """A problem+json response (with `Retry-After` in whole seconds when given)."""
    headers = {"Retry-After": str(max(1, math.ceil(retry_after)))} if retry_after else None
    return JSONResponse(
        status_code=status,
        content=problem_body(status, code, detail, instance, details),
        media_type=PROBLEM_MEDIA_TYPE,
        headers=headers,
    )


def cmo_problem(exc: CmoError, instance: str = "") -> JSONResponse:
    return problem(exc.status_code, exc.code, exc.detail, instance, retry_after=exc.retry_after)


def allowed_methods(request: Request) -> list[str]:
    """Every method some route serves at this path (Starlette names only the first route's)."""
    methods: set[str] = set()
    for route in request.app.routes:
        match, _ = route.matches({**request.scope, "method": "GET"})
        if match != Match.NONE:
            methods |= set(getattr(route, "methods", None) or ())
    return sorted(methods - {"HEAD"})


def install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(CmoError)
    async def _cmo(request: Request, exc: CmoError) -> JSONResponse:
        return cmo_problem(exc, request.url.path)

    @app.exception_handler(RequestValidationError)
    async def _validation(request: Request, exc: RequestValidationError) -> JSONResponse:
        details = [
            {"loc": [str(p) for p in e.get("loc", ())], "msg": str(e.get("msg", ""))}
            for e in exc.errors()
        ]
        first = details[0] if details else {"loc": [], "msg": "invalid request"}
        where = ".".join(str(p) for p in first["loc"] if p != "body") or "request"
        detail = f"{where}: {first['msg']}"
        return problem(422, "invalid_input", detail, request.url.path, details)

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        code = _HTTP_CODES.get(exc.status_code, "http_error")
        response = problem(exc.status_code, code, str(exc.detail), request.url.path)
        response.headers.update(exc.headers or {})
        if exc.status_code == 405:
            response.headers["Allow"] = ", ".join(allowed_methods(request))
        return response

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
        log.error("unhandled error", exc_info=exc)
        return problem(
            500,
            "internal_error",
            "something went wrong on our side; try again, and report the request id if it "
            "keeps happening",
            request.url.path,
        )
