"""Import campaign exports (CSV, Excel/OpenDocument workbooks, Parquet) into a workspace.

    report = import_file(workspace_dir, Path("google_ads.csv"))              # recognised
    report = import_file(workspace_dir, Path("x.xlsx"), {"date": "Day", ...})  # explicit
    preview = dry_run.dry_run_file(workspace_dir, Path("x.csv"))             # writes nothing

Recognised by header names: Google Ads (UI and API reports), Meta Ads Manager, LinkedIn
Campaign Manager, Microsoft Advertising, GA4, HubSpot contacts/deals, Salesforce
leads/opportunities, and the canonical CSV. Anything else gets a mapping proposed from its own
columns (see `proposal.py`). How the data block is found: `layout.py`; number formats:
`numbers.py`; units and currency: `units.py`; result kinds: `result_kinds.py`; the checks:
`plausibility.py`; deduplication: `sqlbuild.py`.

Importing the same bytes again is a no-op; importing them again with a different mapping
replaces the earlier import (a remap).
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import duckdb
import yaml

from core.errors import CmoError, UnreadableFile
from core.stores.campaign_schema import EXTRAS_TABLE, FACT_TABLE, IMPORTS_TABLE, quote_ident
from core.stores.campaigns import DB_FILE, CampaignStore, fetch_one
from tools.kpi import sqlbuild
from tools.kpi.analysis import Analysis, Unrecognised, analyse, count_kept, execute
from tools.kpi.errors import UnrecognisedFile
from tools.kpi.import_report import (
    ExtraColumnInfo,
    ImportReport,
    TableInfo,
)
from tools.kpi.import_steps import value_actions
from tools.kpi.mapping import MAPPING_HELP, ColumnMapping
from tools.kpi.numbers import NAMES
from tools.kpi.reading import STAGE, check_file, file_sha256

__all__ = ["ImportReport", "import_file", "import_into"]


MappingLike = ColumnMapping | dict[str, Any] | str | Path | None


def import_file(
    workspace_dir: Path,
    path: Path,
    mapping: MappingLike = None,
    *,
    file_name: str | None = None,
    table: str | None = None,
) -> ImportReport:
    """Import one file into the workspace's store. `file_name` names uploads saved elsewhere;
    `table` picks a table or sheet (default: the first). Raises the `CmoError` that says what
    stopped it: UnrecognisedFile (with a proposed mapping), AmbiguousNumbers, AmbiguousDates,
    InvalidMapping, UnreadableValues, UnreadableFile, UnsupportedFile."""
    store = CampaignStore(workspace_dir)
    return import_into(store, Path(path), mapping, file_name=file_name, table=table)


def import_into(
    store: CampaignStore,
    path: Path,
    mapping: MappingLike,
    *,
    file_name: str | None = None,
    table: str | None = None,
) -> ImportReport:
    name = file_name or path.name
    kind = check_file(path)
    digest = file_sha256(path)
    explicit = ColumnMapping.load(mapping) if mapping is not None else None
    used = mapping_dict(explicit, table)
    with store.writing() as cur:
        previous = cur.execute(
            f"SELECT id, file_name, imported_at, report_json FROM {IMPORTS_TABLE} "
            "WHERE file_hash = ?",
            [digest],
        ).fetchone()
        replace: str | None = None
        if previous:
            earlier = ImportReport.model_validate_json(previous[3])
            if earlier.mapping_used == used:
                return _already_imported(previous, earlier, name)
            replace = previous[0]
        try:
            analysis = _analyse_or_refuse(cur, path, kind, name, explicit, table)
            report = build_report(cur, analysis, name, digest, used)
            if not count_kept(cur):
                raise UnreadableFile(
                    f"'{name}' has no data rows I could use ({_drops_text(report)})."
                )
            execute(cur, sqlbuild.new_rows_sql(analysis.plan), {})
            _write(cur, analysis, report, replace)
            store.invalidate()
            return report
        finally:
            for temp in (STAGE, sqlbuild.CLEAN, sqlbuild.NEW):
                cur.execute(f"DROP TABLE IF EXISTS {temp}")


def _analyse_or_refuse(
    cur: duckdb.DuckDBPyConnection,
    path: Path,
    kind: str,
    name: str,
    explicit: ColumnMapping | None,
    table: str | None,
) -> Analysis:
    try:
        return analyse(cur, path, kind, name, explicit, table=table)
    except Unrecognised as exc:
        raise unrecognised_error(name, exc.proposal.mapping, exc.staged.columns) from None


def unrecognised_error(name: str, proposed: dict[str, Any], columns: list[str]) -> UnrecognisedFile:
    text = yaml.safe_dump(proposed, sort_keys=False, allow_unicode=True).strip()
    missing = "" if "date" in proposed else " (no column holds dates: name one with date:)"
    return UnrecognisedFile(
        f"I could not recognise '{name}' as a Google Ads, Meta Ads, LinkedIn, Microsoft "
        f"Advertising, GA4, HubSpot or Salesforce export; its columns are {', '.join(columns)}. "
        f"A mapping built from its columns{missing} "
        "(check each line, then pass it with `cmo import --mapping FILE` or the `mapping` form "
        "field; a dry run with ?dry_run=true shows what it would import):\n"
        + text
        + "\n"
        + MAPPING_HELP
    )


def problem(exc: CmoError) -> dict[str, str]:
    return {"code": exc.code, "message": exc.detail}


def mapping_dict(explicit: ColumnMapping | None, table: str | None) -> dict[str, Any]:
    if explicit is None:
        return {"table": table} if table else {}
    data = explicit.as_flat()
    if table:
        data["table"] = table
    return data


def _already_imported(previous: tuple[Any, ...], report: ImportReport, name: str) -> ImportReport:
    import_id, first_name, imported_at, _ = previous
    return report.model_copy(
        update={
            "status": "already_imported",
            "file_name": name,
            "rows_imported": 0,
            "message": f"'{name}' has the same content as '{first_name}', imported on "
            f"{imported_at:%Y-%m-%d %H:%M} UTC ({import_id}) with the same mapping; nothing was "
            "changed. Import it with a different mapping to replace that import.",
        }
    )


def build_report(
    cur: duckdb.DuckDBPyConnection,
    analysis: Analysis,
    name: str,
    digest: str,
    used: dict[str, Any],
) -> ImportReport:
    plan, staged = analysis.plan, analysis.staged
    rows_read = fetch_one(cur, f"SELECT count(*) FROM {STAGE}")[0]
    drops = cur.execute(
        f"SELECT __drop, count(*), list(__first ORDER BY __line)[1:3] FROM {sqlbuild.CLEAN} "
        "WHERE __drop IS NOT NULL AND __primary GROUP BY 1 ORDER BY 2 DESC"
    ).fetchall()
    mapped = dict(plan.fields)
    mapped.update({k: f"(constant) {v}" for k, v in plan.constants.items()})
    return ImportReport(
        status="imported",
        import_id=f"imp_{digest[:12]}",
        file_name=name,
        file_hash=digest,
        detected_format=plan.format_key,
        format_label=plan.format_label,
        rows_read=rows_read,
        rows_dropped={reason: n for reason, n, _ in drops},
        drop_examples={reason: [str(e) for e in ex if e] for reason, _, ex in drops},
        columns_mapped=mapped,
        columns_extra=[
            ExtraColumnInfo(name=n, kind=k, source=s) for n, (k, s) in sorted(plan.extras.items())
        ],
        columns_ignored=dict(plan.ignored),
        date_format=analysis.date_format,
        cleaning_actions=plan.actions + value_actions(cur, plan),
        table=staged.chosen.id if staged.chosen else None,
        tables=[
            TableInfo(
                id=t.id,
                header_line=t.header_line,
                columns=t.columns,
                rows=t.rows,
                chosen=t is staged.chosen,
            )
            for t in staged.tables
        ],
        left_out=_left_out(staged),
        number_formats={c: NAMES[d] for c, d in plan.number_formats.items()},
        scales={k: v for k, v in plan.scales.items() if v != 1.0},
        warnings=analysis.warnings,
        checks_passed=analysis.checks_passed,
        mapping_used=used,
    )


def _left_out(staged: Any) -> list[Any]:
    items = list(staged.left_out)
    from tools.kpi.layout import LeftOut

    for other in staged.other_tables():
        items.append(
            LeftOut(
                kind="table",
                lines=f"{other.header_line}–{other.last_line or other.header_line}",
                count=other.rows,
                preview=", ".join(other.columns[:6]),
                detail=f"table '{other.id}' ({other.rows} rows) was not imported; import it "
                f'on its own with table: "{other.id}"',
            )
        )
    return items


def _write(
    cur: duckdb.DuckDBPyConnection, analysis: Analysis, report: ImportReport, replace: str | None
) -> None:
    """One transaction: a replaced import removed, new extra columns, fact rows, the record."""
    plan = analysis.plan
    existing = {r[0] for r in cur.execute(f"SELECT name FROM {EXTRAS_TABLE}").fetchall()}
    cur.execute("BEGIN TRANSACTION")
    try:
        if replace is not None:
            cur.execute(f"DELETE FROM {FACT_TABLE} WHERE import_id = ?", [replace])
            cur.execute(f"DELETE FROM {IMPORTS_TABLE} WHERE id = ?", [replace])
            report.status, report.replaced_import = "replaced", replace
        for name, (kind, source) in sorted(plan.extras.items()):
            if name in existing:
                continue
            sql_type = "DOUBLE" if kind == "measure" else "VARCHAR"
            cur.execute(f"ALTER TABLE {FACT_TABLE} ADD COLUMN {quote_ident(name)} {sql_type}")
            cur.execute(
                f"INSERT INTO {EXTRAS_TABLE} VALUES (?, ?, ?, ?)",
                [name, kind, source, report.import_id],
            )
        params = {"source_file": report.file_name, "import_id": report.import_id}
        row = execute(cur, sqlbuild.insert_sql(plan), params).fetchone()
        finish_report(cur, report, int(row[0]) if row else 0)
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


def finish_report(cur: duckdb.DuckDBPyConnection, report: ImportReport, inserted: int) -> None:
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
    verb = "Would import" if report.status == "dry_run" else "Imported"
    report.message = (
        f"{verb} {inserted:,} row(s) from '{report.file_name}' ({report.format_label})"
        + (f", {first:%d %b %Y} to {last:%d %b %Y}" if first else "")
        + (f"; dropped {_drops_text(report)}" if report.rows_dropped else "")
        + (f"; {len(report.warnings)} warning(s): check them" if report.warnings else "")
        + "."
    )


def _drops_text(report: ImportReport) -> str:
    return "; ".join(f"{n:,} {reason}" for reason, n in report.rows_dropped.items()) or "none"


def report_as_json(report: ImportReport) -> str:
    return json.dumps(report.model_dump(mode="json"), indent=2)


def has_database(workspace_dir: Path) -> bool:
    return (Path(workspace_dir) / DB_FILE).is_file()
