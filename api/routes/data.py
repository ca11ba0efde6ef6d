"""A workspace's campaign data: import exports, list and remove imports, list metrics, and run
structured KPI queries (for dashboards; the agent uses the `kpi_lookup` tool)."""

from __future__ import annotations

import re
import shutil
import uuid
from datetime import datetime
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, File, Form, Response, UploadFile, status
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse
from pydantic import BaseModel

from api.deps import SettingsDep, WorkspaceDep, WorkspaceReadDep
from api.schemas import ErrorResponse
from core.errors import NotFound, PayloadTooLarge
from tools.kpi.describe import MetricsCatalogue, describe_metrics
from tools.kpi.importers import ImportReport, import_file
from tools.kpi.mapping import ColumnMapping
from tools.kpi.results import KpiQuery, KpiResult
from tools.kpi.tool import lookup

router = APIRouter(prefix="/workspaces/{workspace_id}", tags=["data"])
_CHUNK = 1 << 20
_ERRORS: dict[int | str, dict[str, Any]] = {
    404: {"model": ErrorResponse},
    413: {"model": ErrorResponse},
    415: {"model": ErrorResponse},
    422: {"model": ErrorResponse},
}


class ImportInfo(BaseModel):
    id: str
    file_name: str
    file_hash: str
    format: str
    rows_read: int
    rows_imported: int
    imported_at: datetime


@router.post(
    "/data",
    response_model=ImportReport,
    status_code=status.HTTP_201_CREATED,
    responses={200: {"description": "same file imported before: nothing changed"}, **_ERRORS},
)
async def upload_data(
    scope: WorkspaceDep,
    settings: SettingsDep,
    file: Annotated[
        UploadFile,
        File(
            description="A CSV or Parquet export (Google Ads, Meta, "
            "LinkedIn, GA4, HubSpot, Salesforce, ...)."
        ),
    ],
    mapping: Annotated[
        str | None,
        Form(
            description="Optional explicit column mapping, as YAML or JSON text (see MAPPING_HELP)."
        ),
    ] = None,
) -> JSONResponse:
    """Import campaign data. 201 with the import report (rows, columns mapped / kept / ignored,
    what was cleaned); 200 when the same file was imported before (nothing changes)."""
    explicit = ColumnMapping.from_text(mapping, "the 'mapping' field") if mapping else None
    name = _safe_name(file.filename)
    # Under its own name (messages name the user's file), in a private folder, then removed:
    # the figures live in the workspace's database, and re-imports are matched by content.
    folder = scope.dir / "imports" / f".upload-{uuid.uuid4().hex}"
    try:
        staged = folder / name
        await _save(file, staged, settings.max_upload_bytes, name)
        report = await run_in_threadpool(import_file, scope.dir, staged, explicit, file_name=name)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    code = 201 if report.status == "imported" else 200
    return JSONResponse(status_code=code, content=report.model_dump(mode="json"))


def _safe_name(filename: str | None) -> str:
    """The upload's base name, reduced to characters safe in a path (no '..', no separators)."""
    name = re.sub(r"[^\w.\- ()–—&,+]+", "_", Path(filename or "").name).lstrip(". ")[:200]
    return name or "upload.csv"


async def _save(upload: UploadFile, path: Path, limit: int, name: str) -> None:
    """Stream the upload to disk, refusing it (413) as soon as it passes the size limit."""
    path.parent.mkdir(parents=True, exist_ok=True)
    size = 0
    with path.open("wb") as out:
        while chunk := await upload.read(_CHUNK):
            size += len(chunk)
            if size > limit:
                raise PayloadTooLarge(
                    f"{name}: the file is larger than the {limit / 1024 / 1024:.0f} MB upload "
                    "limit; split the export by date range, or raise CMO_MAX_UPLOAD_MB."
                )
            out.write(chunk)


@router.get("/data", response_model=list[ImportInfo], responses={404: {"model": ErrorResponse}})
def list_imports(scope: WorkspaceDep) -> list[ImportInfo]:
    """The files imported into this workspace, oldest first."""
    if not scope.campaigns.exists:
        return []
    return [ImportInfo(**row) for row in scope.campaigns.imports()]


@router.delete(
    "/data/{import_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    responses={404: {"model": ErrorResponse}},
)
def delete_import(import_id: str, scope: WorkspaceDep) -> Response:
    """Remove one import and its rows (e.g. before importing restated figures)."""
    store = scope.campaigns
    if not store.exists or import_id not in {i["id"] for i in store.imports()}:
        raise NotFound(
            f"no import '{import_id}' in workspace '{scope.id}'; "
            f"GET /workspaces/{scope.id}/data lists them"
        )
    store.delete_import(import_id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.get(
    "/metrics",
    response_model=MetricsCatalogue,
    responses={404: {"model": ErrorResponse}, 422: {"model": ErrorResponse}},
)
def list_metrics(scope: WorkspaceDep) -> MetricsCatalogue:
    """Governed metrics (built-in and the workspace's own) and the dimensions to group by."""
    return describe_metrics(scope.dir)


@router.post("/kpi", response_model=KpiResult, responses=_ERRORS)
def run_kpi(query: KpiQuery, scope: WorkspaceReadDep) -> KpiResult:
    """Run a structured KPI query: exact figures, the period used, and the SQL behind them."""
    return lookup(scope, query)
