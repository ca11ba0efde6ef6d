"""Browser sessions: `GET /login?token=…` exchanges a one-time login link for a cookie.

`cmo serve` prints the link (`cmo keys login-link` makes another). The token works once and
for `CMO_LOGIN_LINK_MINUTES`; the cookie (`cmo_session`) is HttpOnly, SameSite=Strict, Secure
on https, lasts `CMO_SESSION_HOURS` and acts for the key the link was made for (revoking the
key ends it). Requests with the cookie may change data only from this server's own pages.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request, Response, status
from fastapi.responses import RedirectResponse

from api.auth import SESSION_COOKIE
from api.deps import CallerDep, KeysDep, SettingsDep
from api.schemas import ErrorResponse
from core.errors import Unauthorized

router = APIRouter(tags=["session"])


def _local_path(target: str) -> str:
    """Only a path on this server (no scheme, no `//host`), else `/`."""
    if target.startswith("/") and not target.startswith(("//", "/\\")) and target.isascii():
        return target
    return "/"


@router.get(
    "/login",
    status_code=status.HTTP_303_SEE_OTHER,
    responses={303: {"description": "cookie set; on to `next`"}, 401: {"model": ErrorResponse}},
    include_in_schema=False,
)
def login(
    request: Request,
    keys: KeysDep,
    settings: SettingsDep,
    token: Annotated[str, Query(max_length=200)] = "",
    next_: Annotated[str, Query(alias="next", max_length=500)] = "/",
) -> Response:
    session = keys.start_session(token, settings.session_hours) if token else None
    if session is None:
        raise Unauthorized(
            "this login link is unknown, used or expired; run `cmo keys login-link` for a new one"
        )
    response = RedirectResponse(_local_path(next_), status_code=status.HTTP_303_SEE_OTHER)
    response.set_cookie(
        SESSION_COOKIE,
        session,
        max_age=int(settings.session_hours * 3600),
        httponly=True,
        samesite="strict",
        secure=request.url.scheme == "https",
        path="/",
    )
    response.headers["Cache-Control"] = "no-store"
    response.headers["Referrer-Policy"] = "no-referrer"
    return response


@router.post("/logout", status_code=status.HTTP_204_NO_CONTENT, include_in_schema=False)
def logout(request: Request, keys: KeysDep, _caller: CallerDep) -> Response:
    """End this browser session (a no-op for a bearer key)."""
    session = request.cookies.get(SESSION_COOKIE)
    if session:
        keys.end_session(session)
    response = Response(status_code=status.HTTP_204_NO_CONTENT)
    response.delete_cookie(SESSION_COOKIE, path="/")
    return response
