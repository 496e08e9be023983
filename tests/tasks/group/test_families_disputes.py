import itertools

import numpy as np
import pyarrow as pa

from schemas.derive import arrow_schema
from schemas.records import DocumentRecord
from tasks.group.disputes import figure_disputes, subject_terms
from tasks.group.families import SKETCH, _resemblances, document_families, sketch, sketches
from tasks.store.lake import lake_schema

STORY = ("The central bank raised its benchmark interest rate by half a point on Tuesday, citing "
         "persistent inflation in services and a tight labour market, and signalled that further "
         "increases were likely before the end of the year as wage growth stayed strong.")


def resemblance(a: list[int], b: list[int]) -> float:
    """The definition: the share of the union's SKETCH smallest hashes found in both sketches."""
    union = sorted(set(a) | set(b))[:SKETCH]
    return sum(h in set(a) & set(b) for h in union) / len(union) if union else 0.0


def docs(rows: list[tuple[str, str, str | None]]) -> pa.Table:
    return pa.Table.from_pylist([
        {"doc_id": d, "source_uri": d, "sha256": d, "text": t, "publisher": p, "encoding": "utf-8",
         "n_chars": len(t), "first_run_id": "r1"} for d, t, p in rows
    ], schema=arrow_schema(DocumentRecord))


def test_near_copies_and_one_publisher_form_families():
    edited = STORY.replace("on Tuesday", "on Tuesday afternoon")
    other = "Heavy rain flooded the valley and closed the main road to the port for two days."
    rows = docs([("a", STORY, None), ("b", edited, None), ("c", other, "Wire"),
                 ("d", other + " More rain is due.", "wire")])
    got, copies = document_families(rows, {"r1": 0}, sketches(rows.column("text")))
    rows = {r["doc_id"]: (r["family_id"], r["reason"]) for r in got.to_pylist()}
    assert rows["a"] == ("a", "original")
    assert rows["b"][0] == "a" and rows["b"][1].startswith("near-copy of a (shared shingles")
    assert rows["c"] == ("c", "original")
    assert rows["d"][0] == "c"
    assert [(r["doc_id"], r["other_doc_id"]) for r in copies.to_pylist()] == [
        ("a", "b"), ("c", "d")]


def test_resemblances_on_columns_equal_the_definition():
    words = STORY.split()
    texts = [STORY, STORY, " ".join(words[:20]), " ".join(words[10:]),
             " ".join(reversed(words)), "", STORY.replace("rate", "target"), " ".join(words * 3)]
    sketches = [sketch(t) for t in texts]
    hashes = np.array([h for s in sketches for h in s], np.int64)
    start = np.r_[0, np.cumsum([len(s) for s in sketches])]
    a, b = (np.array(x) for x in zip(*itertools.combinations(range(len(texts)), 2), strict=True))
    got = _resemblances(hashes, start, a, b).tolist()
    assert got == [resemblance(sketches[i], sketches[j]) for i, j in zip(a, b, strict=True)]
    assert got[0] == 1.0 and 0 < got[1] < 1  # the same story; a story and its start


def disputing(rows: list[tuple[str, str, str | None, str, list[tuple]]]) -> pa.Table:
    """Claims (claim_id, doc_id, speaker, sentence, figures as (value, value_high, unit,
    qualifier, text)), each its own cluster, the sentence its text; figures located by text."""
    out = []
    for claim_id, doc_id, speaker, sentence, figures in rows:
        out.append({
            "claim_id": claim_id, "doc_id": doc_id, "speaker": speaker,
            "cluster_id": "c" + claim_id,
            "text": sentence, "raw_start": 0, "sentence": sentence,
            "figures": [{"value": v, "value_high": h, "unit": u, "qualifier": q, "text": t,
                         "raw_start": sentence.index(t), "raw_end": sentence.index(t) + len(t)}
                        for v, h, u, q, t in figures]})
    return pa.Table.from_pylist(out, schema=pa.schema([
        ("claim_id", pa.string()), ("doc_id", pa.string()), ("speaker", pa.string()),
        ("cluster_id", pa.string()), ("text", pa.string()), ("raw_start", pa.int64()),
        ("sentence", pa.string()), ("figures", lake_schema("claims").field("figures").type)]))


def test_disputed_figures_need_one_kind_of_quantity_and_a_shared_subject():
    got = figure_disputes(disputing([
        ("a", "d1", None, "Over 10,000 North Korean troops fight alongside Russian forces.",
         [(10000.0, None, "North Korean troops", "over", "10,000")]),
        ("b", "d2", "Volodymyr Zelensky",
         "Zelensky said that out of 12,000 North Koreans sent, most were lost.",
         [(12000.0, None, "North Koreans", None, "12,000")]),
        ("c", "d3", None, "North Korea is sending 6,000 engineers to Kursk.",
         [(6000.0, None, "engineers", None, "6,000")]),
        ("d", "d4", None, "Thousands of North Korean soldiers have perished.",
         [(1000.0, None, "North Korean soldiers", "thousands", "Thousands")]),
    ])).to_pylist()
    assert [(r["claim_id"], r["other_claim_id"], r["kind"], r["quantity"]) for r in got] == [
        ("a", "b", "figure", "people")]
    assert got[0]["subject"] == "korean, north"
    assert subject_terms("Officials in Seoul said South Korean troops left.") == {
        "seoul", "south", "korean"}
    # Reuters, 1987: designators, titles and months name no subject
    assert subject_terms("Plum Holding Inc said it has started its offer for Holly Sugar Corp "
                         "shares, Prime Minister Yasuhiro Nakasone said on April 29.") == {
        "plum", "holly", "sugar", "yasuhiro", "nakasone"}


def test_ranges_are_disputed_as_ranges_and_each_pair_of_clusters_once():
    claims = disputing([
        ("a", "d1", None, "Between 4,000 and 6,000 North Korean troops reached Kursk.",
         [(4000.0, 6000.0, "North Korean troops", None, "4,000")]),
        ("b", "d2", None, "Some 5,000 North Korean troops reached Kursk, officials said.",
         [(5000.0, None, "North Korean troops", None, "5,000")]),  # inside the range: differs
        ("c", "d3", None, "At least 8,000 North Korean troops reached Kursk.",
         [(8000.0, None, "North Korean troops", None, "8,000")]),
        ("e", "d5", None, "Another 2,000 to 3,000 North Korean troops reached Kursk.",
         [(2000.0, 3000.0, "North Korean troops", None, "2,000")]),
    ])
    # c and a second mention of c's claim (same cluster): one dispute per pair of clusters
    claims = pa.concat_tables([claims, claims.slice(2, 1).set_column(
        0, "claim_id", pa.array(["c2"])).set_column(3, "cluster_id", pa.array(["cc"]))])
    got = {(r["claim_id"], r["other_claim_id"]): (r["value"], r["value_high"], r["other_value"],
                                                  r["other_value_high"])
           for r in figure_disputes(claims).to_pylist()}
    assert got == {("a", "b"): (4000.0, 6000.0, 5000.0, 5000.0),
                   ("a", "c"): (4000.0, 6000.0, 8000.0, 8000.0),
                   ("a", "e"): (4000.0, 6000.0, 2000.0, 3000.0),
                   ("b", "c"): (5000.0, 5000.0, 8000.0, 8000.0),
                   ("b", "e"): (5000.0, 5000.0, 2000.0, 3000.0),
                   ("c", "e"): (8000.0, 8000.0, 2000.0, 3000.0)}


def test_one_document_speaking_with_one_voice_disputes_nothing():
    claims = disputing([
        ("a", "d1", None, "Acme Steel cut 500 jobs in Ohio this year.",
         [(500.0, None, "jobs", None, "500")]),
        ("b", "d1", None, "Acme Steel had cut 300 jobs in Ohio a year earlier.",
         [(300.0, None, "jobs", None, "300")]),
    ])
    assert figure_disputes(claims).num_rows == 0
