"""What an import (or a dry run) tells the person who ran it: the shapes returned by the API.

`ImportReport` is stored with each import and returned by `POST /workspaces/{id}/data`;
`DryRun` is returned by `POST /workspaces/{id}/data?dry_run=true` and `cmo import --dry-run`,
and is what a mapping form is built on: the mapping (recognised, given or proposed), each
field's column with the values seen, every column of the table, the rows as they would be
stored, the totals per currency, the warnings, and the problems that would stop the import.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, Literal

from pydantic import BaseModel, Field

from tools.kpi.layout import LeftOut
from tools.kpi.plausibility import ImportWarning
from tools.kpi.proposal import ColumnInfo, FieldProposal


class ExtraColumnInfo(BaseModel):
    name: str
    kind: Literal["dimension", "measure"]
    source: str


class TableInfo(BaseModel):
    """A table found in the file: a CSV's tables are "1", "2"…; a workbook's are named by
    sheet ("Campaigns", then "Campaigns#2" for a second table on that sheet)."""

    id: str
    header_line: int
    columns: list[str]
    rows: int
    chosen: bool


class ImportReport(BaseModel):
    """What an import did, in terms a person can check against the file."""

    status: Literal["imported", "already_imported", "replaced", "dry_run"]
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
    cleaning_actions: list[str] = Field(
        default_factory=list, description="every value cleaned or reinterpreted, and why"
    )
    table: str | None = Field(default=None, description="the table imported (see `tables`)")
    tables: list[TableInfo] = Field(default_factory=list)
    left_out: list[LeftOut] = Field(
        default_factory=list, description="lines that are not rows of the imported table"
    )
    number_formats: dict[str, str] = Field(
        default_factory=dict, description="number column → 'decimal point' | 'decimal comma'"
    )
    scales: dict[str, float] = Field(default_factory=dict, description="field → factor applied")
    warnings: list[ImportWarning] = Field(default_factory=list)
    warnings_confirmed_at: datetime | None = None
    checks_passed: list[str] = Field(default_factory=list)
    mapping_used: dict[str, Any] = Field(
        default_factory=dict, description="the explicit mapping given, if any"
    )
    replaced_import: str | None = None
    message: str = ""


class DryRun(BaseModel):
    """Everything an import would do, with nothing written."""

    dry_run: Literal[True] = True
    ready: bool = Field(description="true when a real import with `mapping` would succeed")
    mapping_source: Literal["recognised", "given", "proposed"]
    mapping: dict[str, Any] = Field(
        description="send back as the `mapping` field (YAML or JSON) to import with it"
    )
    fields: list[FieldProposal] = Field(default_factory=list)
    columns: list[ColumnInfo] = Field(default_factory=list)
    preview: list[dict[str, Any]] = Field(
        default_factory=list, description="the first rows as they would be stored"
    )
    totals: dict[str, dict[str, float | None]] = Field(
        default_factory=dict, description="currency ('' when none) → measure → sum"
    )
    problems: list[dict[str, str]] = Field(
        default_factory=list, description="{code, message} of what would stop the import"
    )
    report: ImportReport | None = None
