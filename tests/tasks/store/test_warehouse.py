import json
import shutil
from datetime import UTC, datetime

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from schemas.derive import to_table
from schemas.records import ClaimRecord, ClusterMemberRecord, QuarantineRecord, RunRecord
from schemas.tables import LAKE_EXCLUDE
from tasks.store.lake import Lake
from tasks.store.warehouse import build_warehouse


def test_warehouse_is_swapped_in_while_a_reader_holds_the_old_one(tmp_path):
    lake = Lake(tmp_path / "lake")
    db = tmp_path / "w.duckdb"
    row = QuarantineRecord(source_uri="a.txt", reason="empty", run_id="r1")
    lake.commit("r1", {"quarantine": to_table([row], QuarantineRecord)})
    assert build_warehouse(lake, db)["quarantine"] == 1
    reader = duckdb.connect(str(db), read_only=True)
    row2 = QuarantineRecord(source_uri="b.txt", reason="binary", run_id="r2")
    lake.commit("r2", {"quarantine": to_table([row2], QuarantineRecord)})
    assert build_warehouse(lake, db)["quarantine"] == 2
    assert reader.execute("SELECT count(*) FROM quarantine").fetchone()[0] == 1
    reader.close()
    fresh = duckdb.connect(str(db), read_only=True)
    assert fresh.execute("SELECT count(*) FROM quarantine").fetchone()[0] == 2
    assert fresh.execute("SELECT count(*) FROM claim_frequency").fetchone()[0] == 0
    fresh.close()
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_a_lake_written_before_a_column_existed_still_loads(tmp_path):
    lake = Lake(tmp_path / "lake")
    run = RunRecord(run_id="r1", started_at=datetime(2026, 1, 1, tzinfo=UTC),
                    ended_at=datetime(2026, 1, 1, tzinfo=UTC), status="completed", inputs=["in"],
                    n_files=1, n_documents_seen=1, n_documents_new=1, n_quarantined=0,
                    n_claims=0, code_version="0", config_hash="0")
    folder = tmp_path / "lake" / "runs"
    folder.mkdir(parents=True)
    pq.write_table(to_table([run], RunRecord).drop(["n_files_unchanged"]), folder / "r1.parquet")
    (tmp_path / "lake" / "_manifest.json").write_text(
        json.dumps({"runs": ["r1"], "tables": {"runs": ["runs/r1.parquet"]}}), encoding="utf-8")
    assert build_warehouse(lake, tmp_path / "w.duckdb")["runs"] == 1
    con = duckdb.connect(str(tmp_path / "w.duckdb"), read_only=True)
    assert con.execute("SELECT n_files, n_files_unchanged FROM runs").fetchall() == [(1, None)]
    con.close()


def test_a_replaced_lake_is_loaded_anew_not_added_to(tmp_path):
    db = tmp_path / "w.duckdb"
    first = Lake(tmp_path / "lake")
    for n in (1, 2):
        row = QuarantineRecord(source_uri=f"{n}.txt", reason="empty", run_id=f"r{n}")
        first.commit(f"r{n}", {"quarantine": to_table([row], QuarantineRecord)})
    assert build_warehouse(first, db)["quarantine"] == 2
    shutil.rmtree(tmp_path / "lake")  # the lake is reset; the warehouse file stays
    again = Lake(tmp_path / "lake")
    row = QuarantineRecord(source_uri="1.txt", reason="empty again", run_id="r1")
    again.commit("r1", {"quarantine": to_table([row], QuarantineRecord)})
    assert build_warehouse(again, db)["quarantine"] == 1
    con = duckdb.connect(str(db), read_only=True)
    assert con.execute("SELECT reason FROM quarantine").fetchall() == [("empty again",)]
    con.close()


def test_a_warehouse_someone_wrote_to_is_rebuilt_from_the_lake(tmp_path):
    lake, db = Lake(tmp_path / "lake"), tmp_path / "w.duckdb"
    row = QuarantineRecord(source_uri="a.txt", reason="empty", run_id="r1")
    lake.commit("r1", {"quarantine": to_table([row], QuarantineRecord)})
    build_warehouse(lake, db)
    con = duckdb.connect(str(db))  # an analyst opens it read-write and deletes a row
    con.execute("DELETE FROM quarantine")
    con.close()
    row2 = QuarantineRecord(source_uri="b.txt", reason="binary", run_id="r2")
    lake.commit("r2", {"quarantine": to_table([row2], QuarantineRecord)})
    assert build_warehouse(lake, db)["quarantine"] == 2


def _storage_version(db) -> str:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute("SELECT tags['storage_version'] FROM duckdb_databases() "
                           "WHERE database_name = current_database()").fetchone()[0]
    finally:
        con.close()


@pytest.mark.skipif(int(duckdb.__version__.split(".")[0]) < 2, reason="needs DuckDB 2's format")
def test_the_warehouse_is_written_in_an_older_storage_format(tmp_path, monkeypatch):
    """DuckDB 1.4's format, which the duckdb-cli on PyPI reads; a warehouse in DuckDB 2.0's
    default format (as built before) is rebuilt in it, not updated in place."""
    lake, db = Lake(tmp_path / "lake"), tmp_path / "w.duckdb"
    row = QuarantineRecord(source_uri="a.txt", reason="empty", run_id="r1")
    lake.commit("r1", {"quarantine": to_table([row], QuarantineRecord)})
    monkeypatch.setattr("tasks.store.warehouse.WAREHOUSE_STORAGE_VERSION", "latest")
    build_warehouse(lake, db)
    assert _storage_version(db) == "v2.0.0+"
    monkeypatch.undo()
    row2 = QuarantineRecord(source_uri="b.txt", reason="binary", run_id="r2")
    lake.commit("r2", {"quarantine": to_table([row2], QuarantineRecord)})
    assert build_warehouse(lake, db)["quarantine"] == 2
    assert _storage_version(db) == "v1.4.0+"
    lake.commit("r3", {"quarantine": to_table([row2.model_copy(update={"run_id": "r3"})],
                                              QuarantineRecord)})
    assert build_warehouse(lake, db)["quarantine"] == 3  # updated in place, format kept
    assert _storage_version(db) == "v1.4.0+"


def _claim(claim_id: str) -> ClaimRecord:
    return ClaimRecord(claim_id=claim_id, doc_id="d", kind="event", text="x", hedged=False,
                       figures=[], raw_start=0, raw_end=1, sentence_index=0, sentence_start=0,
                       sentence_end=1, run_id="r1", extractor_version="1")


def test_claims_get_cluster_and_grouping_version_from_the_members_and_keep_them_current(
        tmp_path):
    lake, db = Lake(tmp_path / "lake"), tmp_path / "w.duckdb"
    claims = to_table([_claim("a"), _claim("b")], ClaimRecord, LAKE_EXCLUDE["claims"])
    old_members = pa.table({"claim_id": ["a", "b"], "cluster_id": ["ca", "ca"]})
    folder = tmp_path / "lake" / "cluster_members"
    folder.mkdir(parents=True)  # written before the grouping version existed
    pq.write_table(old_members, folder / "r1.parquet")
    lake.commit("r1", {"claims": claims}, {"cluster_members": ["cluster_members/r1.parquet"]})
    build_warehouse(lake, db)
    con = duckdb.connect(str(db), read_only=True)
    assert con.execute("SELECT claim_id, cluster_id, grouping_version FROM claims "
                       "ORDER BY claim_id").fetchall() == [("a", "ca", None), ("b", "ca", None)]
    con.close()
    # regrouped by versioned rules: same clusters, and one claim moved
    members = to_table([ClusterMemberRecord(claim_id="a", cluster_id="ca", grouping_version="g2"),
                        ClusterMemberRecord(claim_id="b", cluster_id="cb", grouping_version="g2")],
                       ClusterMemberRecord)
    lake.commit("r2", {"cluster_members": members})
    build_warehouse(lake, db)
    con = duckdb.connect(str(db), read_only=True)
    assert con.execute("SELECT claim_id, cluster_id, grouping_version FROM claims "
                       "ORDER BY claim_id").fetchall() == [("a", "ca", "g2"), ("b", "cb", "g2")]
    con.close()
