"""Process settings: one object, read from the environment (CMO_ prefix) and `.env`."""

from __future__ import annotations

from datetime import date
from pathlib import Path

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
    model_timeout_s: float = Field(default=60.0, gt=0, description="Per-request model timeout.")
    model_max_retries: int = Field(default=3, ge=0, le=10)
    max_agent_steps: int = Field(default=8, ge=2, le=50, description="Model↔tool round trips.")
    max_message_chars: int = Field(default=8000, ge=100)
    max_upload_mb: float = Field(default=25.0, gt=0)
    chroma_url: str | None = Field(default=None, description="Use a Chroma server instead.")
    seed_demo: bool = Field(default=True, description="Create the demo workspace on start.")
    today: date | None = Field(
        default=None,
        description="Fix the date the agent calls today (YYYY-MM-DD), for tests and evals: "
        "'next Monday' and calendar starts count from it. Default: the real date.",
    )

    @field_validator("model")
    @classmethod
    def _model_spec_has_known_provider(cls, value: str) -> str:
        try:
            parse_model_spec(value)
        except ModelConfigError as exc:  # fail fast at start-up, in pydantic's error format
            raise ValueError(exc.detail) from exc
        return value

    @property
    def max_upload_bytes(self) -> int:
        return int(self.max_upload_mb * 1024 * 1024)
