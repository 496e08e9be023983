"""The MSRP scorer's pure helpers, on tiny inline fixtures (never the corpus)."""

from pathlib import Path

import pytest

from bench.eval_msrp import (
    claims_table,
    figures_compatible,
    read_pairs,
    same_cluster,
    tfidf_cosines,
    threshold_curve,
)
from tasks.group.options import GroupOptions

ROWS = [
    "1\t1\t2\tShares rose 5 percent on Friday.\tOn Friday shares rose 5 percent.",
    "0\t3\t4\tShares rose 5 percent on Friday.\tShares rose 9 percent on Friday.",
]


@pytest.mark.parametrize("header", [True, False])
def test_read_pairs_skips_a_header_and_the_bom(tmp_path: Path, header: bool):
    lines = (["Quality\t#1 ID\t#2 ID\t#1 String\t#2 String"] if header else []) + ROWS
    path = tmp_path / "pairs.txt"
    path.write_text("\ufeff" + "\n".join(lines) + "\n", encoding="utf-8")
    pairs, sentences = read_pairs(path)
    assert pairs == [(True, "1", "2"), (False, "3", "4")]
    assert sentences["2"] == "On Friday shares rose 5 percent."


def test_tfidf_cosine_and_threshold_curve():
    sentences = {"a": "x y z", "b": "x y z", "c": "p q r", "d": "x q w"}
    pairs = [(True, "a", "b"), (False, "a", "c"), (False, "a", "d")]
    cos = tfidf_cosines(sentences, pairs)
    assert cos[0] == pytest.approx(1.0) and cos[1] == 0.0 and 0 < cos[2] < 1
    curve = threshold_curve(cos, pairs)
    assert [t for t, _ in curve] == sorted({*cos}, reverse=True)
    assert curve[0][1][:3] == [1.0, 1.0, 1.0]  # precision, recall, F1 at the top threshold


def test_figures_gate_and_clustering_of_a_tiny_table():
    assert figures_compatible("rose 5 percent", "climbed 5 percent")
    assert not figures_compatible("rose 5 percent", "rose 9 percent")
    assert figures_compatible("rose 5 percent", "rose sharply")
    sentences = {
        "1": "North Korea shipped 12 million artillery shells to Russia",
        "2": "North Korea has shipped 12 million artillery shells to Russia",
        "3": "North Korea shipped 3 million artillery shells to Russia",
        "4": "Officials in Seoul warned of a broader conflict",
    }
    pairs = [(True, "1", "2"), (False, "1", "3"), (False, "1", "4")]
    options = GroupOptions(cluster_threshold=0.5)
    assert same_cluster(claims_table(sentences), pairs, options) == [True, False, False]
