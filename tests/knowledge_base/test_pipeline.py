"""Ingesting many files in one pipelined pass keeps every guarantee of ingesting them one by
one: atomic replace, skipped unchanged files, re-used vectors, per-file errors, crash safety."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from core.errors import UnreadableFile
from core.stores.hybrid_index import HybridIndex
from knowledge_base.documents import ingest_documents, list_documents
from knowledge_base.pipeline import IndexingCancelled, Parsed, SourceInput, index_sources

LIMIT = 25 * 1024 * 1024
ROOT = Path(__file__).resolve().parents[2]


class RecordingEmbedder:
    """Delegates to the real embedder and records each call's texts."""

    def __init__(self, inner: Any) -> None:
        self._inner = inner
        self.calls: list[list[str]] = []

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        self.calls.append(list(texts))
        vectors: np.ndarray = self._inner.embed(texts)
        return vectors


def _doc(topic: str, sections: int = 3) -> bytes:
    parts = [
        f"## {topic} part {i}\n\n{topic} note {i}: the team reviewed {topic} in week {i + 3}."
        for i in range(sections)
    ]
    return ("\n\n".join(parts) + "\n").encode()


def _files(**docs: bytes) -> list[tuple[str, Any]]:
    return [(name, lambda data=data: data) for name, data in docs.items()]


@pytest.fixture
def index(services: Any) -> HybridIndex:
    services.workspaces.create("acme")
    index: HybridIndex = services.document_index("acme")
    return index


def test_passages_of_all_files_are_embedded_in_one_pass(index: HybridIndex) -> None:
    recorder = RecordingEmbedder(index.embedder)
    index._embedder = recorder
    shared = b"## Boilerplate\n\nAll figures are in pounds sterling and exclude VAT.\n"
    outcomes = ingest_documents(
        index,
        _files(**{"a.md": _doc("pricing") + shared, "b.md": _doc("churn") + shared}),
        LIMIT,
    )
    assert [o.status for o in outcomes] == ["added", "added"]
    assert len(recorder.calls) == 1, "one embedding pass for the whole folder"
    texts = recorder.calls[0]
    assert len(texts) == len(set(texts)) == index.count() - 1, "a shared passage embeds once"
    hits = index.search("pounds sterling VAT", k=4)
    assert {h.chunk.source for h in hits[:2]} == {"a.md", "b.md"}


def test_a_bad_file_fails_alone_and_its_neighbours_are_stored(index: HybridIndex) -> None:
    def unreadable() -> bytes:
        raise UnreadableFile("gone.md: cannot be read (permission denied)")

    files = [
        ("a.md", lambda: _doc("pricing")),
        ("deck.pdf", lambda: b"not a pdf at all"),
        ("gone.md", unreadable),
        ("b.md", lambda: _doc("churn")),
    ]
    outcomes = ingest_documents(index, files, LIMIT)
    assert [o.status for o in outcomes] == ["added", "failed", "failed", "added"]
    assert outcomes[1].error and outcomes[1].error.message.startswith("deck.pdf")
    assert outcomes[2].error and "permission denied" in outcomes[2].error.message
    assert [d.name for d in list_documents(index)] == ["a.md", "b.md"]


def test_a_name_given_twice_is_stored_as_two_versions_in_order(index: HybridIndex) -> None:
    outcomes = ingest_documents(
        index,
        [
            ("notes.md", lambda: _doc("pricing")),
            ("other.md", lambda: _doc("churn")),
            ("Notes.md", lambda: _doc("onboarding")),
        ],
        LIMIT,
    )
    assert [o.status for o in outcomes] == ["added", "added", "replaced"]
    assert sorted(d.name for d in list_documents(index)) == ["Notes.md", "other.md"]
    texts = [h.chunk.text for h in index.search("pricing onboarding", k=10)]
    assert any("onboarding" in t for t in texts) and not any("pricing" in t for t in texts)


def test_unchanged_files_are_not_parsed_again(index: HybridIndex) -> None:
    def parse(data: bytes) -> Parsed:
        from knowledge_base.parsing.markdown import parse_markdown

        parsed.append(data)
        return Parsed("text/markdown", parse_markdown(data.decode()))

    parsed: list[bytes] = []
    inputs = [SourceInput("a", "a.md", lambda: _doc("pricing"), parse)]
    assert index_sources(index, inputs)[0].status == "added"
    assert index_sources(index, inputs)[0].status == "unchanged"
    assert len(parsed) == 1


def test_windows_are_stored_as_they_finish_and_progress_is_told(index: HybridIndex) -> None:
    done: list[tuple[int, int, str]] = []
    embedded: list[tuple[int, int]] = []
    inputs = [SourceInput(n, f"{n}.md", lambda n=n: _doc(n), _markdown) for n in ("a", "b", "c")]
    outcomes = index_sources(
        index,
        inputs,
        lambda *a: done.append(a),
        lambda *a: embedded.append(a),
        window_chunks=2,
    )
    assert [o.status for o in outcomes] == ["added"] * 3
    assert sorted(d[0] for d in done) == [1, 2, 3] and {d[1] for d in done} == {3}
    assert embedded[-1] == (index.count(), index.count())


def test_cancelling_leaves_unstored_files_as_they_were(index: HybridIndex) -> None:
    index_sources(index, [SourceInput("a", "a.md", lambda: _doc("pricing"), _markdown)])
    before = index.count()
    cancel = threading.Event()
    inputs = [
        SourceInput("a", "a.md", lambda: _doc("onboarding"), _markdown),
        SourceInput("b", "b.md", lambda: _doc("churn"), _markdown),
    ]
    with pytest.raises(IndexingCancelled):
        index_sources(index, inputs, embedded=lambda *_: cancel.set(), cancel=cancel)
    assert index.count() == before
    assert all("pricing" in h.chunk.text for h in index.search("onboarding churn", k=5))


def test_a_failed_write_stops_the_run_and_keeps_what_was_stored(
    index: HybridIndex, monkeypatch: pytest.MonkeyPatch
) -> None:
    writes: list[int] = []
    real = HybridIndex.write_sources

    def flaky(self: HybridIndex, sources: Any) -> None:
        writes.append(len(sources))
        if len(writes) == 2:
            raise OSError("disk full")
        real(self, sources)

    monkeypatch.setattr(HybridIndex, "write_sources", flaky)
    inputs = [SourceInput(n, f"{n}.md", lambda n=n: _doc(n), _markdown) for n in "abc"]
    with pytest.raises(OSError, match="disk full"):
        index_sources(index, inputs, window_chunks=1)
    assert [s.source_id for s in index.sources()] == ["a"]


def _markdown(data: bytes) -> Parsed:
    from knowledge_base.parsing.markdown import parse_markdown

    return Parsed("text/markdown", parse_markdown(data.decode()))


CHILD = textwrap.dedent(
    """
    import hashlib, sys
    from pathlib import Path
    import numpy as np
    from core.services import build_services
    from core.settings import Settings
    from knowledge_base.pipeline import index_sources, SourceInput, Parsed
    from knowledge_base.parsing.markdown import parse_markdown

    class HashEmbedder:  # fast and deterministic: the kill should land in the writes
        def embed(self, texts):
            rows = [np.frombuffer(hashlib.sha512(t.encode()).digest() * 6, dtype=np.uint8)[:384]
                    for t in texts]
            v = np.array(rows, dtype=np.float32) + 1
            return v / np.linalg.norm(v, axis=1, keepdims=True)

    data_dir, version = Path(sys.argv[1]), sys.argv[2]
    services = build_services(Settings(data_dir=data_dir, _env_file=None), HashEmbedder())
    services.workspaces.ensure("acme")
    index = services.document_index("acme")
    def doc(i):
        return "".join(f"## Part {j}\\n\\nFile {i} {version} passage {j} sets out the plan for "
                       f"the team in detail.\\n\\n" for j in range(8))
    inputs = [SourceInput(f"f{i}", f"f{i}.md", lambda i=i: doc(i).encode(),
                          lambda d: Parsed("text/markdown", parse_markdown(d.decode())))
              for i in range(200)]
    def progress(done, total, name):
        if done == 5:
            print("stored", flush=True)
    index_sources(index, inputs, progress, window_chunks=16)
    print("finished", flush=True)
    """
)


def test_a_kill_mid_ingestion_leaves_every_file_whole(tmp_path: Path, embedder: Any) -> None:
    from core.services import build_services
    from core.settings import Settings

    env = {**os.environ, "PYTHONPATH": str(ROOT)}

    def run(version: str, kill: bool) -> None:
        child = subprocess.Popen(
            [sys.executable, "-c", CHILD, str(tmp_path), version],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            text=True,
        )
        assert child.stdout is not None
        line = child.stdout.readline()
        if kill:
            assert line.strip() == "stored"
            os.kill(child.pid, signal.SIGKILL)
        child.wait(timeout=300)
        if not kill:
            assert child.returncode == 0

    run("v1", kill=False)
    run("v2", kill=True)  # some files have v2, one may be half-written, the rest v1
    services = build_services(Settings(data_dir=tmp_path, _env_file=None), embedder)
    index = services.document_index("acme")
    sources = index.sources()
    assert len(sources) == 200
    for source in sources:
        chunks = index.chunks_of(source.source_id)
        versions = {c.text.split()[2] for c in chunks}
        assert len(chunks) == source.chunk_count == 8 and len(versions) == 1, source
    versions = {c.text.split()[2] for s in sources for c in index.chunks_of(s.source_id)}
    assert versions == {"v1", "v2"}, "the kill landed half-way"
    first = [c for i in range(5) for c in index.chunks_of(f"f{i}")]
    assert {c.text.split()[2] for c in first} == {"v2"}, "stored before the kill"
    vectors = set(index._collection().get(include=[])["ids"])
    rows = {c.id for s in sources for c in index.chunks_of(s.source_id)}
    assert rows <= vectors, "every stored passage has its vector"
    assert index.search("File 150 passage 3", k=1, mode="keyword")[0].chunk.source == "f150.md"

    run("v2", kill=False)  # the next write of each file sweeps what the kill left behind
    assert set(index._collection().get(include=[])["ids"]) == {
        c.id for s in index.sources() for c in index.chunks_of(s.source_id)
    }
    assert index._keyword.count() == index.count() == 200 * 8
