import numpy as np
import pyarrow as pa

from tasks.group.cluster import (
    DIFFERENT,
    SAME,
    UNRELATED,
    _Figures,
    cluster_changes,
    cluster_claims,
)
from tasks.group.options import GroupOptions
from tasks.group.terms import terms
from tasks.group.version import grouping_version
from tasks.store.lake import lake_schema

OPTIONS = GroupOptions()


def table(rows: list[tuple], run_id: str = "r1") -> pa.Table:
    """Claims (claim_id, text, [(value, unit)], speaker) as a lake claims table."""
    full = []
    for claim_id, text, figures, speaker in rows:
        full.append({
            "claim_id": claim_id, "doc_id": "d" + claim_id, "kind": "statement", "text": text,
            "speaker": speaker, "hedged": False, "raw_start": 0, "raw_end": len(text),
            "sentence_index": 0, "sentence_start": 0, "sentence_end": len(text),
            "run_id": run_id, "extractor_version": "1",
            "figures": [{"value": v, "unit": u, "text": f"{v:g}", "raw_start": 0, "raw_end": 1}
                        for v, u in figures],
        })
    return pa.Table.from_pylist(full, schema=lake_schema("claims"))


def clusters(t: pa.Table, order: dict[str, int]) -> dict[str, str]:
    members, _ = cluster_claims(t, order, OPTIONS)
    return dict(zip(members["claim_id"].to_pylist(), members["cluster_id"].to_pylist(),
                    strict=True))


def test_terms_are_stemmed_content_words_synonyms_and_phrases():
    assert terms("The deminers are clearing mines in Kursk") == {
        "deminer", "clear", "mine", "kursk", "deminer_clear", "clear_mine", "mine_kursk"}
    assert terms("We will never forget this help") == terms("We will never forget this aid")


def relations(claims: list[list[tuple]], pairs: list[tuple[int, int]]) -> list[str]:
    """The figure relation of each pair of claims given as [(value, unit, qualifier, text)]."""
    figures = [[{"value": v, "unit": u, "qualifier": q, "text": t, "raw_start": 0, "raw_end": 1}
                for v, u, q, t in c] for c in claims]
    column = pa.chunked_array([pa.array(figures, lake_schema("claims").field("figures").type)])
    i, j = (np.array(side) for side in zip(*pairs, strict=True))
    names = {UNRELATED: "unrelated", SAME: "same", DIFFERENT: "different"}
    return [names[r] for r in _Figures(column).relation(i, j).tolist()]


def test_figures_of_one_kind_with_different_values_differ():
    engineers = (6000.0, "engineers", None, "6,000")
    got = relations([
        [engineers], [engineers], [(5000.0, "engineers", None, "5,000")],
        [(6000.0, "casualties", None, "6,000")],
        [(5.0, "engineers", None, "five"), (6030.0, None, None, "6,030")],  # "five": not precise
        [(3000.0, "engineers", "thousands", "thousands")],  # vague: not precise
        [(4000.0, "casualties", None, "4,000"), (6000.0, "engineers", None, "6,000")],
    ], [(0, 1), (0, 2), (0, 3), (0, 4), (0, 5), (0, 6), (3, 6)])
    assert got == ["same", "different", "unrelated", "same", "unrelated", "same", "different"]


def test_reworded_claims_join_and_different_figures_do_not():
    t = table([
        ("a", "North Korea has shipped 12 million artillery shells to Russia",
         [(12e6, "artillery shells")], None),
        ("b", "North Korea reportedly shipped 12 million artillery shells to Russia",
         [(12e6, "artillery shells")], None),
        ("c", "North Korea has shipped 3 million artillery shells to Russia",
         [(3e6, "artillery shells")], None),
        ("d", "Officials in Seoul warned of a broader conflict", [], None),
    ])
    got = clusters(t, {"r1": 0})
    assert got["a"] == got["b"] == "ca"
    assert got["c"] == "cc" and got["d"] == "cd"


def test_paraphrased_quotes_of_one_speaker_join():
    t = table([
        ("a", "We will never forget this aid", [], "Dmitry Peskov"),
        ("b", "This aid will never be forgotten, and it underscores the bonds", [],
         "Dmitry Peskov"),
        ("c", "We will never abandon the talks on trade", [], "Jane Roe"),
    ])
    got = clusters(t, {"r1": 0})
    assert got["a"] == got["b"] != got["c"]


def test_cluster_ids_survive_new_runs_and_merges_are_recorded():
    first = table([("m", "The ministry confirmed the arrival of North Korean engineers", [], None),
                   ("z", "Local farmers harvested a record wheat crop in Kansas", [], None)])
    second = table([("b", "Ministry confirmed arrival of the North Korean engineers", [], None)],
                   run_id="r2")
    before, _ = cluster_claims(first, {"r1": 0}, OPTIONS)
    after, _ = cluster_claims(pa.concat_tables([first, second]), {"r1": 0, "r2": 1}, OPTIONS)
    ids = dict(zip(after["claim_id"].to_pylist(), after["cluster_id"].to_pylist(), strict=True))
    assert ids == {"m": "cm", "b": "cm", "z": "cz"}
    assert cluster_changes(before, after, "r2").num_rows == 0
    merged = cluster_changes(
        pa.table({"claim_id": ["m", "b", "s", "t"], "cluster_id": ["cm", "cb", "cs", "cs"]}),
        pa.table({"claim_id": ["m", "b", "s", "t"], "cluster_id": ["cm", "cm", "cs", "ct"]}),
        "r3")
    assert merged.to_pylist() == [
        {"run_id": "r3", "cluster_id": "cm", "change": "merged", "other_cluster_id": "cb"},
        {"run_id": "r3", "cluster_id": "ct", "change": "merged", "other_cluster_id": "cs"},
        {"run_id": "r3", "cluster_id": "cs", "change": "split", "other_cluster_id": "ct"}]


CLUSTER_SEEDS_TWICE = """
import hashlib, sys
from pathlib import Path
from schemas.derive import to_table
from schemas.records import ClaimRecord
from tasks.group.cluster import cluster_claims
from tasks.group.options import GroupOptions
from schemas.ids import content_id
from tasks.extract.claims import extract_claims
from tasks.ingest.sources import SourceText
seeds = sorted(Path(sys.argv[1]).glob("*.txt"))
docs = []
for i in range(40):
    text = seeds[i % len(seeds)].read_text(encoding="utf-8") + f"\\nEditor's note: {i}.\\n"
    docs.append(SourceText(doc_id=content_id(text), source_uri=str(i), sha256="-", text=text,
                           encoding="utf-8"))
claims = to_table(extract_claims(docs, "r")[1], ClaimRecord, frozenset({"cluster_id"}))
members, links = cluster_claims(claims, {"r": 0}, GroupOptions())
rows = sorted(map(str, members.to_pylist() + links.to_pylist()))
print(hashlib.sha256("\\n".join(rows).encode()).hexdigest())
"""


def test_clusters_and_links_do_not_depend_on_the_hash_seed(seeds_dir):
    import os
    import subprocess
    import sys

    digests = {
        subprocess.run([sys.executable, "-c", CLUSTER_SEEDS_TWICE, str(seeds_dir)],
                       env={**os.environ, "PYTHONHASHSEED": seed}, capture_output=True,
                       text=True, check=True, timeout=300).stdout
        for seed in ("1", "2")
    }
    assert len(digests) == 1


def test_a_repeated_sentence_is_one_group_linked_by_same_text():
    text = "The central bank raised its key rate by half a point to 4.5 pct"
    t = table([("a", text, [(4.5, "pct")], "Jane Roe"), ("b", text, [(4.5, "pct")], "Jane Roe"),
               ("c", text, [(4.5, "pct")], None),
               ("d", "Farmers in Iowa planted more corn this spring", [], None)])
    members, links = cluster_claims(t, {"r1": 0}, OPTIONS)
    got = dict(zip(members["claim_id"].to_pylist(), members["cluster_id"].to_pylist(),
                   strict=True))
    assert got == {"a": "ca", "b": "ca", "c": "ca", "d": "cd"}
    by_pair = {(r["claim_id"], r["linked_claim_id"]): r for r in links.to_pylist()}
    assert by_pair[("a", "b")]["rule"] == "same_text"
    assert by_pair[("a", "b")]["evidence"] == "same text and speaker: Jane Roe"
    assert by_pair[("a", "c")]["rule"] == "similar_terms"  # another speaker: compared as usual


def test_members_carry_the_version_of_the_rules_and_options_that_grouped_them():
    t = table([("a", "The central bank raised its key rate to 4.5 pct", [(4.5, "pct")], None)])
    looser = GroupOptions(cluster_threshold=0.3)
    for options in (OPTIONS, looser):
        members, _ = cluster_claims(t, {"r1": 0}, options)
        assert members["grouping_version"].to_pylist() == [grouping_version(options)]
    assert grouping_version(OPTIONS) != grouping_version(looser)
    assert grouping_version(GroupOptions()) == grouping_version(OPTIONS)
