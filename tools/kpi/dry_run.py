"""Dry runs: everything an import would do, written nowhere (an in-memory database).

`dry_run_file` returns a `DryRun` (see `import_report.py`): the mapping used — recognised,
given, or proposed from the file's own columns and then applied — the columns with sample
values, the first rows exactly as they would be stored, the totals per currency, the warnings,
and the problems that would stop the real import (returned, not raised).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import duckdb

from core.errors import CmoError
from core.stores.campaign_schema import quote_ident
from tools.kpi import sqlbuild
from tools.kpi.analysis import Analysis, Unrecognised, analyse, count_kept, execute
from tools.kpi.import_report import DryRun
from tools.kpi.importers import (
    MappingLike,
    build_report,
    finish_report,
    mapping_dict,
    problem,
    unrecognised_error,
)
from tools.kpi.mapping import ColumnMapping
from tools.kpi.proposal import column_infos, propose
from tools.kpi.reading import check_file
from tools.kpi.result_kinds import split_exprs

PREVIEW_ROWS = 20


def dry_run_file(
    workspace_dir: Path | None,
    path: Path,
    mapping: MappingLike = None,
    *,
    file_name: str | None = None,
    table: str | None = None,
) -> DryRun:
    """What `import_file` would do, without writing anything anywhere (an in-memory database).

    Problems that would stop the import (ambiguous numbers, a missing column…) are returned in
    `problems`, not raised; a file no format recognises gets a `proposed` mapping, applied."""
    name = file_name or Path(path).name
    kind = check_file(Path(path))
    explicit = ColumnMapping.load(mapping) if mapping is not None else None
    source = "given" if explicit is not None else "recognised"
    with duckdb.connect() as cur:
        try:
            try:
                analysis = analyse(
                    cur, Path(path), kind, name, explicit, table=table, registered_extras=False
                )
            except Unrecognised as exc:
                explicit, source = ColumnMapping.load(exc.proposal.mapping), "proposed"
                proposal = exc.proposal
                if not proposal.complete:
                    error = unrecognised_error(name, proposal.mapping, exc.staged.columns)
                    return DryRun(
                        ready=False,
                        mapping_source=source,
                        mapping=proposal.mapping,
                        fields=proposal.fields,
                        columns=proposal.columns,
                        problems=[problem(error)],
                    )
                analysis = analyse(
                    cur, Path(path), kind, name, explicit, table=table, registered_extras=False
                )
                analysis.proposal = proposal
        except CmoError as exc:
            return DryRun(
                ready=False,
                mapping_source=source,
                mapping=mapping_dict(explicit, table),
                problems=[problem(exc)],
            )
        return _dry_run(cur, analysis, name, explicit, source, table)


def _dry_run(
    cur: duckdb.DuckDBPyConnection,
    analysis: Analysis,
    name: str,
    explicit: ColumnMapping | None,
    source: str,
    table: str | None,
) -> DryRun:
    plan = analysis.plan
    report = build_report(cur, analysis, name, "", mapping_dict(explicit, table))
    report.status = "dry_run"
    problems = (
        []
        if count_kept(cur)
        else [{"code": "no_rows", "message": f"'{name}' has no data rows I could use."}]
    )
    execute(cur, sqlbuild.new_rows_sql(plan), {})
    preview = _fetch(
        cur,
        f"SELECT * EXCLUDE (row_fp, row_seq) FROM {sqlbuild.NEW} ORDER BY date "
        f"LIMIT {PREVIEW_ROWS}",
    )
    finish_report(cur, report, count_kept(cur))
    proposal = analysis.proposal or propose(cur, plan.columns)
    mapping = (
        proposal.mapping
        if source == "proposed"
        else (mapping_dict(explicit, table) if explicit is not None else _as_mapping(plan))
    )
    return DryRun(
        ready=not problems,
        mapping_source=source,
        mapping=mapping,
        fields=proposal.fields if source == "proposed" else [],
        columns=column_infos(cur, plan.columns),
        preview=[{k: _jsonable(v) for k, v in row.items()} for row in preview],
        totals=_totals(cur, plan),
        problems=problems,
        report=report,
    )


def _as_mapping(plan: Any) -> dict[str, Any]:
    """A recognised export's mapping, in the shape a user would write it."""
    out: dict[str, Any] = {k: v for k, v in plan.fields.items()}
    out.update(plan.constants)
    measures = {
        n: s for n, (k, s) in plan.extras.items() if k == "measure" and n not in split_exprs(plan)
    }
    dims = [s for _, (k, s) in plan.extras.items() if k == "dimension"]
    if measures:
        out["measures"] = measures
    if dims:
        out["dimensions"] = dims
    if plan.explicit_date_format:
        out["date_format"] = plan.explicit_date_format
    return out


def _fetch(cur: duckdb.DuckDBPyConnection, sql: str) -> list[dict[str, Any]]:
    result = cur.execute(sql)
    names = [d[0] for d in result.description]
    return [dict(zip(names, row, strict=True)) for row in result.fetchall()]


def _jsonable(value: Any) -> Any:
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if isinstance(value, float):
        return round(value, 6)
    return value


def _totals(cur: duckdb.DuckDBPyConnection, plan: Any) -> dict[str, dict[str, float | None]]:
    measures = sorted(sqlbuild.reported_measures(plan))
    if not measures:
        return {}
    sums = ", ".join(f"round(sum({quote_ident(m)}), 6) AS {quote_ident(m)}" for m in measures)
    rows = _fetch(
        cur,
        f"SELECT coalesce(currency, '') AS __cur, {sums} FROM {sqlbuild.NEW} GROUP BY 1 ORDER BY 1",
    )
    return {r.pop("__cur"): r for r in rows}
