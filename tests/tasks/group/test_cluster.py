import numpy as np
import pyarrow as pa

from tasks.group.cluster import cluster_changes, cluster_claims, prepare
from tasks.group.figures import precise_figures, relation
from tasks.group.links import FEATURES, load_link_model, pair_features
from tasks.group.options import GroupOptions
from tasks.group.sources import DocumentLinks, independent_sources
from tasks.group.terms import terms
from tasks.group.version import grouping_version
from tasks.store.lake import lake_schema

OPTIONS = GroupOptions()


def table(rows: list[tuple], run_id: str = "r1", docs: list[str] | None = None,
          sentences: list[int] | None = None) -> pa.Table:
    """Claims (claim_id, text, [(value, unit)], speaker) as a lake claims table, each in a
    document of its own (d + claim_id) unless docs are given, in sentence 0 unless sentences are
    given; a figure is written in the text as f"{value:g}" or at its start."""
    full = []
    for k, (claim_id, text, figures, speaker) in enumerate(rows):
        full.append({
            "claim_id": claim_id, "doc_id": docs[k] if docs else "d" + claim_id,
            "kind": "statement", "text": text, "speaker": speaker, "hedged": False,
            "raw_start": 0, "raw_end": len(text),
            "sentence_index": sentences[k] if sentences else 0, "sentence_start": 0,
            "sentence_end": len(text), "run_id": run_id, "extractor_version": "1",
            "figures": [{"value": v, "unit": u, "text": f"{v:g}",
                         "raw_start": max(text.find(f"{v:g}"), 0),
                         "raw_end": max(text.find(f"{v:g}"), 0) + len(f"{v:g}")}
                        for v, u in figures],
        })
    return pa.Table.from_pylist(full, schema=lake_schema("claims"))


def clusters(t: pa.Table, order: dict[str, int]) -> dict[str, str]:
    members = cluster_claims(t, order, OPTIONS).members
    return dict(zip(members["claim_id"].to_pylist(), members["cluster_id"].to_pylist(),
                    strict=True))


def test_terms_are_stemmed_content_words_synonyms_and_phrases():
    assert terms("The deminers are clearing mines in Kursk") == {
        "deminer", "clear", "mine", "kursk", "deminer_clear", "clear_mine", "mine_kursk"}
    assert terms("We will never forget this help") == terms("We will never forget this aid")
    # a title or role says who, not what: "Republican presidential nominee" glued unrelated claims
    assert terms("The Republican presidential nominee and vice presidential candidate") == {
        "republican"}


def relations(claims: list[tuple[str, list[tuple]]], pairs: list[tuple[int, int]]
              ) -> list[str]:
    """How the figures of pairs of claims relate: `same` (some agree), `veto`, or `unrelated`;
    claims given as (text, [(value, value_high, unit, qualifier, figure text)])."""
    rows = [{"text": text, "raw_start": 0, "figures": [
        {"value": v, "value_high": h, "unit": u, "qualifier": q, "text": t,
         "raw_start": text.index(t), "raw_end": text.index(t) + len(t)}
        for v, h, u, q, t in figures]} for text, figures in claims]
    got = relation(precise_figures(pa.Table.from_pylist(rows, schema=pa.schema([
        ("text", pa.string()), ("raw_start", pa.int64()),
        ("figures", lake_schema("claims").field("figures").type)]))),
        *(np.array(side) for side in zip(*pairs, strict=True)))
    return ["veto" if v else "same" if s else "unrelated"
            for v, s in zip(got.veto.tolist(), got.same.tolist(), strict=True)]


def test_figures_of_one_kind_with_different_values_never_agree_ranges_as_ranges():
    engineers = ("Russia will get 6,000 engineers", [(6000.0, None, "engineers", None, "6,000")])
    got = relations([
        engineers, engineers,
        ("Russia will get 5,000 engineers", [(5000.0, None, "engineers", None, "5,000")]),
        ("There were 6,000 casualties", [(6000.0, None, "casualties", None, "6,000")]),
        ("Russia will get five engineers and 6,030 more",  # "five": not precise
         [(5.0, None, "engineers", None, "five"), (6030.0, None, None, None, "6,030")]),
        ("Thousands of engineers came", [(3000.0, None, "engineers", "thousands", "Thousands")]),
        ("Some 4,000 to 7,000 engineers will come",  # a range: not the 6,000 it holds
         [(4000.0, 7000.0, "engineers", None, "4,000")]),
        ("Between 4,000 and 5,000 engineers will come",
         [(4000.0, 5000.0, "engineers", None, "4,000")]),
        # one matching figure does not excuse another of the same kind that differs
        ("Shares rose 3% and bonds 5%",
         [(3.0, None, "%", None, "3%"), (5.0, None, "%", None, "5%")]),
        ("Shares rose 3% and bonds 7%",
         [(3.0, None, "%", None, "3%"), (7.0, None, "%", None, "7%")]),
        ("Shares rose 3%", [(3.0, None, "%", None, "3%")]),
    ], [(0, 1), (0, 2), (0, 3), (0, 4), (0, 5), (0, 6), (0, 7), (6, 6), (6, 7), (8, 9), (8, 10)])
    assert got == ["same", "veto", "unrelated", "unrelated", "unrelated", "veto", "veto", "same",
                   "veto", "veto", "same"]


def test_numbers_inside_names_codes_and_dates_are_not_figures():
    texts = [("The S&P 500 index fell 1.2%", "500", 500.0, "index"),
             ("Intel launched the 865G chipset", "865", 865.0, None),
             ("A Boeing 747 landed in Seoul", "747", 747.0, None),
             ("The deal closed on 16 December", "16", 16.0, "December"),
             ("It ranked No. 1 in sales", "1", 1.0, None),
             ("Some 500 workers were laid off", "500", 500.0, "workers"),
             ("Boeing sold 747 jets last year", "747", 747.0, "jets")]
    rows = [{"text": t, "raw_start": 0, "figures": [
        {"value": v, "value_high": None, "unit": u, "qualifier": None, "text": f,
         "raw_start": t.index(f), "raw_end": t.index(f) + len(f)}]} for t, f, v, u in texts]
    got = precise_figures(pa.Table.from_pylist(rows, schema=pa.schema([
        ("text", pa.string()), ("raw_start", pa.int64()),
        ("figures", lake_schema("claims").field("figures").type)])))
    assert got.has.tolist() == [False, False, False, False, False, True, True]


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


_FILLERS = [(f"f{k}", text, [], None) for k, text in enumerate([
    "The senator spoke at a rally in Ohio", "Voters lined up early in the rain",
    "The campaign released a new television advertisement",
    "Polls closed at eight in the evening", "The debate drew a record audience",
    "Officials counted ballots through the night"])]


def test_one_common_figure_alone_links_nothing():
    ten = [(10, "percent")]
    for unit in ("percent", "per cent", "percentage points"):
        t = table([(k, text.replace("percent", unit), ten, None) for k, text in [
            ("a", "But right now, he is offsetting only 10 percent."),
            ("b", "with another 10 percent voting by proxy"),
            ("c", "Nearly 10 percent of the population of Wisconsin is Polish American"),
            ("d", "Unemployment in Michigan fell to 10 percent in May"),
            ("e", "Michigan unemployment fell to 10 percent last month"),
        ]] + _FILLERS)
        got = clusters(t, {"r1": 0})
        # the figure and two more shared words (michigan, unemployment, fell) link; "10 percent"
        # alone (its number and the words of its unit) does not
        assert got["d"] == got["e"], unit
        assert len({got["a"], got["b"], got["c"], got["d"]}) == 4, unit


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
    before = cluster_claims(first, {"r1": 0}, OPTIONS).members
    after = cluster_claims(pa.concat_tables([first, second]), {"r1": 0, "r2": 1}, OPTIONS).members
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
claims = to_table(extract_claims(docs, "r")[1], ClaimRecord,
                  frozenset({"cluster_id", "grouping_version", "source_id", "canonical"}))
got = cluster_claims(claims, {"r": 0}, GroupOptions())
rows = sorted(map(str, got.members.to_pylist() + got.links.to_pylist()
                  + got.negations.to_pylist()))
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
    grouped = cluster_claims(t, {"r1": 0}, OPTIONS)
    got = dict(zip(grouped.members["claim_id"].to_pylist(),
                   grouped.members["cluster_id"].to_pylist(), strict=True))
    assert got == {"a": "ca", "b": "ca", "c": "ca", "d": "cd"}
    by_pair = {(r["claim_id"], r["linked_claim_id"]): r for r in grouped.links.to_pylist()}
    assert by_pair[("a", "b")]["rule"] == "same_text"
    assert by_pair[("a", "b")]["evidence"] == "same text and speaker: Jane Roe"
    model = by_pair[("a", "c")]  # another speaker: compared by the link model
    assert model["rule"] == "model" and 0.5 < model["score"] <= 1
    assert model["evidence"].startswith(f"p {model['score']:.2f}; terms: ")
    assert "figures: 4.5" in model["evidence"]


def test_members_carry_the_version_of_the_rules_and_options_that_grouped_them():
    t = table([("a", "The central bank raised its key rate to 4.5 pct", [(4.5, "pct")], None)])
    looser = GroupOptions(link_bar=0.3)
    learned = GroupOptions(link_model="same_claim")
    for options in (OPTIONS, looser, learned):
        members = cluster_claims(t, {"r1": 0}, options).members
        assert members["grouping_version"].to_pylist() == [grouping_version(options)]
    assert len({grouping_version(o) for o in (OPTIONS, looser, learned)}) == 3
    assert grouping_version(GroupOptions()) == grouping_version(OPTIONS)


def test_a_claim_and_its_negation_never_link_and_are_a_dispute():
    t = table([
        ("a", "Russia has publicly acknowledged the role of North Korean deminers in Kursk", [],
         None),
        ("b", "Russia has not publicly acknowledged the role of North Korean deminers in Kursk",
         [], None),
        ("c", "Russia publicly acknowledged the role of the North Korean deminers in Kursk", [],
         None),
    ])
    grouped = cluster_claims(t, {"r1": 0}, OPTIONS)
    got = dict(zip(grouped.members["claim_id"].to_pylist(),
                   grouped.members["cluster_id"].to_pylist(), strict=True))
    assert got["a"] == got["c"] != got["b"]
    (dispute,) = grouped.negations.to_pylist()
    assert (dispute["claim_id"], dispute["other_claim_id"], dispute["kind"]) == ("a", "b",
                                                                                "negation")
    assert dispute["quantity"] is None and 0 < dispute["score"] <= 1
    # a negation that bears on a word the other claim does not state contradicts nothing
    assert terms("We will never forget this aid") >= {"forget", "aid"}
    assert not pair_features(prepare(table([
        ("d", "We will never forget this aid", [], None),
        ("e", "We are grateful for this aid", [], None)]), {"r1": 0}).described,
        np.array([0]), np.array([1])).negation_veto[0]


def test_a_sentence_repeated_across_unrelated_documents_is_boilerplate():
    stories = ["Wheat harvest in Kansas broke records as farmers sold grain early",
               "Shipyards in Busan launched two tankers for a Greek owner",
               "The museum in Lyon opened a wing for Roman mosaics"]
    rows, docs = [], []
    for k, story in enumerate(stories):
        rows += [(f"s{k}", story, [], None),
                 (f"x{k}", "The company declined to comment.", [], None)]
        docs += [f"d{k}", f"d{k}"]
    # the same line repeated in reports of one story is a claim they report
    for k in range(3):
        rows += [(f"c{k}", "Acme Steel will close its Ohio plant next year", [], None),
                 (f"o{k}", f"Acme Steel workers in Ohio heard of the plant closure on day {k}",
                  [], None)]
        docs += [f"e{k}", f"e{k}"]
    members = cluster_claims(table(rows, docs=docs), {"r1": 0}, OPTIONS).members
    got = dict(zip(members["claim_id"].to_pylist(), members["cluster_id"].to_pylist(),
                   strict=True))
    assert len({got[f"x{k}"] for k in range(3)}) == 3  # boilerplate: each mention alone
    assert len({got[f"c{k}"] for k in range(3)}) == 1


def test_a_footer_repeated_by_one_outlet_on_one_subject_is_boilerplate():
    stories = [("The senator proposed cutting the school budget in Ohio",
                 "Teachers in Dayton marched against the budget cuts"),
               ("The senator defended the budget at a rally in Columbus",
                 "Farmers asked the senator about crop insurance"),
               ("The senator voted against the highway budget",
                 "Mayors in Toledo warned the budget would delay bridge repairs")]
    footer = "Editor's note: the senator has repeatedly misled voters about the budget."
    rows, docs, sentences = [], [], []
    for k, (first, second) in enumerate(stories):
        wrapped = footer.replace(" the budget", "\nthe budget") if k else footer
        rows += [(f"a{k}", first, [], None), (f"b{k}", second, [], None),
                 (f"n{k}", wrapped, [], None)]
        docs += [f"d{k}"] * 3
        sentences += [0, 1, 2]
    got = clusters(table(rows, docs=docs, sentences=sentences), {"r1": 0})
    # the documents share a subject, so the footer is no boilerplate by context alone; it is the
    # last sentence of each with no speaker (wrapped on other lines in two of them)
    assert len({got[f"n{k}"] for k in range(3)}) == 3
    # in the middle of its documents the same line is a claim they repeat
    middle = clusters(table(rows, docs=docs, sentences=[0, 2, 1] * 3), {"r1": 0})
    assert len({middle[f"n{k}"] for k in range(3)}) == 1
    # nor in briefs of two sentences, where every claim is first or last
    brief = [r for r in rows if not r[0].startswith("b")]
    short = clusters(table(brief, docs=[f"d{k}" for k in range(3) for _ in range(2)],
                           sentences=[0, 1] * 3), {"r1": 0})
    assert len({short[f"n{k}"] for k in range(3)}) == 1
    # nor a line somebody says
    said = clusters(table([(c, text, f, "Jane Roe" if c.startswith("n") else None)
                           for c, text, f, _ in rows], docs=docs, sentences=sentences), {"r1": 0})
    assert len({said[f"n{k}"] for k in range(3)}) == 1


def test_canonical_is_a_complete_member_and_sources_are_counted_per_claim():
    t = table([
        ("a", "shipped 12 million artillery shells to Russia", [(12e6, "artillery shells")],
         None),
        ("b", "North Korea has shipped 12 million artillery shells to Russia.",
         [(12e6, "artillery shells")], None),
        ("c", "North Korea shipped 12 million artillery shells to Russia, officials say.",
         [(12e6, "artillery shells")], None),
    ], docs=["d1", "d2", "d3"])
    # d1 and d2 copy one wire story; d3 is another outlet
    copies = DocumentLinks.of(pa.table({"doc_id": ["d1", "d2", "d3"],
                                        "publisher": pa.array([None] * 3, pa.string())}),
                              pa.array(["d1"]), pa.array(["d2"]))
    members = cluster_claims(t, {"r1": 0}, OPTIONS, documents=copies).members.to_pylist()
    assert len({m["cluster_id"] for m in members}) == 1
    canonical = [m["claim_id"] for m in members if m["canonical"]]
    assert canonical in (["b"], ["c"])  # complete members only, never the fragment a
    assert [m["source_id"] for m in members] == ["d1", "d1", "d3"]


def test_one_shared_wire_story_joins_two_publishers_for_its_claims_only():
    links = DocumentLinks.of(pa.table({"doc_id": ["a1", "a2", "b1", "b2"],
                                       "publisher": ["A", "A", "B", "B"]}),
                             pa.array(["a1"]), pa.array(["b1"]))  # a1 and b1: one wire story
    # cluster 0: the wire story's claim in a1 and b1; cluster 1: another claim in a2 and b2
    got = independent_sources(np.array([0, 0, 1, 1]), pa.array(["a1", "b1", "a2", "b2"]), links)
    assert got.to_pylist() == ["a1", "a1", "a2", "b2"]


def test_a_model_gets_the_same_probabilities_from_the_features_it_reads_alone():
    """pair_features computes only the features a model reads: the hand rules read one, and
    their probabilities are those of all features computed; the rest stay 0."""
    t = table([
        ("a", "North Korea has shipped 12 million artillery shells to Russia",
         [(12e6, "artillery shells")], None),
        ("b", "North Korea reportedly shipped 12 million artillery shells to Russia",
         [(12e6, "artillery shells")], "Jane Roe"),
        ("c", "Officials in Seoul warned North Korea of a broader conflict", [], "Jane Roe"),
    ])
    d = prepare(t, {"r1": 0}).described
    i, j = np.array([0, 0, 1]), np.array([1, 2, 2])
    hand = load_link_model("hand_rules")
    full, alone = pair_features(d, i, j), pair_features(d, i, j, hand.used)
    assert hand.used == {"hand_rule"} and len(load_link_model("same_claim").used) == len(FEATURES)
    k = FEATURES.index("hand_rule")
    assert (alone.x[:, k] == full.x[:, k]).all() and full.x[:, k].any()
    assert not np.delete(alone.x, k, axis=1).any() and np.delete(full.x, k, axis=1).any()
    assert (hand.predict(alone.x) == hand.predict(full.x)).all()
