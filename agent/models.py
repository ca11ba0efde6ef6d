"""The one seam for the chat model: `load_chat_model("offline" | "openai:<model>" | ...)`."""

from __future__ import annotations

from typing import TYPE_CHECKING

from langchain_core.language_models import BaseChatModel

from core.errors import ModelConfigError
from core.model_spec import ModelSpec, parse_model_spec
from core.scope import DraftModel

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
    names, document words) when it routes. With `services`, the drafts' model is also set
    there once (`services.draft_model`, see `load_draft_model`): the tools reach it through
    the workspace scope, as tools cannot import the agent."""
    parsed = parse_model_spec(spec)
    if services is not None and services.draft_model is None:
        services.draft_model = load_draft_model(spec, settings)
    if parsed.provider == "offline":
        from agent.offline.model import OfflineChatModel
        from core.embeddings import Embedder

        if services is not None:
            embedder = embedder or services.embedder
        return OfflineChatModel(embedder=embedder or Embedder(), services=services)
    return _openai_model(parsed, settings)


def load_draft_model(spec: str, settings: Settings) -> DraftModel | None:
    """The model that writes strategy drafts and reads the brief from documents: CMO_DRAFT_MODEL
    if set, else `spec` (the chat model); None when that is "offline" (the built-in rules).

    Its own client: not streamed (a draft is one JSON object), the client's own retries for
    429/5xx/connection faults (these calls run inside a tool, outside the graph's retry
    layer), a read timeout of CMO_MODEL_DEADLINE_S and CMO_DRAFT_MAX_OUTPUT_TOKENS per reply."""
    name = settings.draft_model or spec
    parsed = parse_model_spec(name)
    if parsed.provider == "offline":
        return None
    model = _openai_model(parsed, settings, drafts=True)
    return DraftModel(model=model, name=name, method=settings.draft_output)


def _openai_model(spec: ModelSpec, settings: Settings, drafts: bool = False) -> BaseChatModel:
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
    # Chat retries happen once, in agent.resilience, so the client does not retry too. Chat
    # timeouts are sized for streaming: a short connect, a read timeout between streamed bytes.
    # A draft is not streamed: it gets the whole deadline, and the client retries it.
    read = settings.model_deadline_s if drafts else settings.model_timeout_s
    timeout = httpx.Timeout(
        connect=settings.model_connect_timeout_s,
        read=read,
        write=settings.model_timeout_s,
        pool=settings.model_connect_timeout_s,
    )
    return ChatOpenAI(
        model=spec.model,
        api_key=key,
        base_url=base_url,
        timeout=timeout,
        max_retries=settings.model_max_retries if drafts else 0,
        max_tokens=settings.draft_max_output_tokens if drafts else settings.model_max_output_tokens,
        stream_usage=not drafts,
        disable_streaming=drafts,
    )
