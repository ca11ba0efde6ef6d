"""Hybrid retrieval over one namespace (a workspace's documents, or the playbooks).

Dense: chromadb over local MiniLM vectors. Keyword: BM25 in a tantivy index (chromadb has no
local sparse index; see keyword_index.py). Both lists are fused with reciprocal rank fusion,
so exact names, product codes and numbers are found as well as paraphrases.

SQLite is the source of truth for which chunks exist: a source is replaced by writing the new
vectors and keyword entries first, swapping the rows in one transaction, then deleting every
other vector and keyword entry of that source. A crash half-way leaves the previous version
searchable; the entries it left behind are never results and go at the source's next write.
Many sources are written together (`write_sources`: one vector upsert, one keyword commit, one
transaction), which is what ingesting a folder costs beyond embedding.
"""

from __future__ import annotations

import contextlib
import sqlite3
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import AbstractContextManager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import numpy as np

from core.embeddings import DIMENSION, TextEmbedder, embed_in_batches
from core.sqlite import transaction
from core.stores.keyword_index import KeywordIndex

RRF_K = 60
UPSERT_BATCH = 1000  # vectors per chromadb upsert call
CANDIDATES_PER_LIST = 4  # candidates per list = k × this
SearchMode = Literal["hybrid", "dense", "keyword"]
# The dense and keyword searches of a hybrid query run side by side (onnxruntime, chromadb and
# tantivy all release the GIL), so a query costs the slower of the two rather than their sum.
_SEARCHES = ThreadPoolExecutor(max_workers=4, thread_name_prefix="hybrid-search")

_SCHEMA = """
CREATE TABLE IF NOT EXISTS chunks (
    id TEXT PRIMARY KEY, source_id TEXT NOT NULL, source TEXT NOT NULL, ordinal INTEGER NOT NULL,
    heading TEXT NOT NULL, page INTEGER, label TEXT NOT NULL, text TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS chunks_source ON chunks(source_id);
CREATE TABLE IF NOT EXISTS sources (
    source_id TEXT PRIMARY KEY, name TEXT NOT NULL, media_type TEXT NOT NULL,
    size_bytes INTEGER NOT NULL, content_hash TEXT NOT NULL, chunk_count INTEGER NOT NULL,
    added_at TEXT NOT NULL
);
DROP TABLE IF EXISTS chunks_fts;
"""
# chunks_fts held the keyword index before tantivy; dropping it frees its space in old files.


@dataclass(frozen=True)
class ChunkRecord:
    """One searchable passage and what a citation needs to point back at it."""

    id: str
    source_id: str
    source: str
    ordinal: int
    heading: str
    page: int | None
    label: str
    text: str

    @property
    def search_text(self) -> str:
        return f"{self.heading}\n\n{self.text}" if self.heading else self.text


@dataclass(frozen=True)
class SourceRecord:
    """A file in the index (a playbook or a client document) as users list it."""

    source_id: str
    name: str
    media_type: str
    size_bytes: int
    content_hash: str
    chunk_count: int
    added_at: str


@dataclass(frozen=True)
class Hit:
    chunk: ChunkRecord
    score: float
    dense_rank: int | None
    keyword_rank: int | None


class HybridIndex:
    """Chunks of one namespace: rows in its own SQLite file, vectors in a chroma collection and
    keyword entries in a tantivy folder beside the SQLite file."""

    def __init__(self, namespace: str, sqlite_path: Path, chroma: Any, embedder: TextEmbedder):
        self.namespace = namespace
        self._path = sqlite_path
        self._chroma = chroma
        self._embedder = embedder
        self._collection_name = f"cmo-{namespace}"
        self._handle: Any = None  # the collection, as last looked up (`_collection`)
        self._filled = threading.Event()
        self._filled.set()
        sqlite_path.parent.mkdir(parents=True, exist_ok=True)
        with self._db() as db:
            db.executescript(_SCHEMA)
        self._keyword = KeywordIndex(sqlite_path.with_name(f"{sqlite_path.stem}.keyword"))
        if self._keyword.created:  # a file from before tantivy, or a lost folder: rebuild it
            self._keyword.add([(c.id, c.source_id, c.search_text) for c in self._all_chunks()])

    def _db(self) -> AbstractContextManager[sqlite3.Connection]:
        return transaction(self._path)

    def _collection(self, cached: bool = False) -> Any:
        """The namespace's chromadb collection, looked up (or made); `cached`: the handle of
        the last look-up (searches: a look-up is ~0.6 ms embedded, a round trip to a server)."""
        if cached and self._handle is not None:
            return self._handle
        self._handle = self._chroma.get_or_create_collection(
            self._collection_name, embedding_function=None, metadata={"hnsw:space": "cosine"}
        )
        return self._handle

    @property
    def embedder(self) -> TextEmbedder:
        return self._embedder

    # -- writing ---------------------------------------------------------------------------
    def replace_source(self, source: SourceRecord, chunks: Sequence[ChunkRecord]) -> None:
        """Make `chunks` the only chunks of a source, atomically as seen by search."""
        vectors, fresh = self.reusable_vectors(source.source_id, chunks)
        for rows, embedded in embed_in_batches(
            self._embedder, [chunks[row].search_text for row in fresh]
        ):
            vectors[[fresh[r] for r in rows]] = embedded
        self.write_sources([(source, chunks, vectors)])

    def reusable_vectors(
        self, source_id: str, chunks: Sequence[ChunkRecord]
    ) -> tuple[np.ndarray, list[int]]:
        """An (n, 384) array holding the vectors of passages the source's current version
        already has word for word, and the rows still to embed: an edited deck re-embeds only
        what changed."""
        vectors = np.zeros((len(chunks), DIMENSION), dtype=np.float32)
        held = {c.search_text: c.id for c in self.chunks_of(source_id)}
        wanted = {c.id: held[c.search_text] for c in chunks if c.search_text in held}
        found: dict[str, Any] = {}
        if wanted:
            got = self._collection().get(ids=sorted(set(wanted.values())), include=["embeddings"])
            found = dict(zip(got["ids"], got["embeddings"], strict=True))
        fresh = []
        for row, chunk in enumerate(chunks):
            old_id = wanted.get(chunk.id)
            if old_id in found:
                vectors[row] = found[old_id]
            else:
                fresh.append(row)
        return vectors, fresh

    def write_sources(
        self, sources: Sequence[tuple[SourceRecord, Sequence[ChunkRecord], np.ndarray]]
    ) -> None:
        """Make each (source, chunks, vectors) the only chunks of its source. Vectors and
        keyword entries of all of them are written first, then every source's rows are
        swapped in one transaction, then each source's other entries are swept."""
        chunks = [c for _, cs, _ in sources for c in cs]
        if chunks:
            vectors = np.concatenate([v for _, cs, v in sources if len(cs)])
            collection = self._collection()
            for start in range(0, len(chunks), UPSERT_BATCH):
                part = chunks[start : start + UPSERT_BATCH]
                collection.upsert(
                    ids=[c.id for c in part],
                    embeddings=vectors[start : start + len(part)],
                    metadatas=[{"source_id": c.source_id} for c in part],
                )
            self._keyword.add([(c.id, c.source_id, c.search_text) for c in chunks])
        with self._db() as db:
            for source, source_chunks, _ in sources:
                self._swap_rows(db, source, source_chunks)
        self._sweep({s.source_id: [c.id for c in cs] for s, cs, _ in sources})

    def _swap_rows(
        self, db: sqlite3.Connection, source: SourceRecord, chunks: Sequence[ChunkRecord]
    ) -> None:
        self._delete_rows(db, source.source_id)
        db.execute(
            "INSERT INTO sources VALUES (?,?,?,?,?,?,?)",
            (
                source.source_id,
                source.name,
                source.media_type,
                source.size_bytes,
                source.content_hash,
                len(chunks),
                source.added_at,
            ),
        )
        db.executemany(
            "INSERT INTO chunks(id, source_id, source, ordinal, heading, page, label, text)"
            " VALUES (?,?,?,?,?,?,?,?)",
            [
                (c.id, c.source_id, c.source, c.ordinal, c.heading, c.page, c.label, c.text)
                for c in chunks
            ],
        )

    def delete_source(self, source_id: str) -> int:
        """Remove every chunk of a source; returns how many there were."""
        with self._db() as db:
            deleted = self._delete_rows(db, source_id)
        self._sweep({source_id: []})
        return deleted

    def _sweep(self, keep: dict[str, list[str]]) -> None:
        """Delete each source's vectors and keyword entries other than its `keep` ids: the
        previous version's, and any a crashed write left behind."""
        if not keep:
            return
        collection = self._collection()
        held = collection.get(where={"source_id": {"$in": sorted(keep)}}, include=["metadatas"])
        wanted = {i for ids in keep.values() for i in ids}
        stale = sorted(
            i
            for i, meta in zip(held["ids"], held["metadatas"], strict=True)
            if i not in wanted and meta and meta.get("source_id") in keep
        )
        if stale:
            collection.delete(ids=stale)
        self._keyword.keep_only_many(keep)

    @staticmethod
    def _delete_rows(db: sqlite3.Connection, source_id: str) -> int:
        deleted = db.execute("DELETE FROM chunks WHERE source_id=?", (source_id,)).rowcount
        db.execute("DELETE FROM sources WHERE source_id=?", (source_id,))
        return int(deleted)

    def drop(self) -> None:
        """Delete the whole namespace (used when a workspace is deleted)."""
        self._handle = None
        with contextlib.suppress(Exception):  # an absent collection is already the goal
            self._chroma.delete_collection(self._collection_name)
        self._path.unlink(missing_ok=True)
        self._keyword.drop()

    # -- start-up --------------------------------------------------------------------------
    def hold_searches(self) -> Callable[[], None]:
        """Make searches of this index wait until the returned function is called: the
        server's first indexing runs in the background, and a question that needs this index
        waits for it while everything else is served. Listing and counting never wait."""
        self._filled.clear()
        return self._filled.set

    @property
    def is_filled(self) -> bool:
        return self._filled.is_set()

    def wait_filled(self, timeout_s: float | None = None) -> bool:
        """Block until searches are no longer held; False if `timeout_s` passed first."""
        return self._filled.wait(timeout_s)

    # -- reading ---------------------------------------------------------------------------
    def count(self) -> int:
        with self._db() as db:
            return int(db.execute("SELECT count(*) FROM chunks").fetchone()[0])

    def sources(self) -> list[SourceRecord]:
        with self._db() as db:
            rows = db.execute("SELECT * FROM sources ORDER BY name, source_id").fetchall()
        return [SourceRecord(*r) for r in rows]

    def source(self, source_id: str) -> SourceRecord | None:
        with self._db() as db:
            row = db.execute("SELECT * FROM sources WHERE source_id=?", (source_id,)).fetchone()
        return SourceRecord(*row) if row else None

    def _all_chunks(self) -> list[ChunkRecord]:
        with self._db() as db:
            return [ChunkRecord(*r) for r in db.execute(f"SELECT {_COLUMNS} FROM chunks")]

    def chunks_of(self, source_id: str) -> list[ChunkRecord]:
        with self._db() as db:
            rows = db.execute(
                f"SELECT {_COLUMNS} FROM chunks WHERE source_id=? ORDER BY ordinal", (source_id,)
            ).fetchall()
        return [ChunkRecord(*r) for r in rows]

    def search(self, query: str, k: int = 5, mode: SearchMode = "hybrid") -> list[Hit]:
        """Top-k chunks for a query, best first (waiting while `hold_searches` holds them)."""
        self.wait_filled()
        n = max(k * CANDIDATES_PER_LIST, 20)
        if mode == "hybrid":
            pending = _SEARCHES.submit(self._keyword_ids, query, n)
            dense, keyword = self._dense_ids(query, n), pending.result()
        else:
            dense = self._dense_ids(query, n) if mode == "dense" else []
            keyword = self._keyword_ids(query, n) if mode == "keyword" else []
        scores: dict[str, float] = {}
        for ranked in (dense, keyword):
            for rank, chunk_id in enumerate(ranked, start=1):
                scores[chunk_id] = scores.get(chunk_id, 0.0) + 1.0 / (RRF_K + rank)
        records = self._records(list(scores))
        dense_rank = {cid: r for r, cid in enumerate(dense, start=1)}
        keyword_rank = {cid: r for r, cid in enumerate(keyword, start=1)}
        hits = [
            Hit(records[cid], score, dense_rank.get(cid), keyword_rank.get(cid))
            for cid, score in scores.items()
            if cid in records  # vectors whose rows were replaced are not results
        ]
        hits.sort(key=lambda h: (-h.score, h.chunk.id))
        return hits[:k]

    def vocabulary_overlap(self, query: str, other: HybridIndex) -> float | None:
        """Of the query's terms found in exactly one of this index and `other`, the share
        found here; None when no term tells them apart. The offline router uses it to tell
        a question about the client's documents from one about the playbooks (None too while
        either index is being filled at start-up)."""
        if not (self.is_filled and other.is_filled):
            return None  # still being filled at start-up: no evidence rather than a wait
        terms = self._keyword.terms(query)
        mine, theirs = self._keyword.present(terms), other._keyword.present(terms)
        distinctive = mine ^ theirs
        return len(mine & distinctive) / len(distinctive) if distinctive else None

    def _dense_ids(self, query: str, n: int) -> list[str]:
        # No count() first: it costs ~14 ms at 100k vectors, and chromadb returns fewer than
        # n results (or none) when the collection is smaller.
        vector = self._embedder.embed([query])
        try:
            result = self._collection(cached=True).query(
                query_embeddings=vector, n_results=n, include=[]
            )
        except Exception as exc:  # dropped and made again since (another process): look again
            if not _missing_collection(exc):
                raise
            result = self._collection().query(query_embeddings=vector, n_results=n, include=[])
        return list(result["ids"][0])

    def _keyword_ids(self, query: str, n: int) -> list[str]:
        return self._keyword.search(query, n)

    def _records(self, ids: list[str]) -> dict[str, ChunkRecord]:
        if not ids:
            return {}
        marks = ",".join("?" * len(ids))
        with self._db() as db:
            rows = db.execute(f"SELECT {_COLUMNS} FROM chunks WHERE id IN ({marks})", ids)
            return {r[0]: ChunkRecord(*r) for r in rows}


_COLUMNS = "id, source_id, source, ordinal, heading, page, label, text"


def _missing_collection(error: Exception) -> bool:
    """chromadb's error for a collection handle whose collection no longer exists."""
    from chromadb.errors import NotFoundError  # chromadb is loaded: a client exists

    return isinstance(error, NotFoundError)
