import pyarrow as pa

from tasks.cluster import cluster_claims, terms
from tasks.store import lake_schema


def table(rows: list[tuple[str, str, list[float], str]]) -> pa.Table:
    schema = lake_schema("claims")
    full = []
    for claim_id, text, values, run_id in rows:
        full.append(
            {
                "claim_id": claim_id,
                "doc_id": "d" + claim_id,
                "kind": "statement",
                "text": text,
                "hedged": False,
                "raw_start": 0,
                "raw_end": len(text),
                "sentence_index": 0,
                "sentence_start": 0,
                "sentence_end": len(text),
                "run_id": run_id,
                "extractor_version": "1",
                "figures": [
                    {"value": v, "text": str(v), "raw_start": 0, "raw_end": 1} for v in values
                ],
            }
        )
    return pa.Table.from_pylist(full, schema=schema)


def clusters(t: pa.Table, order: dict[str, int]) -> dict[str, str]:
    members, _ = cluster_claims(t, order, 0.5)
    return dict(
        zip(members["claim_id"].to_pylist(), members["cluster_id"].to_pylist(), strict=True)
    )


def test_terms_are_stemmed_content_words():
    assert terms("The deminers are clearing mines in Kursk") == {
        "deminer",
        "clear",
        "mine",
        "kursk",
    }


def test_reworded_claims_join_and_different_figures_do_not():
    t = table(
        [
            ("a", "North Korea has shipped 12 million artillery shells to Russia", [12e6], "r1"),
            (
                "b",
                "North Korea reportedly shipped 12 million artillery shells to Russia",
                [12e6],
                "r1",
            ),
            ("c", "North Korea has shipped 3 million artillery shells to Russia", [3e6], "r1"),
            ("d", "Officials in Seoul warned of a broader conflict", [], "r1"),
        ]
    )
    got = clusters(t, {"r1": 0})
    assert got["a"] == got["b"] == "ca"
    assert got["c"] == "cc" and got["d"] == "cd"


def test_cluster_ids_survive_new_runs():
    first = table([("m", "The ministry confirmed the arrival of North Korean engineers", [], "r1")])
    second = table([("b", "Ministry confirmed arrival of the North Korean engineers", [], "r2")])
    before = clusters(first, {"r1": 0})
    after = clusters(pa.concat_tables([first, second]), {"r1": 0, "r2": 1})
    assert before["m"] == after["m"] == after["b"] == "cm"
