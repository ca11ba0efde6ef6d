"""Which chat model a spec string names: `offline`, `openai:<model>` or an OpenAI-compatible server.

Parsing lives on the ground floor so `Settings` can refuse an unknown provider at start-up;
building the model (`agent.models.load_chat_model`) stays with the agent.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from core.errors import ModelConfigError

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
