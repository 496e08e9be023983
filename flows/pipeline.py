"""The claimtrail flow: ingest → extract → cluster → store (Parquet lake) → load (DuckDB)."""

import os
import traceback
from datetime import UTC, datetime
from pathlib import Path

import pyarrow as pa
from prefect import flow, get_run_logger
from prefect.artifacts import create_markdown_artifact
from prefect.runtime import flow_run

from schemas.derive import to_table
from schemas.records import (
    ClaimRecord,
    DocumentRecord,
    DocumentSourceRecord,
    QuarantineRecord,
    RunRecord,
)
from tasks.cluster import cluster_task
from tasks.config import PipelineConfig, code_version, content_id
from tasks.extract import extract_batch
from tasks.ingest import SourceText, discover_files, ingest_batch
from tasks.load import load_warehouse
from tasks.report import RunSummary, summary_markdown, top_claims
from tasks.store import Lake, store_run


def _run_name() -> str:
    inputs = flow_run.parameters.get("inputs") or ["seeds"]
    label = Path(str(inputs[0])).name or str(inputs[0])
    more = f" +{len(inputs) - 1}" if len(inputs) > 1 else ""
    return f"claimtrail {label}{more} {datetime.now(UTC):%Y-%m-%d %H:%M:%S}"


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


def _new_rows(lake: Lake, sources: list[SourceText], rejected, run_id: str):
    """What this run adds: unseen documents, unseen (document, place) pairs, new quarantine rows."""
    known_docs = set(lake.table("documents", ["doc_id"]).column("doc_id").to_pylist())
    known_places = {
        (r["doc_id"], r["source_uri"])
        for r in lake.table("document_sources", ["doc_id", "source_uri"]).to_pylist()
    }
    known_bad = {
        (r["source_uri"], r["sha256"], r["reason"])
        for r in lake.table("quarantine", ["source_uri", "sha256", "reason"]).to_pylist()
    }
    new_docs: dict[str, SourceText] = {}
    places = []
    for s in sorted(sources, key=lambda s: s.source_uri):
        if s.doc_id not in known_docs and s.doc_id not in new_docs:
            new_docs[s.doc_id] = s
        if (s.doc_id, s.source_uri) not in known_places:
            known_places.add((s.doc_id, s.source_uri))
            places.append(DocumentSourceRecord(
                doc_id=s.doc_id, source_uri=s.source_uri, sha256=s.sha256, run_id=run_id))
    quarantine = [
        QuarantineRecord(source_uri=r.source_uri, sha256=r.sha256, reason=r.reason, run_id=run_id)
        for r in rejected if (r.source_uri, r.sha256, r.reason) not in known_bad
    ]
    return list(new_docs.values()), places, quarantine


@flow(name="claimtrail", flow_run_name=_run_name, log_prints=True)
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
    with store.lock(owner=f"flow run {flow_run.id} (pid {os.getpid()})"):
        files, rejected = discover_files(inputs)
        sources: list[SourceText] = []
        for i, batch in enumerate(batches(files, _file_size, config.batch_chars)):
            got, bad = ingest_batch(batch, config, batch_no=i)
            sources += got
            rejected += bad
        run_id = content_id(
            store.state_id(), config.digest(), code_version(),
            *sorted(f"{s.source_uri}\t{s.sha256}" for s in sources),
            *sorted(f"{r.source_uri}\t{r.reason}" for r in rejected),
        )
        summary = RunSummary(run_id, str(flow_run.id), db, lake, n_files=len(files),
                             n_documents_seen=len(sources), quarantined=rejected)
        try:
            new_docs, places, quarantine = _new_rows(store, sources, rejected, run_id)
            documents, claims = [], []
            for i, batch in enumerate(batches(new_docs, lambda d: len(d.text), config.batch_chars)):
                got_docs, got_claims, stats = extract_batch(batch, run_id, batch_no=i)
                documents += got_docs
                claims += got_claims
                summary.stats.add(stats)
            summary.n_documents_new, summary.n_claims_new = len(documents), len(claims)
            tables = {
                "documents": to_table(documents, DocumentRecord),
                "document_sources": to_table(places, DocumentSourceRecord),
                "claims": to_table(claims, ClaimRecord, frozenset({"cluster_id"})),
                "quarantine": to_table(quarantine, QuarantineRecord),
            }
            if claims:
                all_claims = pa.concat_tables([store.table("claims"), tables["claims"]])
                order = {r: i for i, r in enumerate([*store.manifest["runs"], run_id])}
                members, links = cluster_task(all_claims, order, config.cluster_threshold,
                                              n_claims=all_claims.num_rows)
                tables |= {"cluster_members": members, "cluster_links": links}
            tables["runs"] = to_table([_run_record(summary, inputs, config, started)], RunRecord)
            store_run(store, run_id, tables)
        except Exception as err:
            failed = _run_record(summary, inputs, config, started, error=traceback.format_exc())
            store.commit(run_id, {"runs": to_table([failed], RunRecord)})
            logger.error("run %s failed: %s", run_id, err)
            raise
        summary.table_counts = load_warehouse(store, db)
    summary.top_claims = top_claims(db)
    create_markdown_artifact(summary_markdown(summary), key="claimtrail-run-summary",
                             description=f"claimtrail run {run_id}")
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

