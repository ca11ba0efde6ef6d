"""Fixtures for the KPI engine tests: fresh workspaces and the demo workspace (built once)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from agent.bootstrap import load_demo_data
from core.stores.campaign_schema import MEASURE_FIELDS
from core.stores.campaigns import CampaignStore
from knowledge_base.demo.campaigns import generate_demo_rows

REPO = Path(__file__).resolve().parents[3]
# A copy of ../shared/datasets (public data, "use it in tests and demos"): CI clones alone.
SHARED_DATASETS = REPO / "tests" / "fixtures" / "datasets"


@pytest.fixture
def workspace(tmp_path: Path) -> Iterator[Path]:
    ws = tmp_path / "ws"
    ws.mkdir()
    yield ws
    CampaignStore(ws).close()


@pytest.fixture(scope="session")
def demo_rows() -> list[dict[str, Any]]:
    return generate_demo_rows(seed=7)


@pytest.fixture(scope="session")
def demo_workspace(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    ws = tmp_path_factory.mktemp("demo_ws")
    load_demo_data(ws)
    yield ws
    CampaignStore(ws).close()


def write(path: Path, text: str, encoding: str = "utf-8") -> Path:
    path.write_text(text, encoding=encoding)
    return path


def store_sums(ws: Path, where: str = "TRUE", params: list | None = None) -> dict[str, Any]:
    """Raw sums straight from the fact table, to compare with sums computed in the test."""
    measures = MEASURE_FIELDS
    with CampaignStore(ws).connect() as cur:
        cursor = cur.execute(
            f"SELECT count(*) AS n, {', '.join(f'sum({m}) AS {m}' for m in measures)} "
            f"FROM facts WHERE {where}",
            params or [],
        )
        names = [d[0] for d in cursor.description]
        return dict(zip(names, cursor.fetchone(), strict=True))
