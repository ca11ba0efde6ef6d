"""Retries with backoff around model calls, and one clear error when the provider is down."""

from __future__ import annotations

from typing import Any

from langchain_core.language_models import BaseChatModel
from langchain_core.messages import BaseMessage
from tenacity import (
    AsyncRetrying,
    retry_if_exception_type,
    stop_after_attempt,
    wait_exponential_jitter,
)

from core.errors import ModelProviderError


def _openai_errors() -> tuple[tuple[type[Exception], ...], tuple[type[Exception], ...]]:
    """(retryable, fatal) exception types of the OpenAI client, if it is installed."""
    try:
        import openai
    except ImportError:  # pragma: no cover - openai ships with langchain-openai
        return (), ()
    retryable = (
        openai.APIConnectionError,  # includes APITimeoutError
        openai.RateLimitError,
        openai.InternalServerError,
    )
    fatal = (openai.AuthenticationError, openai.PermissionDeniedError, openai.NotFoundError)
    return retryable, fatal


async def invoke_model(
    model: Any, messages: list[BaseMessage], attempts: int = 3, **kwargs: Any
) -> BaseMessage:
    """`model.ainvoke` with exponential backoff on transient provider errors."""
    retryable, fatal = _openai_errors()
    try:
        async for attempt in AsyncRetrying(
            stop=stop_after_attempt(max(1, attempts)),
            wait=wait_exponential_jitter(multiplier=0.5, max=8.0),
            retry=retry_if_exception_type(retryable),
            reraise=True,
        ):
            with attempt:
                reply: BaseMessage = await model.ainvoke(messages, **kwargs)
                return reply
    except fatal as exc:
        raise ModelProviderError(
            f"the model provider refused the request ({type(exc).__name__}): check "
            "OPENAI_API_KEY and the model name, or use CMO_MODEL=offline"
        ) from exc
    except retryable as exc:
        raise ModelProviderError(
            f"the model provider is unreachable or failing after {attempts} attempts "
            f"({type(exc).__name__}): check OPENAI_BASE_URL and that the server is up, "
            "or use CMO_MODEL=offline"
        ) from exc
    raise ModelProviderError("the model call did not run")  # pragma: no cover


def model_name(model: BaseChatModel) -> str:
    return str(getattr(model, "model_name", None) or getattr(model, "_llm_type", "model"))
