"""`GET /`: the web workspace (see `api.web` for its headers and static files)."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import Response

from api.web import page

router = APIRouter(include_in_schema=False)


@router.get("/")
def workspace_page() -> Response:
    """The web workspace (chat, documents, data, calendars, drafts, dashboard)."""
    return page("index.html")
