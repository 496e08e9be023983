"""Incremental runs: what several runs build equals one full rebuild; changed files are versions."""

import hashlib
import json
import shutil
from pathlib import Path

import duckdb
import pytest

from flows.pipeline import claimtrail_run
from tasks.store.lake import Lake
from tasks.store.warehouse import build_warehouse

# Columns that name the run that wrote a row: legitimately different between the two histories.
RUN_COLUMNS = {"run_id", "first_run_id", "cluster_id"}
COMPARED = ("documents", "document_sources", "claims", "quarantine")


def _rows(con: duckdb.DuckDBPyConnection, table: str) -> list[tuple]:
    cols = [c for (c,) in con.execute(
        "SELECT column_name FROM duckdb_columns() WHERE table_name = ? ORDER BY column_index",
        [table]).fetchall() if c not in RUN_COLUMNS]
    return sorted(map(repr, con.execute(f"SELECT {', '.join(cols)} FROM {table}").fetchall()))


def _partition(con: duckdb.DuckDBPyConnection) -> set[frozenset[str]]:
    """Which claims share a cluster, whatever the clusters are called."""
    groups = con.execute("SELECT list(claim_id) FROM claims GROUP BY cluster_id").fetchall()
    return {frozenset(g) for (g,) in groups}


def _frequencies(con: duckdb.DuckDBPyConnection) -> list[tuple]:
    return sorted(con.execute("SELECT n_sources, n_mentions FROM claim_frequency").fetchall())


def _state(db: Path) -> dict:
    con = duckdb.connect(str(db), read_only=True)
    try:
        state = {t: _rows(con, t) for t in COMPARED}
        state["partition"] = _partition(con)
        state["claim_frequency"] = _frequencies(con)
    finally:
        con.close()
    return state


def _everything(db: Path) -> dict[str, list]:
    """Every row of every warehouse table."""
    con = duckdb.connect(str(db), read_only=True)
    try:
        tables = [f"{s}.{t}" for (s, t) in con.execute(
            "SELECT schema_name, table_name FROM duckdb_tables() WHERE NOT internal").fetchall()]
        return {t: sorted(map(repr, con.execute(f"SELECT * FROM {t}").fetchall()))
                for t in tables}
    finally:
        con.close()


@pytest.fixture()
def articles(seeds_dir, tmp_path) -> list[Path]:
    """The seeds, a JSONL file of two articles, and a file that cannot be read (binary)."""
    src = tmp_path / "src"
    src.mkdir()
    paths = [Path(shutil.copyfile(p, src / p.name)) for p in sorted(seeds_dir.iterdir())]
    records = [
        {"id": "a1", "text": "Officials said on Monday that 40 schools would reopen next week.",
         "source": "Wire A", "published_at": "2026-01-05T10:00:00Z"},
        {"id": "a2", "text": "The mayor said 40 schools would reopen next week after repairs.",
         "source": "Wire B", "published_at": "2026-01-05T12:00:00Z"},
    ]
    jsonl = src / "wire.jsonl"
    jsonl.write_text("\n".join(json.dumps(r) for r in records) + "\n", encoding="utf-8")
    binary = src / "scan.txt"
    binary.write_bytes(b"\x00\x01binary")
    return [*paths, jsonl, binary]


def test_incremental_runs_equal_one_full_rebuild(prefect_server, tmp_path, articles):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    db, lake = tmp_path / "inc.duckdb", tmp_path / "inc-lake"
    new_per_run = []
    for part in (articles[:2], articles[2:3], articles[3:]):
        for path in part:
            shutil.copyfile(path, inbox / path.name)
        summary = claimtrail_run(inputs=[str(inbox)], db=str(db), lake=str(lake))
        new_per_run.append(summary.n_documents_new)
    assert new_per_run == [2, 1, 4]  # 5 seeds and 2 JSONL articles, each extracted once
    # the warehouse each run updated in place holds what a load from scratch of the lake holds
    fresh = tmp_path / "fresh.duckdb"
    build_warehouse(Lake(lake), fresh)
    assert _everything(db) == _everything(fresh)

    full_db = tmp_path / "full.duckdb"
    full = claimtrail_run(inputs=[str(inbox)], db=str(full_db), lake=str(tmp_path / "full-lake"))
    assert full.n_documents_new == 7

    incremental, rebuilt = _state(db), _state(full_db)
    for key in (*COMPARED, "partition", "claim_frequency"):
        assert incremental[key] == rebuilt[key], key
    assert len(incremental["documents"]) == 7
    assert len(incremental["quarantine"]) == 1

    # one more run over the unchanged inbox extracts nothing and changes no table but runs
    before = _everything(db)
    again = claimtrail_run(inputs=[str(inbox)], db=str(db), lake=str(lake))
    assert (again.n_documents_new, again.n_claims_new) == (0, 0)
    after = _everything(db)
    assert len(after.pop("main.runs")) == len(before.pop("main.runs")) + 1
    assert after.pop("claimtrail_load.loaded") != before.pop("claimtrail_load.loaded")
    assert after == before


def test_a_changed_file_is_a_new_version_with_its_lineage(prefect_server, tmp_path):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    article = inbox / "story.txt"
    first = "Officials said 12 bridges were closed on Monday after the storm.\n"
    second = first + "The ministry said 30 roads remained flooded on Tuesday.\n"
    db, lake = tmp_path / "w.duckdb", tmp_path / "lake"
    runs = []
    for text in (first, second, first):  # written, edited, then changed back
        article.write_text(text, encoding="utf-8")
        runs.append(claimtrail_run(inputs=[str(inbox)], db=str(db), lake=str(lake)))
    assert [r.n_documents_new for r in runs] == [1, 1, 0]

    con = duckdb.connect(str(db), read_only=True)
    sightings = con.execute(
        "SELECT doc_id, sha256, run_id FROM document_sources WHERE source_uri = ?",
        [str(article)]).fetchall()
    versions = con.execute(
        "SELECT version, doc_id, first_seen_run_id, superseded_by, is_current "
        "FROM document_versions WHERE source_uri = ? ORDER BY version", [str(article)]).fetchall()
    docs = dict(con.execute("SELECT text, doc_id FROM documents").fetchall())
    lineage = con.execute(
        "SELECT DISTINCT doc_id, source_uri, run_id FROM claim_lineage ORDER BY run_id").fetchall()
    con.close()
    old, new = docs[first], docs[second]
    sha = {text: hashlib.sha256(text.encode()).hexdigest() for text in (first, second)}
    assert sorted(sightings, key=lambda r: [x.run_id for x in runs].index(r[2])) == [
        (old, sha[first], runs[0].run_id), (new, sha[second], runs[1].run_id),
        (old, sha[first], runs[2].run_id)]
    assert versions == [
        (1, old, runs[0].run_id, new, False),
        (2, new, runs[1].run_id, old, False),
        (3, old, runs[2].run_id, None, True),
    ]
    # each version keeps its claims, traced to the run that extracted them
    assert sorted(lineage) == sorted([(old, str(article), runs[0].run_id),
                                      (new, str(article), runs[1].run_id)])


def test_a_file_quarantined_once_is_read_again_when_the_run_can_use_it(prefect_server, tmp_path):
    from flows.config import PipelineConfig
    from tasks.ingest.options import IngestOptions

    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "story.txt").write_text(
        "Officials said 12 bridges were closed on Monday after the storm.\n", encoding="utf-8")
    db, lake = tmp_path / "w.duckdb", tmp_path / "lake"
    small = claimtrail_run(inputs=[str(inbox)], db=str(db), lake=str(lake),
                           config=PipelineConfig(ingest=IngestOptions(max_file_bytes=10)))
    assert (small.n_documents_new, small.n_quarantined) == (0, 1)
    # the limit is raised: the unchanged file is not skipped, it is read and extracted now
    again = claimtrail_run(inputs=[str(inbox)], db=str(db), lake=str(lake))
    assert (again.n_files_unchanged, again.n_documents_new) == (0, 1)
    # and once read cleanly, it is skipped
    third = claimtrail_run(inputs=[str(inbox)], db=str(db), lake=str(lake))
    assert (third.n_files_unchanged, third.n_documents_seen) == (1, 0)


def test_a_new_document_without_claims_still_gets_a_family(prefect_server, tmp_path, seeds_dir):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    seed = sorted(seeds_dir.iterdir())[0]
    shutil.copyfile(seed, inbox / seed.name)
    db, lake = tmp_path / "w.duckdb", tmp_path / "lake"
    claimtrail_run(inputs=[str(inbox)], db=str(db), lake=str(lake))
    (inbox / "plain.txt").write_text("Thank you all for coming tonight. What a lovely evening "
                                     "it is!\n", encoding="utf-8")
    second = claimtrail_run(inputs=[str(inbox)], db=str(db), lake=str(lake))
    assert (second.n_documents_new, second.n_claims_new) == (1, 0)
    con = duckdb.connect(str(db), read_only=True)
    orphans = con.execute(
        "SELECT count(*) FROM documents ANTI JOIN document_families USING (doc_id)").fetchone()[0]
    con.close()
    assert orphans == 0
