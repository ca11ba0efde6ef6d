"""The strategy operations addressed by workspace id, for tests that hold `Services` and an id
rather than a resolved scope.

Each function resolves the workspace once (`services.scope(workspace)`: unknown ids raise
`WorkspaceNotFound`, malformed ones `InvalidWorkspaceId`) and calls the scoped operation of the
same name, giving it what it needs from the scope. Tools and API routes never come through
here: they resolve the scope once per turn (`runtime.context.scope_in(services)`) or request
(`WorkspaceDep`) and call the scoped operations directly.
"""

from __future__ import annotations

from typing import Any

from core.services import Services
from tools.strategy.brief import current, ops
from tools.strategy.brief.model import BriefSource, ClientBrief
from tools.strategy.brief.ops import BriefResult, BriefUpdateResult
from tools.strategy.diagnosis import run as diagnosis_run
from tools.strategy.diagnosis import runs as diagnosis_runs
from tools.strategy.diagnosis.roadmap import Roadmap
from tools.strategy.diagnosis.run import Diagnosis
from tools.strategy.drafting import pipeline
from tools.strategy.drafting import runs as draft_runs
from tools.strategy.drafting.results import IcpResult, MessagingResult, PositioningResult
from tools.strategy.elements import CheckResult, Issue
from tools.strategy.evidence import Evidence
from tools.strategy.evidence import workspace_passages as _passages
from tools.strategy.icp.models import Icp, IcpRevision
from tools.strategy.messaging.models import MessagingRevision
from tools.strategy.positioning import checks as positioning_checks
from tools.strategy.positioning.models import Positioning, PositioningRevision


# -- the brief ------------------------------------------------------------------------------------
def ensure_brief(services: Services, workspace: str) -> ClientBrief:
    return current.ensure_brief(services.scope(workspace))


def current_brief(services: Services, workspace: str) -> ClientBrief:
    return current.current_brief(services.scope(workspace))


def read_brief(services: Services, workspace: str, fields: list[str] | None = None) -> BriefResult:
    return ops.read_brief(services.scope(workspace), fields)


def record_fact(
    services: Services,
    workspace: str,
    field: str,
    values: list[str],
    source: BriefSource,
    replace: bool = False,
) -> BriefUpdateResult:
    return ops.record_fact(services.scope(workspace), field, values, source, replace)


def merge_brief(
    services: Services, workspace: str, updates: dict[str, Any], source: BriefSource = "api"
) -> ClientBrief:
    return ops.merge_brief(services.scope(workspace), updates, source)


def workspace_passages(services: Services, workspace: str) -> list[Evidence]:
    return _passages(services.scope(workspace).documents)


# -- drafts ---------------------------------------------------------------------------------------
def draft_positioning(services: Services, workspace: str, brief: ClientBrief) -> Positioning:
    return pipeline.draft_positioning(services.scope(workspace), brief)


def check_positioning(
    services: Services, workspace: str, p: Positioning
) -> tuple[list[Issue], list[CheckResult]]:
    scope = services.scope(workspace)
    return positioning_checks.check_positioning(p, scope.documents, scope.dir)


def draft_icp(services: Services, workspace: str, brief: ClientBrief) -> Icp:
    return pipeline.draft_icp(services.scope(workspace), brief)


def run_positioning(
    services: Services, workspace: str, revision: PositioningRevision
) -> PositioningResult:
    return draft_runs.run_positioning(services.scope(workspace), revision)


def run_icp(services: Services, workspace: str, revision: IcpRevision) -> IcpResult:
    return draft_runs.run_icp(services.scope(workspace), revision)


def run_messaging(
    services: Services, workspace: str, revision: MessagingRevision
) -> MessagingResult:
    return draft_runs.run_messaging(services.scope(workspace), revision)


# -- diagnosis and roadmap ------------------------------------------------------------------------
def run_diagnosis(
    services: Services, workspace: str, focus_areas: list[str] | None = None
) -> Diagnosis:
    return diagnosis_run.run_diagnosis(services.scope(workspace), focus_areas)


def diagnose(services: Services, workspace: str, focus_areas: list[str] | None = None) -> Diagnosis:
    return diagnosis_runs.diagnose(services.scope(workspace), focus_areas)


def latest_diagnosis(services: Services, workspace: str) -> Diagnosis | None:
    return diagnosis_runs.latest_diagnosis(services.scope(workspace).drafts)


def plan(services: Services, workspace: str, refresh: bool = False) -> Roadmap:
    return diagnosis_runs.plan(services.scope(workspace), refresh)
