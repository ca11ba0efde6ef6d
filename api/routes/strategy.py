"""A workspace's client brief and its strategy artifacts (positioning, ICP, messaging, ...)."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Response
from pydantic import BaseModel, ConfigDict, Field

from api.deps import SettingsDep, WorkspaceDep, get_workspace
from api.schemas import ErrorResponse
from core.sanitise import neutralise_markdown
from core.stores.artifacts import Artifact, ArtifactInfo
from tools.strategy.brief.ops import BriefResult, merge_brief, read_brief

# Every route authorises the caller for the path's workspace (read for GET, write for PUT).
router = APIRouter(
    prefix="/workspaces/{workspace_id}", tags=["strategy"], dependencies=[Depends(get_workspace)]
)
_ERRORS: dict[int | str, dict[str, object]] = {
    404: {"model": ErrorResponse},
    422: {"model": ErrorResponse},
}

One = str | None
Many = list[str] | str | None


class BriefUpdate(BaseModel):
    """Fields to set. A string sets a single-value field or adds one item to a list field; a
    list replaces a list field (and document extraction no longer adds to it)."""

    model_config = ConfigDict(extra="forbid")

    company: One = None
    offering: One = None
    category: One = None
    business_model: One = None
    price_points: Many = None
    target_markets: Many = None
    segments: Many = None
    competitors: Many = None
    alternatives: Many = None
    differentiators: Many = None
    proof_points: Many = None
    goals: Many = Field(default=None, examples=[["200 SQLs a year"]])
    budget: One = Field(default=None, examples=["£15k a month"])
    team: Many = None
    agencies: Many = None
    channels: Many = None
    tools: Many = None
    brand_voice: Many = None


@router.get("/brief", response_model=BriefResult, responses=_ERRORS)
def get_brief(workspace: WorkspaceDep) -> BriefResult:
    """The client brief with where each value came from (chat, api or a cited document) and
    the fields still missing, most important first."""
    return read_brief(workspace)


@router.put("/brief", response_model=BriefResult, responses=_ERRORS)
def put_brief(workspace: WorkspaceDep, update: BriefUpdate) -> BriefResult:
    """Merge the given fields into the brief (source "api"); fields not given are unchanged.
    Values set here beat values extracted from documents."""
    merge_brief(workspace, update.model_dump(exclude_none=True), "api")
    return read_brief(workspace)


@router.get("/artifacts", response_model=list[ArtifactInfo], responses=_ERRORS)
def list_artifacts(workspace: WorkspaceDep) -> list[ArtifactInfo]:
    """Every saved draft kind with its versions."""
    return workspace.drafts.list()


# Exports are declared before `/{kind}` so "positioning.md" is not read as a kind.
@router.get(
    "/artifacts/{kind}.md",
    response_class=Response,
    responses={200: {"content": {"text/markdown": {}}}, **_ERRORS},
)
def export_markdown(
    workspace: WorkspaceDep, settings: SettingsDep, kind: str, version: int | None = None
) -> Response:
    """The Markdown rendering of a draft (latest, or `?version=N`), as a download."""
    artifact = workspace.drafts.get(kind, version)
    return Response(
        neutralise_markdown(artifact.markdown, settings.link_host_list),
        media_type="text/markdown; charset=utf-8",
        headers=_attachment(f"{kind}-v{artifact.version}.md"),
    )


@router.get("/artifacts/{kind}.json", response_model=Artifact, responses=_ERRORS)
def export_json(workspace: WorkspaceDep, kind: str, version: int | None = None) -> Response:
    """The typed content of a draft with its metadata, as a download."""
    artifact = workspace.drafts.get(kind, version)
    return Response(
        artifact.model_dump_json(indent=2),
        media_type="application/json",
        headers=_attachment(f"{kind}-v{artifact.version}.json"),
    )


@router.get("/artifacts/{kind}", response_model=Artifact, responses=_ERRORS)
def get_artifact(workspace: WorkspaceDep, kind: str, version: int | None = None) -> Artifact:
    """The latest version of a draft, or `?version=N`; earlier versions are never overwritten."""
    return workspace.drafts.get(kind, version)


def _attachment(name: str) -> dict[str, str]:
    return {"Content-Disposition": f'attachment; filename="{name}"'}
