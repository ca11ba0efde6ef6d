"""The one seam for the chat model: `load_chat_model("offline" | "openai:<model>" | ...)`."""

from __future__ import annotations

from typing import TYPE_CHECKING

from langchain_core.language_models import BaseChatModel

from core.errors import ModelConfigError
from core.model_spec import ModelSpec, parse_model_spec

if TYPE_CHECKING:
    from core.embeddings import Embedder
    from core.services import Services
    from core.settings import Settings


def load_chat_model(
    spec: str,
    settings: Settings,
    embedder: Embedder | None = None,
    services: Services | None = None,
) -> BaseChatModel:
    """Build the chat model a spec names. Vendor packages are imported only when used.

    `services` lets the offline model read each workspace's vocabulary (channel and campaign
    names, document words) when it routes; real models ignore it."""
    parsed = parse_model_spec(spec)
    if parsed.provider == "offline":
        from agent.offline.model import OfflineChatModel
        from core.embeddings import Embedder

        if services is not None:
            embedder = embedder or services.embedder
        return OfflineChatModel(embedder=embedder or Embedder(), services=services)
    return _openai_model(parsed, settings)


def _openai_model(spec: ModelSpec, settings: Settings) -> BaseChatModel:
    import httpx
    from langchain_openai import ChatOpenAI

    key = settings.openai_api_key.get_secret_value() if settings.openai_api_key else None
    base_url = settings.openai_base_url
    if spec.provider == "openai-compatible":
        if not base_url:
            raise ModelConfigError(
                f"{spec.provider}:{spec.model} needs the server's address in OPENAI_BASE_URL "
                "(for example http://127.0.0.1:11434/v1 for Ollama)"
            )
        key = key or "not-needed"  # local servers accept any key
    elif not key:
        raise ModelConfigError("openai models need OPENAI_API_KEY (or use CMO_MODEL=offline)")
    # Retries happen once, in agent.resilience, so the client does not retry too. Timeouts
    # are sized for chat: a short connect, and a read timeout between streamed bytes.
    timeout = httpx.Timeout(
        connect=settings.model_connect_timeout_s,
        read=settings.model_timeout_s,
        write=settings.model_timeout_s,
        pool=settings.model_connect_timeout_s,
    )
    return ChatOpenAI(
        model=spec.model,
        api_key=key,
        base_url=base_url,
        timeout=timeout,
        max_retries=0,
        max_tokens=settings.model_max_output_tokens,
        stream_usage=True,
    )
