"""The grouping benchmarks' pure helpers (bench/corpora.py, bench/eval_msrp.py), on tiny inline
fixtures (never the corpora)."""

from pathlib import Path

import pytest

from bench.corpora import (
    Mention,
    Unit,
    ecb_link_scores,
    msrp_folds,
    msrp_scores,
    read_msrp,
)
from bench.eval_msrp import tfidf_cosines, threshold_curve

ROWS = [
    "1\t1\t2\tShares rose 5 percent on Friday.\tOn Friday shares rose 5 percent.",
    "0\t3\t4\tShares rose 5 percent on Friday.\tShares rose 9 percent on Friday.",
    "1\t2\t5\tOn Friday shares rose 5 percent.\tShares were up 5 percent on Friday.",
]


@pytest.mark.parametrize("header", [True, False])
def test_read_pairs_skips_a_header_and_the_bom(tmp_path: Path, header: bool):
    lines = (["Quality\t#1 ID\t#2 ID\t#1 String\t#2 String"] if header else []) + ROWS
    path = tmp_path / "pairs.txt"
    path.write_text("\ufeff" + "\n".join(lines) + "\n", encoding="utf-8")
    pairs, sentences = read_msrp(path)
    assert pairs == [(True, "1", "2"), (False, "3", "4"), (True, "2", "5")]
    assert sentences["2"] == "On Friday shares rose 5 percent."


def test_folds_keep_sentence_ids_apart():
    pairs = [(True, "1", "2"), (False, "3", "4"), (True, "2", "5"), (True, "6", "7")]
    fold = msrp_folds(pairs, 2)
    assert fold["1"] == fold["2"] == fold["5"]  # one component, one fold
    assert fold["3"] == fold["4"] and fold["6"] == fold["7"]
    assert len(set(fold.values())) == 2


def test_pairs_are_the_same_when_their_claims_share_a_cluster():
    pairs = [(True, "a", "b"), (False, "a", "c"), (True, "a", "d")]
    doc = {"a": "da", "b": "db", "c": "dc", "d": "dd"}
    clusters = {"da": {"c1", "c2"}, "db": {"c2"}, "dc": {"c3"}}  # dd: no claim
    assert msrp_scores(pairs, clusters, doc) == {"P": 1.0, "R": 0.5, "F1": 2 / 3,
                                                 "acc": 2 / 3}


def test_cross_document_links_count_pairs_of_units_in_different_documents():
    units = [Unit("a", "d1", frozenset({"e1"}), (0, 1)), Unit("b", "d2", frozenset({"e1"}), (0, 1)),
             Unit("c", "d2", frozenset({"e2"}), (0, 1)), Unit("d", "d1", frozenset({"e1"}), (0, 1))]
    got = ecb_link_scores(units, ["x", "x", "x", "x"])  # one cluster: every cross pair predicted
    assert (got["gold"], got["predicted"]) == (2, 4)  # a-b, d-b; a-b a-c d-b d-c
    assert got["P"] == 0.5 and got["R"] == 1.0
    assert Mention("d1", 0, 1, "e1") == Mention("d1", 0, 1, "e1")


def test_tfidf_cosine_and_threshold_curve():
    sentences = {"a": "x y z", "b": "x y z", "c": "p q r", "d": "x q w"}
    pairs = [(True, "a", "b"), (False, "a", "c"), (False, "a", "d")]
    cos = tfidf_cosines(sentences, pairs)
    assert cos[0] == pytest.approx(1.0) and cos[1] == 0.0 and 0 < cos[2] < 1
    curve = threshold_curve(cos, pairs)
    assert [t for t, _ in curve] == sorted({*cos}, reverse=True)
    assert curve[0][1][:3] == [1.0, 1.0, 1.0]  # precision, recall, F1 at the top threshold
