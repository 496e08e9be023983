"""The flow end to end on the seeds, under a real temporary Prefect server."""

import asyncio
from uuid import UUID

import duckdb
import pytest
from prefect.client.orchestration import get_client
from prefect.client.schemas.filters import (
    ArtifactFilter,
    ArtifactFilterFlowRunId,
    FlowRunFilter,
    FlowRunFilterId,
)

from flows.monitor import artifact_key
from flows.pipeline import claimtrail_run
from flows.report import summary_markdown, summary_text
from tasks.group.options import GroupOptions
from tasks.group.version import grouping_version
from tests.seed_facts import SEED_CLAIMS, SEED_NON_CLAIMS

CONTRACT = {
    "documents": {
        "doc_id",
        "source_uri",
        "sha256",
        "title",
        "author",
        "publisher",
        "published_at",
        "n_chars",
        "first_run_id",
    },
    "claims": {
        "claim_id",
        "doc_id",
        "cluster_id",
        "grouping_version",
        "kind",
        "text",
        "speaker",
        "raw_start",
        "raw_end",
        "sentence_index",
        "figures",
        "hedged",
        "run_id",
        "extractor_version",
    },
    "claim_frequency": {
        "n_independent_sources",
        "cluster_id",
        "canonical_text",
        "n_sources",
        "n_mentions",
        "first_published",
        "last_published",
        "first_ingested",
        "last_ingested",
        "n_undated_sources",
        "speakers",
        "grouping_version",
    },
    "claim_lineage": {
        "claim_text",
        "source_uri",
        "sha256",
        "raw_start",
        "raw_end",
        "sentence_index",
        "sentence_text",
        "run_id",
        "flow_run_id",
        "code_version",
        "extractor_version",
        "grouping_version",
    },
    "runs": {
        "run_id",
        "flow_run_id",
        "started_at",
        "ended_at",
        "status",
        "inputs",
        "n_documents_seen",
        "n_documents_new",
        "n_quarantined",
        "n_claims",
        "code_version",
        "config_hash",
    },
    "quarantine": {"source_uri", "reason", "run_id"},
    "figure_disputes": {"quantity", "subject", "cluster_id", "claim_text", "value",
                        "other_cluster_id", "other_claim_text", "other_value"},
    "document_families": {"doc_id", "family_id", "reason"},
}
STABLE_TABLES = ("documents", "document_sources", "claims", "cluster_links", "cluster_changes",
                 "document_families", "figure_dispute_pairs", "quarantine")


def snapshot(db) -> dict[str, list]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return {
            t: sorted(map(str, con.execute(f"SELECT * FROM {t}").fetchall())) for t in STABLE_TABLES
        }
    finally:
        con.close()


@pytest.fixture(scope="module")
def seeds_run(prefect_server, tmp_path_factory, seeds_dir):
    import shutil

    root = tmp_path_factory.mktemp("run")
    inbox = root / "inbox"
    shutil.copytree(seeds_dir, inbox)
    (inbox / "broken.jsonl").write_text('{"text": "ok but"\n', encoding="utf-8")
    db, lake = root / "warehouse.duckdb", root / "lake"
    first = claimtrail_run(inputs=[str(inbox)], db=str(db), lake=str(lake))
    before = snapshot(db)
    second = claimtrail_run(inputs=[str(inbox)], db=str(db), lake=str(lake))
    return first, second, before, db, inbox


def test_contract_tables_and_columns(seeds_run):
    _, _, _, db, _ = seeds_run
    con = duckdb.connect(str(db), read_only=True)
    for table, cols in CONTRACT.items():
        got = {
            r[0]
            for r in con.execute(
                "SELECT column_name FROM duckdb_columns() WHERE table_name = ?", [table]
            ).fetchall()
        }
        assert cols <= got, (table, cols - got)
    uncommented = con.execute(
        "SELECT table_name, column_name FROM duckdb_columns() WHERE NOT internal "
        "AND (comment IS NULL OR comment = '')"
    ).fetchall()
    assert uncommented == []
    con.close()


def test_seed_counts_and_data_contract(seeds_run):
    first, _, _, db, inbox = seeds_run
    assert (first.n_files, first.n_documents_new, first.n_claims_new) == (6, 5, SEED_CLAIMS)
    con = duckdb.connect(str(db), read_only=True)
    one = lambda sql: con.execute(sql).fetchone()[0]  # noqa: E731
    assert one("SELECT count(*) FROM documents") == 5
    assert one("SELECT count(*) FROM claims") == SEED_CLAIMS
    assert one("SELECT count(*) - count(DISTINCT claim_id) FROM claims") == 0
    assert one("SELECT count(*) - count(DISTINCT doc_id) FROM documents") == 0
    assert one("SELECT count(*) FROM claims c ANTI JOIN documents USING (doc_id)") == 0
    assert one("SELECT count(*) FROM claims c ANTI JOIN runs USING (run_id)") == 0
    assert one("SELECT count(*) FROM claims WHERE cluster_id IS NULL") == 0
    for relation in ("claims", "claim_lineage", "claim_frequency"):
        assert con.execute(f"SELECT DISTINCT grouping_version FROM {relation}").fetchall() == [
            (grouping_version(GroupOptions()),)], relation
    # offsets round-trip to the raw text in the warehouse, and to the files on disk
    assert (
        one(
            "SELECT count(*) FROM claims c JOIN documents d USING (doc_id) "
            "WHERE substring(d.text, c.raw_start + 1, c.raw_end - c.raw_start) <> c.text"
        )
        == 0
    )
    rows = con.execute(
        "SELECT source_uri, raw_start, raw_end, claim_text FROM claim_lineage"
    ).fetchall()
    assert len(rows) == SEED_CLAIMS
    for uri, start, end, text in rows:
        with open(uri, encoding="utf-8", newline="") as fh:
            assert fh.read()[start:end] == text
    # every candidate not kept is a non-claim with its reason and score, slicing the raw text
    assert one("SELECT count(*) FROM non_claims") == SEED_NON_CLAIMS
    assert one("SELECT count(*) FROM non_claims n JOIN documents d USING (doc_id) "
               "WHERE substring(d.text, n.raw_start + 1, n.raw_end - n.raw_start) <> n.text") == 0
    assert one("SELECT count(*) FROM non_claims n JOIN claims c USING (doc_id, raw_start, "
               "raw_end)") == 0
    assert one("SELECT count(*) FROM claims WHERE checkworthiness NOT BETWEEN 0 AND 1") == 0
    assert one("SELECT reason FROM non_claims WHERE text LIKE 'Sources include:%'") == (
        "boilerplate")
    assert first.stats.dropped["boilerplate"] == 4
    assert f"boilerplate {first.stats.dropped['boilerplate']}" in summary_text(first)
    assert "| not kept: boilerplate | 4 |" in summary_markdown(first)
    q = con.execute("SELECT source_uri, reason FROM quarantine").fetchall()
    assert q == [
        (
            f"{inbox / 'broken.jsonl'}#1",
            "malformed JSON: Expecting ',' delimiter: line 1 column 18 (char 17)",
        )
    ]
    con.close()


def test_a_second_run_changes_nothing(seeds_run):
    first, second, before, db, _ = seeds_run
    assert snapshot(db) == before
    assert (second.n_documents_new, second.n_claims_new) == (0, 0)
    con = duckdb.connect(str(db), read_only=True)
    runs = con.execute(
        "SELECT run_id, status, n_documents_new, n_quarantined FROM runs ORDER BY started_at"
    ).fetchall()
    con.close()
    # the second run reads again only the file it could not use (still quarantined, once)
    assert runs == [(first.run_id, "completed", 5, 1), (second.run_id, "completed", 0, 1)]
    assert second.n_files_unchanged == second.n_files - 1


async def read_back(flow_run_id: str):
    async with get_client() as client:
        run = await client.read_flow_run(UUID(flow_run_id))
        tasks = await client.read_task_runs(
            flow_run_filter=FlowRunFilter(id=FlowRunFilterId(any_=[run.id]))
        )
        artifacts = await client.read_artifacts(
            artifact_filter=ArtifactFilter(flow_run_id=ArtifactFilterFlowRunId(any_=[run.id]))
        )
    return run, tasks, artifacts


def test_prefect_shows_stages_and_the_summary_artifact(seeds_run):
    first, _, _, _, _ = seeds_run
    run, tasks, artifacts = asyncio.run(read_back(first.flow_run_id))
    assert run.name.startswith("claimtrail inbox ")
    assert sorted(t.name for t in tasks) == [
        f"cluster-{SEED_CLAIMS}-claims",
        f"disputes-{SEED_CLAIMS}-claims",
        "extract-batch-0",
        "families-5-documents",
        "ingest-batch-0",
        "load-warehouse",
        f"store-run-{first.run_id}",
    ]
    key = artifact_key("run-summary", first.lake_path)
    summary = next(a for a in artifacts if a.key == key)
    assert "| documents new | 5 |" in summary.data
    assert f"| claims extracted | {SEED_CLAIMS} |" in summary.data
    assert "| quarantined | 1 |" in summary.data
    assert "## Most repeated claims" in summary.data
