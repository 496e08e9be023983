"""Grouping on the seeds, scored against the gold with the plain stage functions."""

from pathlib import Path

import pytest

from schemas.derive import to_table
from schemas.records import ClaimRecord, DocumentRecord
from tasks.cluster import cluster_claims
from tasks.config import PipelineConfig
from tasks.disputes import figure_disputes, with_clusters_and_sentences
from tasks.evaluate import SystemClaim, load_gold, score
from tasks.extract import extract_claims
from tasks.ingest import read_sources


@pytest.fixture(scope="module")
def scores(seeds_dir: Path, gold_path: Path) -> dict:
    config = PipelineConfig()
    docs, _ = read_sources(sorted(seeds_dir.glob("*.txt")), config)
    records, claims, _ = extract_claims(docs, "r")
    table = to_table(claims, ClaimRecord, frozenset({"cluster_id"}))
    members, _ = cluster_claims(table, {"r": 0}, config.cluster_threshold)
    cluster = dict(zip(members["claim_id"].to_pylist(), members["cluster_id"].to_pylist(),
                       strict=True))
    disputes = figure_disputes(with_clusters_and_sentences(
        table, members, to_table(records, DocumentRecord)))
    name = {d.doc_id: Path(d.source_uri).name for d in docs}
    system = [SystemClaim(name[c.doc_id], c.raw_start, c.raw_end, cluster[c.claim_id], c.speaker,
                          tuple(f.value for f in c.figures), c.claim_id) for c in claims]
    mentions, non_claims, gold = load_gold(gold_path, seeds_dir)
    pairs = list(zip(disputes["claim_id"].to_pylist(), disputes["other_claim_id"].to_pylist(),
                     strict=True))
    return score(mentions, non_claims, system, gold["disputes"], pairs)


def test_extraction_bars(scores):
    assert scores["mention_recall"] >= 0.92
    assert scores["labelled_precision"] >= 0.97
    assert scores["speaker_accuracy"] >= 0.85
    assert scores["figure_recall"] >= 0.90


def test_grouping_bars(scores):
    assert scores["b3_f1"] >= 0.85
    assert scores["exact_source_counts"] >= 13
    assert scores["disputes_found"] == scores["n_disputes"] == 2
