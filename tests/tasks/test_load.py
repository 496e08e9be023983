import duckdb

from schemas.derive import to_table
from schemas.records import QuarantineRecord
from tasks.load import build_warehouse
from tasks.store import Lake


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
