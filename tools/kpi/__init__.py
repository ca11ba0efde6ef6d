"""Exact campaign KPIs: import exports, ask governed questions, get figures with their SQL.

Public API (everything the agent, API and tool wrapper need):

    import_file(workspace_dir, path, mapping=None, table=None) -> ImportReport
    dry_run.dry_run_file(workspace_dir, path, mapping=None, table=None) -> DryRun  (writes nothing)
    import_warnings.confirm_import(workspace_dir, import_id) -> ImportReport
    workspace_metrics.save_metric / remove_metric / list_workspace_metrics
    CampaignStore(workspace_dir)                  # imports(), date_bounds(), delete_import()
    run_kpi_query(workspace_dir, KpiQuery(...)) -> KpiResult
    load_registry(workspace_dir)                  # the governed metrics (built-in + workspace)
    describe_metrics(workspace_dir)               # metrics and dimensions, for GET /metrics

The agent tool lives in `tools.kpi.tool` (`make_kpi_lookup(services)`, and `lookup(...)` shared
with the HTTP API); it is not imported here so the engine stays free of agent imports.
The demo client's data is generated in `knowledge_base.demo.campaigns` and loaded by
`agent.bootstrap`.
"""

from core.stores.campaigns import CampaignStore
from tools.kpi.describe import describe_metrics
from tools.kpi.importers import ImportReport, import_file
from tools.kpi.mapping import MAPPING_HELP, ColumnMapping
from tools.kpi.metrics import load_registry
from tools.kpi.query import run_kpi_query
from tools.kpi.results import KpiQuery, KpiResult

__all__ = [
    "MAPPING_HELP",
    "CampaignStore",
    "ColumnMapping",
    "ImportReport",
    "KpiQuery",
    "KpiResult",
    "describe_metrics",
    "import_file",
    "load_registry",
    "run_kpi_query",
]
