import itertools

import numpy as np
import pyarrow as pa

from schemas.derive import arrow_schema
from schemas.records import DocumentRecord
from tasks.group.disputes import figure_disputes, subject_terms
from tasks.group.families import SKETCH, _resemblances, document_families, sketch, sketches

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
    got = document_families(rows, {"r1": 0}, sketches(rows.column("text")))
    rows = {r["doc_id"]: (r["family_id"], r["reason"]) for r in got.to_pylist()}
    assert rows["a"] == ("a", "original")
    assert rows["b"][0] == "a" and rows["b"][1].startswith("near-copy of a (shared shingles")
    assert rows["c"] == ("c", "original")
    assert rows["d"][0] == "c"


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


def test_disputed_figures_need_one_kind_of_quantity_and_a_shared_subject():
    figures = pa.list_(pa.struct([("value", pa.float64()), ("value_high", pa.float64()),
                                  ("unit", pa.string()), ("qualifier", pa.string())]))
    claims = pa.table({
        "claim_id": ["a", "b", "c", "d"],
        "doc_id": ["d1", "d2", "d3", "d4"],
        "speaker": [None, "Volodymyr Zelensky", None, None],
        "cluster_id": ["ca", "cb", "cc", "cd"],
        "figures": pa.array([
            [{"value": 10000.0, "value_high": None, "unit": "North Korean troops",
              "qualifier": "over"}],
            [{"value": 12000.0, "value_high": None, "unit": "North Koreans",
              "qualifier": None}],
            [{"value": 6000.0, "value_high": None, "unit": "engineers", "qualifier": None}],
            [{"value": 1000.0, "value_high": None, "unit": "North Korean soldiers",
              "qualifier": "thousands"}],
        ], type=figures),
    })
    sentences = [
        "Over 10,000 North Korean troops fight alongside Russian forces.",
        "Zelensky said that out of 12,000 North Koreans sent, most were lost.",
        "North Korea is sending 6,000 engineers to Kursk.",
        "Thousands of North Korean soldiers have perished.",
    ]
    got = figure_disputes(claims.append_column("sentence", pa.array(sentences))).to_pylist()
    assert [(r["claim_id"], r["other_claim_id"], r["quantity"]) for r in got] == [
        ("a", "b", "people")]
    assert got[0]["subject"] == "korean, north"
    assert subject_terms("Officials in Seoul said South Korean troops left.") == {
        "seoul", "south", "korean"}
    # Reuters, 1987: designators, titles and months name no subject
    assert subject_terms("Plum Holding Inc said it has started its offer for Holly Sugar Corp "
                         "shares, Prime Minister Yasuhiro Nakasone said on April 29.") == {
        "plum", "holly", "sugar", "yasuhiro", "nakasone"}


def test_one_document_speaking_with_one_voice_disputes_nothing():
    figures = pa.list_(pa.struct([("value", pa.float64()), ("unit", pa.string())]))
    claims = pa.table({
        "claim_id": ["a", "b"], "doc_id": ["d1", "d1"], "speaker": [None, None],
        "cluster_id": ["ca", "cb"],
        "figures": pa.array(
            [[{"value": 500.0, "unit": "jobs"}], [{"value": 300.0, "unit": "jobs"}]], type=figures),
    })
    sentences = ["Acme Steel cut 500 jobs in Ohio this year.",
                 "Acme Steel had cut 300 jobs in Ohio a year earlier."]
    assert figure_disputes(claims.append_column("sentence", pa.array(sentences))).num_rows == 0
