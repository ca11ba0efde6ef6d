"""First-start work: index the playbooks and seed the demo workspace. Incremental and quick."""

from __future__ import annotations

import logging
from pathlib import Path

from core.services import Services
from core.stores.campaigns import DB_FILE, CampaignStore
from core.workspaces import DEMO_WORKSPACE
from knowledge_base.demo.campaigns import DEMO_FILE, write_demo_csv
from knowledge_base.documents import IngestOutcome, ingest_document
from knowledge_base.ingest import IndexReport, Progress, index_markdown_folder
from tools.kpi.importers import ImportReport, import_file

log = logging.getLogger(__name__)
KNOWLEDGE_DIR = Path(__file__).resolve().parent.parent / "knowledge_base"
PLAYBOOKS_DIR = KNOWLEDGE_DIR / "playbooks"
DEMO_DIR = KNOWLEDGE_DIR / "demo"


def index_playbooks(services: Services, progress: Progress | None = None) -> IndexReport:
    report = index_markdown_folder(services.playbook_index(), PLAYBOOKS_DIR, progress)
    log.info("playbooks: %s", report.summary())
    return report


def prepare_data(services: Services, progress: Progress | None = None) -> None:
    """Everything `make serve` needs before the first request."""
    index_playbooks(services, progress)
    if services.settings.seed_demo:
        seed_demo_workspace(services)


def seed_demo_workspace(services: Services) -> None:
    """The demo client: its documents (and, where available, its campaign data)."""
    services.workspaces.ensure(DEMO_WORKSPACE, "Ledgerly Ltd (demo)")
    ingest_paths(services, DEMO_WORKSPACE, [DEMO_DIR / "documents"])
    seed_demo_kpis(services.scope(DEMO_WORKSPACE).dir)


def ingest_paths(
    services: Services, workspace: str, paths: list[Path], progress: Progress | None = None
) -> list[IngestOutcome]:
    """Ingest files and folders (recursively) into a workspace's documents."""
    index = services.scope(workspace).documents
    files = sorted(f for p in paths for f in ([p] if p.is_file() else p.rglob("*")) if f.is_file())
    outcomes = []
    for done, path in enumerate(files, start=1):
        outcomes.append(
            ingest_document(index, path.name, path.read_bytes(), services.settings.max_upload_bytes)
        )
        if progress:
            progress(done, len(files), path.name)
    return outcomes


def load_demo_data(workspace_dir: Path, seed: int = 7) -> ImportReport:
    """Write the demo CSV into the workspace and import it (a no-op when already imported)."""
    workspace_dir = Path(workspace_dir)
    path = write_demo_csv(workspace_dir / "imports" / DEMO_FILE, seed)
    report = import_file(workspace_dir, path)
    with CampaignStore(workspace_dir).writing() as cur:
        cur.execute("CHECKPOINT")  # the file alone is complete: data dirs may be copied
    return report


def seed_demo_kpis(workspace_dir: Path) -> ImportReport | None:
    """Give the demo workspace its campaign data once; None when it already has it.

    Checked by file name before generating anything, so every start after the first is free.
    """
    workspace_dir = Path(workspace_dir)
    if (workspace_dir / DB_FILE).is_file():
        imported = {i["file_name"] for i in CampaignStore(workspace_dir).imports()}
        if DEMO_FILE in imported:
            return None
    return load_demo_data(workspace_dir)
