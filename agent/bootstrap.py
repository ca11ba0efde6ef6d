"""First-start work: index the playbooks and seed the demo workspace. Incremental and quick.

`prepare_data` does it all before returning (evals, tests, scripts). The server does the same
in the background (`agent.startup`), so that it answers at once: `begin_demo` queues the demo
documents there and `warm_up` readies the offline model.
"""

from __future__ import annotations

import logging
import threading
from functools import partial
from pathlib import Path

from langchain_core.language_models import BaseChatModel
from langchain_core.messages import HumanMessage

from agent.offline.model import OfflineChatModel
from agent.startup import Startup
from core.services import Services
from core.stores.campaigns import DB_FILE, CampaignStore
from core.workspaces import DEMO_WORKSPACE
from knowledge_base import DEMO_DIR as DEMO_DIR
from knowledge_base import KNOWLEDGE_DIR as KNOWLEDGE_DIR
from knowledge_base import PLAYBOOKS_DIR as PLAYBOOKS_DIR
from knowledge_base.demo.campaigns import DEMO_FILE, write_demo_csv
from knowledge_base.documents import IngestOutcome, ingest_documents
from knowledge_base.ingest import (
    Embedded,
    IndexReport,
    Progress,
    index_markdown_folder,
    read_file,
)
from tools.catalog import build_tools
from tools.kpi.importers import ImportReport, import_file

log = logging.getLogger(__name__)
DEMO_NAME = "Ledgerly Ltd (demo)"


def index_playbooks(services: Services, progress: Progress | None = None) -> IndexReport:
    report = index_markdown_folder(services.playbook_index(), PLAYBOOKS_DIR, progress)
    log.info("playbooks: %s", report.summary())
    return report


def prepare_data(services: Services, progress: Progress | None = None) -> None:
    """Everything `make serve` needs before the first request."""
    index_playbooks(services, progress)
    if services.settings.seed_demo:
        seed_demo_workspace(services)


def begin_demo(startup: Startup) -> None:
    """The demo workspace for a server: created and given its campaign data now (a moment;
    KPI questions need it from the first request), its documents queued for indexing."""
    services = startup.services
    services.workspaces.ensure(DEMO_WORKSPACE, DEMO_NAME)
    scope = services.scope(DEMO_WORKSPACE)
    startup.index(
        "demo documents",
        scope.documents,
        lambda p, e, c: ingest_paths(services, DEMO_WORKSPACE, [DEMO_DIR / "documents"], p, e, c),
    )
    seed_demo_kpis(scope.dir)


def warm_up(model: BaseChatModel, services: Services) -> None:
    """The offline model builds its router and reader on its first call; a server does it at
    start-up rather than on the first question. Every model the graph binds later reuses
    them. The routing examples' vectors are shipped (`agent.offline.example_vectors`); any
    it lacks are embedded ahead of the indexing running meanwhile, which otherwise goes on
    (the rest of the warm-up is Python work). Other models need nothing."""
    if isinstance(model, OfflineChatModel):
        model.bind_tools(build_tools(services)).invoke([HumanMessage("hello")])


def seed_demo_workspace(services: Services) -> None:
    """The demo client: its documents (and, where available, its campaign data)."""
    services.workspaces.ensure(DEMO_WORKSPACE, DEMO_NAME)
    ingest_paths(services, DEMO_WORKSPACE, [DEMO_DIR / "documents"])
    seed_demo_kpis(services.scope(DEMO_WORKSPACE).dir)


def ingest_paths(
    services: Services,
    workspace: str,
    paths: list[Path],
    progress: Progress | None = None,
    embedded: Embedded | None = None,
    cancel: threading.Event | None = None,
) -> list[IngestOutcome]:
    """Ingest files and folders (recursively) into a workspace's documents, in one pipelined
    pass (passages of all files embedded together in length-sorted batches)."""
    index = services.scope(workspace).documents
    files = sorted(f for p in paths for f in ([p] if p.is_file() else p.rglob("*")) if f.is_file())
    return ingest_documents(
        index,
        [(f.name, partial(read_file, f)) for f in files],
        services.settings.max_upload_bytes,
        progress,
        embedded,
        cancel,
    )


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
