import numpy as np
import pyarrow as pa

import tasks.group.candidates as candidates
from tasks.group.candidates import MAX_CANDIDATES, candidate_pairs, cosine, term_matrix


def bags(rows: list[list[str]]) -> pa.Array:
    return pa.array(rows, pa.list_(pa.string()))


def test_pairs_share_a_rare_term_and_scores_are_idf_cosines():
    m = term_matrix(bags([["ship", "shell", "russia"], ["shell", "russia"], ["wheat"],
                          ["ship", "wheat"]]))
    i, j = candidate_pairs(m)
    assert list(zip(i.tolist(), j.tolist(), strict=True)) == [(0, 1), (0, 3), (2, 3)]
    score, shared = cosine(m, i, j)
    assert shared.tolist() == [2, 1, 1]
    idf = {t: np.log1p(4 / df) for t, df in {"ship": 2, "shell": 2, "russia": 2,
                                              "wheat": 2}.items()}
    expected = (idf["shell"] ** 2 + idf["russia"] ** 2) / np.sqrt(
        (idf["ship"] ** 2 + idf["shell"] ** 2 + idf["russia"] ** 2)
        * (idf["shell"] ** 2 + idf["russia"] ** 2))
    assert abs(score[0] - expected) < 1e-12


def test_each_claim_keeps_its_strongest_candidates_only():
    # claim 0 shares the term "x" with 60 later claims, and "y" with the last 5 of them
    rows = [["x", "y"]] + [["x"] + (["y"] if k >= 55 else []) for k in range(60)]
    i, j = candidate_pairs(term_matrix(bags(rows)))
    first = j[i == 0].tolist()
    assert len(first) == MAX_CANDIDATES
    assert set(range(56, 61)) <= set(first)  # sharing both terms ranks first
    assert first == sorted(first)


def test_pairs_and_scores_do_not_depend_on_the_chunk_size(monkeypatch):
    rng = np.random.default_rng(7)
    rows = [sorted({f"t{v}" for v in rng.integers(0, 400, 12)}) for _ in range(500)]
    m = term_matrix(bags(rows))
    whole = candidate_pairs(m), cosine(m, *candidate_pairs(m))
    monkeypatch.setattr(candidates, "_CHUNK", 97)
    chunked = candidate_pairs(m), cosine(m, *candidate_pairs(m))
    for a, b in zip([*whole[0], *whole[1]], [*chunked[0], *chunked[1]], strict=True):
        assert np.array_equal(a, b)
    assert len(whole[0][0]) > 1000
