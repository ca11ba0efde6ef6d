"""What a workspace's imported data names, for the KPI grammar: channels, campaigns, each
campaign's channel, metric phrases (its own metrics.yaml included), imported dimensions and
their values, and the latest data date. Read once per import (the store's memo)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

__all__ = ["workspace_vocabulary"]


def workspace_vocabulary(workspace_dir: Path) -> dict[str, Any]:
    """Keyword arguments for `extract_kpi_args` from a workspace: its channels, campaigns,
    metric phrases (including its own metrics.yaml) and imported dimensions. Empty lists when
    nothing is imported."""
    from core.stores.campaigns import DB_FILE, CampaignStore
    from tools.kpi.metrics import load_registry

    if not (Path(workspace_dir) / DB_FILE).is_file():
        return {
            "channels": [],
            "campaigns": [],
            "dimensions": [],
            "metric_phrases": load_registry(workspace_dir).phrases(),
        }
    store = CampaignStore(workspace_dir)
    # Read once per import: the store drops its memo whenever an import changes the data.
    facts = store.cached("offline_vocabulary", lambda: _data_vocabulary(store))
    measures = [n for n, k in facts["extras"].items() if k == "measure"]
    return {
        "channels": list(facts["channels"]),  # copies: the memo is shared
        "campaigns": list(facts["campaigns"]),
        "metric_phrases": load_registry(workspace_dir, measures).phrases(),
        "dimensions": sorted(n for n, k in facts["extras"].items() if k == "dimension"),
        "channel_of": dict(facts["channel_of"]),
        "campaign_ends": dict(facts["campaign_ends"]),
        "latest": facts["latest"],
        "dimension_values": {k: list(v) for k, v in facts["dimension_values"].items()},
    }


def _data_vocabulary(store: Any) -> dict[str, Any]:
    """What the imported data names: extra columns, channels, campaigns and each campaign's
    channel (the queries behind `workspace_vocabulary`)."""
    with store.connect() as cur:
        pairs = cur.execute(
            "SELECT campaign, min(channel), max(CASE WHEN coalesce(spend, 0) > 0 OR "
            "coalesce(impressions, 0) > 0 OR coalesce(leads, 0) > 0 THEN date END) "
            "FROM facts WHERE campaign IS NOT NULL GROUP BY campaign LIMIT 2000"
        ).fetchall()
    extras = store.extra_columns()
    return {
        "extras": extras,
        "channels": store.distinct_values("channel"),
        "campaigns": store.distinct_values("campaign", limit=2000),
        "channel_of": {str(c): str(ch) for c, ch, _ in pairs if ch is not None},
        "campaign_ends": {str(c): last for c, _, last in pairs if last is not None},
        "latest": bounds[1] if (bounds := store.date_bounds()) else None,
        "dimension_values": {
            name: found
            for name, kind in sorted(extras.items())
            if kind == "dimension" and len(found := store.distinct_values(name, limit=61)) <= 60
        },
    }
