"""The web workspace's pages and static files (`/static/`), with their security headers.

The pages and assets are open (they hold no data: every figure is fetched from the API with the
browser's session cookie, made by a login link, see `api.routes.session`). Every response here
carries a strict Content-Security-Policy (scripts, styles, fonts and connections only from this
server; no inline script, no framing), `X-Content-Type-Options: nosniff` and no referrer.
Vendored libraries (marked, DOMPurify, Chart.js) are listed in `api/static/vendor/VENDOR.md`.
"""

from __future__ import annotations

from pathlib import Path

from fastapi.responses import FileResponse, Response
from starlette.staticfiles import StaticFiles
from starlette.types import Scope

STATIC_DIR = Path(__file__).resolve().parent / "static"
CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; "
    "font-src 'self'; connect-src 'self'; manifest-src 'self'; base-uri 'none'; "
    "form-action 'self'; frame-ancestors 'none'"
)
SECURITY_HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
}


def secure(response: Response, cache: str = "no-cache") -> Response:
    """`response` with the web workspace's security headers (see the module docstring)."""
    response.headers.update(SECURITY_HEADERS)
    response.headers["Cache-Control"] = cache
    return response


def page(name: str, status_code: int = 200) -> Response:
    """One of the HTML pages in `api/static`, with the security headers."""
    response = FileResponse(
        STATIC_DIR / name, status_code=status_code, media_type="text/html; charset=utf-8"
    )
    return secure(response)


class SecureStatic(StaticFiles):
    """StaticFiles whose responses carry the security headers."""

    async def get_response(self, path: str, scope: Scope) -> Response:
        response = await super().get_response(path, scope)
        return secure(response)


def static_files() -> SecureStatic:
    return SecureStatic(directory=STATIC_DIR)
