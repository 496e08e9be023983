"""The data tests (schemas/data_tests.py) hold on the seeds warehouse built by the flow, and catch
rows planted to break them."""

import shutil

import duckdb

from schemas.data_tests import data_tests, failures, report


def test_every_data_test_holds_on_the_seeds(seeds_warehouse):
    tests = data_tests()
    con = duckdb.connect(str(seeds_warehouse.db), read_only=True)
    try:
        failed = failures(con, tests)
    finally:
        con.close()
    assert failed == [], report(failed, len(tests))


def test_planted_violations_are_caught(seeds_warehouse, tmp_path):
    db = tmp_path / "planted.duckdb"
    shutil.copyfile(seeds_warehouse.db, db)
    con = duckdb.connect(str(db))
    try:
        con.execute("INSERT INTO claims SELECT * REPLACE ('rumour' AS kind, 'planted' AS claim_id) "
                    "FROM claims LIMIT 1")
        con.execute("INSERT INTO cluster_links SELECT * REPLACE ('nowhere' AS linked_claim_id) "
                    "FROM cluster_links LIMIT 1")
        con.execute("INSERT INTO document_sources SELECT * FROM document_sources LIMIT 1")
        failed = {f.test.name: f for f in failures(con)}
    finally:
        con.close()
    assert set(failed) == {
        "claims.kind in (quote, statement, numeric, event)",
        "claim_lineage.kind in (quote, statement, numeric, event)",
        "cluster_links.linked_claim_id in claims.claim_id",
        "document_sources (doc_id, source_uri, run_id) is unique",
    }
    rumour = failed["claims.kind in (quote, statement, numeric, event)"]
    assert rumour.n_rows == 1 and rumour.rows[0][0] == "planted"
    assert "- document_sources (doc_id, source_uri, run_id) is unique: 1 row, e.g." in report(
        list(failed.values()), 4)
