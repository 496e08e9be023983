"""What a run shows in Prefect (read back through the client), and a crashing document."""

import asyncio
import json
import logging
import re
import shutil
from uuid import UUID

import duckdb
import pytest
from prefect.client.orchestration import get_client
from prefect.client.schemas.filters import LogFilter, LogFilterFlowRunId
from prefect.logging.handlers import APILogHandler

import flows.stages
from flows.monitor import artifact_key
from flows.pipeline import claimtrail_run
from tests.flows.test_pipeline import read_back


@pytest.fixture(scope="module")
def two_runs(prefect_server, tmp_path_factory, seeds_dir):
    """Three seeds, then the other two and a malformed JSONL file (the flow's INFO logs sent
    to the server)."""
    flow_logs = logging.getLogger("prefect.flow_runs")
    level = flow_logs.level
    flow_logs.setLevel(logging.INFO)
    try:
        yield _two_runs(tmp_path_factory, seeds_dir)
    finally:
        flow_logs.setLevel(level)


def _two_runs(tmp_path_factory, seeds_dir):
    root = tmp_path_factory.mktemp("monitor")
    inbox = root / "inbox"
    inbox.mkdir()
    seeds = sorted(seeds_dir.iterdir())
    db, lake = root / "w.duckdb", root / "lake"
    for seed in seeds[:3]:
        shutil.copyfile(seed, inbox / seed.name)
    first = claimtrail_run(inputs=[str(inbox)], db=str(db), lake=str(lake))
    for seed in seeds[3:]:
        shutil.copyfile(seed, inbox / seed.name)
    (inbox / "broken.jsonl").write_text('{"text": "cut off\n', encoding="utf-8")
    second = claimtrail_run(inputs=[str(inbox)], db=str(db), lake=str(lake))
    return first, second, db, inbox


def test_flow_run_name_and_tags_say_what_was_processed(two_runs):
    first, second, _, _ = two_runs
    run, tasks_, _ = asyncio.run(read_back(second.flow_run_id))
    assert run.name.startswith("claimtrail inbox ")
    assert run.name.endswith(f"· 2 new of 2 docs read, {second.n_claims_new} claims, 1 quarantined")
    assert {"claimtrail", "inbox:inbox", "quarantined"} <= set(run.tags)
    assert run.state.is_completed()  # a run that quarantined something says so
    assert run.state.message == ("completed with 1 quarantined file or record: see the "
                                 "warnings and the run summary")
    names = {t.name for t in tasks_}
    assert {"ingest-batch-0", "extract-batch-0", "load-warehouse",
            f"store-run-{second.run_id}"} <= names
    first_run, _, _ = asyncio.run(read_back(first.flow_run_id))
    assert first_run.name.endswith(
        f"· 3 new of 3 docs read, {first.n_claims_new} claims, 0 quarantined")
    assert "quarantined" not in first_run.tags and first_run.state.is_completed()
    assert "quarantined" not in (first_run.state.message or "")


async def _logs(flow_run_id: str) -> list[tuple[str, str]]:
    await APILogHandler.aflush()
    async with get_client() as client:
        logs = await client.read_logs(log_filter=LogFilter(
            flow_run_id=LogFilterFlowRunId(any_=[UUID(flow_run_id)])))
    return [(logging.getLevelName(r.level), r.message) for r in logs]


def test_the_flow_logs_its_own_story(two_runs):
    _, second, _, inbox = two_runs
    logs = asyncio.run(_logs(second.flow_run_id))
    said = "\n".join(f"{level} {message}" for level, message in logs)
    for line in ("INFO inputs: 6 files found, 3 unchanged since last read, 3 to read",
                 "INFO ingest: 2 documents read from 3 files (1 ingest batches)",
                 f"INFO extract: 2 new documents, {second.n_claims_new} claims",
                 "INFO group: ", f"INFO store: run {second.run_id} published to the lake",
                 "INFO load: warehouse ",
                 f"WARNING quarantined {inbox / 'broken.jsonl'}#1: malformed JSON: ",
                 f"WARNING run {second.run_id} completed with 1 quarantined"):
        assert line in said, line
    assert [m for level, m in logs if level == "WARNING" and m.startswith("quarantined")] == [
        f"quarantined {q.source_uri}: {q.reason}" for q in second.quarantined]


def test_artifacts_hold_the_run_counts(two_runs):
    _, second, db, inbox = two_runs
    _, _, artifacts = asyncio.run(read_back(second.flow_run_id))
    lake = second.lake_path
    by_key = {a.key.removesuffix("-" + artifact_key("", lake).rsplit("-", 1)[1]): a
              for a in artifacts if a.key}
    assert set(by_key) == {"claimtrail-progress", "claimtrail-run-summary",
                           "claimtrail-top-claims", "claimtrail-pictures", "claimtrail-warehouse"}
    assert {a.key for a in artifacts} == {artifact_key(k, lake) for k in (
        "progress", "run-summary", "top-claims", "pictures", "warehouse")}
    summary = by_key["claimtrail-run-summary"].data
    assert "| files found | 6 |" in summary
    assert "| files unchanged (not read again) | 3 |" in summary
    assert "| documents read | 2 |" in summary
    assert "| documents new | 2 |" in summary
    assert "| quarantined | 1 |" in summary
    assert f"| claims extracted | {second.n_claims_new} |" in summary
    assert f"| `{inbox / 'broken.jsonl'}#1` | malformed JSON:" in summary
    con = duckdb.connect(str(db), read_only=True)
    grown, new = con.execute(
        "SELECT count(*) FILTER (WHERE n_old > 0), count(*) FILTER (WHERE n_old = 0) FROM ("
        "  SELECT cluster_id, count(*) FILTER (WHERE run_id <> ?) AS n_old FROM claims"
        "  GROUP BY cluster_id HAVING count(*) FILTER (WHERE run_id = ?) > 0)",
        [second.run_id, second.run_id]).fetchone()
    top = con.execute("SELECT max(n_independent_sources) FROM claim_frequency").fetchone()[0]
    con.close()
    assert (len(second.grown_clusters), len(second.new_clusters)) == (grown, new)
    assert f"| clusters grown | {grown} |" in summary
    assert f"| clusters new | {new} |" in summary
    assert "## Most repeated claims" in summary

    table = json.loads(by_key["claimtrail-top-claims"].data)
    assert len(table) == 10
    assert table[0]["rank"] == 1 and table[0]["sources"] == top
    assert [r["sources"] for r in table] == sorted((r["sources"] for r in table), reverse=True)
    # no horizontal scroll: the short columns first, the claim last, no cell over 80 characters
    assert all(list(r) == ["rank", "sources", "mentions", "cluster", "speakers", "claim"]
               for r in table)
    assert all(len(str(v)) <= 80 for r in table for v in r.values())
    assert any(r["speakers"] for r in table)
    warehouse = by_key["claimtrail-warehouse"]
    assert warehouse.type == "markdown" and "file://" not in warehouse.data
    path = str(db.resolve())
    for command in (f"claimtrail top --db {path}", f"duckdb -readonly {path}"):
        assert command in warehouse.data
    assert by_key["claimtrail-progress"].data == 100


def test_artifact_keys_are_per_lake(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    one, other = artifact_key("progress", "lake"), artifact_key("progress", "other/lake")
    assert one == artifact_key("progress", tmp_path / "lake") != other
    assert re.fullmatch(r"claimtrail-progress-[0-9a-f]{8}", one)


def test_a_document_whose_extraction_crashes_is_quarantined(prefect_server, tmp_path, seeds_dir,
                                                            monkeypatch):
    real = flows.stages.extract_claims

    def crash_on_marker(docs, run_id, options):  # the flow's call into the extract stage
        if any("CRASH-ME" in doc.text for doc in docs):
            raise RuntimeError("simulated extractor bug")
        return real(docs, run_id, options)

    monkeypatch.setattr(flows.stages, "extract_claims", crash_on_marker)
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    seed = sorted(seeds_dir.iterdir())[0]
    shutil.copyfile(seed, inbox / seed.name)
    bad = inbox / "bad.txt"
    bad.write_text("Officials said CRASH-ME 12 bridges were closed.\n", encoding="utf-8")
    db, lake = tmp_path / "w.duckdb", tmp_path / "lake"
    runs = [claimtrail_run(inputs=[str(inbox)], db=str(db), lake=str(lake)) for _ in range(2)]
    assert [r.n_documents_new for r in runs] == [1, 0]
    assert [q.reason for q in runs[0].quarantined] == [
        "extraction failed: RuntimeError: simulated extractor bug"]
    con = duckdb.connect(str(db), read_only=True)
    quarantine = con.execute("SELECT source_uri, sha256, reason FROM quarantine").fetchall()
    orphans = con.execute(
        "SELECT count(*) FROM document_sources ANTI JOIN documents USING (doc_id)").fetchone()[0]
    docs = con.execute("SELECT source_uri FROM documents").fetchall()
    con.close()
    assert quarantine == [(str(bad), runs[0].quarantined[0].sha256,
                           "extraction failed: RuntimeError: simulated extractor bug")]
    assert orphans == 0
    assert docs == [(str(inbox / seed.name),)]
