"""The marketing diagnosis: run each area's checks and decide its status from the evidence.

An area is a "problem" only with problem evidence (its severity is the worst item's), "healthy"
only with evidence within thresholds, and otherwise "not_enough_evidence" with the data that
would settle it. Rules: tools/strategy/thresholds.yaml and prompts/strategy/diagnosis_signals.yaml.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import Literal

from pydantic import BaseModel, Field, computed_field

from core.errors import InvalidInput
from core.prompts import render
from core.scope import WorkspaceScope
from tools.citations import Citation
from tools.strategy.diagnosis import checks_docs, checks_kpi, checks_spend, checks_trends
from tools.strategy.diagnosis.checks_base import (
    SEVERITY_RANK,
    CheckConfig,
    CheckContext,
    CheckOutcome,
    EvidenceItem,
    Severity,
    load_thresholds,
)

Status = Literal["problem", "healthy", "not_enough_evidence"]
STATUS_ORDER: dict[str, int] = {"problem": 0, "healthy": 1, "not_enough_evidence": 2}
SUPPORT_ORDER: dict[str, int] = {"problem": 0, "healthy": 1, "context": 2}

CheckFn = Callable[[CheckContext, CheckConfig], CheckOutcome]
CHECKS: dict[str, CheckFn] = {
    "kpi_rates": checks_kpi.kpi_rates,
    "kpi_rate_segments": checks_kpi.kpi_rate_segments,
    "kpi_growth": checks_trends.kpi_growth,
    "kpi_trend_segments": checks_trends.kpi_trend_segments,
    "kpi_no_sql_segments": checks_spend.kpi_no_sql_segments,
    "kpi_cost_outliers": checks_spend.kpi_cost_outliers,
    "kpi_revenue_tracked": checks_kpi.kpi_revenue_tracked,
    "kpi_stage_coverage": checks_kpi.kpi_stage_coverage,
    "team_channels": checks_docs.team_channels,
    "team_tools": checks_docs.team_tools,
    "message_mismatch": checks_docs.message_mismatch,
    "doc_signals": checks_docs.doc_signals,
}


class AreaFinding(BaseModel):
    area: str
    title: str
    status: Status
    severity: Severity | None = Field(default=None, description="only for problems")
    headline: str = Field(description="the strongest evidence, or what is missing")
    evidence: list[EvidenceItem] = Field(default_factory=list)
    missing: list[str] = Field(default_factory=list, description="checks that could not run")
    settle_with: str = Field(description="data that would settle the area")
    playbook: list[str] = Field(default_factory=list, description="file › section of the rules")
    playbook_citations: list[int] = Field(default_factory=list)


class Diagnosis(BaseModel):
    """The diagnosis of one workspace; `version` is set once saved as an artifact."""

    workspace: str
    focus_areas: list[str] = Field(default_factory=list, description="empty = every area")
    areas: list[AreaFinding]
    counts: dict[str, int]
    data_period: str | None = Field(default=None, description="period of the KPI tests")
    absent: list[str] = Field(
        default_factory=list,
        description="inputs the workspace does not hold at all ('campaign data', 'documents')",
    )
    citations: list[Citation]
    version: int | None = None

    @computed_field  # type: ignore[prop-decorator]
    @property
    def reading(self) -> str:
        """What was diagnosed: every area, or the ones the question named."""
        if not self.focus_areas:
            return f"Diagnosis of all {len(self.areas)} areas of the marketing"
        return "Diagnosis focused on " + ", ".join(a.replace("_", " ") for a in self.focus_areas)

    def area(self, area_id: str) -> AreaFinding:
        return next(a for a in self.areas if a.area == area_id)


# ---- focus areas --------------------------------------------------------------------------------
def area_ids() -> list[str]:
    return [a.id for a in load_thresholds().areas]


def resolve_focus(names: Sequence[str] | None) -> list[str]:
    """Area ids for the names a user or model gave (ids, titles or aliases); [] means all."""
    if not names:
        return []
    resolved: list[str] = []
    for name in names:
        key = _norm(name)
        if key in ("all", "everything", "every area"):
            return []
        match = next(
            (
                a.id
                for a in load_thresholds().areas
                if key in {_norm(a.id), _norm(a.title), *(_norm(x) for x in a.aliases)}
            ),
            None,
        )
        if match is None:
            raise InvalidInput(
                f"unknown diagnosis area {name!r}: use one of {', '.join(area_ids())}"
            )
        if match not in resolved:
            resolved.append(match)
    return [a for a in area_ids() if a in resolved]


def _norm(text: str) -> str:
    return re.sub(r"[\s_–-]+", " ", text.strip().lower())


# ---- the run ------------------------------------------------------------------------------------
def run_diagnosis(scope: WorkspaceScope, focus_areas: Sequence[str] | None = None) -> Diagnosis:
    """Assess every area (or only `focus_areas`: ids, titles or aliases; unknown names raise
    `InvalidInput`), problems first, most severe first."""
    focus = resolve_focus(focus_areas)
    ctx = CheckContext(scope=scope)
    config = load_thresholds()
    findings = [_assess(ctx, area.id) for area in config.areas if not focus or area.id in focus]
    findings.sort(key=lambda f: (STATUS_ORDER[f.status], SEVERITY_RANK.get(f.severity or "", 3)))
    counts = {s: sum(f.status == s for f in findings) for s in STATUS_ORDER}
    return Diagnosis(
        workspace=scope.id,
        focus_areas=focus,
        areas=findings,
        counts=counts,
        data_period=ctx.data_period(),
        absent=_absent(scope),
        citations=ctx.citations.items,
    )


def _absent(scope: WorkspaceScope) -> list[str]:
    """What the workspace holds none of: every check needs one of them."""
    holds_rows = scope.campaigns.exists and scope.campaigns.date_bounds() is not None
    absent = [] if holds_rows else ["campaign data"]
    return absent + ([] if scope.documents.count() else ["documents"])


def _assess(ctx: CheckContext, area_id: str) -> AreaFinding:
    config = load_thresholds()
    area = config.area(area_id)
    evidence: list[EvidenceItem] = []
    missing: list[str] = []
    for check in config.checks_of(area_id):
        outcome = CHECKS[check.kind](ctx, check)
        evidence.extend(outcome.evidence)
        missing.extend(outcome.missing)
    evidence.sort(key=lambda e: (SUPPORT_ORDER[e.supports], SEVERITY_RANK.get(e.severity or "", 3)))
    problems = [e for e in evidence if e.supports == "problem"]
    healthy = [e for e in evidence if e.supports == "healthy"]
    status: Status = "problem" if problems else "healthy" if healthy else "not_enough_evidence"
    severity = problems[0].severity if problems else None
    headline = headline_of(evidence[0]) if evidence else f"Needs {area.settle_with}"
    used = list(dict.fromkeys(c.playbook for c in config.checks_of(area_id)))
    return AreaFinding(
        area=area.id,
        title=area.title,
        status=status,
        severity=severity,
        headline=headline,
        evidence=evidence,
        missing=missing,
        settle_with=area.settle_with,
        playbook=used,
        playbook_citations=[n for n in (_playbook_citation(ctx, ref) for ref in used) if n],
    )


def headline_of(item: EvidenceItem) -> str:
    """The statement, with a short quote when the evidence is a document passage."""
    if not item.quote or item.kind != "document":
        return item.statement
    quote = item.quote if len(item.quote) <= 160 else item.quote[:157].rsplit(" ", 1)[0] + " …"
    return f"{item.statement}: “{quote}”"


def _playbook_citation(ctx: CheckContext, ref: str) -> int | None:
    """Cite the playbook section a rule of thumb comes from (labels are "file › section")."""
    sections = ctx.fact("playbook_sections", _playbook_sections)
    citation = sections.get(ref)
    return ctx.citations.add(citation) if citation else None


def _playbook_sections(ctx: CheckContext) -> dict[str, Citation]:
    index = ctx.scope.playbooks
    return {
        chunk.label: Citation(kind="playbook", label=chunk.label, ref=chunk.id, detail=chunk.text)
        for source in index.sources()
        for chunk in index.chunks_of(source.source_id)
    }


# ---- rendering ----------------------------------------------------------------------------------
def diagnosis_title(diagnosis: Diagnosis) -> str:
    if not diagnosis.focus_areas:
        return "Marketing diagnosis"
    titles = [load_thresholds().area(a).title for a in diagnosis.focus_areas]
    return f"Marketing diagnosis — {', '.join(titles)}"


def render_diagnosis(diagnosis: Diagnosis) -> str:
    return render(
        "strategy/diagnosis_report.md.j2",
        d=diagnosis.model_dump(mode="json"),
        title=diagnosis_title(diagnosis),
    )
