"""Errors are types: each carries the HTTP status and a stable code, mapped once in the API."""

from __future__ import annotations


class CmoError(Exception):
    """Base class for every error a user can see. `detail` is safe to show."""

    status_code: int = 400
    code: str = "bad_request"

    def __init__(self, detail: str, retry_after: float | None = None) -> None:
        super().__init__(detail)
        self.detail = detail
        self.retry_after = retry_after  # seconds, sent as `Retry-After` when set


class InvalidInput(CmoError):
    status_code = 422
    code = "invalid_input"


class WorkspaceNotFound(CmoError):
    status_code = 404
    code = "workspace_not_found"


class WorkspaceExists(CmoError):
    status_code = 409
    code = "workspace_exists"


class InvalidWorkspaceId(CmoError):
    status_code = 422
    code = "invalid_workspace_id"


class ThreadNotFound(CmoError):
    status_code = 404
    code = "thread_not_found"


class NotFound(CmoError):
    status_code = 404
    code = "not_found"


class PayloadTooLarge(CmoError):
    status_code = 413
    code = "payload_too_large"


class UnsupportedFile(CmoError):
    status_code = 415
    code = "unsupported_file"


class UnreadableFile(CmoError):
    """Empty, corrupt, encrypted or malicious file: the detail names the file and the reason."""

    status_code = 422
    code = "unreadable_file"


class Unauthorized(CmoError):
    """No key, or a key that is malformed, unknown or revoked."""

    status_code = 401
    code = "unauthorized"


class Forbidden(CmoError):
    """A valid key without the scope or workspace the request needs."""

    status_code = 403
    code = "forbidden"


class ThreadBusy(CmoError):
    """Another turn is running on this thread (in this process or another)."""

    status_code = 409
    code = "thread_busy"


class RateLimited(CmoError):
    status_code = 429
    code = "rate_limited"


class ModelProviderError(CmoError):
    """The configured model provider is down, unreachable or rejected the credentials."""

    status_code = 502
    code = "model_provider_error"


class ModelRateLimited(ModelProviderError):
    """The provider said 429 after our retries; its `Retry-After` is passed on."""

    status_code = 429
    code = "model_rate_limited"


class ModelUnavailable(ModelProviderError):
    """The circuit is open after repeated provider failures: fail fast for a while."""

    status_code = 503
    code = "model_unavailable"


class ModelTimeout(ModelProviderError):
    """The provider did not answer within the configured timeouts."""

    status_code = 504
    code = "model_timeout"


class ContextTooLong(ModelProviderError):
    """The conversation no longer fits the model's context window."""

    status_code = 422
    code = "context_too_long"


class ModelConfigError(CmoError):
    status_code = 500
    code = "model_config_error"
