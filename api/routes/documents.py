"""A workspace's documents: upload several at once, list, delete."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, File, Response, UploadFile, status
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse

from api.deps import SettingsDep, WorkspaceDep
from api.schemas import ErrorResponse
from core.errors import PayloadTooLarge
from knowledge_base.documents import (
    DocumentInfo,
    IngestError,
    IngestOutcome,
    delete_document,
    ingest_document,
    list_documents,
)

router = APIRouter(prefix="/workspaces/{workspace_id}/documents", tags=["documents"])


@router.post(
    "",
    response_model=list[IngestOutcome],
    status_code=status.HTTP_201_CREATED,
    responses={207: {"description": "some files failed"}, 404: {"model": ErrorResponse}},
)
async def upload_documents(
    scope: WorkspaceDep,
    settings: SettingsDep,
    files: Annotated[list[UploadFile], File(description="PDF, DOCX, Markdown, text or HTML")],
) -> JSONResponse:
    """Add documents. Each file gets its own outcome; one bad file does not stop the others.

    201 when every file was stored (or was already there), 207 when some failed, and the first
    failure's 4xx when all failed. Re-uploading a file of the same name replaces it.
    """
    index = scope.documents
    limit = settings.max_upload_bytes
    outcomes: list[IngestOutcome] = []
    for upload in files:
        name = upload.filename or "upload"
        data = await upload.read(limit + 1)
        if len(data) > limit:
            outcomes.append(_too_large(name, limit))
            continue
        outcomes.append(await run_in_threadpool(ingest_document, index, name, data, limit))
    failed = [o.error for o in outcomes if o.error is not None]
    code = 201 if not failed else 207 if len(failed) < len(outcomes) else failed[0].status_code
    return JSONResponse(status_code=code, content=[o.model_dump() for o in outcomes])


@router.get("", response_model=list[DocumentInfo])
def get_documents(scope: WorkspaceDep) -> list[DocumentInfo]:
    return list_documents(scope.documents)


@router.delete(
    "/{document_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    responses={404: {"model": ErrorResponse}},
)
def remove_document(document_id: str, scope: WorkspaceDep) -> Response:
    """Delete a document and every chunk of it."""
    delete_document(scope.documents, document_id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


def _too_large(name: str, limit: int) -> IngestOutcome:
    error = PayloadTooLarge(
        f"{name}: the file is larger than the {limit / 1024 / 1024:.0f} MB limit"
    )
    return IngestOutcome(
        filename=name,
        status="failed",
        error=IngestError(status_code=error.status_code, code=error.code, message=error.detail),
    )
