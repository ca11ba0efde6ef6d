"""BM25 keyword search over one namespace's chunks: a tantivy index in its own folder.

Why tantivy rather than SQLite FTS5: FTS5 scores every chunk that matches any query term
(p95 ≈ 90–180 ms at 100k chunks on 2 cores); tantivy's block-max WAND skips the chunks that
cannot reach the top n (p95 ≈ 2 ms), and it updates incrementally, unlike `bm25s`.

This index is not the source of truth. It may briefly hold entries whose SQLite rows were
replaced or never written (a crash between the two commits); callers keep only ids that have
rows, and every write of a source sweeps that source's leftovers.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

import tantivy
from tenacity import retry, retry_if_exception, stop_after_delay, wait_exponential

from core.locks import exclusive

ANALYZER = "cmo_english"
# Words nearly every chunk contains: BM25 gives them almost no weight, and dropping them keeps
# the query small. A query made only of such words still searches with them.
_STOPWORD_TEXT = """
a an and are as at be but by can could did do does for from had has have how i if in into is it
its me my no not of on or our should so than that the their them then there these they this to
was we were what when where which who why will with would you your
"""
STOPWORDS = frozenset(_STOPWORD_TEXT.split())
_WORD = re.compile(r"\w+", re.UNICODE)
_WRITER_HEAP_BYTES = 32_000_000


def _analyzer() -> tantivy.TextAnalyzer:
    """Lower-cased, accent-folded English stems: 'Capabilities' and 'capability' meet."""
    return (
        tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.simple())
        .filter(tantivy.Filter.remove_long(40))
        .filter(tantivy.Filter.lowercase())
        .filter(tantivy.Filter.ascii_fold())
        .filter(tantivy.Filter.stemmer("english"))
        .build()
    )


def _schema() -> tantivy.Schema:
    builder = tantivy.SchemaBuilder()
    builder.add_text_field("chunk_id", stored=True, tokenizer_name="raw")
    builder.add_text_field("source_id", tokenizer_name="raw")
    builder.add_text_field("body", tokenizer_name=ANALYZER, index_option="freq")
    return builder.build()


def _lock_busy(error: BaseException) -> bool:
    return isinstance(error, ValueError) and "LockBusy" in str(error)


class KeywordIndex:
    """Add, delete and BM25-search chunk texts; one writer at a time, in or across processes."""

    def __init__(self, path: Path) -> None:
        self._path = path
        self._analyzer = _analyzer()
        self._schema = _schema()
        path.mkdir(parents=True, exist_ok=True)
        self.created = not tantivy.Index.exists(str(path))
        self._index = tantivy.Index(self._schema, path=str(path), reuse=True)
        self._index.register_tokenizer(ANALYZER, self._analyzer)
        self._index.config_reader(reload_policy="Manual")

    # -- writing ---------------------------------------------------------------------------
    def add(self, chunks: Sequence[tuple[str, str, str]]) -> None:
        """Index (chunk_id, source_id, text) triples; an id indexed before is replaced."""
        with self._writer() as writer:
            for chunk_id, _, _ in chunks:
                writer.delete_documents_by_term("chunk_id", chunk_id)
            for chunk_id, source_id, text in chunks:
                writer.add_document(
                    tantivy.Document(chunk_id=chunk_id, source_id=source_id, body=text)
                )

    def keep_only(self, source_id: str, chunk_ids: Iterable[str]) -> None:
        """Delete every entry of a source except `chunk_ids` (all of them when empty)."""
        self.keep_only_many({source_id: list(chunk_ids)})

    def keep_only_many(self, keep: dict[str, list[str]]) -> None:
        """`keep_only` for several sources, in one commit."""
        if not keep:
            return
        others = tantivy.Query.boolean_query(
            [(tantivy.Occur.Should, self._others(source, ids)) for source, ids in keep.items()]
        )
        self._index.reload()
        found = self._index.searcher().search(others, 1, count=True)
        if found.count == 0:  # type: ignore[attr-defined]  # in tantivy, missing from its stub
            return  # nothing to delete: skip the writer and its commit (an fsync)
        with self._writer() as writer:
            writer.delete_documents_by_query(others)

    def _others(self, source_id: str, keep: list[str]) -> tantivy.Query:
        """The source's entries other than `keep`."""
        source = tantivy.Query.term_query(self._schema, "source_id", source_id)
        if not keep:
            return source
        return tantivy.Query.boolean_query(
            [
                (tantivy.Occur.Must, source),
                (
                    tantivy.Occur.MustNot,
                    tantivy.Query.term_set_query(self._schema, "chunk_id", keep),
                ),
            ]
        )

    def drop(self) -> None:
        shutil.rmtree(self._path, ignore_errors=True)

    # -- reading ---------------------------------------------------------------------------
    def count(self) -> int:
        self._index.reload()
        return int(self._index.searcher().num_docs)

    def terms(self, query: str) -> list[str]:
        """The index terms a query searches for: stemmed words, common words dropped unless
        the query has nothing else."""
        words = {w.lower() for w in _WORD.findall(query) if len(w) > 1 or w.isdigit()}
        words = (words - STOPWORDS) or words
        return sorted({t for w in words for t in self._analyzer.analyze(w)})

    def present(self, terms: Iterable[str]) -> set[str]:
        """Those of `terms` that at least one chunk contains."""
        self._index.reload()
        searcher = self._index.searcher()
        return {t for t in terms if searcher.doc_freq("body", t) > 0}

    def search(self, query: str, n: int) -> list[str]:
        """Ids of the n best chunks by BM25, best first (ties by id, so results are stable)."""
        terms = self.terms(query)
        if not terms:
            return []
        self._index.reload()  # ~0.3 ms; sees commits from other processes (e.g. `cmo ingest`)
        searcher = self._index.searcher()
        clauses = [
            (tantivy.Occur.Should, tantivy.Query.term_query(self._schema, "body", t)) for t in terms
        ]
        hits = searcher.search(tantivy.Query.boolean_query(clauses), n).hits
        ranked = [(-score, searcher.doc(address)["chunk_id"][0]) for score, address in hits]
        return [chunk_id for _, chunk_id in sorted(ranked)]

    @contextmanager
    def _writer(self) -> Iterator[tantivy.IndexWriter]:
        """The index's one writer (waiting out another process's); commits on success."""
        with exclusive(self._path.with_name(self._path.name + ".lock")):
            writer = _open_writer(self._index)
            try:
                yield writer
            except BaseException:
                writer.rollback()
                raise
            else:
                writer.commit()
            finally:
                writer.wait_merging_threads()  # also releases the lock for the next writer
                self._index.reload()


@retry(
    retry=retry_if_exception(_lock_busy),
    wait=wait_exponential(multiplier=0.05, max=1),
    stop=stop_after_delay(30),
    reraise=True,
)
def _open_writer(index: tantivy.Index) -> tantivy.IndexWriter:
    return index.writer(heap_size=_WRITER_HEAP_BYTES, num_threads=1)
