"""Structured output from a real model, for the strategy drafts and the brief.

`write(draft_model, Schema, system, prompt)` asks the model for one `Schema` object (a pydantic
model of what the model writes: every field required, no extra ones, so OpenAI's strict mode
accepts it) with LangChain's `with_structured_output` (`method`: "json_schema", a JSON-schema
`response_format`, or "function_calling", a call to a function whose parameters are the
schema). The reply is validated here, by pydantic, whatever the provider promised:

- a reply that does not validate (not JSON, missing or wrong fields) is sent back once with
  the validation error, and the model answers again;
- a second invalid reply, or a provider fault (timeout, refused or dropped connection, 5xx
  after the client's retries), raises `WritingFailed` with a reason a user can read; callers
  then use the offline drafter or rules and say so.

Passages are data: the prompts say so, and nothing the model writes is run or followed.
"""

from __future__ import annotations

import json
import logging
from typing import Any, TypeVar

from langchain_core.messages import AIMessage, BaseMessage, HumanMessage, SystemMessage
from pydantic import BaseModel, ValidationError

from core.scope import DraftModel

log = logging.getLogger(__name__)
W = TypeVar("W", bound=BaseModel)
MAX_PROBLEMS = 5  # validation errors quoted back to the model (and in the note)
ATTEMPTS = 2  # the first reply and one retry


class WritingFailed(Exception):
    """The model's object could not be used; `reason` says why, in a user's words."""

    def __init__(self, reason: str, kind: str = "invalid") -> None:
        super().__init__(reason)
        self.reason = reason
        self.kind = kind  # "invalid" (did not validate) or "provider" (the call failed)


def write(draft_model: DraftModel, schema: type[W], system: str, prompt: str) -> W:
    """One `schema` object from the model (see the module doc); raises `WritingFailed`."""
    runnable = draft_model.model.with_structured_output(
        schema.model_json_schema(),
        method=draft_model.method,
        include_raw=True,
        strict=True if draft_model.method == "json_schema" else None,
    )
    messages: list[BaseMessage] = [SystemMessage(system), HumanMessage(prompt)]
    problem = ""
    for attempt in range(1, ATTEMPTS + 1):
        try:
            out = runnable.invoke(messages, config={"tags": ["nostream"]})
        except Exception as exc:  # any fault of the call: the caller falls back
            log.warning("draft model call failed: %s", exc)
            raise WritingFailed(_provider_reason(exc), "provider") from exc
        raw, parsed, error = _parts(out)
        try:
            return _validated(schema, parsed, error)
        except (ValidationError, ValueError) as exc:
            problem = describe(exc)
            log.info("draft model reply %d did not validate: %s", attempt, problem)
            messages = [*messages, AIMessage(_sent_text(raw)), HumanMessage(_retry_prompt(problem))]
    raise WritingFailed(problem)


def describe(exc: Exception) -> str:
    """A validation failure in a few readable parts: where, and what was wrong."""
    if isinstance(exc, ValidationError):
        parts = []
        for error in exc.errors()[:MAX_PROBLEMS]:
            where = ".".join(str(p) for p in error["loc"]) or "the object"
            parts.append(f"{where}: {error['msg'].lower()}")
        more = exc.error_count() - MAX_PROBLEMS
        return "; ".join(parts) + (f"; and {more} more" if more > 0 else "")
    return str(exc).splitlines()[0][:200] if str(exc) else type(exc).__name__


def _parts(out: Any) -> tuple[Any, Any, BaseException | None]:
    if isinstance(out, dict):
        return out.get("raw"), out.get("parsed"), out.get("parsing_error")
    return None, out, None


def _validated(schema: type[W], parsed: Any, error: BaseException | None) -> W:
    if error is not None:
        raise ValueError(f"the reply is not valid JSON: {describe(ValueError(str(error)))}")
    if parsed is None:
        raise ValueError("the reply held no JSON object")
    if isinstance(parsed, schema):
        return parsed
    if isinstance(parsed, BaseModel):
        parsed = parsed.model_dump()
    return schema.model_validate(parsed)


def _sent_text(raw: Any) -> str:
    """What the model sent, as plain text for the retry (tool calls as their arguments)."""
    if not isinstance(raw, AIMessage):
        return ""
    if raw.tool_calls:
        return json.dumps(raw.tool_calls[0]["args"], ensure_ascii=False)
    if raw.invalid_tool_calls:
        return str(raw.invalid_tool_calls[0].get("args") or "")
    return raw.content if isinstance(raw.content, str) else json.dumps(raw.content)


def _retry_prompt(problem: str) -> str:
    return (
        f"Your reply did not validate against the schema: {problem}. "
        "Send the whole object again, corrected, as JSON matching the schema exactly."
    )


def _provider_reason(exc: Exception) -> str:
    """A provider fault in plain words: a timeout, an HTTP status, or an unreachable server."""
    name = type(exc).__name__
    status = getattr(exc, "status_code", None)
    if isinstance(exc, TimeoutError) or "Timeout" in name:
        return "the model provider did not answer in time"
    if isinstance(status, int):
        return f"the model provider failed with HTTP {status}"
    if isinstance(exc, ConnectionError) or "Connection" in name:
        return "the model provider could not be reached"
    detail = str(exc).splitlines()[0][:160] if str(exc) else ""
    return f"the model call failed ({name}{': ' + detail if detail else ''})"
