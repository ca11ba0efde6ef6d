"""The tantivy keyword index: analysis, leftovers swept, rebuilt when lost, one writer at a time."""

from __future__ import annotations

import shutil
import threading
import time
from pathlib import Path

import pytest
import tantivy

from core.stores.hybrid_index import HybridIndex
from core.stores.keyword_index import KeywordIndex
from knowledge_base.documents import ingest_document

LIMIT = 25 * 1024 * 1024
NOTES_V1 = b"# Pricing\n\nThe Growth plan costs 890 pounds a month and includes code PX-2291.\n"
NOTES_V2 = b"# Pricing\n\nThe Growth plan now costs 990 pounds; code PX-3310 replaces it.\n"


@pytest.fixture
def keyword(tmp_path: Path) -> KeywordIndex:
    return KeywordIndex(tmp_path / "kw")


def test_stems_and_accents_meet(keyword: KeywordIndex) -> None:
    keyword.add(
        [
            ("a#1", "a", "Our capability to deliver naïve Bayes scoring"),
            ("b#1", "b", "Garden furniture for patios"),
        ]
    )
    assert keyword.search("capabilities", 5) == ["a#1"]
    assert keyword.search("naive", 5) == ["a#1"]
    assert keyword.search("furniture GARDENS", 5) == ["b#1"]


def test_a_query_of_only_common_words_still_searches(keyword: KeywordIndex) -> None:
    keyword.add([("a#1", "a", "what we do"), ("b#1", "b", "pricing tiers")])
    assert keyword.search("What do we do?", 5) == ["a#1"]
    assert keyword.search("?!", 5) == []


def test_query_syntax_in_questions_is_plain_text(keyword: KeywordIndex) -> None:
    keyword.add([("a#1", "a", "body text about churn"), ("b#1", "b", "AND OR NOT")])
    # Field names, operators and brackets are words here, never tantivy query syntax.
    assert keyword.search('body:churn AND (NOT "x"', 5)[0] == "a#1"


def test_adding_an_id_again_replaces_it(keyword: KeywordIndex) -> None:
    keyword.add([("a#1", "a", "first text about churn")])
    keyword.add([("a#1", "a", "second text about churn")])
    assert keyword.count() == 1


def test_keep_only_deletes_the_rest_of_one_source(keyword: KeywordIndex) -> None:
    keyword.add([("a#1", "a", "churn one"), ("a#2", "a", "churn two"), ("b#1", "b", "churn b")])
    keyword.keep_only("a", ["a#2"])
    assert sorted(keyword.search("churn", 5)) == ["a#2", "b#1"]
    keyword.keep_only("a", [])
    assert keyword.search("churn", 5) == ["b#1"]


def test_a_second_writer_waits_for_the_first(tmp_path: Path) -> None:
    # Two objects on one folder stand in for the server and `cmo ingest` in another process.
    first, second = KeywordIndex(tmp_path / "kw"), KeywordIndex(tmp_path / "kw")
    done = threading.Event()

    def write_from_second() -> None:
        second.add([("b#1", "b", "written while the first writer held the lock")])
        done.set()

    with first._writer() as writer:
        worker = threading.Thread(target=write_from_second)
        worker.start()
        time.sleep(0.3)
        assert not done.is_set(), "the second writer must wait"
        writer.add_document(tantivy.Document(chunk_id="a#1", source_id="a", body="x"))
    worker.join(timeout=30)
    assert done.is_set()
    assert first.count() == 2 and second.count() == 2  # each sees the other's commit


def test_crash_leftovers_are_never_results_and_go_at_the_next_write(
    services, monkeypatch: pytest.MonkeyPatch
) -> None:
    services.workspaces.create("acme")
    index = services.document_index("acme")
    ingest_document(index, "notes.md", NOTES_V1, LIMIT)

    def crash(*args: object, **kwargs: object) -> None:
        raise RuntimeError("power cut")

    monkeypatch.setattr(HybridIndex, "_delete_rows", crash)
    with pytest.raises(RuntimeError):
        ingest_document(index, "notes.md", NOTES_V2, LIMIT)
    monkeypatch.undo()
    assert index._keyword.count() > index.count(), "the crash left keyword entries behind"
    assert all("PX-3310" not in h.chunk.text for h in index.search("PX-3310", k=10))

    ingest_document(index, "notes.md", NOTES_V2, LIMIT)
    assert index._keyword.count() == index.count()
    held = index._collection().get(include=[])["ids"]
    assert len(held) == index.count(), "stray vectors are swept too"
    assert "PX-3310" in index.search("PX-3310", k=1)[0].chunk.text


def test_a_lost_keyword_folder_is_rebuilt_from_the_rows(services) -> None:
    services.workspaces.create("acme")
    index = services.document_index("acme")
    ingest_document(index, "notes.md", NOTES_V1, LIMIT)
    folder = index._path.with_name(f"{index._path.stem}.keyword")
    shutil.rmtree(folder)
    reopened = HybridIndex(index.namespace, index._path, services.chroma, services.embedder)
    assert reopened._keyword.count() == reopened.count() > 0
    hits = reopened.search("PX-2291", k=1, mode="keyword")
    assert hits and "PX-2291" in hits[0].chunk.text


class RecordingEmbedder:
    """Delegates to the real embedder and remembers what it was asked to embed."""

    def __init__(self, inner: object) -> None:
        self._inner = inner
        self.texts: list[str] = []

    def embed(self, texts: list[str]):  # type: ignore[no-untyped-def]
        self.texts += texts
        return self._inner.embed(texts)  # type: ignore[attr-defined]

    def embed_one(self, text: str):  # type: ignore[no-untyped-def]
        return self.embed([text])[0]


def test_a_new_version_embeds_only_the_passages_that_changed(services) -> None:
    services.workspaces.create("acme")
    index = services.document_index("acme")
    sections = [
        f"## Section {i}\n\nCustomer {i} said onboarding took {i + 2} weeks." for i in range(6)
    ]
    ingest_document(index, "notes.md", "\n\n".join(sections).encode(), LIMIT)
    recorder = RecordingEmbedder(index._embedder)
    index._embedder = recorder  # type: ignore[assignment]
    sections[3] = "## Section 3\n\nCustomer 3 now says onboarding took one afternoon."
    ingest_document(index, "notes.md", "\n\n".join(sections).encode(), LIMIT)
    assert len(recorder.texts) == 1 and "one afternoon" in recorder.texts[0]
    hit = index.search("how long did onboarding take for customer 5", k=6, mode="dense")
    assert any("Customer 5 said" in h.chunk.text for h in hit), "re-used vectors still match"
    assert len(index._collection().get(include=[])["ids"]) == index.count() == 6
