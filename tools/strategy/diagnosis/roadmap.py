"""The 30/60/90-day roadmap: initiatives from a catalogue, chosen for the diagnosed problems.

Only problem areas get initiatives; each one names the finding it addresses (with that
finding's citations). Within a phase: the most severe finding first, then impact ÷ effort.
Catalogue and limits: prompts/strategy/diagnosis_initiatives.yaml.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Literal

import yaml
from pydantic import BaseModel, Field, computed_field

from core.prompts import PROMPTS_DIR, render
from tools.citations import Citation
from tools.strategy.diagnosis.checks_base import SEVERITY_RANK, EvidenceItem, Severity
from tools.strategy.diagnosis.run import AreaFinding, Diagnosis, headline_of

INITIATIVES_FILE = PROMPTS_DIR / "strategy" / "diagnosis_initiatives.yaml"
PhaseId = Literal["foundation", "activation", "optimisation"]


class PhaseConfig(BaseModel):
    id: PhaseId
    title: str
    days: str


class InitiativeConfig(BaseModel):
    id: str
    area: str
    title: str
    phase: PhaseId
    owner: str
    effort: int = Field(ge=1, le=5)
    impact: int = Field(ge=1, le=5)
    expected_kpi_impact: str
    kpi_to_watch: str
    kpi_metric: str | None = None
    when_checks: list[str] = Field(default_factory=list)


class Catalogue(BaseModel):
    max_per_phase: int
    phases: list[PhaseConfig]
    initiatives: list[InitiativeConfig]


@lru_cache(maxsize=1)
def load_catalogue() -> Catalogue:
    return Catalogue.model_validate(yaml.safe_load(INITIATIVES_FILE.read_text(encoding="utf-8")))


class FindingRef(BaseModel):
    """The diagnosed problem an initiative addresses."""

    area: str
    area_title: str
    severity: Severity
    check: str
    statement: str
    citations: list[int] = Field(default_factory=list)


class Initiative(BaseModel):
    id: str
    title: str
    phase: PhaseId
    days: str
    owner: str
    effort: int
    impact: int
    priority: float = Field(description="impact ÷ effort")
    expected_kpi_impact: str
    kpi_to_watch: str
    kpi_metric: str | None = None
    addresses: FindingRef
    moved_from: str | None = Field(default=None, description="planned phase, when it was full")


class Phase(BaseModel):
    id: PhaseId
    title: str
    days: str
    initiatives: list[Initiative]


class EvidenceGap(BaseModel):
    area: str
    title: str
    settle_with: str


class Roadmap(BaseModel):
    workspace: str
    diagnosis_version: int | None
    diagnosis_focus: list[str] = Field(default_factory=list)
    phases: list[Phase]
    backlog: list[Initiative] = Field(default_factory=list, description="beyond the phase limit")
    max_per_phase: int
    evidence_gaps: list[EvidenceGap] = Field(default_factory=list)
    citations: list[Citation]
    version: int | None = None
    first_30_days_focus: str | None = Field(default=None, description="what the user asked for")
    pulled_forward: list[str] = Field(
        default_factory=list, description="initiatives moved into the first 30 days for it"
    )

    @computed_field  # type: ignore[prop-decorator]
    @property
    def reading(self) -> str:
        """What was planned: the 30/60/90-day roadmap and the diagnosis it comes from (and the
        first 30 days' focus the user set, with what it moved or that nothing matched)."""
        version = self.diagnosis_version
        source = f"diagnosis version {version}" if version else "a new diagnosis"
        text = f"30/60/90-day roadmap (foundation, activation, optimisation) from {source}"
        if self.first_30_days_focus and self.pulled_forward:
            moved = "; ".join(self.pulled_forward)
            text += f"; first 30 days led by “{self.first_30_days_focus}”: {moved}"
        elif self.first_30_days_focus:
            text += f"; no initiative matches “{self.first_30_days_focus}”, so none was moved"
        return text

    def initiatives(self) -> list[Initiative]:
        return [i for p in self.phases for i in p.initiatives] + self.backlog


def build_roadmap(diagnosis: Diagnosis) -> Roadmap:
    catalogue = load_catalogue()
    phases = {p.id: p for p in catalogue.phases}
    chosen: list[Initiative] = []
    for config in catalogue.initiatives:
        finding = _finding(diagnosis, config)
        if finding is None:
            continue
        chosen.append(
            Initiative(
                **config.model_dump(exclude={"area", "when_checks"}),
                days=phases[config.phase].days,
                priority=round(config.impact / config.effort, 2),
                addresses=finding,
            )
        )
    result_phases, backlog = _schedule(chosen, catalogue)
    gaps = [
        EvidenceGap(area=a.area, title=a.title, settle_with=a.settle_with)
        for a in diagnosis.areas
        if a.status == "not_enough_evidence"
    ]
    return Roadmap(
        workspace=diagnosis.workspace,
        diagnosis_version=diagnosis.version,
        diagnosis_focus=diagnosis.focus_areas,
        phases=result_phases,
        backlog=backlog,
        max_per_phase=catalogue.max_per_phase,
        evidence_gaps=gaps,
        citations=diagnosis.citations,
    )


def _schedule(
    chosen: list[Initiative], catalogue: Catalogue
) -> tuple[list[Phase], list[Initiative]]:
    """Fill each phase up to the limit: every problem area's best initiative first (most severe
    finding, then impact ÷ effort), then the others. An initiative whose phase is full starts in
    the next phase with room; the rest waits in the backlog."""
    order = {c.id: i for i, c in enumerate(catalogue.initiatives)}

    def rank(i: Initiative) -> tuple[int, float, int]:
        return (SEVERITY_RANK[i.addresses.severity], -i.priority, order[i.id])

    best_of_area: dict[str, str] = {}
    for initiative in sorted(chosen, key=rank):
        best_of_area.setdefault(initiative.addresses.area, initiative.id)
    queue = sorted(chosen, key=lambda i: (best_of_area[i.addresses.area] != i.id, *rank(i)))
    placed: dict[str, list[Initiative]] = {p.id: [] for p in catalogue.phases}
    backlog = []
    ids = [p.id for p in catalogue.phases]
    for initiative in queue:
        later = ids[ids.index(initiative.phase) :]
        free = next((p for p in later if len(placed[p]) < catalogue.max_per_phase), None)
        if free is None:
            backlog.append(initiative)
            continue
        if free != initiative.phase:
            planned = next(p.title for p in catalogue.phases if p.id == initiative.phase)
            days = next(p.days for p in catalogue.phases if p.id == free)
            initiative = initiative.model_copy(
                update={"phase": free, "days": days, "moved_from": planned}
            )
        placed[free].append(initiative)
    phase_order = {p.id: n for n, p in enumerate(catalogue.phases)}
    phases = [
        Phase(id=p.id, title=p.title, days=p.days, initiatives=sorted(placed[p.id], key=rank))
        for p in catalogue.phases
    ]
    backlog.sort(key=lambda i: (phase_order[i.phase], *rank(i)))
    return phases, backlog


def _finding(diagnosis: Diagnosis, config: InitiativeConfig) -> FindingRef | None:
    """The strongest problem evidence the initiative answers, or None when it does not apply."""
    area = next((a for a in diagnosis.areas if a.area == config.area), None)
    if area is None or area.status != "problem":
        return None
    problems = [e for e in area.evidence if e.supports == "problem"]
    if config.when_checks:
        problems = [e for e in problems if e.check in config.when_checks]
    if not problems:
        return None
    return _ref(area, problems[0])  # evidence is already ordered by severity


def _ref(area: AreaFinding, item: EvidenceItem) -> FindingRef:
    return FindingRef(
        area=area.area,
        area_title=area.title,
        severity=item.severity or area.severity or "medium",
        check=item.check,
        statement=headline_of(item),
        citations=item.citations,
    )


def render_roadmap(roadmap: Roadmap) -> str:
    return render("strategy/diagnosis_roadmap.md.j2", r=roadmap.model_dump(mode="json"))
