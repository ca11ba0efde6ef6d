"""The compiled form of a KPI query and the facts gathered beside its answer.

Shared by the query engine (`query.py`), which builds them, and the report (`report.py`),
which turns them into the parts of a result a person reads.
"""

from __future__ import annotations

from dataclasses import dataclass

from tools.kpi.dimensions import Dimension
from tools.kpi.metrics import CompiledMetric


@dataclass
class CompiledQuery:
    """A query with every name resolved to governed SQL."""

    metrics: list[CompiledMetric]
    dims: list[Dimension]
    filters: list[tuple[Dimension, list[str]]]
    order_metric: CompiledMetric | None
    descending: bool
    top_n: int | None


@dataclass
class Diagnostics:
    totals: dict[str, float | None]
    rows: int
    currencies: list[str]
    measure_counts: dict[str, int]
    mixed_rows: dict[str, int]
