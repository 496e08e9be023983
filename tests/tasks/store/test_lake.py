import json
import multiprocessing

import pytest

from schemas.derive import to_table
from schemas.records import ClusterMemberRecord, QuarantineRecord
from tasks.store.lake import Lake, LakeBusy, RunWriter


def rows(*reasons: str):
    return to_table(
        [QuarantineRecord(source_uri=f"f{i}", reason=r, run_id="r") for i, r in enumerate(reasons)],
        QuarantineRecord,
    )


def test_commit_publishes_and_appends(tmp_path):
    lake = Lake(tmp_path)
    assert lake.table("quarantine").num_rows == 0
    lake.commit("r1", {"quarantine": rows("a", "b")})
    lake.commit("r2", {"quarantine": rows("c")})
    assert lake.table("quarantine")["reason"].to_pylist() == ["a", "b", "c"]
    assert lake.manifest["runs"] == ["r1", "r2"]


def test_unpublished_files_are_invisible_and_cleaned(tmp_path):
    lake = Lake(tmp_path)
    lake.commit("r1", {"quarantine": rows("a")})
    stray = tmp_path / "quarantine" / "crashed.parquet"
    stray.write_bytes((tmp_path / "quarantine" / "r1.parquet").read_bytes())
    assert lake.table("quarantine").num_rows == 1
    lake.commit("r2", {"quarantine": rows("b")})
    assert not stray.exists()
    assert json.loads((tmp_path / "_manifest.json").read_text())["tables"]["quarantine"] == [
        "quarantine/r1.parquet",
        "quarantine/r2.parquet",
    ]


def _try_lock(root: str, queue) -> None:
    try:
        with Lake(root).lock("second"):
            queue.put("got it")
    except LakeBusy as err:
        queue.put(str(err))


def test_a_second_process_cannot_take_the_lake(tmp_path):
    lake = Lake(tmp_path)
    with lake.lock("flow run 123"):
        queue = multiprocessing.get_context("spawn").Queue()
        proc = multiprocessing.get_context("spawn").Process(
            target=_try_lock, args=(str(tmp_path), queue)
        )
        proc.start()
        proc.join(60)
        message = queue.get(timeout=5)
    assert message == f"lake {tmp_path} is in use by flow run 123; try again later"
    with lake.lock("third"):
        pass


def test_lock_is_not_reentrant_in_one_process(tmp_path):
    with Lake(tmp_path).lock("outer"), pytest.raises(LakeBusy), Lake(tmp_path).lock("inner"):
        pass


def members(*pairs: tuple[str, str]):
    return to_table([ClusterMemberRecord(claim_id=c, cluster_id=k, grouping_version="g")
                     for c, k in pairs],
                    ClusterMemberRecord)


def test_run_parts_are_read_before_publication_and_a_snapshot_part_replaces(tmp_path):
    lake = Lake(tmp_path)
    lake.commit("r1", {"quarantine": rows("a"), "cluster_members": members(("x", "cx"))})
    run = RunWriter(lake, "r2")
    run.put("quarantine", rows("b"))
    run.put("cluster_members", members(("x", "cx"), ("y", "cx")))
    run.put("cluster_changes", lake.table("cluster_changes"))  # empty: nothing written
    # the run sees its parts: appended to a table, or instead of a snapshot table
    assert run.table("quarantine")["reason"].to_pylist() == ["a", "b"]
    assert run.table("cluster_members")["claim_id"].to_pylist() == ["x", "y"]
    assert (run.num_rows("quarantine"), run.num_rows("cluster_members")) == (2, 2)
    assert "cluster_changes" not in run.parts
    # others see nothing until the run is published
    assert lake.table("cluster_members")["claim_id"].to_pylist() == ["x"]
    lake.commit("r2", {}, run.parts)
    assert lake.table("quarantine")["reason"].to_pylist() == ["a", "b"]
    assert lake.table("cluster_members")["claim_id"].to_pylist() == ["x", "y"]
    assert lake.manifest["tables"]["cluster_members"] == ["cluster_members/r2.parquet"]
    assert not (tmp_path / "cluster_members" / "r1.parquet").exists()
