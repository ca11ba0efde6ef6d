"""`POST /chat`: JSON by default, Server-Sent Events when the client accepts text/event-stream."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from typing import Any

from fastapi import APIRouter, Request
from sse_starlette.sse import EventSourceResponse

from agent.runner import prepare_turn, run_turn, stream_turn
from api.deps import GraphDep, ServicesDep
from api.schemas import ChatRequest, ChatResponse, ErrorResponse

router = APIRouter(tags=["chat"])


@router.post(
    "/chat",
    response_model=ChatResponse,
    responses={
        200: {"content": {"text/event-stream": {}}, "description": "JSON, or SSE if asked for"},
        404: {"model": ErrorResponse},
        413: {"model": ErrorResponse},
        422: {"model": ErrorResponse},
        502: {"model": ErrorResponse},
    },
)
async def chat(body: ChatRequest, request: Request, services: ServicesDep, graph: GraphDep) -> Any:
    """Send a message to the agent in a workspace; continue a thread by passing its id.

    With `Accept: text/event-stream` the answer streams as events: `token` (text pieces),
    `tool_start`, `tool_end`, and a last `final` event with the answer and citations.
    """
    turn = prepare_turn(services, body.workspace, body.message, body.thread_id)
    if "text/event-stream" in request.headers.get("accept", ""):
        return EventSourceResponse(_sse(stream_turn(graph, services, turn)), ping=15)
    result = await run_turn(graph, services, turn)
    return result.as_dict()


async def _sse(events: AsyncIterator[dict[str, Any]]) -> AsyncIterator[dict[str, str]]:
    async for event in events:
        yield {"event": event["event"], "data": json.dumps(event["data"], ensure_ascii=False)}
