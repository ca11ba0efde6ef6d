"""What tools return and how their failures read: the typed result as the message artifact,
the JSON the model reads, and errors as messages a model can act on."""

from __future__ import annotations

import json
from typing import Any, TypeVar

from langgraph.prebuilt.tool_node import ToolInvocationError
from pydantic import BaseModel

from core.errors import CmoError

R = TypeVar("R", bound=BaseModel)


def tool_output(result: R, hide: frozenset[str] = frozenset()) -> tuple[str, R]:
    """What a tool returns (LangChain's `content_and_artifact`): the JSON a model reads, without
    the `hide` fields and without the text behind citations (bulky, and nothing to quote), and
    the typed result itself as the message artifact, which the API, the offline model's answer
    templates and the citations read — nothing parses the JSON text back."""
    content = result.model_dump(mode="json", exclude=set(hide))
    for citation in content.get("citations", []) or []:
        citation.pop("detail", None)
    return json.dumps(content, ensure_ascii=False), result


def artifact_dict(artifact: Any) -> dict[str, Any] | None:
    """A tool message's artifact as JSON-ready data: the typed result within a turn, or the dict
    it becomes once the thread is checkpointed (the checkpointer keeps data, not classes)."""
    if isinstance(artifact, BaseModel):
        return artifact.model_dump(mode="json")
    return artifact if isinstance(artifact, dict) else None


def tool_result(payload: Any) -> str:
    """Serialise a tool's pydantic result as the JSON a ToolMessage carries."""
    if hasattr(payload, "model_dump_json"):
        return str(payload.model_dump_json())
    return json.dumps(payload, default=str)


def tool_error_message(exc: Exception) -> str:
    """Tool failures become messages the model can read, not crashes."""
    if isinstance(exc, CmoError):
        return f"Error: {exc.detail}"
    if isinstance(exc, ToolInvocationError):  # arguments that failed validation: say which
        return f"Error: {exc.message}"
    return f"Error: the tool failed unexpectedly ({type(exc).__name__})."
