"""`GET /threads/{id}`: a thread's history, read back from the checkpointer."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from langchain_core.messages import AIMessage, BaseMessage, HumanMessage, ToolMessage

from api.deps import GraphDep, ServicesDep
from api.schemas import ErrorResponse, MessageOut, ThreadOut, ToolCallOut
from core.errors import ThreadNotFound

router = APIRouter(prefix="/threads", tags=["threads"])


@router.get("/{thread_id}", response_model=ThreadOut, responses={404: {"model": ErrorResponse}})
async def get_thread(
    thread_id: str, services: ServicesDep, graph: GraphDep, workspace: str | None = None
) -> ThreadOut:
    """The messages of a thread. Pass `workspace` to check the thread belongs to it."""
    info = services.workspaces.thread(thread_id)
    if workspace is not None and info.workspace != workspace:
        raise ThreadNotFound(f"unknown thread {thread_id!r} in workspace {workspace!r}")
    state = await graph.aget_state({"configurable": {"thread_id": thread_id}})
    messages: list[BaseMessage] = (state.values or {}).get("messages", [])
    return ThreadOut(
        thread_id=thread_id,
        workspace=info.workspace,
        title=info.title,
        created_at=info.created_at,
        messages=[_message_out(m) for m in messages],
    )


def _message_out(message: BaseMessage) -> MessageOut:
    content: Any = message.content
    text = content if isinstance(content, str) else str(content)
    if isinstance(message, HumanMessage):
        return MessageOut(role="user", content=text)
    if isinstance(message, ToolMessage):
        return MessageOut(role="tool", content=text, name=message.name)
    calls = message.tool_calls if isinstance(message, AIMessage) else []
    return MessageOut(
        role="assistant",
        content=text,
        tool_calls=[
            ToolCallOut(id=c.get("id") or "", name=c["name"], args=c["args"]) for c in calls
        ],
    )
