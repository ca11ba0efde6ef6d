"""Canonical schema of the campaign fact table.

Every importer maps a platform export onto these columns so that one governed metrics
layer can answer questions across Google Ads, Meta, LinkedIn, GA4 and CRM exports alike.
Extra columns of a file are kept as typed extras (text dimensions or numeric measures)
under sanitised names; the names are registered so that queries can only ever refer to
identifiers that this module produced.
"""

from __future__ import annotations

import re
from typing import Literal

FACT_TABLE = "facts"
IMPORTS_TABLE = "imports"
EXTRAS_TABLE = "extra_columns"

#: Text dimensions every row may carry (beside the date).
DIMENSION_FIELDS: tuple[str, ...] = ("channel", "campaign", "ad_group", "ad")
#: Additive base measures; every metric is a formula over SUMs of these.
MEASURE_FIELDS: tuple[str, ...] = (
    "impressions",
    "clicks",
    "spend",
    "conversions",
    "leads",
    "mqls",
    "sqls",
    "opportunities",
    "customers",
    "revenue",
    "pipeline",
)
#: All canonical fields a mapping may target, in table order.
CANONICAL_FIELDS: tuple[str, ...] = ("date", *DIMENSION_FIELDS, *MEASURE_FIELDS, "currency")
#: Bookkeeping columns: which import a row came from and how it is deduplicated.
META_COLUMNS: tuple[str, ...] = ("source_file", "import_id", "row_fp", "row_seq")
RESERVED_NAMES = frozenset(CANONICAL_FIELDS + META_COLUMNS)

ExtraKind = Literal["dimension", "measure"]

_IDENT_RE = re.compile(r"^[a-z][a-z0-9_]{0,62}$")


def sanitize_identifier(name: str) -> str:
    """Turn a source header into a safe lower_snake identifier ("Conv. value" → "conv_value").

    Reserved canonical names get an `x_` prefix so an extra column never shadows a canonical one.
    """
    ident = re.sub(r"[^a-z0-9]+", "_", name.strip().lower()).strip("_")
    if not ident:
        ident = "column"
    if ident[0].isdigit():
        ident = f"x_{ident}"
    ident = ident[:60]
    if ident in RESERVED_NAMES:
        ident = f"x_{ident}"
    return ident


def is_safe_identifier(name: str) -> bool:
    """True for identifiers this module can produce; the query compiler refuses anything else."""
    return bool(_IDENT_RE.match(name))


def quote_ident(name: str) -> str:
    """Quote a governed identifier for SQL. Raises on anything that was not sanitised."""
    if not is_safe_identifier(name):
        raise ValueError(f"refusing to use {name!r} as an SQL identifier")
    return f'"{name}"'


def quote_source_column(name: str) -> str:
    """Quote a column name read from a file header (escaping quotes), for staging queries."""
    return '"' + name.replace('"', '""') + '"'


def create_statements() -> list[str]:
    """DDL for a new workspace database; idempotent."""
    measures = ",\n    ".join(f"{m} DOUBLE" for m in MEASURE_FIELDS)
    dims = ",\n    ".join(f"{d} VARCHAR" for d in DIMENSION_FIELDS)
    return [
        f"""CREATE TABLE IF NOT EXISTS {FACT_TABLE} (
    date DATE NOT NULL,
    {dims},
    {measures},
    currency VARCHAR,
    source_file VARCHAR NOT NULL,
    import_id VARCHAR NOT NULL,
    row_fp UHUGEINT NOT NULL,
    row_seq BIGINT NOT NULL
)""",
        f"""CREATE TABLE IF NOT EXISTS {IMPORTS_TABLE} (
    id VARCHAR PRIMARY KEY,
    file_name VARCHAR NOT NULL,
    file_hash VARCHAR NOT NULL UNIQUE,
    format VARCHAR NOT NULL,
    rows_read BIGINT NOT NULL,
    rows_imported BIGINT NOT NULL,
    imported_at TIMESTAMP NOT NULL,
    report_json VARCHAR
)""",
        f"""CREATE TABLE IF NOT EXISTS {EXTRAS_TABLE} (
    name VARCHAR PRIMARY KEY,
    kind VARCHAR NOT NULL,
    source_column VARCHAR NOT NULL,
    first_import_id VARCHAR NOT NULL
)""",
    ]


#: Export formats whose rows are CRM records (see tools.kpi.formats): they never report
#: spend, impressions, clicks or conversions, and deal exports no lead counts either.
CRM_CONTACT_FORMATS = ("hubspot_contacts", "salesforce_leads")
CRM_DEAL_FORMATS = ("hubspot_deals", "salesforce_opportunities")


def migration_statements() -> list[str]:
    """Idempotent repairs of data written by earlier releases, run when a database opens.

    Before 2026-11-30, CRM imports stored 0 for the measures a CRM export does not hold
    (spend, clicks…), so a cost per lead of CRM data read £0 instead of "no spend data".
    Those zeros become NULL ("not reported"); a row that holds a real figure is left alone."""

    def nulls(measures: tuple[str, ...], formats: tuple[str, ...]) -> str:
        sets = ", ".join(f"{m} = NULL" for m in measures)
        zero = " AND ".join(f"{m} = 0" for m in measures)
        names = ", ".join(f"'{f}'" for f in formats)
        return (
            f"UPDATE {FACT_TABLE} SET {sets} WHERE {zero} AND import_id IN "
            f"(SELECT id FROM {IMPORTS_TABLE} WHERE format IN ({names}))"
        )

    unreported = ("impressions", "clicks", "spend", "conversions")
    return [
        nulls(unreported, CRM_CONTACT_FORMATS + CRM_DEAL_FORMATS),
        nulls(("leads", "mqls", "sqls"), CRM_DEAL_FORMATS),
    ]
