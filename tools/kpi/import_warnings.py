"""Import warnings after the import: shown on every KPI answer that uses the import, until the
user confirms the figures (`POST /workspaces/{id}/data/{import_id}/confirm`, `cmo data confirm`)
or replaces the import (a re-import with another mapping, or a delete).

Warnings live in the stored import report (`imports.report_json`); confirming sets its
`warnings_confirmed_at`. Nothing else in the schema changes, so older data dirs keep working.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import duckdb

from core.errors import NotFound
from core.stores.campaign_schema import IMPORTS_TABLE
from core.stores.campaigns import CampaignStore
from tools.kpi.import_report import ImportReport

_MAX_NOTES = 6


def open_warnings(cur: duckdb.DuckDBPyConnection) -> dict[str, tuple[str, list[str]]]:
    """import id → (file name, warning messages) for imports with unconfirmed warnings."""
    found: dict[str, tuple[str, list[str]]] = {}
    rows = cur.execute(f"SELECT id, file_name, report_json FROM {IMPORTS_TABLE}").fetchall()
    for import_id, file_name, report_json in rows:
        if not report_json or '"warnings":[]' in report_json.replace(" ", ""):
            continue
        report = ImportReport.model_validate_json(report_json)
        if report.warnings and report.warnings_confirmed_at is None:
            found[import_id] = (file_name, [w.message for w in report.warnings])
    return found


def warning_notes(pending: dict[str, tuple[str, list[str]]], used: set[str]) -> list[str]:
    """Notes for the unconfirmed warnings (`pending`, from `open_warnings`) of the imports
    whose rows the selection uses (`used`, found by the query's one pass)."""
    notes: list[str] = []
    for import_id in sorted(used & set(pending)):
        file_name, messages = pending[import_id]
        for message in messages:
            notes.append(
                f"Warning from import {import_id} ('{file_name}'): {message} Once checked, "
                f"confirm it (`cmo data confirm {import_id}`) or re-import with a mapping."
            )
    return notes[:_MAX_NOTES]


def read_report(workspace_dir: Path, import_id: str) -> ImportReport:
    store = CampaignStore(workspace_dir)
    if not store.exists:
        raise _unknown(import_id)
    with store.connect() as cur:
        row = cur.execute(
            f"SELECT report_json FROM {IMPORTS_TABLE} WHERE id = ?", [import_id]
        ).fetchone()
    if row is None or not row[0]:
        raise _unknown(import_id)
    return ImportReport.model_validate_json(row[0])


def confirm_import(workspace_dir: Path, import_id: str) -> ImportReport:
    """Mark an import's warnings as checked by the user; later answers stop repeating them."""
    store = CampaignStore(workspace_dir)
    if not store.exists:
        raise _unknown(import_id)
    with store.writing() as cur:
        row = cur.execute(
            f"SELECT report_json FROM {IMPORTS_TABLE} WHERE id = ?", [import_id]
        ).fetchone()
        if row is None or not row[0]:
            raise _unknown(import_id)
        report = ImportReport.model_validate_json(row[0])
        if report.warnings_confirmed_at is None:
            report.warnings_confirmed_at = datetime.now(UTC)
            cur.execute(
                f"UPDATE {IMPORTS_TABLE} SET report_json = ? WHERE id = ?",
                [report.model_dump_json(), import_id],
            )
    store.invalidate()
    return report


def _unknown(import_id: str) -> NotFound:
    return NotFound(
        f"no import '{import_id}' in this workspace; list them with GET /workspaces/{{id}}/data "
        "or `cmo data list`"
    )
