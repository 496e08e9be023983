"""What a run shows in Prefect (read back through the client), and a crashing document."""

import asyncio
import json
import shutil

import duckdb
import pytest

import tasks.extract.claims
from flows.pipeline import claimtrail_run
from tests.flows.test_pipeline import read_back


@pytest.fixture(scope="module")
def two_runs(prefect_server, tmp_path_factory, seeds_dir):
    """Three seeds, then the other two and a malformed JSONL file."""
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
    assert {"claimtrail", "inbox:inbox"} <= set(run.tags)
    names = {t.name for t in tasks_}
    assert {"ingest-batch-0", "extract-batch-0", "load-warehouse",
            f"store-run-{second.run_id}"} <= names
    first_run, _, _ = asyncio.run(read_back(first.flow_run_id))
    assert first_run.name.endswith(
        f"· 3 new of 3 docs read, {first.n_claims_new} claims, 0 quarantined")


def test_artifacts_hold_the_run_counts(two_runs):
    _, second, db, inbox = two_runs
    _, _, artifacts = asyncio.run(read_back(second.flow_run_id))
    by_key = {a.key: a for a in artifacts if a.key}
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
    assert db.resolve().as_uri() in by_key["claimtrail-warehouse"].data
    assert by_key["claimtrail-progress"].data == 100


def test_a_document_whose_extraction_crashes_is_quarantined(prefect_server, tmp_path, seeds_dir,
                                                            monkeypatch):
    real = tasks.extract.claims.extract_document

    def crash_on_marker(doc, run_id, options):
        if "CRASH-ME" in doc.text:
            raise RuntimeError("simulated extractor bug")
        return real(doc, run_id, options)

    monkeypatch.setattr(tasks.extract.claims, "extract_document", crash_on_marker)
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
