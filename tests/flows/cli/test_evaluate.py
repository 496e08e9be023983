import shutil

import duckdb

from flows.cli.evaluate import SystemClaim, evaluate, load_gold, score
from schemas.derive import comment_sql, create_table_sql
from schemas.ids import content_id
from schemas.tables import WAREHOUSE_TABLES


def test_a_perfect_system_scores_one(gold_path, seeds_dir):
    mentions, non_claims, _ = load_gold(gold_path, seeds_dir)
    assert len(mentions) == 93 and len(non_claims) == 23
    perfect = [SystemClaim(m.doc, m.start, m.end, m.cluster, m.speaker, m.values) for m in mentions]
    s = score(mentions, non_claims, perfect)
    assert s["mention_recall"] == s["labelled_precision"] == s["b3_f1"] == 1.0
    assert s["speaker_accuracy"] == s["figure_recall"] == 1.0
    assert (s["exact_source_counts"], s["multi_source_clusters"]) == (16, 16)


def test_every_sentence_as_one_cluster_is_the_floor(gold_path, seeds_dir):
    mentions, non_claims, _ = load_gold(gold_path, seeds_dir)
    whole_docs = [SystemClaim(m.doc, 0, 10**6, "all", None, ()) for m in mentions]
    s = score(mentions, non_claims, whole_docs)
    assert s["mention_recall"] == 1.0
    assert s["labelled_precision"] == 93 / (93 + 23)
    assert s["b3_recall"] == 1.0 and s["b3_precision"] < 0.1


def test_evaluate_reads_a_warehouse(gold_path, seeds_dir, tmp_path):
    docs = tmp_path / "docs"
    shutil.copytree(seeds_dir, docs)
    db = tmp_path / "w.duckdb"
    con = duckdb.connect(str(db))
    model = WAREHOUSE_TABLES["claims"]
    con.execute(create_table_sql("claims", model))
    for statement in comment_sql("claims", model):
        con.execute(statement)
    mentions, _, _ = load_gold(gold_path, docs)
    name_to_id = {p.name: content_id(p.read_text(encoding="utf-8")) for p in docs.iterdir()}
    for i, m in enumerate(mentions[:10]):
        con.execute(
            "INSERT INTO claims (claim_id, doc_id, cluster_id, kind, text, hedged, figures, "
            "raw_start, raw_end, sentence_index, sentence_start, sentence_end, run_id, "
            "extractor_version) VALUES (?, ?, ?, 'statement', 'x', false, [], ?, ?, 0, 0, 0, "
            "'r', '1')",
            [f"c{i}", name_to_id[m.doc], m.cluster, m.start, m.end],
        )
    con.close()
    s = evaluate(gold_path, db, docs)
    assert s["n_covered"] == 10
