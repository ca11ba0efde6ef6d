"""Model calls that fail clearly and never repeat themselves: the one retry layer.

Each model call (streamed to the user when the graph is streamed) is guarded by `ModelGuard`:

- **timeouts**: the client's connect and read timeouts (`agent.models`), plus a deadline for
  the whole call until its first chunk arrives, retries included (`CMO_MODEL_DEADLINE_S`);
- **retries** (`CMO_MODEL_MAX_RETRIES`) only for faults that another try may fix — refused or
  dropped connections, 429, 5xx, a reply with only malformed tool calls — and only while
  nothing has been streamed: once text reached the user a retry would show it twice, so the
  call fails instead. The wait honours `Retry-After` (seconds or an HTTP date), else full
  jitter over exponential backoff; a wait past the deadline is not made (a 429 is passed on
  with its `Retry-After`). Timeouts are not retried: the user has waited long enough;
- **a circuit breaker** (pybreaker): after `CMO_MODEL_BREAKER_FAILURES` failed calls in a row
  the next calls fail at once with 503 `model_unavailable` for `CMO_MODEL_BREAKER_RESET_S`,
  then one call tries again. Requests the provider refuses as such (400, context overflow)
  do not count;
- **errors** as `ModelProviderError` subclasses with the right status: 429 passed on, 502
  (refused, unreachable, unreadable reply), 503 (circuit open), 504 (timeout), 422
  `context_too_long`;
- **fallback** (optional, `CMO_MODEL_FALLBACK=offline`): when the provider fails, the
  built-in offline model answers that call, and the answer says so.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import email.utils
import logging
import random
from dataclasses import dataclass, field
from typing import Any

import httpx
import pybreaker
from langchain_core.callbacks import AsyncCallbackHandler, BaseCallbackManager
from langchain_core.language_models import BaseChatModel
from langchain_core.messages import AIMessage, BaseMessage
from langchain_core.runnables import ensure_config

from core import metrics
from core.errors import (
    ContextTooLong,
    ModelProviderError,
    ModelRateLimited,
    ModelTimeout,
    ModelUnavailable,
)

log = logging.getLogger(__name__)
FALLBACK_KEY = "cmo_fallback"
FALLBACK_NOTE = "\n\n_(Answered by the built-in offline model: the model provider failed.)_"
_CHECK = "check OPENAI_BASE_URL, OPENAI_API_KEY and CMO_MODEL, or use CMO_MODEL=offline"


@dataclass
class Fault:
    """What went wrong in one attempt: the error to raise, and whether to try again."""

    error: ModelProviderError
    retryable: bool
    wait: float | None = None  # the provider's Retry-After, in seconds
    reason: str = "fault"


class MalformedReply(Exception):
    """The reply held only tool calls whose arguments are not valid JSON."""


@dataclass
class ModelGuard:
    """Retry, deadline, circuit-breaker and fallback policy for model calls."""

    attempts: int = 3
    deadline_s: float = 60.0
    breaker: pybreaker.CircuitBreaker = field(
        default_factory=lambda: pybreaker.CircuitBreaker(fail_max=5, reset_timeout=30)
    )
    fallback: BaseChatModel | None = None
    backoff_s: float = 0.5
    backoff_max_s: float = 8.0

    def __post_init__(self) -> None:
        self.breaker._excluded_exceptions.append(_not_a_provider_fault)
        self.breaker._throw_new_error_on_trip = False  # the real error is clearer

    @classmethod
    def from_settings(cls, settings: Any, fallback: BaseChatModel | None = None) -> ModelGuard:
        return cls(
            attempts=1 + settings.model_max_retries,
            deadline_s=settings.model_deadline_s,
            breaker=pybreaker.CircuitBreaker(
                fail_max=settings.model_breaker_failures,
                reset_timeout=settings.model_breaker_reset_s,
            ),
            fallback=fallback,
        )

    def open_for(self) -> float | None:
        """Seconds the circuit stays open, or None when calls may go through."""
        if self.breaker.current_state != pybreaker.STATE_OPEN:
            return None
        opened = self.breaker._state_storage.opened_at or dt.datetime.now(dt.UTC)
        elapsed = (dt.datetime.now(dt.UTC) - opened).total_seconds()
        return max(0.0, self.breaker.reset_timeout - elapsed) or None


def _not_a_provider_fault(exc: BaseException) -> bool:
    """Errors that say nothing about the provider's health (pybreaker exclusion)."""
    return isinstance(exc, ContextTooLong) or getattr(exc, "code", "") == "model_request_rejected"


async def invoke_model(
    model: Any,
    messages: list[BaseMessage],
    attempts: int = 3,
    *,
    guard: ModelGuard | None = None,
    fallback: Any = None,
    fallback_messages: list[BaseMessage] | None = None,
) -> AIMessage:
    """One guarded model call (see the module docstring). `fallback` is the fallback model
    already bound to the tools, sent `fallback_messages` (default: `messages`); raises a
    `ModelProviderError` subclass."""
    guard = guard or ModelGuard(attempts=max(1, attempts))
    try:
        wait = guard.open_for()
        if wait is not None:
            raise ModelUnavailable(
                "the model provider failed repeatedly, so calls are paused for "
                f"{wait:.0f} s; try again then, or {_CHECK}",
                retry_after=wait,
            )
        with guard.breaker.calling():
            return await _with_retries(model, messages, guard)
    except ModelProviderError as exc:
        metrics.MODEL_ERRORS.labels(exc.code).inc()
        if fallback is None or isinstance(exc, ContextTooLong):
            raise
        log.warning("model provider failed (%s); the offline model answers", exc.code)
        reply = await fallback.ainvoke(fallback_messages or messages)
        return _marked_fallback(reply)


def _marked_fallback(reply: AIMessage) -> AIMessage:
    extra = {**(reply.additional_kwargs or {}), FALLBACK_KEY: True}
    if reply.tool_calls or not isinstance(reply.content, str):
        return reply.model_copy(update={"additional_kwargs": extra})
    return reply.model_copy(
        update={"content": reply.content + FALLBACK_NOTE, "additional_kwargs": extra}
    )


async def _with_retries(model: Any, messages: list[BaseMessage], guard: ModelGuard) -> AIMessage:
    loop = asyncio.get_running_loop()
    deadline = loop.time() + guard.deadline_s
    for attempt in range(1, guard.attempts + 1):
        progress = _Progress()
        try:
            return await _call_once(model, messages, progress, deadline - loop.time())
        except asyncio.CancelledError:
            raise
        except Exception as exc:
            fault = classify(exc, guard.deadline_s)
            if progress.streamed or not fault.retryable or attempt == guard.attempts:
                raise fault.error from exc
            pause = fault.wait if fault.wait is not None else _backoff(guard, attempt)
            if loop.time() + pause >= deadline:
                raise fault.error from exc
            metrics.MODEL_RETRIES.labels(fault.reason).inc()
            log.info("model call failed (%s); retry %d in %.1f s", fault.reason, attempt, pause)
            await asyncio.sleep(pause)
    raise ModelProviderError("the model call did not run")  # pragma: no cover


def _backoff(guard: ModelGuard, attempt: int) -> float:
    """Full jitter: uniform between 0 and the exponential cap."""
    return random.uniform(0, min(guard.backoff_max_s, guard.backoff_s * 2 ** (attempt - 1)))


class _Progress(AsyncCallbackHandler):
    """Notes whether the reply started reaching the user (a streamed token); the first
    token also lifts the deadline, which bounds only the wait for a reply to begin."""

    def __init__(self) -> None:
        self.streamed = False
        self.deadline: asyncio.Timeout | None = None

    async def on_llm_new_token(self, token: Any, **kwargs: Any) -> None:
        if token and not self.streamed:
            self.streamed = True
            if self.deadline is not None:
                self.deadline.reschedule(None)


async def _call_once(
    model: Any, messages: list[BaseMessage], progress: _Progress, within: float
) -> AIMessage:
    """One attempt. Tokens stream through the graph's callbacks as usual (for SSE); our
    handler is added beside them, not instead of them."""
    callbacks: Any = ensure_config().get("callbacks")
    if isinstance(callbacks, BaseCallbackManager):
        callbacks = callbacks.copy()
        callbacks.add_handler(progress, inherit=True)
    else:
        callbacks = [*(callbacks or []), progress]
    async with asyncio.timeout(max(0.001, within)) as deadline:
        progress.deadline = deadline
        reply = await model.ainvoke(messages, config={"callbacks": callbacks})
    if not isinstance(reply, AIMessage):
        raise MalformedReply("the provider sent no message")
    if reply.invalid_tool_calls and not reply.tool_calls and not reply.content:
        raise MalformedReply(str(reply.invalid_tool_calls[0].get("error") or "invalid JSON"))
    return reply


def classify(exc: BaseException, deadline_s: float = 60.0) -> Fault:
    """The `Fault` an exception from a model call stands for."""
    import openai

    if isinstance(exc, MalformedReply):
        return Fault(
            ModelProviderError(
                f"the model's reply could not be used ({exc}); try again, or use a model "
                "with reliable tool calling"
            ),
            retryable=True,
            reason="malformed_reply",
        )
    if isinstance(exc, (asyncio.TimeoutError, openai.APITimeoutError, httpx.TimeoutException)):
        return Fault(
            ModelTimeout(
                f"the model provider did not answer in time (read timeout, or nothing within "
                f"{deadline_s:.0f} s); try again later, or {_CHECK}"
            ),
            retryable=False,
            reason="timeout",
        )
    if isinstance(exc, openai.APIStatusError):
        return _status_fault(exc)
    if isinstance(exc, (openai.APIConnectionError, httpx.TransportError)):
        return Fault(
            ModelProviderError(
                f"the model provider is unreachable or dropped the connection "
                f"({type(exc).__name__}); {_CHECK}"
            ),
            retryable=True,
            reason="connection",
        )
    log.error("unexpected error from the model client", exc_info=exc)
    return Fault(
        ModelProviderError(
            f"the model could not answer that message (an unexpected {type(exc).__name__}, "
            f"logged); nothing was changed: try rephrasing it, and if it keeps happening with "
            f"a real model, {_CHECK}"
        ),
        retryable=False,
        reason="unreadable",
    )


def _status_fault(exc: Any) -> Fault:
    status = int(exc.status_code)
    wait = retry_after(exc.response.headers.get("retry-after"))
    message = str(getattr(exc, "message", "") or exc)[:300]
    if status == 429:
        error: ModelProviderError = ModelRateLimited(
            "the model provider is rate-limiting us; wait and try again", retry_after=wait
        )
        return Fault(error, retryable=True, wait=wait, reason="rate_limited")
    if status >= 500:
        error = ModelProviderError(f"the model provider failed ({status}); try again, or {_CHECK}")
        return Fault(error, retryable=True, wait=wait, reason=f"http_{status}")
    if status in (400, 413, 422) and _context_overflow(exc):
        error = ContextTooLong(
            "the conversation no longer fits the model's context window; start a new thread "
            "(or use a model with a larger context)"
        )
        return Fault(error, retryable=False, reason="context")
    if status in (401, 403, 404):
        error = ModelProviderError(
            f"the model provider refused the request ({status}: {message}); {_CHECK}"
        )
        return Fault(error, retryable=False, reason=f"http_{status}")
    error = ModelProviderError(f"the model provider rejected the request ({status}: {message})")
    error.status_code = 502
    return Fault(_rejected(error), retryable=False, reason=f"http_{status}")


def _rejected(error: ModelProviderError) -> ModelProviderError:
    """A request the provider refused as such: 502, but not a sign the provider is down."""
    error.code = "model_request_rejected"
    return error


def _context_overflow(exc: Any) -> bool:
    code = str(getattr(exc, "code", "") or "")
    text = str(getattr(exc, "message", "") or exc).lower()
    return (
        code == "context_length_exceeded" or "context length" in text or ("maximum context" in text)
    )


def retry_after(value: str | None) -> float | None:
    """Seconds from a `Retry-After` value (delta seconds or an HTTP date), if any."""
    if not value:
        return None
    value = value.strip()
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.UTC)
    return max(0.0, (when - dt.datetime.now(dt.UTC)).total_seconds())


def model_name(model: BaseChatModel) -> str:
    return str(getattr(model, "model_name", None) or getattr(model, "_llm_type", "model"))
