"""The diagnosis operations the tools (and tests) call: run and save a diagnosis, read the
latest one, and build and save the 30/60/90-day roadmap from it. Each save is a new artifact
version ("diagnosis", "roadmap"); earlier versions are kept.
"""

from __future__ import annotations

from core.scope import WorkspaceScope
from core.stores.artifacts import ArtifactStore
from tools.strategy.diagnosis.roadmap import Roadmap, build_roadmap, render_roadmap
from tools.strategy.diagnosis.roadmap_focus import focus_first_30_days
from tools.strategy.diagnosis.run import (
    Diagnosis,
    diagnosis_title,
    render_diagnosis,
    run_diagnosis,
)


def diagnose(scope: WorkspaceScope, focus_areas: list[str] | None = None) -> Diagnosis:
    """Run the diagnosis and save it as the next "diagnosis" artifact version."""
    diagnosis = run_diagnosis(scope, focus_areas)
    content = diagnosis.model_dump(mode="json", exclude={"version"})
    note = (
        "full diagnosis"
        if not diagnosis.focus_areas
        else ("focused on " + ", ".join(diagnosis.focus_areas))
    )
    artifact = scope.drafts.save(
        "diagnosis", diagnosis_title(diagnosis), content, render_diagnosis(diagnosis), note
    )
    return diagnosis.model_copy(update={"version": artifact.version})


def latest_diagnosis(drafts: ArtifactStore) -> Diagnosis | None:
    """The latest saved diagnosis of a workspace's drafts, with its version; None if none."""
    artifact = drafts.latest("diagnosis")
    if artifact is None:
        return None
    return Diagnosis.model_validate({**artifact.content, "version": artifact.version})


def plan(scope: WorkspaceScope, refresh: bool = False, first_30_days: str | None = None) -> Roadmap:
    """A roadmap from the latest saved diagnosis (a new full one when none exists or asked),
    saved as the next "roadmap" artifact version. `first_30_days`: what the first 30 days
    should be about (`roadmap_focus`)."""
    diagnosis = None if refresh else latest_diagnosis(scope.drafts)
    if diagnosis is None:
        diagnosis = diagnose(scope)
    roadmap = build_roadmap(diagnosis)
    if first_30_days and first_30_days.strip():
        roadmap = focus_first_30_days(roadmap, first_30_days.strip())
    note = f"from diagnosis v{diagnosis.version}"
    artifact = scope.drafts.save(
        "roadmap",
        "30/60/90-day marketing roadmap",
        roadmap.model_dump(mode="json", exclude={"version"}),
        render_roadmap(roadmap),
        note,
    )
    return roadmap.model_copy(update={"version": artifact.version})
