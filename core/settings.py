"""Process settings: one object, read from the environment (CMO_ prefix) and `.env`."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Literal

from pydantic import AliasChoices, Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from core.errors import ModelConfigError
from core.model_spec import parse_model_spec


class Settings(BaseSettings):
    """Everything a process needs to start. Per-run choices (workspace, prompt) live in Context."""

    model_config = SettingsConfigDict(env_prefix="CMO_", env_file=".env", extra="ignore")

    model: str = Field(
        default="offline",
        description="Chat model spec: 'offline', 'openai:<model>' or 'openai-compatible:<model>'.",
    )
    data_dir: Path = Field(default=Path("./data"), description="Where every store keeps its files.")
    host: str = "127.0.0.1"
    port: int = Field(default=8000, ge=1, le=65535)
    openai_api_key: SecretStr | None = Field(
        default=None, validation_alias=AliasChoices("OPENAI_API_KEY", "CMO_OPENAI_API_KEY")
    )
    openai_base_url: str | None = Field(
        default=None, validation_alias=AliasChoices("OPENAI_BASE_URL", "CMO_OPENAI_BASE_URL")
    )
    # -- the model provider: timeouts sized for chat, one retry layer, a circuit breaker ----
    model_timeout_s: float = Field(
        default=30.0, gt=0, description="Read timeout: longest wait for the next bytes."
    )
    model_connect_timeout_s: float = Field(default=5.0, gt=0, description="Connect timeout.")
    model_deadline_s: float = Field(
        default=60.0, gt=0, description="Total time for one model call, retries included."
    )
    model_max_retries: int = Field(default=2, ge=0, le=10, description="Retries after a fault.")
    model_breaker_failures: int = Field(
        default=5, ge=1, description="Consecutive failed calls that open the circuit."
    )
    model_breaker_reset_s: float = Field(
        default=30.0, gt=0, description="How long an open circuit fails fast."
    )
    model_fallback: Literal["offline"] | None = Field(
        default=None, description="Answer with the offline model when the provider fails."
    )
    model_max_output_tokens: int = Field(default=2048, ge=16, description="Per model reply.")
    draft_model: str | None = Field(
        default=None,
        description="Model that writes strategy drafts and reads the brief from documents: "
        "a spec like CMO_MODEL, 'offline' for the built-in rules; default: CMO_MODEL.",
    )
    draft_output: Literal["json_schema", "function_calling"] = Field(
        default="json_schema",
        description="How drafts are asked for: a JSON-schema response_format, or a function "
        "call (for OpenAI-compatible servers without response_format support).",
    )
    draft_max_output_tokens: int = Field(
        default=8192, ge=256, description="Per draft reply (a whole draft arrives at once)."
    )
    # -- limits ---------------------------------------------------------------------------
    max_agent_steps: int = Field(default=8, ge=2, le=50, description="Model↔tool round trips.")
    max_turn_tokens: int = Field(
        default=100_000, ge=1000, description="Model tokens (in + out) one turn may use."
    )
    max_message_chars: int = Field(default=8000, ge=100)
    max_upload_mb: float = Field(default=25.0, gt=0)
    max_json_kb: float = Field(default=256.0, gt=0, description="Largest non-upload body.")
    max_request_mb: float = Field(
        default=101.0, gt=0, description="Largest multipart body (several files at once)."
    )
    rate_limit: str = Field(
        default="1200/minute;100/second",
        description="Requests per key (the `limits` notation; ';' separates several).",
    )
    rate_limit_unauthenticated: str = Field(
        default="60/minute", description="Requests with a missing or wrong key, per client."
    )
    # -- who may call, from where ---------------------------------------------------------
    allowed_hosts: str = Field(
        default="127.0.0.1,localhost,[::1]",
        description="Host header values served (comma-separated; '*.example.com' allowed).",
    )
    cors_origins: str = Field(
        default="", description="Origins allowed cross-origin (comma-separated); none by default."
    )
    link_hosts: str = Field(
        default="", description="Hosts answers and exports may link to (comma-separated)."
    )
    session_hours: float = Field(default=12.0, gt=0, description="Browser session lifetime.")
    login_link_minutes: float = Field(default=15.0, gt=0, description="One-time login link.")
    log_format: Literal["json", "text"] = Field(default="json", description="Log line format.")
    chroma_url: str | None = Field(default=None, description="Use a Chroma server instead.")
    seed_demo: bool = Field(default=True, description="Create the demo workspace on start.")
    today: date | None = Field(
        default=None,
        description="Fix the date the agent calls today (YYYY-MM-DD), for tests and evals: "
        "'next Monday' and calendar starts count from it. Default: the real date.",
    )

    @field_validator("model", "draft_model")
    @classmethod
    def _model_spec_has_known_provider(cls, value: str | None) -> str | None:
        if value is None:
            return value
        try:
            parse_model_spec(value)
        except ModelConfigError as exc:  # fail fast at start-up, in pydantic's error format
            raise ValueError(exc.detail) from exc
        return value

    @property
    def max_upload_bytes(self) -> int:
        return int(self.max_upload_mb * 1024 * 1024)

    @property
    def host_patterns(self) -> list[str]:
        """Allowed Host names, lower-case, without ports or IPv6 brackets."""
        return [h.strip().lower().strip("[]") for h in self.allowed_hosts.split(",") if h.strip()]

    @property
    def cors_origin_list(self) -> list[str]:
        return [o.strip().rstrip("/") for o in self.cors_origins.split(",") if o.strip()]

    @property
    def link_host_list(self) -> list[str]:
        return [h.strip().lower() for h in self.link_hosts.split(",") if h.strip()]
