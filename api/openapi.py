"""The OpenAPI schema as clients meet the API: every error is problem+json, documented.

FastAPI documents error bodies as `application/json`; they are sent as
`application/problem+json` (RFC 9457), so the schema says so. Errors any route can give are
added to every operation: 401 (no or bad key), 403 (key without that scope or workspace), 429
(rate limit), 500; 413 and 422 where a body is sent; 404 and 422 where the path has ids.
The bearer scheme is declared once and required everywhere.
"""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi

from api.errors import PROBLEM_MEDIA_TYPE

_REF = {"$ref": "#/components/schemas/ErrorResponse"}
_ALWAYS = {
    "401": "No key, or a key that is unknown or revoked.",
    "403": "The key lacks the scope or the workspace, or a cross-site request.",
    "429": "Too many requests for this key (see Retry-After).",
    "500": "Unexpected error (reported with a request id).",
}
_WITH_BODY = {
    "400": "A body that cannot be parsed.",
    "413": "Body over the size limit.",
    "422": "Invalid input.",
}
# Ids that become folder names are checked strictly (core/ids.py); the schema says how.
_ID_PATTERN = "^[a-z0-9](?:[a-z0-9-]{0,%d}[a-z0-9])?$"
_ID_PARAMETERS = {"workspace_id": 38, "calendar_id": 62}
_WITH_PATH = {"404": "Unknown id.", "422": "Malformed id or query parameter."}


def problem_openapi(app: FastAPI) -> dict[str, Any]:
    if app.openapi_schema:
        return app.openapi_schema
    schema = get_openapi(
        title=app.title, version=app.version, description=app.description, routes=app.routes
    )
    components = schema.setdefault("components", {})
    components.setdefault("securitySchemes", {})["bearer"] = {
        "type": "http",
        "scheme": "bearer",
        "description": "An API key: cmo_<prefix>_<secret> (cmo keys create).",
    }
    schema["security"] = [{"bearer": []}]
    if "ErrorResponse" not in components.get("schemas", {}):
        return schema
    for path, item in schema.get("paths", {}).items():
        for method, operation in item.items():
            if isinstance(operation, dict) and "responses" in operation:
                _problems(operation, "{" in path, method in ("post", "put", "patch"))
                _id_patterns(operation)
    app.openapi_schema = schema
    return schema


def _problems(operation: dict[str, Any], has_path_ids: bool, has_body: bool) -> None:
    responses: dict[str, Any] = operation["responses"]
    extra = dict(_ALWAYS)
    if has_body:
        extra.update(_WITH_BODY)
    if has_path_ids:
        extra.update(_WITH_PATH)
    for status, description in extra.items():
        responses.setdefault(status, {"description": description})
    for status, response in responses.items():
        if status.startswith(("4", "5")):
            response["content"] = {PROBLEM_MEDIA_TYPE: {"schema": _REF}}


def _id_patterns(operation: dict[str, Any]) -> None:
    for parameter in operation.get("parameters", []):
        inner = _ID_PARAMETERS.get(parameter.get("name", ""))
        if inner is not None and parameter.get("in") == "path":
            parameter["schema"] = {**parameter.get("schema", {}), "pattern": _ID_PATTERN % inner}
