"""Request and response bodies of the HTTP API."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field

from agent.reading import Clarify, Understood
from tools.citations import Citation


class ChatRequest(BaseModel):
    message: str = Field(description="The user's message.", examples=["How do I define an MQL?"])
    workspace: str | None = Field(
        default=None,
        description="Client workspace id; default: the key's own workspace ('demo' for admin).",
    )
    thread_id: str | None = Field(
        default=None,
        max_length=100,
        description="Continue this thread of the workspace; omit to start a new one.",
    )


class ToolCallOut(BaseModel):
    id: str
    name: str
    args: dict[str, Any]


class ChatResponse(BaseModel):
    thread_id: str
    answer: str = Field(description="Markdown; opens with what was understood")
    citations: list[Citation]
    tool_calls: list[ToolCallOut]
    understood: list[Understood] = Field(
        default_factory=list,
        description="the reading acted on: each tool called, its typed arguments, one line",
    )
    clarify: Clarify | None = Field(
        default=None, description="set when the agent asks instead of guessing: options as buttons"
    )


class MessageOut(BaseModel):
    role: str
    content: str
    tool_calls: list[ToolCallOut] = []
    name: str | None = None
    unanswered: bool = Field(
        default=False, description="a user message whose turn failed (it is not re-sent)"
    )
    error: str | None = Field(
        default=None, description="on the assistant's note about a failed turn: the error code"
    )


class ThreadOut(BaseModel):
    thread_id: str
    workspace: str
    title: str
    created_at: str
    messages: list[MessageOut]


class WorkspaceCreate(BaseModel):
    id: str = Field(
        description="1–40 lower-case letters, digits and hyphens.",
        examples=["acme"],
        json_schema_extra={"pattern": "^[a-z0-9](?:[a-z0-9-]{0,38}[a-z0-9])?$"},
    )
    name: str | None = Field(default=None, description="Display name.")


class ErrorBody(BaseModel):
    code: str
    message: str
    details: list[Any] = []


class ErrorResponse(BaseModel):
    """RFC 9457 problem details (`application/problem+json`); `code` is the stable machine
    code and `error` repeats it in the shape of earlier versions."""

    type: str = Field(examples=["urn:fractional-cmo:problem:workspace_not_found"])
    title: str
    status: int
    detail: str
    instance: str = ""
    code: str
    request_id: str = ""
    error: ErrorBody
