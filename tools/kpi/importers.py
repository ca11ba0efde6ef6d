"""Import campaign exports (CSV or Parquet) into a workspace's campaign store.

    report = import_file(workspace_dir, Path("google_ads.csv"))              # recognised
    report = import_file(workspace_dir, Path("x.csv"), {"date": "Day", ...})  # explicit

Recognised by header names: Google Ads, Meta Ads Manager, LinkedIn Campaign Manager, GA4,
HubSpot contacts/deals, Salesforce leads/opportunities, and the canonical CSV. Anything else
needs an explicit mapping (see `tools.kpi.mapping.MAPPING_HELP`). All reading, cleaning and
loading is DuckDB SQL; see `sqlbuild` for how re-imports and overlapping files are deduplicated.
"""

from __future__ import annotations

import json
import re
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any, Literal

import duckdb
from pydantic import BaseModel, Field

from core.errors import UnreadableFile
from core.stores.campaign_schema import (
    EXTRAS_TABLE,
    FACT_TABLE,
    IMPORTS_TABLE,
    quote_ident,
)
from core.stores.campaigns import CampaignStore, fetch_one
from tools.kpi import sqlbuild
from tools.kpi.cleaning import install_macros
from tools.kpi.formats import all_known_headers, match_format, normalize_header
from tools.kpi.import_steps import (
    choose_date_format,
    crm_stage_params,
    flag_summary_rows,
    value_actions,
)
from tools.kpi.mapping import ColumnMapping
from tools.kpi.plan import (
    ImportPlan,
    classify_candidates,
    plan_for_format,
    plan_for_mapping,
    unrecognised,
)
from tools.kpi.reading import STAGE, SourceLayout, check_file, file_sha256, sniff_layout, stage_file


class ExtraColumnInfo(BaseModel):
    name: str
    kind: Literal["dimension", "measure"]
    source: str


class ImportReport(BaseModel):
    """What an import did, in terms a person can check against the file."""

    status: Literal["imported", "already_imported"]
    import_id: str
    file_name: str
    file_hash: str
    detected_format: str
    format_label: str
    rows_read: int = 0
    rows_imported: int = 0
    rows_dropped: dict[str, int] = Field(default_factory=dict)
    drop_examples: dict[str, list[str]] = Field(default_factory=dict)
    columns_mapped: dict[str, str] = Field(default_factory=dict, description="field → column")
    columns_extra: list[ExtraColumnInfo] = Field(default_factory=list)
    columns_ignored: dict[str, str] = Field(default_factory=dict, description="column → why")
    date_format: str | None = None
    first_date: date | None = None
    last_date: date | None = None
    currencies: list[str] = Field(default_factory=list)
    cleaning_actions: list[str] = Field(default_factory=list)
    message: str = ""


def import_file(
    workspace_dir: Path,
    path: Path,
    mapping: ColumnMapping | dict[str, Any] | str | Path | None = None,
    *,
    file_name: str | None = None,
) -> ImportReport:
    """Import one file into the workspace's store. `file_name` names uploads saved elsewhere."""
    return import_into(CampaignStore(workspace_dir), Path(path), mapping, file_name=file_name)


def import_into(
    store: CampaignStore,
    path: Path,
    mapping: ColumnMapping | dict[str, Any] | str | Path | None,
    *,
    file_name: str | None = None,
) -> ImportReport:
    name = file_name or path.name
    kind = check_file(path)
    digest = file_sha256(path)
    explicit = ColumnMapping.load(mapping) if mapping is not None else None
    with store.writing() as cur:
        previous = cur.execute(
            f"SELECT id, file_name, imported_at, report_json FROM {IMPORTS_TABLE} "
            "WHERE file_hash = ?",
            [digest],
        ).fetchone()
        if previous:
            return _already_imported(previous, name, digest)
        try:
            report = _run_import(cur, path, kind, name, digest, explicit)
            store.invalidate()
            return report
        finally:
            for table in (STAGE, sqlbuild.CLEAN, sqlbuild.NEW):
                cur.execute(f"DROP TABLE IF EXISTS {table}")


def _already_imported(previous: tuple[Any, ...], name: str, digest: str) -> ImportReport:
    import_id, first_name, imported_at, report_json = previous
    report = ImportReport.model_validate_json(report_json)
    return report.model_copy(
        update={
            "status": "already_imported",
            "file_name": name,
            "rows_imported": 0,
            "message": f"'{name}' has the same content as '{first_name}', imported on "
            f"{imported_at:%Y-%m-%d %H:%M} UTC ({import_id}); nothing was changed.",
        }
    )


def _run_import(
    cur: duckdb.DuckDBPyConnection,
    path: Path,
    kind: str,
    name: str,
    digest: str,
    explicit: ColumnMapping | None,
) -> ImportReport:
    install_macros(cur)
    known = all_known_headers() | {
        normalize_header(c)[0] for c in (explicit.all_sources() if explicit else [])
    }
    layout = SourceLayout("parquet") if kind == "parquet" else sniff_layout(path, known)
    columns = stage_file(cur, path, layout)
    plan = _make_plan(explicit, columns, name)
    if layout.skip:
        plan.actions.append(f"skipped {layout.skip} report title/comment line(s) above the header")
    classify_candidates(cur, plan)
    _reconcile_extras(cur, plan)
    date_format = choose_date_format(cur, plan, name)
    params = sqlbuild.base_params(plan, date_format)
    if plan.kind.startswith("crm"):
        params.update(crm_stage_params(cur, plan))
    _execute(cur, sqlbuild.clean_sql(plan), params)
    flag_summary_rows(cur, plan)
    import_id = f"imp_{digest[:12]}"
    report = _base_report(cur, plan, name, digest, import_id, date_format)
    if not fetch_one(cur, f"SELECT count(*) FROM {sqlbuild.CLEAN} WHERE __drop IS NULL")[0]:
        raise UnreadableFile(f"'{name}' has no data rows I could use ({_drops_text(report)}).")
    _execute(cur, sqlbuild.new_rows_sql(plan), {})
    _write(cur, plan, report, params_for_insert={"source_file": name, "import_id": import_id})
    return report


def _make_plan(explicit: ColumnMapping | None, columns: list[str], name: str) -> ImportPlan:
    if explicit is not None:
        return plan_for_mapping(explicit, columns, name)
    fmt = match_format([normalize_header(c)[0] for c in columns])
    if fmt is None:
        raise unrecognised(columns, name)
    plan = plan_for_format(fmt, columns)
    if "date" not in plan.fields or not plan.has_measure():
        raise unrecognised(columns, name)
    return plan


def _execute(cur: duckdb.DuckDBPyConnection, sql: str, params: dict[str, Any]) -> Any:
    """Run with only the named parameters the statement uses (DuckDB rejects extras)."""
    used = set(re.findall(r"\$(\w+)", sql))
    return cur.execute(sql, {k: v for k, v in params.items() if k in used})


def _reconcile_extras(cur: duckdb.DuckDBPyConnection, plan: ImportPlan) -> None:
    """Rename an extra whose name is already registered with the other kind."""
    registered = dict(cur.execute(f"SELECT name, kind FROM {EXTRAS_TABLE}").fetchall())
    renamed: dict[str, tuple[str, str]] = {}
    for name, (kind, source) in plan.extras.items():
        if name in registered and registered[name] != kind:
            name = f"{name}_{'text' if kind == 'dimension' else 'value'}"
        renamed[name] = (kind, source)
    plan.extras = renamed


def _base_report(
    cur: duckdb.DuckDBPyConnection,
    plan: ImportPlan,
    name: str,
    digest: str,
    import_id: str,
    date_format: str,
) -> ImportReport:
    rows_read = fetch_one(cur, f"SELECT count(*) FROM {STAGE}")[0]
    drops = cur.execute(
        f"SELECT __drop, count(*), list(__first ORDER BY __first)[1:3] FROM {sqlbuild.CLEAN} "
        "WHERE __drop IS NOT NULL AND __primary GROUP BY 1 ORDER BY 2 DESC"
    ).fetchall()
    mapped = {k: v for k, v in plan.fields.items()}
    mapped.update({k: f"(constant) {v}" for k, v in plan.constants.items()})
    return ImportReport(
        status="imported",
        import_id=import_id,
        file_name=name,
        file_hash=digest,
        detected_format=plan.format_key,
        format_label=plan.format_label,
        rows_read=rows_read,
        rows_dropped={reason: n for reason, n, _ in drops},
        drop_examples={reason: [str(e) for e in ex if e] for reason, _, ex in drops},
        columns_mapped=mapped,
        columns_extra=[
            ExtraColumnInfo(name=n, kind=k, source=s)
            for n, (k, s) in sorted(plan.extras.items())
        ],
        columns_ignored=dict(plan.ignored),
        date_format=date_format,
        cleaning_actions=plan.actions + value_actions(cur, plan),
    )


def _write(
    cur: duckdb.DuckDBPyConnection,
    plan: ImportPlan,
    report: ImportReport,
    params_for_insert: dict[str, str],
) -> None:
    """One transaction: new extra columns, fact rows, the import record."""
    existing = {r[0] for r in cur.execute(f"SELECT name FROM {EXTRAS_TABLE}").fetchall()}
    cur.execute("BEGIN TRANSACTION")
    try:
        for name, (kind, source) in sorted(plan.extras.items()):
            if name in existing:
                continue
            sql_type = "DOUBLE" if kind == "measure" else "VARCHAR"
            cur.execute(f"ALTER TABLE {FACT_TABLE} ADD COLUMN {quote_ident(name)} {sql_type}")
            cur.execute(
                f"INSERT INTO {EXTRAS_TABLE} VALUES (?, ?, ?, ?)",
                [name, kind, source, report.import_id],
            )
        row = _execute(cur, sqlbuild.insert_sql(plan), params_for_insert).fetchone()
        inserted = row[0] if row else 0
        _finish_report(cur, report, int(inserted))
        cur.execute(
            f"INSERT INTO {IMPORTS_TABLE} VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [
                report.import_id,
                report.file_name,
                report.file_hash,
                report.detected_format,
                report.rows_read,
                report.rows_imported,
                datetime.now(UTC).replace(tzinfo=None),
                report.model_dump_json(),
            ],
        )
        cur.execute("COMMIT")
    except Exception:
        cur.execute("ROLLBACK")
        raise


def _finish_report(cur: duckdb.DuckDBPyConnection, report: ImportReport, inserted: int) -> None:
    new_rows, first, last, currencies = fetch_one(
        cur,
        f"SELECT count(*), min(date), max(date), list(DISTINCT currency) FILTER "
        f"(WHERE currency IS NOT NULL) FROM {sqlbuild.NEW}",
    )
    report.rows_imported = inserted
    report.first_date, report.last_date = first, last
    report.currencies = sorted(currencies or [])
    if new_rows > inserted:
        report.rows_dropped["identical row already imported from an earlier file"] = (
            new_rows - inserted
        )
    report.message = (
        f"Imported {inserted:,} row(s) from '{report.file_name}' ({report.format_label})"
        + (f", {first:%d %b %Y} to {last:%d %b %Y}" if first else "")
        + (f"; dropped {_drops_text(report)}" if report.rows_dropped else "")
        + "."
    )


def _drops_text(report: ImportReport) -> str:
    return "; ".join(f"{n:,} {reason}" for reason, n in report.rows_dropped.items()) or "none"


def report_as_json(report: ImportReport) -> str:
    return json.dumps(report.model_dump(mode="json"), indent=2)
