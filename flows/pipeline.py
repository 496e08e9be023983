"""The claimtrail flow: ingest → extract → cluster → store (Parquet lake) → load (DuckDB)."""

import itertools
import os
import traceback
from collections.abc import Iterator
from datetime import UTC, datetime
from functools import partial
from pathlib import Path

from prefect import flow, get_run_logger
from prefect.runtime import flow_run

from flows.memory import release_memory
from flows.monitor import RunProgress, inputs_label, publish, rename_flow_run, tag_flow_run
from flows.runners import release_workers, submitted_in_order, task_runner
from schemas.derive import to_table
from schemas.records import (
    InputFileRecord,
    QuarantineRecord,
    RunRecord,
)
from tasks.cluster import cluster_changes, cluster_task
from tasks.config import PipelineConfig, code_version, content_id
from tasks.disputes import disputes_task
from tasks.extract import extract_batch, extract_to_lake
from tasks.families import families_task
from tasks.ingest import (
    Rejected,
    SourceText,
    discover_files,
    file_sha256,
    ingest_batch,
    source_uri,
)
from tasks.inventory import NewRows, file_of, latest_hashes, new_quarantine
from tasks.load import load_warehouse
from tasks.report import RunSummary, cluster_growth, top_claims
from tasks.store import Lake, RunWriter, store_run


def _run_name() -> str:
    label = inputs_label(flow_run.parameters.get("inputs"))
    return f"claimtrail {label} {datetime.now(UTC):%Y-%m-%d %H:%M:%S}"


def batches(items: list, size_of, limit: int) -> list[list]:
    """Consecutive batches whose summed size stays under limit (at least one item each)."""
    out: list[list] = []
    current, total = [], 0
    for item in items:
        size = size_of(item)
        if current and total + size > limit:
            out.append(current)
            current, total = [], 0
        current.append(item)
        total += size
    if current:
        out.append(current)
    return out


def _file_size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


def _extract_each(docs: list[SourceText], run_id: str, lake_root: str, batch_no: int):
    """Extract a batch one document at a time; a document whose extraction raises is rejected
    with the exception, the others go on."""
    done, crashed = [], []
    for k, doc in enumerate(docs):
        try:
            done.append(extract_to_lake([doc], run_id, lake_root, f"b{batch_no:05d}-d{k:05d}"))
        except Exception as err:
            reason = f"extraction failed: {type(err).__name__}: {err}"
            crashed.append(Rejected(source_uri=doc.source_uri, sha256=doc.sha256, reason=reason))
    return done, crashed


def _document_batches(files: list[Path], config: PipelineConfig, rows: NewRows,
                      summary: RunSummary, progress: RunProgress) -> Iterator[list[SourceText]]:
    """Batches of new documents to extract, read one ingest batch at a time."""
    parts = batches(files, _file_size, config.batch_chars)
    for i, part in enumerate(parts):
        got, bad = ingest_batch(part, config, batch_no=i)
        uris = {source_uri(f) for f in part}
        rows.file_hashes |= {file_of(s.source_uri, uris): s.sha256 for s in got}
        summary.n_documents_seen += len(got)
        summary.quarantined += bad
        yield from batches(rows.add(got), lambda d: len(d.text), config.batch_chars)
        progress.step("ingest", i + 1, len(parts))


def _extract(docs: Iterator[list[SourceText]], run_id: str, writer: RunWriter,
             summary: RunSummary) -> set[str]:
    """Extract the batches; each writes its rows to the lake as unpublished parts where it runs
    (a worker), the flow counts them as the run's. Returns the documents whose extraction failed.
    When a batch task fails, its documents are extracted again one by one to isolate the
    culprit."""
    root = str(writer.lake.root)
    ahead = list(itertools.islice(docs, 2))
    if len(ahead) == 1:  # one batch: extract it here, no worker to start
        results = [(0, ahead[0], partial(extract_batch, ahead[0], run_id, 0, root))]
    else:  # on the flow's task runner (flows/runners.py), collected in order
        results = ((i, batch, future.result) for i, batch, future in submitted_in_order(
            itertools.chain(ahead, docs),
            lambda i, batch: extract_batch.submit(batch, run_id, i, root)))
    failed: set[str] = set()
    for i, batch, result in results:
        try:
            done = [result()]
        except Exception:
            done, crashed = _extract_each(batch, run_id, root, i)
            summary.quarantined += crashed
            failed |= {d.doc_id for d in batch} - {d for got in done for d in got.doc_ids}
        for got in done:
            for name, part in got.parts.items():
                writer.add(name, part)
            summary.stats.add(got.stats)
            summary.n_documents_new += len(got.doc_ids)
            summary.n_claims_new += got.n_claims
        release_memory()
    return failed


def _regroup(store: Lake, writer: RunWriter, run_id: str, config: PipelineConfig) -> None:
    """Re-cluster all claims, re-group documents into families, find disputed figures. Each
    stage reads from the lake what it needs, and its rows are written as the run's parts at
    once, so no stage holds another's."""
    order = {r: i for i, r in enumerate([*store.manifest["runs"], run_id])}
    n_claims = writer.num_rows("claims")
    members, links = cluster_task(writer, order, config.cluster_threshold, n_claims=n_claims,
                                  semantic_threshold=config.semantic_bar())
    writer.put("cluster_changes", cluster_changes(store.table("cluster_members"), members, run_id))
    writer.put("cluster_members", members)
    writer.put("cluster_links", links)
    del members, links
    release_memory()
    writer.put("document_families", families_task(writer, order,
                                                  n_documents=writer.num_rows("documents")))
    release_memory()
    writer.put("figure_dispute_pairs", disputes_task(writer, n_claims=n_claims))
    release_memory()


@flow(name="claimtrail", flow_run_name=_run_name, log_prints=True, task_runner=task_runner())
def claimtrail_run(
    inputs: list[str],
    db: str = "data/warehouse.duckdb",
    lake: str = "data/lake",
    config: PipelineConfig | None = None,
) -> RunSummary:
    """Ingest the inputs, extract and cluster claims, publish them to the lake, load DuckDB."""
    config = config or PipelineConfig()
    logger = get_run_logger()
    store = Lake(lake)
    started = datetime.now(UTC)
    tag_flow_run(inputs)
    owner = f"flow run '{flow_run.name}' ({flow_run.id}, pid {os.getpid()})"
    with store.lock(owner=owner), RunProgress(f"claimtrail {inputs_label(inputs)}") as progress:
        files, rejected = discover_files(inputs)
        hashes = {f: file_sha256(f) for f in files}
        last_read = latest_hashes(store)
        changed = [f for f in files
                   if hashes[f] is None or last_read.get(source_uri(f)) != hashes[f]]
        run_id = content_id(
            store.state_id(), config.digest(), code_version(),
            *sorted(f"{source_uri(f)}\t{hashes[f]}" for f in files),
            *sorted(f"{r.source_uri}\t{r.reason}" for r in rejected),
        )
        summary = RunSummary(run_id, str(flow_run.id), db, lake, n_files=len(files),
                             n_files_unchanged=len(files) - len(changed), quarantined=rejected)
        writer = RunWriter(store, run_id)
        try:
            rows = NewRows(store, run_id)
            failed = _extract(_document_batches(changed, config, rows, summary, progress),
                              run_id, writer, summary)
            release_workers()
            progress.step("extract")
            tables = {
                "document_sources": rows.sightings(failed),
                "input_files": to_table(rows.clean_reads(changed, summary.quarantined),
                                        InputFileRecord),
                "quarantine": to_table(
                    new_quarantine(store, summary.quarantined, run_id), QuarantineRecord),
            }
            if summary.n_documents_new:
                _regroup(store, writer, run_id, config)
                progress.step("cluster")
            tables["runs"] = to_table([_run_record(summary, inputs, config, started)], RunRecord)
            store_run(store, run_id, tables, writer.parts)
            progress.step("store")
        except Exception as err:
            if run_id not in store.manifest["runs"]:  # not published: record the failure
                failed_run = _run_record(summary, inputs, config, started,
                                         error=traceback.format_exc())
                store.commit(run_id, {"runs": to_table([failed_run], RunRecord)})
            logger.error("run %s failed: %s", run_id, err)
            raise
        summary.table_counts = load_warehouse(store, db)
        progress.step("load")
    summary.top_claims = top_claims(db)
    summary.new_clusters, summary.grown_clusters = cluster_growth(db, run_id)
    publish(summary)
    rename_flow_run(summary)
    return summary


def _run_record(summary: RunSummary, inputs: list[str], config: PipelineConfig,
                started: datetime, error: str | None = None) -> RunRecord:
    return RunRecord(
        run_id=summary.run_id, flow_run_id=summary.flow_run_id, started_at=started,
        ended_at=datetime.now(UTC), status="failed" if error else "completed",
        inputs=[str(i) for i in inputs], n_files=summary.n_files,
        n_files_unchanged=summary.n_files_unchanged,
        n_documents_seen=summary.n_documents_seen, n_documents_new=summary.n_documents_new,
        n_quarantined=summary.n_quarantined, n_claims=summary.n_claims_new,
        code_version=code_version(), config_hash=config.digest(), error=error,
    )

