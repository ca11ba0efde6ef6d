"""What the parts of a benchmark run share: its sizes, one embedder, one scratch folder, and
a data directory prepared once (playbooks indexed, demo seeded) for the chat parts."""

from __future__ import annotations

import shutil
import tempfile
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from core.embeddings import Embedder


@dataclass
class BenchConfig:
    """Sizes of a run. The defaults take a few minutes on 2 idle cores."""

    rounds: int = 7  # ingestion and playbook indexing: interleaved rounds (after a warm-up)
    files: int = 0  # ingestion and playbooks: how many of the files (0: all)
    kpi_rows: int = 1_000_000  # synthetic campaign rows for the large KPI dataset
    kpi_rounds: int = 30  # per question and dataset
    questions: int = 30  # /chat search turns and overhead turns
    token_cases: int = 60  # eval cases replayed for tokens per turn
    sessions: int = 50  # concurrent streaming sessions
    session_turns: int = 2  # turns per session
    sequential_turns: int = 20  # turns measured one at a time for the CPU time of a turn
    startup_runs: int = 1  # servers started on an empty data directory
    prepared_dir: Path | None = None  # an already prepared data dir to copy (tests)


@dataclass
class Bench:
    """One run's shared resources; call `close()` (or use `with`) to remove the scratch."""

    config: BenchConfig = field(default_factory=BenchConfig)
    _tmp: tempfile.TemporaryDirectory[str] = field(
        default_factory=lambda: tempfile.TemporaryDirectory(prefix="cmo-bench-")
    )

    @property
    def root(self) -> Path:
        return Path(self._tmp.name)

    @cached_property
    def embedder(self) -> Embedder:
        embedder = Embedder()
        embedder.embed(["warm up"])
        return embedder

    @cached_property
    def prepared(self) -> Path:
        """A data directory with the playbooks indexed, the demo workspace seeded and the
        eval fixture workspaces added; parts copy it rather than change it."""
        target = self.root / "prepared"
        if self.config.prepared_dir is not None:
            shutil.copytree(self.config.prepared_dir, target)
        else:
            from agent.bootstrap import prepare_data
            from core.services import build_services
            from core.settings import Settings

            prepare_data(build_services(Settings(data_dir=target, _env_file=None), self.embedder))
        self._add_fixtures(target)
        return target

    def _add_fixtures(self, data_dir: Path) -> None:
        from agent.bootstrap import ingest_paths
        from core.services import build_services
        from core.settings import Settings
        from evals.runner import seed_fixture_workspaces

        services = build_services(Settings(data_dir=data_dir, _env_file=None), self.embedder)
        seed_fixture_workspaces(services, ingest_paths)

    def data_copy(self, name: str) -> Path:
        """A fresh copy of the prepared data directory."""
        target = self.root / name
        shutil.copytree(self.prepared, target)
        return target

    def close(self) -> None:
        self._tmp.cleanup()

    def __enter__(self) -> Bench:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
