"""Hybrid retrieval over one namespace (a workspace's documents, or the playbooks).

Dense: chromadb over local MiniLM vectors. Keyword: SQLite FTS5 `bm25()` (chromadb has no
local sparse index). Both lists are fused with reciprocal rank fusion, so exact names,
product codes and numbers are found as well as paraphrases.

SQLite is the source of truth for which chunks exist: a source is replaced by writing the new
vectors first, swapping the rows in one transaction, then deleting the old vectors. A crash
half-way leaves the previous version searchable; stray vectors are ignored and swept later.
"""

from __future__ import annotations

import contextlib
import re
import sqlite3
from collections.abc import Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from agent.embeddings import Embedder

RRF_K = 60
CANDIDATES_PER_LIST = 4  # candidates per list = k × this
SearchMode = Literal["hybrid", "dense", "keyword"]
_WORD = re.compile(r"\w+", re.UNICODE)
# The dense and keyword searches of a hybrid query run side by side (onnxruntime, chromadb and
# SQLite all release the GIL), so a query costs the slower of the two rather than their sum.
_SEARCHES = ThreadPoolExecutor(max_workers=4, thread_name_prefix="hybrid-search")
# Words nearly every chunk contains: BM25 gives them almost no weight, yet an OR query over
# them matches (and scores) the whole index — 5–10x slower at 100k chunks for the same ranking.
_STOPWORDS = frozenset(
    [
        "a",
        "an",
        "and",
        "are",
        "as",
        "at",
        "be",
        "but",
        "by",
        "can",
        "could",
        "did",
        "do",
        "does",
        "for",
        "from",
        "had",
        "has",
        "have",
        "how",
        "i",
        "if",
        "in",
        "into",
        "is",
        "it",
        "its",
        "me",
        "my",
        "no",
        "not",
        "of",
        "on",
        "or",
        "our",
        "should",
        "so",
        "than",
        "that",
        "the",
        "their",
        "them",
        "then",
        "there",
        "these",
        "they",
        "this",
        "to",
        "was",
        "we",
        "were",
        "what",
        "when",
        "where",
        "which",
        "who",
        "why",
        "will",
        "with",
        "would",
        "you",
        "your",
    ]
)

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
CREATE VIRTUAL TABLE IF NOT EXISTS chunks_fts USING fts5(
    search_text, tokenize='porter unicode61'
);
"""


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
    """Chunks of one namespace in a chroma collection plus an FTS5 table in its own SQLite file."""

    def __init__(self, namespace: str, sqlite_path: Path, chroma: Any, embedder: Embedder):
        self.namespace = namespace
        self._path = sqlite_path
        self._chroma = chroma
        self._embedder = embedder
        self._collection_name = f"cmo-{namespace}"
        sqlite_path.parent.mkdir(parents=True, exist_ok=True)
        with self._db() as db:
            db.executescript(_SCHEMA)

    @contextmanager
    def _db(self) -> Iterator[sqlite3.Connection]:
        db = sqlite3.connect(self._path, timeout=30)
        try:
            with db:
                yield db
        finally:
            db.close()

    def _collection(self) -> Any:
        return self._chroma.get_or_create_collection(
            self._collection_name, embedding_function=None, metadata={"hnsw:space": "cosine"}
        )

    # -- writing ---------------------------------------------------------------------------
    def replace_source(self, source: SourceRecord, chunks: Sequence[ChunkRecord]) -> None:
        """Make `chunks` the only chunks of a source, atomically as seen by search."""
        source_id = source.source_id
        collection = self._collection()
        new_ids = [c.id for c in chunks]
        if chunks:
            vectors = self._embedder.embed([c.search_text for c in chunks])
            for start in range(0, len(chunks), 1000):
                part = chunks[start : start + 1000]
                collection.upsert(
                    ids=[c.id for c in part],
                    embeddings=vectors[start : start + len(part)],
                    metadatas=[{"source_id": c.source_id} for c in part],
                )
        with self._db() as db:
            old = [
                r[0] for r in db.execute("SELECT id FROM chunks WHERE source_id=?", (source_id,))
            ]
            self._delete_rows(db, source_id)
            db.execute(
                "INSERT INTO sources VALUES (?,?,?,?,?,?,?)",
                (
                    source_id,
                    source.name,
                    source.media_type,
                    source.size_bytes,
                    source.content_hash,
                    len(chunks),
                    source.added_at,
                ),
            )
            for c in chunks:
                cur = db.execute(
                    "INSERT INTO chunks(id, source_id, source, ordinal, heading, page, label, text)"
                    " VALUES (?,?,?,?,?,?,?,?)",
                    (c.id, c.source_id, c.source, c.ordinal, c.heading, c.page, c.label, c.text),
                )
                db.execute(
                    "INSERT INTO chunks_fts(rowid, search_text) VALUES (?, ?)",
                    (cur.lastrowid, c.search_text),
                )
        stale = sorted(set(old) - set(new_ids))
        if stale:
            collection.delete(ids=stale)

    def delete_source(self, source_id: str) -> int:
        """Remove every chunk of a source; returns how many there were."""
        with self._db() as db:
            ids = [
                r[0] for r in db.execute("SELECT id FROM chunks WHERE source_id=?", (source_id,))
            ]
            self._delete_rows(db, source_id)
        if ids:
            self._collection().delete(ids=ids)
        return len(ids)

    @staticmethod
    def _delete_rows(db: sqlite3.Connection, source_id: str) -> None:
        rowids = [
            r[0] for r in db.execute("SELECT rowid FROM chunks WHERE source_id=?", (source_id,))
        ]
        db.executemany("DELETE FROM chunks_fts WHERE rowid=?", [(r,) for r in rowids])
        db.execute("DELETE FROM chunks WHERE source_id=?", (source_id,))
        db.execute("DELETE FROM sources WHERE source_id=?", (source_id,))

    def drop(self) -> None:
        """Delete the whole namespace (used when a workspace is deleted)."""
        with contextlib.suppress(Exception):  # an absent collection is already the goal
            self._chroma.delete_collection(self._collection_name)
        self._path.unlink(missing_ok=True)

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

    def chunks_of(self, source_id: str) -> list[ChunkRecord]:
        with self._db() as db:
            rows = db.execute(
                f"SELECT {_COLUMNS} FROM chunks WHERE source_id=? ORDER BY ordinal", (source_id,)
            ).fetchall()
        return [ChunkRecord(*r) for r in rows]

    def search(self, query: str, k: int = 5, mode: SearchMode = "hybrid") -> list[Hit]:
        """Top-k chunks for a query, best first."""
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

    def _dense_ids(self, query: str, n: int) -> list[str]:
        # No count() first: it costs ~14 ms at 100k vectors, and chromadb returns fewer than
        # n results (or none) when the collection is smaller.
        vector = self._embedder.embed([query])
        result = self._collection().query(query_embeddings=vector, n_results=n, include=[])
        return list(result["ids"][0])

    def _keyword_ids(self, query: str, n: int) -> list[str]:
        words = {w.lower() for w in _WORD.findall(query) if len(w) > 1 or w.isdigit()}
        terms = (words - _STOPWORDS) or words  # a query of only common words still searches
        if not terms:
            return []
        match = " OR ".join(f'"{t}"' for t in sorted(terms))
        with self._db() as db:
            # rank inside FTS5 first, then join only the top n rows to their ids
            rows = db.execute(
                "SELECT c.id FROM (SELECT rowid, rank FROM chunks_fts WHERE chunks_fts MATCH ?"
                " ORDER BY rank, rowid LIMIT ?) AS f JOIN chunks c ON c.rowid = f.rowid"
                " ORDER BY f.rank, c.id",
                (match, n),
            ).fetchall()
        return [r[0] for r in rows]

    def _records(self, ids: list[str]) -> dict[str, ChunkRecord]:
        if not ids:
            return {}
        marks = ",".join("?" * len(ids))
        with self._db() as db:
            rows = db.execute(f"SELECT {_COLUMNS} FROM chunks WHERE id IN ({marks})", ids)
            return {r[0]: ChunkRecord(*r) for r in rows}


_COLUMNS = "id, source_id, source, ordinal, heading, page, label, text"
