"""First-start work: index the playbooks and seed the demo workspace. Incremental and quick."""

from __future__ import annotations

import logging
from pathlib import Path

from agent.services import Services
from agent.workspaces import DEMO_WORKSPACE
from knowledge_base.ingest import IndexReport, Progress, index_markdown_folder

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
    services.workspaces.ensure(DEMO_WORKSPACE, "Ledgerly Ltd (demo)")
