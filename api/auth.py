"""Who is calling: every request but `/livez`, `/readyz` and `/login` needs a key.

The web workspace's page and assets (`/`, `/static/…`) are open: they hold no data. A browser
navigating to another page without a session gets the sign-in page (401, HTML).

The `Authenticate` middleware reads `Authorization: Bearer cmo_…` (or, for a browser that
followed a login link, the `cmo_session` cookie), checks it against the key store, applies the
key's rate limit and puts a `Caller` on `request.state.caller`. Routes then declare what they
need (`api.deps`: `CallerDep`, `AdminDep`, `WorkspaceDep`, `WorkspaceReadDep`); a workspace key
that names another workspace gets 403 whether or not that workspace exists.

Refusals: no or unknown or revoked key → 401 `unauthorized` (with `WWW-Authenticate: Bearer`);
too many of those from one client → 429; a key over its rate limit → 429 `rate_limited` with
`Retry-After`; a cookie-authenticated write that is not provably same-origin → 403
`cross_site_request`. Keys and cookies are never logged; the key's prefix is (`key` field).
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Literal

from limits import RateLimitItem, parse_many
from limits.storage import MemoryStorage
from limits.strategies import MovingWindowRateLimiter
from starlette.responses import Response
from starlette.types import ASGIApp, Receive, Scope, Send

from api.errors import problem
from api.guards import SAFE_METHODS, header, same_origin
from api.web import page
from core.errors import Forbidden
from core.keys import KeyInfo, KeyStore
from core.settings import Settings

SESSION_COOKIE = "cmo_session"
OPEN_PATHS = frozenset({"/livez", "/readyz", "/login", "/"})
OPEN_PREFIXES = ("/static/",)  # the web workspace's assets: no data in them


@dataclass(frozen=True)
class Caller:
    """The authenticated key behind a request, and how it came (header or cookie)."""

    key: KeyInfo
    via: Literal["bearer", "cookie"] = "bearer"

    @property
    def is_admin(self) -> bool:
        return self.key.scope == "admin"

    def can(self, workspace: str, write: bool = False) -> bool:
        if self.is_admin:
            return True
        if self.key.workspace != workspace:
            return False
        return not write or self.key.scope == "editor"

    def authorise(self, workspace: str, write: bool = False) -> None:
        """Raise `Forbidden` unless this key may read (or `write`) `workspace`."""
        if self.can(workspace, write):
            return
        if self.key.workspace != workspace:
            raise Forbidden(
                f"this key is for workspace {self.key.workspace!r}; it cannot reach "
                f"{workspace!r} (ask an admin for a key to that workspace)"
            )
        raise Forbidden(
            f"this key can only read workspace {workspace!r} (viewer); changes need an "
            "editor key"
        )

    def require_admin(self) -> None:
        if not self.is_admin:
            raise Forbidden("this needs an admin key; workspace keys reach only their workspace")


class SweptMemoryStorage(MemoryStorage):
    """`limits`' in-memory storage, its expired entries swept at most once a second, inline.

    The library's own storage starts a `threading.Timer` for its sweep on almost every hit
    (whenever the previous timer, due 10 ms later, has run): a new thread per request, whose
    start the event loop waits for. The sweep itself is the library's (`__expire_events`)."""

    SWEEP_EVERY_S = 1.0

    def __init__(self) -> None:
        self._next_sweep = 0.0
        super().__init__()

    def _MemoryStorage__schedule_expiry(self) -> None:  # the library's private hook
        now = time.monotonic()
        if now >= self._next_sweep:
            self._next_sweep = now + self.SWEEP_EVERY_S
            self._MemoryStorage__expire_events()  # type: ignore[attr-defined]


class RateLimits:
    """Per-key and per-client moving-window limits (the `limits` library, in memory)."""

    def __init__(self, settings: Settings) -> None:
        self._limiter = MovingWindowRateLimiter(SweptMemoryStorage())
        self.per_key: list[RateLimitItem] = parse_many(settings.rate_limit)
        self.unauthenticated: list[RateLimitItem] = parse_many(
            settings.rate_limit_unauthenticated
        )

    def hit(self, items: list[RateLimitItem], who: str) -> float | None:
        """Count one request; None if allowed, else seconds until it would be."""
        for item in items:
            if not self._limiter.hit(item, who):
                reset, _ = self._limiter.get_window_stats(item, who)
                return max(1.0, float(reset) - time.time())
        return None


class Authenticate:
    """The authentication middleware (see the module docstring)."""

    def __init__(self, app: ASGIApp, keys: KeyStore, settings: Settings) -> None:
        self.app = app
        self.keys = keys
        self.limits = RateLimits(settings)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path = scope.get("path", "")
        if scope["type"] != "http" or path in OPEN_PATHS or path.startswith(OPEN_PREFIXES):
            await self.app(scope, receive, send)
            return
        caller = self._caller(scope)
        if caller is None:
            client = (scope.get("client") or ("unknown", 0))[0]
            wait = self.limits.hit(self.limits.unauthenticated, f"anon:{client}")
            response: Response
            if wait is not None:
                response = problem(
                    429, "rate_limited", "too many requests without a valid key", path,
                    retry_after=wait,
                )
            elif _browser_page(scope):
                response = signin_page()
            else:
                response = problem(
                    401,
                    "unauthorized",
                    "this needs an API key: send `Authorization: Bearer cmo_…` (the first "
                    "admin key is in <data dir>/admin.key; `cmo keys create` makes more)",
                    path,
                )
                response.headers["WWW-Authenticate"] = 'Bearer realm="cmo"'
            await response(scope, receive, send)
            return
        if caller.via == "cookie" and scope["method"] not in SAFE_METHODS and not same_origin(
            scope
        ):
            detail = "a browser session can change data only from this server's own pages"
            await problem(403, "cross_site_request", detail, path)(scope, receive, send)
            return
        wait = self.limits.hit(self.limits.per_key, f"key:{caller.key.prefix}")
        if wait is not None:
            detail = (
                "this key sent too many requests; wait and retry (the limit is CMO_RATE_LIMIT)"
            )
            await problem(429, "rate_limited", detail, path, retry_after=wait)(
                scope, receive, send
            )
            return
        scope.setdefault("state", {})["caller"] = caller
        await self.app(scope, receive, send)

    def _caller(self, scope: Scope) -> Caller | None:
        authorization = header(scope, b"authorization")
        if authorization is not None:
            kind, _, token = authorization.strip().partition(" ")
            if kind.lower() != "bearer":
                return None
            key = self.keys.verify(token.strip())
            return Caller(key) if key else None
        session = _cookie(header(scope, b"cookie") or "", SESSION_COOKIE)
        if session:
            key = self.keys.session_key(session)
            return Caller(key, via="cookie") if key else None
        return None


def _browser_page(scope: Scope) -> bool:
    """A browser navigating to a page (the dashboard): it is told how to sign in, in HTML."""
    return scope["method"] == "GET" and "text/html" in (header(scope, b"accept") or "")


def signin_page() -> Response:
    """401 as the web workspace's sign-in page (how to get a login link)."""
    response = page("signin.html", status_code=401)
    response.headers["WWW-Authenticate"] = 'Bearer realm="cmo"'
    return response


def _cookie(raw: str, name: str) -> str | None:
    for part in raw.split(";"):
        key, _, value = part.strip().partition("=")
        if key == name:
            return value.strip('"') or None
    return None
