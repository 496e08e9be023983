"""The flow's tasks reuse what the lake stores (match terms, sketches) only when made by the
rules that run now, and compute the rest."""

import pyarrow as pa

from flows.stages import stored_sketches, stored_terms
from tasks.group.cluster import cluster_claims
from tasks.group.families import SKETCH_VERSION, document_families, sketch
from tasks.group.options import GroupOptions
from tasks.group.terms import TERMS_VERSION
from tests.tasks.group.test_cluster import table
from tests.tasks.group.test_families_disputes import STORY, docs


def test_stored_match_terms_are_used_unless_made_by_other_rules():
    t = table([("a", "Farmers in Iowa planted more corn this spring", [], None),
               ("b", "Shipyards in Korea launched two new tankers", [], None)])

    def stored(version: str) -> pa.Table:  # both claims stored with the same (made-up) terms
        return pa.table({"claim_id": ["a", "b"], "terms": [["x", "y", "z"], ["x", "y", "z"]],
                         "terms_version": [version, version]})

    got = cluster_claims(t, {"r1": 0}, GroupOptions(), stored_terms(stored(TERMS_VERSION)))
    assert got.members["cluster_id"].to_pylist() == ["ca", "ca"]
    got = cluster_claims(t, {"r1": 0}, GroupOptions(), stored_terms(stored("older")))
    assert got.members["cluster_id"].to_pylist() == ["ca", "cb"]


def test_stored_sketches_are_used_and_missing_ones_computed():
    other = "Heavy rain flooded the valley and closed the main road to the port for two days."

    def stored(version: str) -> pa.Table:
        return pa.table({"doc_id": ["b"], "sketch": pa.array([sketch(STORY)], pa.list_(pa.int64())),
                         "sketch_version": [version]})

    pair = docs([("a", STORY, None), ("b", other, None)])
    # b's stored sketch is the story's: it counts as a copy of a although its text is not
    got, _ = document_families(pair, {"r1": 0}, stored_sketches(pair, stored(SKETCH_VERSION)))
    assert [r["family_id"] for r in got.to_pylist()] == ["a", "a"]
    # a sketch made another way is made again from the text
    got, _ = document_families(pair, {"r1": 0}, stored_sketches(pair, stored("older")))
    assert [r["family_id"] for r in got.to_pylist()] == ["a", "b"]
