"""KPI figures by segment, shared by the drafts and the diagnosis; every figure comes from the
KPI engine (`run_kpi_query`), nothing here computes one.

- `rows_where` / `row_filter`: the (raw, formatted) rows of a grouped KPI result that pass a
  test, and the filter naming one row's group (for a figure's `filters`).
- "Who converts": `segment_dimension` finds the imported dimension that describes customers
  (industry, segment, company size); `who_converts` ranks its values by lead→customer rate;
  `outside_profile` says whether a segment is missing from a written profile. The positioning's
  best-fit check and the ICP's conversion evidence both use them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from core.stores.campaigns import DB_FILE, CampaignStore
from tools.kpi import KpiQuery, KpiResult, run_kpi_query
from tools.kpi.errors import NoCampaignData
from tools.strategy.elements import content_words
from tools.strategy.vocabulary import setting

Row = dict[str, Any]
SegmentRow = tuple[Row, dict[str, str]]  # raw values, and the same row formatted by the engine


def rows_where(result: KpiResult, keep: Callable[[Row], bool]) -> list[SegmentRow]:
    """(raw, formatted) row pairs of a KPI result whose raw row passes `keep`, in result order."""
    return [
        (row, shown)
        for row, shown in zip(result.rows, result.formatted_rows, strict=True)
        if keep(row)
    ]


def row_filter(dimension: str, row: Row) -> dict[str, list[str]]:
    """The filter that names one row's group, e.g. {"channel": ["Webinars"]}."""
    return {dimension: [str(row[dimension])]}


# -- who converts ---------------------------------------------------------------------------------
@dataclass(frozen=True)
class WhoConverts:
    """Lead→customer rate by one dimension, from the KPI engine: `rows` hold only the groups
    with enough leads to rank (`min_leads_for_rate`), best rate first."""

    dimension: str
    result: KpiResult
    rows: list[SegmentRow]

    @property
    def best(self) -> str | None:
        """The best-converting group's name; None when no group has enough leads."""
        return str(self.rows[0][0][self.dimension]) if self.rows else None


def segment_dimension(workspace_dir: Path) -> str | None:
    """An imported KPI dimension that describes customers (industry, segment, size), if any.
    Without imported campaign data it is None (and no database is created to find out)."""
    if not (Path(workspace_dir) / DB_FILE).is_file():
        return None
    extras = CampaignStore(workspace_dir).extra_columns()
    names = [n for n, kind in extras.items() if kind == "dimension"]
    return next((n for n in setting("segment_dimensions") if n in names), None)


def who_converts(workspace_dir: Path, dimension: str) -> WhoConverts | None:
    """Lead→customer rate, customers and leads by `dimension`, best first (KPI engine, all
    data); None when no campaign data is imported."""
    if not (Path(workspace_dir) / DB_FILE).is_file():
        return None
    try:
        result = run_kpi_query(
            workspace_dir,
            KpiQuery(
                metrics=["lead_to_customer_rate", "customers", "leads"],
                dimensions=[dimension],
                order="best",
            ),
        )
    except NoCampaignData:
        return None
    floor = int(setting("min_leads_for_rate"))
    rows = rows_where(
        result,
        lambda row: (
            (row.get("leads") or 0) >= floor and row.get("lead_to_customer_rate") is not None
        ),
    )
    return WhoConverts(dimension=dimension, result=result, rows=rows)


def outside_profile(segment: str, profile: str) -> bool:
    """Whether a segment (e.g. the best-converting industry) shares no content word with a
    written profile (best-fit characteristics, firmographics)."""
    return not (content_words(segment) & content_words(profile))
