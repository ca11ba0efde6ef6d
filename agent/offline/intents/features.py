"""The intent classifier's text features, shared by training and inference so both see the
same thing: lower-cased word unigrams and bigrams, and character 3- to 5-grams inside words
(which carry shorthand and typos: "cpl", "3/wk", "calender"), weighted by log term frequency
times inverse document frequency and L2-normalised. The sentence embedding (MiniLM) is the
other half of the input; this half catches the exact words it smooths over.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable, Sequence

_TOKEN = re.compile(r"[a-z0-9£$€%/]+")


def raw_features(text: str) -> Counter[str]:
    """Feature → count for one message."""
    words = _TOKEN.findall(text.lower())
    found: Counter[str] = Counter()
    for word in words:
        found["w:" + word] += 1
        padded = f" {word} "
        for n in (3, 4, 5):
            for i in range(len(padded) - n + 1):
                found["c:" + padded[i : i + n]] += 1
    for a, b in zip(words, words[1:], strict=False):
        found[f"b:{a} {b}"] += 1
    return found


def build_vocabulary(texts: Iterable[str], min_count: int = 2) -> tuple[list[str], list[float]]:
    """The features seen in at least `min_count` training messages, and their IDF weights."""
    documents = [set(raw_features(t)) for t in texts]
    frequency: Counter[str] = Counter(f for doc in documents for f in doc)
    vocabulary = sorted(f for f, c in frequency.items() if c >= min_count)
    n = len(documents)
    idf = [math.log((1 + n) / (1 + frequency[f])) + 1 for f in vocabulary]
    return vocabulary, idf


def vectorise(
    text: str, index: dict[str, int], idf: Sequence[float]
) -> tuple[list[int], list[float]]:
    """(feature indices, weights) of one message: log tf × idf, L2-normalised."""
    pairs = [
        (index[f], (1 + math.log(count)) * idf[index[f]])
        for f, count in raw_features(text).items()
        if f in index
    ]
    norm = math.sqrt(sum(w * w for _, w in pairs)) or 1.0
    return [i for i, _ in pairs], [w / norm for _, w in pairs]
