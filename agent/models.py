"""The one seam for the chat model: `load_chat_model("offline" | "openai:<model>" | ...)`."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from langchain_core.language_models import BaseChatModel

from agent.errors import ModelConfigError

if TYPE_CHECKING:
    from agent.embeddings import Embedder
    from agent.settings import Settings

Provider = Literal["offline", "openai", "openai-compatible"]
_ALIASES: dict[str, Provider] = {
    "offline": "offline",
    "openai": "openai",
    "openai-compatible": "openai-compatible",
    "compatible": "openai-compatible",
    "vllm": "openai-compatible",
    "ollama": "openai-compatible",
    "llamacpp": "openai-compatible",
    "lmstudio": "openai-compatible",
}


@dataclass(frozen=True)
class ModelSpec:
    provider: Provider
    model: str


def parse_model_spec(spec: str) -> ModelSpec:
    """'offline' | 'openai:gpt-4.1-mini' | 'ollama:llama3.1' (any OpenAI-compatible server)."""
    raw = (spec or "").strip()
    provider_name, _, model = raw.partition(":")
    provider = _ALIASES.get(provider_name.lower())
    if provider is None:
        raise ModelConfigError(
            f"unknown model provider in {spec!r}: use 'offline', 'openai:<model>', or "
            "'openai-compatible:<model>' (aliases vllm, ollama, llamacpp, lmstudio)"
        )
    if provider == "offline":
        if model:
            raise ModelConfigError(f"{spec!r}: the offline model takes no name; use 'offline'")
        return ModelSpec("offline", "offline")
    if not model.strip():
        raise ModelConfigError(f"{spec!r} names no model: write it as '{provider_name}:<model>'")
    return ModelSpec(provider, model.strip())


def load_chat_model(
    spec: str, settings: Settings, embedder: Embedder | None = None
) -> BaseChatModel:
    """Build the chat model a spec names. Vendor packages are imported only when used."""
    parsed = parse_model_spec(spec)
    if parsed.provider == "offline":
        from agent.embeddings import Embedder
        from agent.offline.model import OfflineChatModel

        return OfflineChatModel(embedder=embedder or Embedder())
    return _openai_model(parsed, settings)


def _openai_model(spec: ModelSpec, settings: Settings) -> BaseChatModel:
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
    # Retries happen once, in agent.resilience (tenacity), so the client does not retry too.
    return ChatOpenAI(
        model=spec.model,
        api_key=key,  # type: ignore[arg-type]
        base_url=base_url,
        timeout=settings.model_timeout_s,
        max_retries=0,
    )
