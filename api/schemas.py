"""Request and response bodies of the HTTP API."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field

from agent.reading import Clarify, Understood
from tools.citations import Citation


class ChatRequest(BaseModel):
    message: str = Field(description="The user's message.", examples=["How do I define an MQL?"])
    workspace: str = Field(default="demo", description="Client workspace id.")
    thread_id: str | None = Field(
        default=None, description="Continue this thread; omit to start a new one."
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


class ThreadOut(BaseModel):
    thread_id: str
    workspace: str
    title: str
    created_at: str
    messages: list[MessageOut]


class WorkspaceCreate(BaseModel):
    id: str = Field(description="1–40 lower-case letters, digits and hyphens.", examples=["acme"])
    name: str | None = Field(default=None, description="Display name.")


class ErrorBody(BaseModel):
    code: str
    message: str
    details: list[Any] = []


class ErrorResponse(BaseModel):
    error: ErrorBody
