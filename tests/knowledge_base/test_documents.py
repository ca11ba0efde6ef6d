"""Document ingestion: dedupe, atomic replace, delete, isolation between workspaces."""

from __future__ import annotations

import pytest

from core.stores.hybrid_index import HybridIndex
from knowledge_base.documents import delete_document, document_id, ingest_document, list_documents

LIMIT = 25 * 1024 * 1024
NOTES_V1 = b"# Pricing\n\nThe Growth plan costs 890 pounds a month and includes code PX-2291.\n"
NOTES_V2 = (
    b"# Pricing\n\nThe Growth plan now costs 990 pounds a month; "
    b"code PX-3310 replaces the old one.\n"
)


@pytest.fixture
def index(services) -> HybridIndex:
    services.workspaces.create("acme")
    return services.document_index("acme")


def test_add_then_same_content_is_a_no_op(index: HybridIndex) -> None:
    first = ingest_document(index, "notes.md", NOTES_V1, LIMIT)
    again = ingest_document(index, "notes.md", NOTES_V1, LIMIT)
    assert (first.status, again.status) == ("added", "unchanged")
    assert [d.name for d in list_documents(index)] == ["notes.md"]
    assert again.document and again.document.content_hash == first.document.content_hash  # type: ignore[union-attr]


def test_new_version_replaces_every_old_chunk(index: HybridIndex) -> None:
    ingest_document(index, "notes.md", NOTES_V1, LIMIT)
    outcome = ingest_document(index, "notes.md", NOTES_V2, LIMIT)
    assert outcome.status == "replaced"
    texts = [h.chunk.text for h in index.search("Growth plan price code", k=10)]
    assert any("PX-3310" in t for t in texts)
    assert not any("PX-2291" in t for t in texts)
    assert index.count() == outcome.document.chunks  # type: ignore[union-attr]


def test_exact_codes_and_numbers_are_found(index: HybridIndex) -> None:
    ingest_document(index, "notes.md", NOTES_V1, LIMIT)
    ingest_document(
        index, "other.md", b"# Team\n\nWe have five account executives in Leeds.\n", LIMIT
    )
    assert "PX-2291" in index.search("PX-2291", k=1)[0].chunk.text


def test_failure_half_way_keeps_the_previous_version(index: HybridIndex, monkeypatch) -> None:
    ingest_document(index, "notes.md", NOTES_V1, LIMIT)

    def broken_insert(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise RuntimeError("disk full")

    monkeypatch.setattr(HybridIndex, "_delete_rows", broken_insert)
    with pytest.raises(RuntimeError):
        ingest_document(index, "notes.md", NOTES_V2, LIMIT)
    monkeypatch.undo()
    texts = [h.chunk.text for h in index.search("PX-2291 Growth plan", k=5)]
    assert any("PX-2291" in t for t in texts), "the old version must stay searchable"
    assert not any("PX-3310" in t for t in texts)
    assert (
        list_documents(index)[0].content_hash
        == ingest_document(index, "notes.md", NOTES_V1, LIMIT).document.content_hash
    )  # type: ignore[union-attr]


def test_delete_removes_the_document_and_its_chunks(index: HybridIndex) -> None:
    ingest_document(index, "notes.md", NOTES_V1, LIMIT)
    delete_document(index, document_id("notes.md"))
    assert list_documents(index) == [] and index.count() == 0
    assert index.search("PX-2291", k=5) == []


def test_workspaces_never_see_each_other(services) -> None:
    services.workspaces.create("alpha")
    services.workspaces.create("beta")
    alpha, beta = services.document_index("alpha"), services.document_index("beta")
    ingest_document(
        alpha, "secret.md", b"# Secret\n\nAlpha's launch codename is BLUEHERON.\n", LIMIT
    )
    ingest_document(beta, "plan.md", b"# Plan\n\nBeta sells garden furniture.\n", LIMIT)
    for mode in ("hybrid", "dense", "keyword"):
        hits = beta.search("BLUEHERON launch codename", k=10, mode=mode)  # type: ignore[arg-type]
        assert all("BLUEHERON" not in h.chunk.text for h in hits)
        assert all(h.chunk.source == "plan.md" for h in hits)


def test_path_tricks_in_file_names_are_flattened(index: HybridIndex) -> None:
    outcome = ingest_document(index, "../../etc/passwd.md", NOTES_V1, LIMIT)
    assert outcome.filename == "passwd.md"
