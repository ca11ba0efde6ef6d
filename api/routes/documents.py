"""A workspace's documents: upload several at once, list, delete."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated

from fastapi import APIRouter, File, Request, Response, UploadFile, status
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse

from api.deps import SettingsDep, WorkspaceDep
from api.errors import problem
from api.schemas import ErrorResponse
from core.errors import PayloadTooLarge
from knowledge_base.documents import (
    DocumentInfo,
    IngestOutcome,
    delete_document,
    ingest_documents,
    list_documents,
)

router = APIRouter(prefix="/workspaces/{workspace_id}/documents", tags=["documents"])


@router.post(
    "",
    response_model=list[IngestOutcome],
    status_code=status.HTTP_201_CREATED,
    responses={
        207: {"description": "some files failed"},
        404: {"model": ErrorResponse},
        413: {"model": ErrorResponse},
        415: {"model": ErrorResponse},
        422: {"model": ErrorResponse},
    },
)
async def upload_documents(
    request: Request,
    scope: WorkspaceDep,
    settings: SettingsDep,
    files: Annotated[list[UploadFile], File(description="PDF, DOCX, Markdown, text or HTML")],
) -> JSONResponse:
    """Add documents. Each file gets its own outcome; one bad file does not stop the others.

    201 when every file was stored (or was already there), 207 when some failed (each file's
    outcome in the list). When every file failed: the first failure's 4xx as problem+json, its
    `detail` naming the file, with every file's outcome in `error.details`. Re-uploading a file
    of the same name replaces it.
    """
    limit = settings.max_upload_bytes
    # One pipelined pass: the passages of all the files are embedded together. Each file is
    # read (up to the limit) only when the pass reaches it.
    readers = [(u.filename or "upload", _reader(u, limit)) for u in files]
    outcomes = await run_in_threadpool(ingest_documents, scope.documents, readers, limit)
    failed = [o.error for o in outcomes if o.error is not None]
    if failed and len(failed) == len(outcomes):
        first = failed[0]
        details = [o.model_dump() for o in outcomes]
        return problem(first.status_code, first.code, first.message, str(request.url.path), details)
    code = 201 if not failed else 207
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


def _reader(upload: UploadFile, limit: int) -> Callable[[], bytes]:
    def read() -> bytes:
        upload.file.seek(0)
        data = upload.file.read(limit + 1)
        if len(data) > limit:
            name = upload.filename or "upload"
            raise PayloadTooLarge(
                f"{name}: the file is larger than the {limit / 1024 / 1024:.0f} MB limit"
            )
        return data

    return read
