"""Train the intent classifier and write `intents.npz` (run by hand after changing the data):

    .venv/bin/python -m agent.offline.intents.train

Training data: `utterances.jsonl`, `utterances_c.jsonl`, `utterances_d.jsonl` and
`utterances_f.jsonl` — messages written for this purpose by five authors who saw neither the
code nor any evaluation case (personas, shorthand, typos, hard negatives such as a figure vs
a how-to about it, our documents vs general advice, an order to act elsewhere in a tool's
words; see its brief in the README) — plus each tool's routing examples
(`agent.offline.routes`) and the first turns of the scorecard's dev cases
(`scorecard_dev.jsonl`). The understanding evaluation sets are never used, nor the
scorecard's held-out cases. scikit-learn (a dev dependency) fits a multinomial logistic
regression over [sentence embedding, n-gram TF-IDF]; only the weights are saved, so the
product needs numpy alone to predict. Deterministic for a given data set.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np

from agent.offline.intents.features import build_vocabulary, vectorise
from agent.offline.intents.model import ARTIFACT
from core.embeddings import Embedder

HERE = Path(__file__).resolve().parent
DATA = tuple(HERE / f"utterances{suffix}.jsonl" for suffix in ("", "_c", "_d", "_f"))
# The first turns of the scorecard's dev cases (evals/datasets/*.jsonl, never its held-out
# cases): the scorecard's dev routing is therefore a training-set figure; its held-out split
# and the understanding suite's held-out split measure what generalises.
SCORECARD_DEV = Path(__file__).resolve().parent / "scorecard_dev.jsonl"
REGULARISATION = 16.0  # C of the logistic regression, chosen on the dev understanding set


def training_data() -> tuple[list[str], list[str]]:
    """(texts, labels): the written utterances and every tool's routing examples."""
    from agent.offline.routes import offline_routes

    rows = [
        json.loads(line)
        for path in (*DATA, SCORECARD_DEV)
        for line in path.read_text(encoding="utf-8").splitlines()
        if line
    ]
    texts = [r["text"] for r in rows]
    labels = [r["intent"] for r in rows]
    for tool, routing in sorted(offline_routes(None).items()):
        texts += list(routing.examples)
        labels += [tool] * len(routing.examples)
    return texts, labels


def train(out: Path = ARTIFACT) -> dict[str, int]:
    from scipy.sparse import csr_matrix, hstack
    from sklearn.linear_model import LogisticRegression

    texts, labels = training_data()
    vocabulary, idf = build_vocabulary(texts)
    index = {f: i for i, f in enumerate(vocabulary)}
    rows, cols, values = [], [], []
    for r, text in enumerate(texts):
        indices, weights = vectorise(text, index, idf)
        rows += [r] * len(indices)
        cols += indices
        values += weights
    text_matrix = csr_matrix((values, (rows, cols)), shape=(len(texts), len(vocabulary)))
    embeddings = Embedder().embed(texts)
    features = hstack([csr_matrix(embeddings), text_matrix]).tocsr()
    model = LogisticRegression(C=REGULARISATION, max_iter=5000).fit(features, labels)
    weights = model.coef_.astype(np.float32)
    np.savez_compressed(
        out,
        labels=np.array(model.classes_, dtype=str),
        vocabulary=np.array(vocabulary, dtype=str),
        idf=np.array(idf, dtype=np.float32),
        w_embedding=weights[:, : embeddings.shape[1]],
        w_text=weights[:, embeddings.shape[1] :],
        bias=model.intercept_.astype(np.float32),
    )
    return {"messages": len(texts), "features": len(vocabulary), "labels": len(model.classes_)}


if __name__ == "__main__":  # pragma: no cover - a maintenance script
    print(train())
