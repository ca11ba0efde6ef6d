"""Errors are types: each carries the HTTP status and a stable code, mapped once in the API."""

from __future__ import annotations


class CmoError(Exception):
    """Base class for every error a user can see. `detail` is safe to show."""

    status_code: int = 400
    code: str = "bad_request"

    def __init__(self, detail: str) -> None:
        super().__init__(detail)
        self.detail = detail


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


class ModelProviderError(CmoError):
    """The configured model provider is down, unreachable or rejected the credentials."""

    status_code = 502
    code = "model_provider_error"


class ModelConfigError(CmoError):
    status_code = 500
    code = "model_config_error"
