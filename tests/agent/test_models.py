import asyncio
import socket

import pytest
from langchain_core.messages import HumanMessage

from agent.models import load_chat_model, parse_model_spec
from agent.offline.model import OfflineChatModel
from agent.resilience import invoke_model
from core.errors import ModelConfigError, ModelProviderError
from core.settings import Settings


@pytest.mark.parametrize(
    ("spec", "provider", "model"),
    [
        ("offline", "offline", "offline"),
        ("openai:gpt-4.1-mini", "openai", "gpt-4.1-mini"),
        ("ollama:llama3.1:8b", "openai-compatible", "llama3.1:8b"),
        ("vllm:Qwen/Qwen2.5-7B-Instruct", "openai-compatible", "Qwen/Qwen2.5-7B-Instruct"),
        ("openai-compatible:local-model", "openai-compatible", "local-model"),
    ],
)
def test_parse_model_spec(spec: str, provider: str, model: str) -> None:
    parsed = parse_model_spec(spec)
    assert (parsed.provider, parsed.model) == (provider, model)


@pytest.mark.parametrize("spec", ["", "gpt-4", "anthropic:claude", "openai:", "offline:big"])
def test_bad_specs_are_refused_with_a_clear_message(spec: str) -> None:
    with pytest.raises(ModelConfigError) as err:
        parse_model_spec(spec)
    assert "model" in err.value.detail or "offline" in err.value.detail


def test_settings_refuse_a_bad_model_spec() -> None:
    with pytest.raises(ValueError, match="unknown model provider"):
        Settings(model="claude", _env_file=None)


def test_offline_is_the_default(embedder) -> None:
    settings = Settings(_env_file=None)
    assert settings.model == "offline"
    assert isinstance(load_chat_model(settings.model, settings, embedder), OfflineChatModel)


def test_openai_needs_a_key() -> None:
    with pytest.raises(ModelConfigError, match="OPENAI_API_KEY"):
        load_chat_model("openai:gpt-4.1-mini", Settings(_env_file=None))


def test_compatible_server_needs_a_base_url() -> None:
    with pytest.raises(ModelConfigError, match="OPENAI_BASE_URL"):
        load_chat_model("ollama:llama3.1", Settings(_env_file=None))


def test_settings_read_openai_variables_like_the_openai_client(monkeypatch) -> None:
    monkeypatch.setenv("OPENAI_API_KEY", "sk-test")
    monkeypatch.setenv("OPENAI_BASE_URL", "http://127.0.0.1:11434/v1")
    monkeypatch.setenv("CMO_MODEL", "ollama:llama3.1")
    settings = Settings(_env_file=None)
    assert settings.openai_api_key is not None
    assert settings.openai_api_key.get_secret_value() == "sk-test"
    model = load_chat_model(settings.model, settings)
    assert model.model_name == "llama3.1"  # type: ignore[attr-defined]
    assert "127.0.0.1:11434" in str(model.openai_api_base)  # type: ignore[attr-defined]


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_unreachable_provider_gives_a_clear_error_after_retries(monkeypatch) -> None:
    monkeypatch.setenv("OPENAI_BASE_URL", f"http://127.0.0.1:{_closed_port()}/v1")
    settings = Settings(model="vllm:any", model_timeout_s=2, _env_file=None)
    model = load_chat_model(settings.model, settings)
    with pytest.raises(ModelProviderError, match="unreachable") as err:
        asyncio.run(invoke_model(model, [HumanMessage("hi")], attempts=2))
    assert "CMO_MODEL=offline" in err.value.detail
