"""`POST /chat`: JSON by default, Server-Sent Events when the client accepts text/event-stream.

The caller must be allowed to write the workspace (admin or its editor key); a workspace key
that omits `workspace` chats in its own. A thread that is answering another message gives
409 `thread_busy`. A failed turn is a problem+json error in JSON mode, and in SSE mode an
`error` event followed by `done` (the stream itself is a 200 by then).
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from typing import Any

from fastapi import APIRouter, Request
from sse_starlette.sse import EventSourceResponse

from agent.runner import error_data, open_turn, run_turn, stream_turn
from api.deps import CallerDep, GraphDep, ServicesDep
from api.schemas import ChatRequest, ChatResponse, ErrorResponse
from core.workspaces import DEMO_WORKSPACE

router = APIRouter(tags=["chat"])


@router.post(
    "/chat",
    response_model=ChatResponse,
    responses={
        200: {"content": {"text/event-stream": {}}, "description": "JSON, or SSE if asked for"},
        404: {"model": ErrorResponse},
        409: {"model": ErrorResponse},
        413: {"model": ErrorResponse},
        422: {"model": ErrorResponse},
        429: {"model": ErrorResponse},
        502: {"model": ErrorResponse},
        503: {"model": ErrorResponse},
        504: {"model": ErrorResponse},
    },
)
async def chat(
    body: ChatRequest, request: Request, services: ServicesDep, graph: GraphDep, caller: CallerDep
) -> Any:
    """Send a message to the agent in a workspace; continue a thread by passing its id.

    With `Accept: text/event-stream` the answer streams as events: `token` (text pieces),
    `tool_start`, `tool_end`, a `final` event with the answer and citations (or an `error`
    event with `code` and `message`), and always a last `done` event.
    """
    workspace = body.workspace or caller.key.workspace or DEMO_WORKSPACE
    caller.authorise(workspace, write=True)
    turn = await open_turn(services, workspace, body.message, body.thread_id)
    if "text/event-stream" in request.headers.get("accept", ""):
        return EventSourceResponse(_sse(stream_turn(graph, services, turn)), ping=15)
    result = await run_turn(graph, services, turn)
    return result.as_dict()


async def _sse(events: AsyncIterator[dict[str, Any]]) -> AsyncIterator[dict[str, str]]:
    """The runner's events as SSE; should the runner itself fail, still `error` then `done`."""
    try:
        async for event in events:
            yield {"event": event["event"], "data": json.dumps(event["data"], ensure_ascii=False)}
    except Exception as exc:
        yield {"event": "error", "data": json.dumps(error_data(exc))}
        yield {"event": "done", "data": "{}"}
