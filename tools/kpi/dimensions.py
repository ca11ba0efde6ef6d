"""Governed dimensions: the canonical ones, date grains, and the workspace's imported extras.

Each dimension resolves to a fixed SQL expression built from a governed identifier, never from
the user's words; filter values travel as parameters and match case-insensitively.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Any

import duckdb

from core.stores.campaign_schema import DIMENSION_FIELDS, FACT_TABLE, quote_ident
from tools.kpi.errors import UnknownDimension, UnknownFilterValue, did_you_mean, listing, nearest

#: grain → (expression to group by: a DATE, cheap; text form used by filters)
DATE_GRAINS: dict[str, tuple[str, str]] = {
    "day": ("date", "strftime(date, '%Y-%m-%d')"),
    "week": (
        "CAST(date_trunc('week', date) AS DATE)",
        "strftime(date_trunc('week', date), '%Y-%m-%d')",
    ),
    "month": ("CAST(date_trunc('month', date) AS DATE)", "strftime(date, '%Y-%m')"),
    "quarter": (
        "CAST(date_trunc('quarter', date) AS DATE)",
        "CAST(year(date) AS VARCHAR) || '-Q' || CAST(quarter(date) AS VARCHAR)",
    ),
    "year": ("CAST(date_trunc('year', date) AS DATE)", "CAST(year(date) AS VARCHAR)"),
}
MAX_CACHED_VALUES = 20_000
SYNONYMS: dict[str, str] = {
    "date": "day",
    "daily": "day",
    "days": "day",
    "weekly": "week",
    "weeks": "week",
    "monthly": "month",
    "months": "month",
    "quarterly": "quarter",
    "quarters": "quarter",
    "yearly": "year",
    "annual": "year",
    "years": "year",
    "channels": "channel",
    "source": "channel",
    "sources": "channel",
    "platform": "channel",
    "platforms": "channel",
    "campaigns": "campaign",
    "ad_groups": "ad_group",
    "adgroup": "ad_group",
    "ad_set": "ad_group",
    "adset": "ad_group",
    "ad_sets": "ad_group",
    "adsets": "ad_group",
    "ads": "ad",
    "creative": "ad",
    "creatives": "ad",
}


@dataclass(frozen=True)
class Dimension:
    name: str
    sql: str  # what the query groups by
    label_sql: str  # its text form, compared with filter values
    is_date: bool = False

    def label(self, value: Any) -> Any:
        """Date groups come back as dates; show them as 2026-03-02, 2026-03, 2026-Q1, 2026."""
        if not self.is_date or not isinstance(value, date):
            return value
        if self.name == "month":
            return f"{value:%Y-%m}"
        if self.name == "quarter":
            return f"{value.year}-Q{(value.month - 1) // 3 + 1}"
        if self.name == "year":
            return str(value.year)
        return value.isoformat()[:10]


def _key(name: str) -> str:
    return re.sub(r"[\s\-]+", "_", name.strip().lower())


def available(extra_dimensions: list[str]) -> dict[str, Dimension]:
    dims = {g: Dimension(g, group, label, True) for g, (group, label) in DATE_GRAINS.items()}
    for name in (*DIMENSION_FIELDS, *extra_dimensions):
        dims[name] = Dimension(name, quote_ident(name), quote_ident(name))
    return dims


def resolve_dimension(name: str, dims: dict[str, Dimension]) -> Dimension:
    """A dimension by name or synonym; UnknownDimension lists the real ones otherwise."""
    key = _key(name)
    key = SYNONYMS.get(key, key)
    if key in dims:
        return dims[key]
    raise UnknownDimension(
        f"Unknown dimension '{name}'.{did_you_mean(key, dims)} Dimensions: {listing(dims)}."
    )


def filter_clause(dim: Dimension, param: str) -> str:
    return f"list_contains(${param}, lower(CAST({dim.label_sql} AS VARCHAR)))"


def known_values(cur: duckdb.DuckDBPyConnection, dim: Dimension) -> dict[str, str] | None:
    """lower-case → stored spelling of every value (None when there are too many to cache)."""
    rows = cur.execute(
        f"SELECT DISTINCT CAST({dim.label_sql} AS VARCHAR) AS v FROM {FACT_TABLE} "
        f"WHERE v IS NOT NULL LIMIT {MAX_CACHED_VALUES + 1}"
    ).fetchall()
    if len(rows) > MAX_CACHED_VALUES:
        return None
    return {r[0].lower(): r[0] for r in rows}


def check_filter_values(
    cur: duckdb.DuckDBPyConnection,
    dim: Dimension,
    values: list[str],
    known: dict[str, str] | None = None,
) -> list[str]:
    """The existing spellings of the requested values; an error names any that do not exist."""
    wanted = [v.strip().lower() for v in values]
    if known is None:
        known = dict(
            cur.execute(
                f"SELECT DISTINCT lower(CAST({dim.label_sql} AS VARCHAR)) AS k, "
                f"CAST({dim.label_sql} AS VARCHAR) FROM {FACT_TABLE} WHERE list_contains($v, k)",
                {"v": wanted},
            ).fetchall()
        )
    found = known
    missing = [v for v, k in zip(values, wanted, strict=True) if k not in found]
    if missing:
        existing = [
            r[0]
            for r in cur.execute(
                f"SELECT DISTINCT CAST({dim.label_sql} AS VARCHAR) AS v FROM {FACT_TABLE} "
                "WHERE v IS NOT NULL ORDER BY v LIMIT 200"
            ).fetchall()
        ]
        hint = nearest(missing[0], existing)
        suggestion = f" Did you mean '{hint}'?" if hint else ""
        raise UnknownFilterValue(
            f"No {dim.name} called '{missing[0]}' in this workspace's data.{suggestion} "
            f"Existing values: {listing(existing)}."
        )
    return [found[k] for k in wanted]
