"""The shipped routing-example vectors are the embedder's own, for every example."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from agent.offline.example_vectors import ARTIFACT, build, example_texts, shipped_vectors
from core.embeddings import Embedder


def test_every_routing_example_has_its_vector_shipped(embedder: Embedder) -> None:
    missing = set(example_texts()) - set(shipped_vectors(embedder))
    assert not missing, (
        f"{len(missing)} routing examples have no shipped vector (a first start embeds them): "
        "run `.venv/bin/python -m agent.offline.example_vectors` and commit the artifact"
    )


def test_shipped_vectors_are_what_the_embedder_makes_one_text_at_a_time(
    embedder: Embedder,
) -> None:
    shipped = shipped_vectors(embedder)
    sample = sorted(shipped)[::25]
    made = np.stack([embedder.embed([text])[0] for text in sample])
    assert np.array_equal(made, np.stack([shipped[text] for text in sample]))


def test_vectors_of_other_model_files_or_embedders_are_not_used(
    tmp_path: Path, embedder: Embedder
) -> None:
    class Other:
        def embed(self, texts: list[str]) -> np.ndarray:
            return np.zeros((len(texts), 384), dtype=np.float32)

    assert shipped_vectors(Other()) == {}
    path = tmp_path / "vectors.npz"
    with np.load(ARTIFACT) as data:
        np.savez(
            path, model=np.array("another model"), texts=data["texts"], vectors=data["vectors"]
        )
    assert shipped_vectors(embedder, path) == {}
    assert shipped_vectors(embedder, tmp_path / "none.npz") == {}


def test_build_writes_what_shipped_vectors_reads(tmp_path: Path, embedder: Embedder) -> None:
    path = tmp_path / "vectors.npz"
    assert build(path, embedder) == len(example_texts())
    assert set(shipped_vectors(embedder, path)) == set(example_texts())
