"""Word clusters for the attribution model: words that keep the same company, grouped.

    python -m bench.word_clusters CORPUS --out FILE [--clusters 400]

Reads the raw text of PolNeAR train (CORPUS/polnear-train) and the Reuters-21578 bodies
(CORPUS/reuters21578/reuters21578.jsonl), counts for every lower-case word seen five times or
more the words two either side of it (by position), weighs the counts by positive pointwise
mutual information, reduces them to 100 dimensions (truncated SVD) and groups the words with
k-means: words used alike fall together ("said", "told", "warned", "denied"; "criticized",
"endorsed", "slammed", "praised"). bench/train_attribution.py --clusters reads the file: a word
outside the cue lexicon is scored as its cluster when the cluster's words are cues often enough in
training, so that an unseen cue verb is read like the known ones around it. Deterministic (fixed
starting vector and seed); about 25 s. Needs the `train` extra (numpy, scipy, scikit-learn).
"""

from __future__ import annotations

import argparse
import json
import re
from collections import Counter
from pathlib import Path

from bench.polnear import load

_WORD = re.compile(r"[a-z]+(?:['-][a-z]+)*")
MIN_COUNT, WINDOW, DIMENSIONS = 5, 2, 100


def texts(corpus: Path) -> list[str]:
    """The PolNeAR train articles and the Reuters bodies, in a fixed order."""
    out = [a.text for a in load(corpus / "polnear-train")]
    with (corpus / "reuters21578" / "reuters21578.jsonl").open(encoding="utf-8") as fh:
        out += [b for line in fh if (b := json.loads(line).get("body"))]
    return out


def clusters(docs: list[list[str]], k: int) -> dict[str, int]:
    """Each word seen MIN_COUNT times or more → its cluster (0..k-1)."""
    import numpy as np
    from scipy.sparse import coo_matrix
    from scipy.sparse.linalg import svds
    from sklearn.cluster import KMeans

    counts = Counter(w for d in docs for w in d)
    vocab = sorted(w for w, c in counts.items() if c >= MIN_COUNT)
    index = {w: i for i, w in enumerate(vocab)}
    pairs: Counter = Counter()
    width = 2 * WINDOW
    for d in docs:
        ids = [index.get(w, -1) for w in d]
        for i, a in enumerate(ids):
            if a < 0:
                continue
            for j in range(max(0, i - WINDOW), min(len(ids), i + WINDOW + 1)):
                if j != i and ids[j] >= 0:  # the context word at its offset from the word
                    pairs[a, ids[j] * width + (j - i + WINDOW - (j > i))] += 1
    keys = sorted(pairs)
    rows = np.array([r for r, _ in keys])
    cols = np.array([c for _, c in keys])
    vals = np.array([pairs[key] for key in keys], dtype=np.float64)
    m = coo_matrix((vals, (rows, cols)), shape=(len(vocab), len(vocab) * width)).tocsr()
    total = m.sum()
    row_p = np.asarray(m.sum(1)).ravel() / total
    col_p = np.asarray(m.sum(0)).ravel() ** 0.75
    col_p /= col_p.sum()
    m = m.tocoo()
    pmi = np.log(m.data / total / row_p[m.row] / col_p[m.col])
    keep = pmi > 0
    ppmi = coo_matrix((pmi[keep], (m.row[keep], m.col[keep])), shape=m.shape).tocsr()
    u, s, _ = svds(ppmi, k=DIMENSIONS, v0=np.ones(min(ppmi.shape)) / min(ppmi.shape) ** 0.5)
    vectors = u * np.sqrt(s)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True) + 1e-9
    labels = KMeans(n_clusters=k, n_init=1, random_state=0).fit(vectors).labels_
    return {w: int(label) for w, label in zip(vocab, labels, strict=True)}


def main(argv: list[str] | None = None) -> int:
    """Build the clusters and write them as JSON (word → cluster)."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("corpus", type=Path, help="the folder holding polnear-train and reuters21578")
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--clusters", type=int, default=400)
    args = ap.parse_args(argv)
    docs = [_WORD.findall(t.lower()) for t in texts(args.corpus)]
    found = clusters(docs, args.clusters)
    args.out.write_text(json.dumps(found, sort_keys=True) + "\n", encoding="utf-8")
    print(f"{len(docs)} texts, {len(found)} words in {args.clusters} clusters: {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
