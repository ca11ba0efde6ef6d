"""The server's start-up work, done in the background while requests are already served.

`begin_serving(settings)` is the first thing a server does: it builds the services (the
embedding model, the vector store) and starts indexing the playbooks in a thread. It imports
little, so `cmo serve` calls it before importing the app (FastAPI, LangGraph, the tools), and
the playbooks embed while the rest loads. The app's lifespan then warms up the offline model
(`Startup.step`) and queues the demo workspace's documents behind the playbooks
(`Startup.index`).

Each index is held while it fills (`HybridIndex.hold_searches`): a question that searches it
waits for it, every other request (a KPI question, a calendar, the workspace list) is
answered at once. `status()` is what `GET /readyz` reports: each step's state and progress
(files done, passages embedded), and the error if a step failed. On a data directory
indexed before, the steps find every file unchanged and finish in a moment.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Literal

from core.embeddings import Embedder
from core.services import Services, build_services
from core.settings import Settings
from core.stores.hybrid_index import HybridIndex
from knowledge_base import PLAYBOOKS_DIR
from knowledge_base.ingest import index_markdown_folder
from knowledge_base.pipeline import Embedded, IndexingCancelled, Progress

log = logging.getLogger(__name__)
StepState = Literal["waiting", "running", "done", "failed", "cancelled"]
Work = Callable[[Progress, Embedded, threading.Event], object]


@dataclass
class Step:
    """One piece of start-up work as readiness shows it."""

    state: StepState = "waiting"
    files: list[int] = field(default_factory=lambda: [0, 0])  # done, in all
    passages: list[int] = field(default_factory=lambda: [0, 0])  # embedded, to embed
    seconds: float | None = None

    def as_dict(self) -> dict[str, Any]:
        return {
            "state": self.state,
            "files": list(self.files),
            "passages": list(self.passages),
            "seconds": self.seconds,
        }


@dataclass
class _Job:
    name: str
    work: Work
    release: Callable[[], None]  # lets the searches of the index it fills through


class Startup:
    """Background start-up work and its progress, for one server process."""

    def __init__(self, services: Services) -> None:
        self.services = services
        self.steps: dict[str, Step] = {}
        self._errors: list[str] = []
        self._queue: list[_Job] = []
        self._changed = threading.Condition()
        self._indexer: threading.Thread | None = None
        self._threads: list[threading.Thread] = []
        self._cancel = threading.Event()
        self._began = time.monotonic()

    def index(self, name: str, index: HybridIndex, work: Work) -> None:
        """Fill `index` with `work(progress, embedded, cancel)` after the indexing queued
        before (one at a time: each uses every core); its searches wait until then."""
        job = _Job(name, work, index.hold_searches())
        with self._changed:
            self.steps[name] = Step()
            self._queue.append(job)
            if self._indexer is None:
                self._indexer = self._start(self._index_queue, "cmo-startup-index")

    def step(self, name: str, work: Callable[[], object]) -> None:
        """Run `work()` now, in this thread, shown as a step (the model's warm-up)."""
        with self._changed:
            self.steps[name] = Step()
        self._run(_Job(name, lambda p, e, c: work(), lambda: None))

    def _start(self, target: Callable[[], None], name: str) -> threading.Thread:
        thread = threading.Thread(target=target, name=name, daemon=True)
        self._threads.append(thread)
        thread.start()
        return thread

    def _index_queue(self) -> None:
        while True:
            with self._changed:
                if not self._queue:
                    self._indexer = None
                    return
                job = self._queue.pop(0)
            self._run(job)

    def _run(self, job: _Job) -> None:
        step = self.steps[job.name]
        step.state = "running"
        started = time.monotonic()

        def files(done: int, total: int, _: str) -> None:
            step.files = [done, total]

        def passages(done: int, total: int) -> None:
            step.passages = [done, total]

        try:
            if self._cancel.is_set():
                raise IndexingCancelled("the server is stopping")
            job.work(files, passages, self._cancel)
            step.state = "done"
            log.info("start-up: %s done in %.1f s", job.name, time.monotonic() - started)
        except IndexingCancelled:
            step.state = "cancelled"
        except Exception as exc:  # the next step may still work: go on, and say so
            log.exception("start-up step %r failed", job.name)
            step.state = "failed"
            self._errors.append(f"{job.name}: {exc}")
        finally:
            job.release()  # searches go ahead on what there is, whatever happened
            step.seconds = round(time.monotonic() - started, 2)
            with self._changed:
                self._changed.notify_all()

    def stop(self, timeout_s: float = 60) -> None:
        """Cancel what is left (between embedding batches) and wait for the threads."""
        self._cancel.set()
        for thread in list(self._threads):
            thread.join(timeout_s)

    def wait(self, timeout_s: float | None = None) -> bool:
        """Block until every step has ended; False if `timeout_s` passed first."""
        with self._changed:
            return self._changed.wait_for(self._ended, timeout_s)

    def _ended(self) -> bool:
        return all(s.state not in ("waiting", "running") for s in self.steps.values())

    @property
    def ready(self) -> bool:
        with self._changed:
            return all(s.state == "done" for s in self.steps.values())

    @property
    def error(self) -> str | None:
        return "; ".join(self._errors) or None

    def status(self) -> dict[str, Any]:
        """'ready', 'starting' or 'failed' (with the error), and every step's progress."""
        with self._changed:
            steps = {name: step.as_dict() for name, step in self.steps.items()}
        state = "ready" if self.ready else "failed" if self._errors else "starting"
        body: dict[str, Any] = {
            "status": state,
            "seconds": round(time.monotonic() - self._began, 2),
            "steps": steps,
        }
        if self._errors:
            body["error"] = f"start-up failed: {self.error}; see the server log, fix, restart"
        return body


def begin_serving(settings: Settings, embedder: Embedder | None = None) -> Startup:
    """The services, with the playbooks already indexing in the background."""
    services = build_services(settings, embedder)
    startup = Startup(services)
    playbooks = services.playbook_index()

    def index_playbooks(progress: Progress, embedded: Embedded, cancel: threading.Event) -> None:
        report = index_markdown_folder(playbooks, PLAYBOOKS_DIR, progress, embedded, cancel)
        log.info("playbooks: %s", report.summary())

    startup.index("playbooks", playbooks, index_playbooks)
    # The vector store opens (about a second: chromadb's import) while the playbooks embed,
    # rather than before they start or after they are embedded (`LazyChroma`).
    threading.Thread(
        target=_open_store, args=(services,), name="cmo-open-store", daemon=True
    ).start()
    return startup


def _open_store(services: Services) -> None:
    try:
        getattr(services.chroma, "client", lambda: None)()
    except Exception:  # the first use opens it again and reports the error where it matters
        log.exception("could not open the vector store")
