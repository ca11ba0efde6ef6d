"""What a workspace can be asked: its governed metrics and its dimensions (for GET /metrics)."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import BaseModel

from core.stores.campaign_schema import DIMENSION_FIELDS
from core.stores.campaigns import DB_FILE, CampaignStore
from tools.kpi.dimensions import DATE_GRAINS
from tools.kpi.metrics import base_metrics, imported_measure_metric, load_registry


class MetricOut(BaseModel):
    name: str
    label: str
    synonyms: list[str]
    formula: str
    unit: str
    format: str | None
    higher_is_better: bool | None
    description: str
    source: Literal["built-in", "imported", "workspace"]


class DimensionOut(BaseModel):
    name: str
    kind: Literal["date", "canonical", "imported"]


class MetricsCatalogue(BaseModel):
    metrics: list[MetricOut]
    dimensions: list[DimensionOut]


def describe_metrics(workspace_dir: Path) -> MetricsCatalogue:
    """Built-in and workspace metrics (validated as they load), date grains, canonical and
    imported dimensions. Reading never creates a database."""
    extras: dict[str, str] = {}
    if (Path(workspace_dir) / DB_FILE).is_file():
        extras = dict(CampaignStore(workspace_dir).extra_columns())
    registry = load_registry(workspace_dir, [n for n, k in extras.items() if k == "measure"])
    builtin = {m.name: m for m in base_metrics()}
    imported = {n: imported_measure_metric(n) for n, k in extras.items() if k == "measure"}
    metrics = [
        MetricOut(
            **c.metric.model_dump(
                include={
                    "name",
                    "label",
                    "synonyms",
                    "formula",
                    "unit",
                    "format",
                    "higher_is_better",
                    "description",
                }
            ),
            source="built-in"
            if builtin.get(name) == c.metric
            else "imported"
            if imported.get(name) == c.metric
            else "workspace",
        )
        for name, c in registry.metrics.items()
    ]
    dimensions = [DimensionOut(name=g, kind="date") for g in DATE_GRAINS]
    dimensions += [DimensionOut(name=d, kind="canonical") for d in DIMENSION_FIELDS]
    dimensions += [
        DimensionOut(name=n, kind="imported") for n, k in sorted(extras.items()) if k == "dimension"
    ]
    return MetricsCatalogue(metrics=metrics, dimensions=dimensions)
