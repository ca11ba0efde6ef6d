"""A workspace's own metrics, created, checked, listed and removed without editing files by hand.

They live in `<workspace>/metrics.yaml` (`metrics:` list, optional `synonyms:`), the file the
metrics layer already reads. Each change is validated as the whole file would load — the formula
compiles over known measures (built-in and imported), names and synonyms do not clash — and only
then written atomically under the workspace's metrics lock. A built-in metric is never redefined.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from core.errors import NotFound
from core.files import atomic_write_text
from core.locks import exclusive
from core.stores.campaign_schema import MEASURE_FIELDS
from core.stores.campaigns import DB_FILE, CampaignStore
from tools.kpi.errors import InvalidMetricDefinition
from tools.kpi.metrics import (
    BUILTIN,
    IMPORTED,
    WORKSPACE_FILE,
    MetricDef,
    MetricRegistry,
    base_metrics,
    imported_measure_metric,
    normalize_phrase,
)

SOURCE = "workspace metrics"


def _path(workspace_dir: Path) -> Path:
    return Path(workspace_dir) / WORKSPACE_FILE


def _read(workspace_dir: Path) -> dict[str, Any]:
    path = _path(workspace_dir)
    if not path.is_file():
        return {"metrics": []}
    try:
        raw = yaml.safe_load(path.read_text("utf-8")) or {}
    except yaml.YAMLError as exc:
        raise InvalidMetricDefinition(f"{path.name} is not valid YAML: {exc}") from exc
    if not isinstance(raw, dict):
        raise InvalidMetricDefinition(f"{path.name} must hold a 'metrics:' list.")
    raw.setdefault("metrics", [])
    return raw


def list_workspace_metrics(workspace_dir: Path) -> list[MetricDef]:
    return [MetricDef.model_validate(m) for m in _read(workspace_dir)["metrics"] or []]


def _extra_measures(workspace_dir: Path) -> list[str]:
    if not (Path(workspace_dir) / DB_FILE).is_file():
        return []
    return [n for n, k in CampaignStore(workspace_dir).extra_columns().items() if k == "measure"]


def validate(workspace_dir: Path, raw: dict[str, Any]) -> None:
    """Load `raw` as the workspace file would load; InvalidMetricDefinition says what is wrong."""
    extras = _extra_measures(workspace_dir)
    registry = MetricRegistry(
        list(base_metrics()), frozenset(MEASURE_FIELDS) | frozenset(extras), BUILTIN
    )
    for name in extras:
        if normalize_phrase(name) not in registry.phrases():
            registry.add(imported_measure_metric(name), IMPORTED)
    builtin = {m.name for m in base_metrics()}
    for item in raw.get("metrics", []) or []:
        try:
            metric = MetricDef.model_validate(item)
        except ValidationError as exc:
            err = exc.errors()[0]
            raise InvalidMetricDefinition(
                f"Metric {item.get('name', '?') if isinstance(item, dict) else '?'}: field "
                f"'{'.'.join(str(p) for p in err['loc'])}': {err['msg']}."
            ) from exc
        if metric.name in builtin:
            raise InvalidMetricDefinition(
                f"'{metric.name}' is a built-in metric; give the workspace's metric another name."
            )
        registry.add(metric, SOURCE)
    for name, phrases in (raw.get("synonyms") or {}).items():
        for phrase in [phrases] if isinstance(phrases, str) else phrases:
            registry.add_synonym(str(phrase), str(name), SOURCE)


def save_metric(workspace_dir: Path, metric: MetricDef, *, dry_run: bool = False) -> MetricDef:
    """Add (or replace, by name) one metric; with `dry_run` only validate it."""
    path = _path(workspace_dir)
    with exclusive(path.with_suffix(".lock")):
        raw = _read(workspace_dir)
        kept = [
            m for m in raw["metrics"] if not (isinstance(m, dict) and m.get("name") == metric.name)
        ]
        stored = metric.model_dump(exclude_none=True, exclude_defaults=True)
        stored.update(
            name=metric.name,
            label=metric.label,
            formula=metric.formula,
            unit=metric.unit,
            higher_is_better=metric.higher_is_better,
        )
        raw["metrics"] = [*kept, stored]
        validate(workspace_dir, raw)
        if not dry_run:
            atomic_write_text(path, yaml.safe_dump(raw, sort_keys=False, allow_unicode=True))
    return metric


def _without(metrics: list[Any], name: str) -> list[Any]:
    return [m for m in metrics if not (isinstance(m, dict) and m.get("name") == name)]


def remove_metric(workspace_dir: Path, name: str) -> None:
    path = _path(workspace_dir)
    with exclusive(path.with_suffix(".lock")):
        raw = _read(workspace_dir)
        kept = _without(raw["metrics"], name)
        if len(kept) == len(raw["metrics"]):
            raise NotFound(
                f"the workspace has no metric '{name}' of its own; built-in metrics cannot be "
                "removed (GET /workspaces/{id}/metrics lists them with their source)"
            )
        raw["metrics"] = kept
        synonyms = raw.get("synonyms") or {}
        synonyms.pop(name, None)
        validate(workspace_dir, raw)
        atomic_write_text(path, yaml.safe_dump(raw, sort_keys=False, allow_unicode=True))
