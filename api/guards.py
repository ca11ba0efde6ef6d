"""ASGI middleware that answers before any route runs: Host and Origin checks, body limits.

- **Host** (DNS rebinding): a request whose `Host` is not in `CMO_ALLOWED_HOSTS` (loopback
  names by default; `*.example.com` patterns allowed) gets `400 invalid_host`.
- **Origin** (cross-site requests): a state-changing request (not GET, HEAD or OPTIONS) that
  carries an `Origin` other than the server's own or one in `CMO_CORS_ORIGINS` gets
  `403 foreign_origin`; so does one a browser marks `Sec-Fetch-Site: cross-site`. Requests
  authenticated by the session cookie must also prove they are same-origin (`auth.py`).
- **Body size**, checked before anything parses it: JSON and other bodies up to
  `CMO_MAX_JSON_KB`, multipart uploads up to `CMO_MAX_REQUEST_MB`; a declared
  `Content-Length` over the limit is refused at once, a streamed body as soon as it passes.
  JSON bodies are also refused (422) when they hold an unpaired UTF-16 surrogate (`\\ud800`),
  which no store can encode.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from typing import Any

from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api.errors import problem
from core.settings import Settings

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
_SURROGATE_ESCAPE = re.compile(rb"\\u[dD][89a-fA-F][0-9a-fA-F]{2}")


def header(scope: Scope, name: bytes) -> str | None:
    for key, value in scope.get("headers", []):
        if key == name:
            return str(value.decode("latin-1"))
    return None


def host_name(host: str) -> str:
    """'127.0.0.1:8000' → '127.0.0.1', '[::1]:8000' → '::1', lower-case."""
    host = host.strip().lower()
    if host.startswith("["):
        return host[1:].split("]", 1)[0]
    return host.rsplit(":", 1)[0] if host.count(":") == 1 else host


def host_allowed(host: str | None, patterns: Iterable[str]) -> bool:
    if not host:
        return False
    name = host_name(host)
    for pattern in patterns:
        if pattern.startswith("*.") and name.endswith(pattern[1:]) and name != pattern[2:]:
            return True
        if name == pattern:
            return True
    return False


def own_origin(scope: Scope) -> str:
    scheme = "https" if scope.get("scheme") in ("https", "wss") else "http"
    return f"{scheme}://{(header(scope, b'host') or '').lower()}"


def same_origin(scope: Scope) -> bool:
    """The request provably comes from a page of this server (for cookie-authenticated
    writes): its Origin is ours, or the browser says `Sec-Fetch-Site: same-origin`."""
    origin = header(scope, b"origin")
    if origin is not None:
        return origin.rstrip("/").lower() == own_origin(scope)
    return header(scope, b"sec-fetch-site") == "same-origin"


class BrowserGuard:
    """Host allow-list and foreign-Origin refusal (see the module docstring)."""

    def __init__(self, app: ASGIApp, settings: Settings) -> None:
        self.app = app
        self.hosts = settings.host_patterns
        self.origins = {o.lower() for o in settings.cors_origin_list}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path = scope.get("path", "")
        if not host_allowed(header(scope, b"host"), self.hosts):
            response = problem(
                400,
                "invalid_host",
                "this server does not answer to that Host name; use one in CMO_ALLOWED_HOSTS",
                path,
            )
            await response(scope, receive, send)
            return
        if scope["method"] not in SAFE_METHODS and self._foreign(scope):
            response = problem(
                403,
                "foreign_origin",
                "requests that change data are refused from other sites; call the API from "
                "this server's own pages or a client without an Origin, or add the site to "
                "CMO_CORS_ORIGINS",
                path,
            )
            await response(scope, receive, send)
            return
        await self.app(scope, receive, send)

    def _foreign(self, scope: Scope) -> bool:
        origin = header(scope, b"origin")
        if origin is not None:
            origin = origin.rstrip("/").lower()
            return origin != own_origin(scope) and origin not in self.origins
        return header(scope, b"sec-fetch-site") == "cross-site"


class BodyTooLarge(HTTPException):
    """Raised from `receive` when a streamed body passes the limit (FastAPI re-raises
    HTTPExceptions from body parsing, so it reaches the 413 handler)."""

    def __init__(self, limit: int) -> None:
        super().__init__(413, _too_large(limit))


def _too_large(limit: int) -> str:
    size = f"{limit / 1024 / 1024:.0f} MB" if limit >= 1024 * 1024 else f"{limit // 1024} KB"
    return (
        f"the request body is larger than the {size} limit; send less (split an upload, "
        "shorten a message) or raise CMO_MAX_JSON_KB / CMO_MAX_REQUEST_MB"
    )


class BodyLimit:
    """Refuse bodies over the limit before they are parsed (see the module docstring)."""

    def __init__(self, app: ASGIApp, settings: Settings) -> None:
        self.app = app
        self.json_limit = int(settings.max_json_kb * 1024)
        self.multipart_limit = int(settings.max_request_mb * 1024 * 1024)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] in ("GET", "HEAD", "OPTIONS"):
            await self.app(scope, receive, send)
            return
        content_type = (header(scope, b"content-type") or "").lower()
        multipart = content_type.startswith("multipart/")
        limit = self.multipart_limit if multipart else self.json_limit
        declared = header(scope, b"content-length")
        path = scope.get("path", "")
        if declared is not None and (not declared.isdigit() or int(declared) > limit):
            await problem(413, "payload_too_large", _too_large(limit), path)(scope, receive, send)
            return
        if multipart:
            await self.app(scope, _counting(receive, limit), send)
            return
        body = await _read_all(receive, limit)
        if body is None:
            await problem(413, "payload_too_large", _too_large(limit), path)(scope, receive, send)
            return
        if "json" in content_type and _lone_surrogate(body):
            detail = (
                "the body holds an unpaired UTF-16 surrogate (such as \\ud800), which is not "
                "valid Unicode text; send the text as valid UTF-8"
            )
            await problem(422, "invalid_input", detail, path)(scope, receive, send)
            return
        await self.app(scope, _replay(body, receive), send)


def _counting(receive: Receive, limit: int) -> Receive:
    seen = 0

    async def wrapped() -> Message:
        nonlocal seen
        message = await receive()
        if message["type"] == "http.request":
            seen += len(message.get("body", b""))
            if seen > limit:
                raise BodyTooLarge(limit)
        return message

    return wrapped


async def _read_all(receive: Receive, limit: int) -> bytes | None:
    chunks: list[bytes] = []
    size = 0
    while True:
        message = await receive()
        if message["type"] != "http.request":
            break
        chunk = message.get("body", b"")
        size += len(chunk)
        if size > limit:
            return None
        chunks.append(chunk)
        if not message.get("more_body", False):
            break
    return b"".join(chunks)


def _replay(body: bytes, receive: Receive) -> Receive:
    sent = False

    async def wrapped() -> Message:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        return await receive()

    return wrapped


def _lone_surrogate(body: bytes) -> bool:
    """Whether a JSON body decodes to text with an unpaired surrogate (checked fully only
    when a surrogate escape appears at all, which is rare)."""
    if not _SURROGATE_ESCAPE.search(body):
        return False
    try:
        value = json.loads(body)
    except (ValueError, RecursionError):
        return False  # the route's own parser reports malformed JSON
    return _has_lone_surrogate(value)


def _has_lone_surrogate(value: Any) -> bool:
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            try:
                item.encode("utf-8")
            except UnicodeEncodeError:
                return True
        elif isinstance(item, dict):
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return False
