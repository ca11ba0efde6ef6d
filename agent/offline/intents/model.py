"""Which capability a message asks for: a linear classifier over the message's sentence
embedding and its word and character n-grams, trained offline (`train.py`) and loaded from the
committed artifact `intents.npz`; never trained at start-up.

Labels: the twelve tools, plus `cannot` (something no tool does), `refuse` (the system prompt,
another client's data, rule-breaking) and `smalltalk` (greetings, thanks, "what can you do").
`predict` returns a probability per label; the offline model decides from the top two whether
to act, ask or say it cannot.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import numpy as np

from agent.offline.intents.features import vectorise
from core.embeddings import TextEmbedder

ARTIFACT = Path(__file__).resolve().parent / "intents.npz"


class IntentModel:
    """The trained classifier: `predict(text) → {label: probability}` (sums to 1)."""

    def __init__(self, embedder: TextEmbedder, path: Path = ARTIFACT) -> None:
        data = np.load(path, allow_pickle=False)
        self.labels: list[str] = [str(x) for x in data["labels"]]
        vocabulary = [str(x) for x in data["vocabulary"]]
        self._index = {f: i for i, f in enumerate(vocabulary)}
        self._idf = data["idf"].astype(np.float64)
        self._w_embedding = data["w_embedding"].astype(np.float32)  # (labels, 384)
        self._w_text = data["w_text"].astype(np.float32)  # (labels, features)
        self._bias = data["bias"].astype(np.float32)
        self._embedder = embedder
        # A message's n-gram features, computed once: a turn predicts for the same message
        # more than once (the tool offer on each model call, then the offline model).
        self._features = lru_cache(maxsize=256)(self._vectorise)

    def predict(self, text: str) -> dict[str, float]:
        return self.predict_with(text, self._embedder.embed([text])[0])

    def predict_with(self, text: str, vector: np.ndarray) -> dict[str, float]:
        """As `predict`, with the message's embedding already computed."""
        indices, weights = self._features(text)
        logits = self._w_embedding @ vector + self._bias
        if indices:
            logits = logits + self._w_text[:, indices] @ np.asarray(weights, dtype=np.float32)
        logits = logits - logits.max()
        probabilities = np.exp(logits)
        probabilities /= probabilities.sum()
        return {label: float(p) for label, p in zip(self.labels, probabilities, strict=True)}

    def _vectorise(self, text: str) -> tuple[list[int], list[float]]:
        return vectorise(text, self._index, self._idf)


@lru_cache(maxsize=4)
def load_intents(embedder: TextEmbedder) -> IntentModel:
    """One model per embedder (per process)."""
    return IntentModel(embedder)
