"""`GET /workspaces/{id}/threads/{thread_id}`: a thread's history, read back from the checkpointer.

A thread belongs to one workspace and is read only through it: the same id under another
workspace is 404, exactly like an id that never existed. Text is neutralised on the way out
(no images, raw HTML or links off the allow-list), like every answer.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from langchain_core.messages import AIMessage, BaseMessage, HumanMessage, ToolMessage

from agent.runner import FAILED_KEY, UNANSWERED_KEY
from api.deps import GraphDep, ServicesDep, WorkspaceDep
from api.schemas import ErrorResponse, MessageOut, ThreadOut, ToolCallOut
from core.errors import NotFound
from core.sanitise import neutralise_markdown

router = APIRouter(prefix="/workspaces/{workspace_id}/threads", tags=["threads"])


@router.get("/{thread_id}", response_model=ThreadOut, responses={404: {"model": ErrorResponse}})
async def get_thread(
    thread_id: str, scope: WorkspaceDep, services: ServicesDep, graph: GraphDep
) -> ThreadOut:
    """The messages of a thread of this workspace. A user message whose turn failed is marked
    `unanswered`, and the assistant's note about the failure carries the error `code`."""
    info = services.workspaces.thread(thread_id, scope.id)
    state = await graph.aget_state({"configurable": {"thread_id": thread_id}})
    messages: list[BaseMessage] = (state.values or {}).get("messages", [])
    hosts = services.settings.link_host_list
    return ThreadOut(
        thread_id=thread_id,
        workspace=info.workspace,
        title=neutralise_markdown(info.title, hosts),
        created_at=info.created_at,
        messages=[_message_out(m, hosts) for m in messages],
    )


def _message_out(message: BaseMessage, hosts: list[str]) -> MessageOut:
    content: Any = message.content
    text = neutralise_markdown(content if isinstance(content, str) else str(content), hosts)
    extra = message.additional_kwargs or {}
    if isinstance(message, HumanMessage):
        return MessageOut(role="user", content=text, unanswered=bool(extra.get(UNANSWERED_KEY)))
    if isinstance(message, ToolMessage):
        return MessageOut(role="tool", content=text, name=message.name)
    calls = message.tool_calls if isinstance(message, AIMessage) else []
    return MessageOut(
        role="assistant",
        content=text,
        tool_calls=[
            ToolCallOut(id=c.get("id") or "", name=c["name"], args=c["args"]) for c in calls
        ],
        error=extra.get(FAILED_KEY),
    )


legacy = APIRouter(tags=["threads"])


@legacy.get("/threads/{thread_id}", include_in_schema=False, status_code=404)
def moved(thread_id: str) -> None:
    """The old unscoped path: it never answers, whatever the id (threads are per workspace)."""
    raise NotFound(
        "threads are read through their workspace: GET /workspaces/{workspace_id}/threads/"
        f"{thread_id[:100]}"
    )
