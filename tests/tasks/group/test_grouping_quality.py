"""Grouping on the seeds, scored against the gold with the plain stage functions."""

from pathlib import Path

import pytest

from flows.cli.evaluate import SystemClaim, load_gold, score
from flows.stages import figure_claims
from schemas.derive import to_table
from schemas.records import ClaimRecord, DocumentRecord
from tasks.extract.claims import extract_claims
from tasks.group.cluster import cluster_claims
from tasks.group.disputes import figure_disputes
from tasks.group.options import GroupOptions
from tasks.ingest.options import IngestOptions
from tasks.ingest.read import read_sources


@pytest.fixture(scope="module")
def scores(seeds_dir: Path, gold_path: Path) -> dict:
    docs, _ = read_sources(sorted(seeds_dir.glob("*.txt")), IngestOptions())
    records, claims, _, _ = extract_claims(docs, "r")
    table = to_table(claims, ClaimRecord, frozenset({"cluster_id"}))
    members, _ = cluster_claims(table, {"r": 0}, GroupOptions())
    cluster = dict(zip(members["claim_id"].to_pylist(), members["cluster_id"].to_pylist(),
                       strict=True))
    disputes = figure_disputes(figure_claims(
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
