"""A workspace's campaign data: import exports, list and remove imports, list metrics, and run
structured KPI queries (for dashboards; the agent uses the `kpi_lookup` tool)."""

from __future__ import annotations

import re
import shutil
import uuid
from datetime import datetime
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, File, Form, Query, Response, UploadFile, status
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse
from pydantic import BaseModel

from agent.offline.grammar.periods import parse_compare, parse_period
from api.deps import SettingsDep, WorkspaceDep, WorkspaceReadDep
from api.schemas import ErrorResponse
from core.errors import NotFound, PayloadTooLarge
from tools.kpi.describe import MetricsCatalogue, describe_metrics
from tools.kpi.dry_run import dry_run_file
from tools.kpi.import_report import DryRun, ImportReport
from tools.kpi.import_warnings import confirm_import, read_report
from tools.kpi.importers import import_file
from tools.kpi.mapping import ColumnMapping
from tools.kpi.metrics import MetricDef
from tools.kpi.periods import CompareMode, PeriodSpec
from tools.kpi.results import KpiQuery, KpiResult
from tools.kpi.tool import lookup
from tools.kpi.workspace_metrics import remove_metric, save_metric

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
    response_model=ImportReport | DryRun,
    status_code=status.HTTP_201_CREATED,
    responses={
        200: {"description": "a dry run (DryRun), or the same file and mapping imported before"},
        **_ERRORS,
    },
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
    table: Annotated[
        str | None, Form(description="Which table or sheet to import (default: the first).")
    ] = None,
    dry_run: Annotated[
        bool, Query(description="Return what the import would do (DryRun); write nothing.")
    ] = False,
) -> JSONResponse:
    """Import campaign data (CSV, .xlsx/.xls/.ods workbook, Parquet). 201 with the import report
    (rows, columns mapped / kept / ignored, values cleaned or reinterpreted, lines left out,
    warnings); 200 when the same file and mapping were imported before (nothing changes);
    a new mapping for a file imported before replaces that import. With `?dry_run=true`: 200
    with a DryRun (the recognised, given or proposed mapping, the first rows as they would be
    stored, totals, warnings, problems) and nothing written."""
    explicit = ColumnMapping.from_text(mapping, "the 'mapping' field") if mapping else None
    name = _safe_name(file.filename)
    # Under its own name (messages name the user's file), in a private folder, then removed:
    # the figures live in the workspace's database, and re-imports are matched by content.
    folder = scope.dir / "imports" / f".upload-{uuid.uuid4().hex}"
    try:
        staged = folder / name
        await _save(file, staged, settings.max_upload_bytes, name)
        if dry_run:
            preview = await run_in_threadpool(
                dry_run_file, scope.dir, staged, explicit, file_name=name, table=table
            )
            return JSONResponse(status_code=200, content=preview.model_dump(mode="json"))
        report = await run_in_threadpool(
            import_file, scope.dir, staged, explicit, file_name=name, table=table
        )
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    code = 200 if report.status == "already_imported" else 201
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


@router.get(
    "/data/{import_id}", response_model=ImportReport, responses={404: {"model": ErrorResponse}}
)
def get_import(import_id: str, scope: WorkspaceDep) -> ImportReport:
    """One import's full report (warnings, reinterpretations, lines left out…)."""
    return read_report(scope.dir, import_id)


@router.post(
    "/data/{import_id}/confirm",
    response_model=ImportReport,
    responses={404: {"model": ErrorResponse}},
)
def confirm_data(import_id: str, scope: WorkspaceDep) -> ImportReport:
    """Confirm an import's warnings after checking its figures: KPI answers stop repeating them
    (re-importing the file with another mapping is the other way to clear them)."""
    return confirm_import(scope.dir, import_id)


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


class KpiRequest(KpiQuery):
    """A KPI query; `period` and `compare` may also be written in words ("last month",
    "quarter over quarter"), read by the same grammar as the chat."""

    period: PeriodSpec | str | None = None  # type: ignore[assignment]
    compare: CompareMode | str | None = None  # type: ignore[assignment]

    def typed(self) -> KpiQuery:
        compare, implied = parse_compare(self.compare) if isinstance(self.compare, str) else (
            self.compare,
            None,
        )
        period = parse_period(self.period) if isinstance(self.period, str) else self.period
        fields = self.model_dump(exclude={"period", "compare"})
        return KpiQuery(**fields, period=period or implied, compare=compare)
@router.post(
    "/metrics",
    response_model=MetricDef,
    status_code=status.HTTP_201_CREATED,
    responses={200: {"description": "dry run: valid, not saved"}, **_ERRORS},
)
def add_metric(
    metric: MetricDef,
    scope: WorkspaceDep,
    dry_run: Annotated[bool, Query(description="Only validate the metric.")] = False,
) -> JSONResponse:
    """Add (or replace, by name) one of the workspace's own metrics, e.g. cost per approved
    conversion = SUM(spend) / SUM(approved_conversion). The formula is checked against the
    built-in and imported measures; a clash of names or synonyms is a 422."""
    saved = save_metric(scope.dir, metric, dry_run=dry_run)
    return JSONResponse(status_code=200 if dry_run else 201, content=saved.model_dump())


@router.delete(
    "/metrics/{name}",
    status_code=status.HTTP_204_NO_CONTENT,
    responses={404: {"model": ErrorResponse}, 422: {"model": ErrorResponse}},
)
def delete_metric(name: str, scope: WorkspaceDep) -> Response:
    """Remove one of the workspace's own metrics (built-in ones cannot be removed)."""
    remove_metric(scope.dir, name)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.post("/kpi", response_model=KpiResult, responses=_ERRORS)
def run_kpi(query: KpiRequest, scope: WorkspaceReadDep) -> KpiResult:
    """Run a structured KPI query: exact figures, the period used, and the SQL behind them."""
    return lookup(scope, query.typed())
