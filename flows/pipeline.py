"""The claimtrail flow: ingest → extract → cluster → store (Parquet lake) → load (DuckDB)."""

import os
import traceback
from datetime import UTC, datetime
from functools import partial
from pathlib import Path

import pyarrow as pa
from prefect import flow, get_run_logger
from prefect.runtime import flow_run

from flows.monitor import RunProgress, inputs_label, publish, rename_flow_run, tag_flow_run
from flows.runners import submitted_in_order, task_runner
from schemas.derive import to_table
from schemas.records import (
    ClaimRecord,
    DocumentRecord,
    DocumentSourceRecord,
    QuarantineRecord,
    RunRecord,
)
from tasks.cluster import cluster_changes, cluster_task
from tasks.config import PipelineConfig, code_version, content_id
from tasks.disputes import disputes_task, with_clusters_and_sentences
from tasks.extract import ExtractionStats, extract_batch, extract_claims
from tasks.families import families_task
from tasks.ingest import Rejected, SourceText, discover_files, ingest_batch
from tasks.load import load_warehouse
from tasks.report import RunSummary, cluster_growth, top_claims
from tasks.store import Lake, store_run


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


def _latest_sightings(lake: Lake) -> dict[str, set[str]]:
    """For each place, the documents the latest run that recorded it read there."""
    order = {r: i for i, r in enumerate(lake.manifest["runs"])}
    latest: dict[str, tuple[int, set[str]]] = {}
    for r in lake.table("document_sources", ["doc_id", "source_uri", "run_id"]).to_pylist():
        rank, docs = latest.get(r["source_uri"], (-1, set()))
        if order.get(r["run_id"], -1) > rank:
            latest[r["source_uri"]] = (order.get(r["run_id"], -1), {r["doc_id"]})
        elif order.get(r["run_id"], -1) == rank:
            docs.add(r["doc_id"])
    return {uri: docs for uri, (_, docs) in latest.items()}


def _new_rows(lake: Lake, sources: list[SourceText], run_id: str):
    """What this run adds: unseen documents, and a sighting for each place whose content differs
    from what was last read there (a new place, a changed file, a file changed back)."""
    known_docs = set(lake.table("documents", ["doc_id"]).column("doc_id").to_pylist())
    latest = _latest_sightings(lake)
    new_docs: dict[str, SourceText] = {}
    places = []
    for s in sorted(sources, key=lambda s: s.source_uri):
        if s.doc_id not in known_docs and s.doc_id not in new_docs:
            new_docs[s.doc_id] = s
        if s.doc_id not in latest.get(s.source_uri, ()):
            places.append(DocumentSourceRecord(
                doc_id=s.doc_id, source_uri=s.source_uri, sha256=s.sha256, run_id=run_id))
    return list(new_docs.values()), places


def _new_quarantine(lake: Lake, rejected: list[Rejected], run_id: str) -> list[QuarantineRecord]:
    """Quarantine rows for what no earlier run quarantined for the same reason."""
    known_bad = {
        (r["source_uri"], r["sha256"], r["reason"])
        for r in lake.table("quarantine", ["source_uri", "sha256", "reason"]).to_pylist()
    }
    return [
        QuarantineRecord(source_uri=r.source_uri, sha256=r.sha256, reason=r.reason, run_id=run_id)
        for r in rejected if (r.source_uri, r.sha256, r.reason) not in known_bad
    ]


def _extract_each(docs: list[SourceText], run_id: str):
    """Extract a batch one document at a time; a document whose extraction raises is rejected
    with the exception, the others go on."""
    done, crashed = [], []
    for doc in docs:
        try:
            done.append(extract_claims([doc], run_id))
        except Exception as err:
            reason = f"extraction failed: {type(err).__name__}: {err}"
            crashed.append(Rejected(source_uri=doc.source_uri, sha256=doc.sha256, reason=reason))
    return done, crashed


def _extract(docs: list[SourceText], run_id: str, config: PipelineConfig, progress: RunProgress):
    """Documents, claims, stats and crashed documents of the extraction, batch by batch. When a
    batch task fails, its documents are extracted again one by one to isolate the culprit."""
    documents, claims, stats, crashed = [], [], ExtractionStats(), []
    parts = batches(docs, lambda d: len(d.text), config.batch_chars)
    if len(parts) == 1:  # one batch: extract it here, no worker to start
        results = [(0, parts[0], partial(extract_batch, parts[0], run_id, batch_no=0))]
    else:  # on the flow's task runner (flows/runners.py), collected in order
        results = ((i, batch, future.result) for i, batch, future in submitted_in_order(
            parts, lambda i, batch: extract_batch.submit(batch, run_id, batch_no=i)))
    for i, batch, result in results:
        try:
            done = [result()]
        except Exception:
            done, bad = _extract_each(batch, run_id)
            crashed += bad
        for got_docs, got_claims, got_stats in done:
            documents += got_docs
            claims += got_claims
            stats.add(got_stats)
        progress.step("extract", i + 1, len(parts))
    return documents, claims, stats, crashed


def _regroup(store: Lake, new: dict[str, pa.Table], run_id: str, config: PipelineConfig):
    """Re-cluster all claims, re-group documents into families, find disputed figures."""
    claims = pa.concat_tables([store.table("claims"), new["claims"]])
    documents = pa.concat_tables([store.table("documents"), new["documents"]])
    order = {r: i for i, r in enumerate([*store.manifest["runs"], run_id])}
    members, links = cluster_task(claims, order, config.cluster_threshold,
                                  n_claims=claims.num_rows,
                                  semantic_threshold=config.semantic_bar())
    families = families_task(documents, order, n_documents=documents.num_rows)
    disputes = disputes_task(
        *with_clusters_and_sentences(claims, members, documents), n_claims=claims.num_rows)
    changes = cluster_changes(store.table("cluster_members").to_pylist(), members.to_pylist(),
                              run_id)
    return {"cluster_members": members, "cluster_links": links, "cluster_changes": changes,
            "document_families": families, "figure_dispute_pairs": disputes}


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
        sources: list[SourceText] = []
        parts = batches(files, _file_size, config.batch_chars)
        for i, batch in enumerate(parts):
            got, bad = ingest_batch(batch, config, batch_no=i)
            sources += got
            rejected += bad
            progress.step("ingest", i + 1, len(parts))
        run_id = content_id(
            store.state_id(), config.digest(), code_version(),
            *sorted(f"{s.source_uri}\t{s.sha256}" for s in sources),
            *sorted(f"{r.source_uri}\t{r.reason}" for r in rejected),
        )
        summary = RunSummary(run_id, str(flow_run.id), db, lake, n_files=len(files),
                             n_documents_seen=len(sources), quarantined=rejected)
        try:
            new_docs, places = _new_rows(store, sources, run_id)
            documents, claims, summary.stats, crashed = _extract(new_docs, run_id, config, progress)
            summary.quarantined += crashed
            summary.n_documents_new, summary.n_claims_new = len(documents), len(claims)
            failed_docs = {s.doc_id for s in new_docs} - {d.doc_id for d in documents}
            tables = {
                "documents": to_table(documents, DocumentRecord),
                "document_sources": to_table(
                    [p for p in places if p.doc_id not in failed_docs], DocumentSourceRecord),
                "claims": to_table(claims, ClaimRecord, frozenset({"cluster_id"})),
                "quarantine": to_table(
                    _new_quarantine(store, summary.quarantined, run_id), QuarantineRecord),
            }
            if claims:
                tables |= _regroup(store, tables, run_id, config)
                progress.step("cluster")
            tables["runs"] = to_table([_run_record(summary, inputs, config, started)], RunRecord)
            store_run(store, run_id, tables)
            progress.step("store")
        except Exception as err:
            failed = _run_record(summary, inputs, config, started, error=traceback.format_exc())
            store.commit(run_id, {"runs": to_table([failed], RunRecord)})
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
        n_documents_seen=summary.n_documents_seen, n_documents_new=summary.n_documents_new,
        n_quarantined=summary.n_quarantined, n_claims=summary.n_claims_new,
        code_version=code_version(), config_hash=config.digest(), error=error,
    )

