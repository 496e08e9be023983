"""The claimtrail flow: ingest → extract → group → store (lake, then warehouse), then the run's
report. The flow body is the pipeline's table of contents; each step below it says how its
stage's tasks (flows/stages.py) are batched and what they hand on."""

import itertools
import os
from collections.abc import Callable, Iterable, Iterator
from datetime import UTC, datetime
from functools import partial
from pathlib import Path
from typing import TypeVar

import pyarrow as pa
import pyarrow.compute as pc
from prefect import flow, get_run_logger
from prefect.runtime import flow_run

from flows import stages
from flows.config import PipelineConfig
from flows.memory import release_memory
from flows.monitor import (
    RunProgress,
    inputs_label,
    log_quarantined,
    outcome,
    publish,
    rename_flow_run,
    tag_flow_run,
)
from flows.pictures.html import report_path, write_report
from flows.report import RunSummary, cluster_growth, top_claims
from flows.run import Run, failure_recorded, owner, start
from flows.runners import release_workers, submitted_in_order, task_runner
from tasks.extract.options import ExtractOptions
from tasks.group.cluster import cluster_changes
from tasks.group.options import GroupOptions
from tasks.ingest.inventory import file_of
from tasks.ingest.jsonl import Piece
from tasks.ingest.read import pieces_of
from tasks.ingest.sources import JSONL_SUFFIXES, Rejected, SourceText, source_uri
from tasks.store.lake import Lake

Item = TypeVar("Item")


def _run_name() -> str:
    label = inputs_label(flow_run.parameters.get("inputs"))
    return f"claimtrail {label} {datetime.now(UTC):%Y-%m-%d %H:%M:%S}"


@flow(name="claimtrail", flow_run_name=_run_name, log_prints=True, task_runner=task_runner())
def claimtrail_run(
    inputs: list[str],
    db: str = "data/warehouse.duckdb",
    lake: str = "data/lake",
    config: PipelineConfig | None = None,
) -> RunSummary:
    """Ingest the inputs, extract and group their claims, publish them to the lake, load DuckDB."""
    config = config or PipelineConfig()
    # absolute before anything is dispatched: workers elsewhere write to the lake by this path
    store, db = Lake(os.path.abspath(lake)), os.path.abspath(db)
    tag_flow_run(inputs)
    with store.lock(owner=owner()), RunProgress(f"claimtrail {inputs_label(inputs)}",
                                                store.root) as progress:
        run = start(inputs, db, store, config, progress)
        found(run)
        with failure_recorded(run):
            documents = ingest(run)  # ingest-batch-N: new documents, a batch at a time
            extract(run, documents, config.extract)  # extract-batch-N, as batches come in
            group(run, config.group)  # cluster, families, disputes over the whole lake
            publish_run(run)  # store-run-<run_id>: the run's rows, in one manifest swap
        load(run)  # load-warehouse
    report(run)
    return outcome(run.summary)


def found(run: Run) -> None:
    """Log what the run found to read, and the input paths it could not use."""
    s = run.summary
    get_run_logger().info("inputs: %d files found, %d unchanged since last read, %d to read",
                          s.n_files, s.n_files_unchanged, len(run.changed))
    log_quarantined(s.quarantined)


def batches(items: Iterable[Item], size_of: Callable[[Item], int], limit: int
            ) -> Iterator[list[Item]]:
    """Consecutive batches whose summed size stays under limit (at least one item each), made
    as the items come."""
    current: list[Item] = []
    total = 0
    for item in items:
        size = size_of(item)
        if current and total + size > limit:
            yield current
            current, total = [], 0
        current.append(item)
        total += size
    if current:
        yield current


def _size(unit: Path | Piece) -> int:
    if isinstance(unit, Piece):
        return unit.end - unit.start
    try:
        return unit.stat().st_size
    except OSError:
        return 0


def _units(run: Run, piece_bytes: int) -> Iterator[Path | Piece]:
    """The changed files to read, a JSONL file larger than a batch as its pieces (cut when the
    reading reaches it); a JSONL file that cannot be cut is quarantined."""
    for path in run.changed:
        if path.suffix.lower() in JSONL_SUFFIXES and _size(path) > piece_bytes:
            pieces, bad = pieces_of(path, piece_bytes)
            run.summary.quarantined += bad
            log_quarantined(bad)
            yield from pieces
        else:
            yield path


def ingest(run: Run) -> Iterator[list[SourceText]]:
    """Batches of new documents to extract, read one ingest batch of the changed files (and
    pieces of large JSONL files) at a time, lazily: extraction pulls them, so reading and
    extracting overlap, and only a few batches of text are in memory at once."""
    summary, limit = run.summary, run.config.batch_chars
    total = sum(_size(f) for f in run.changed)
    n_batches = 0
    for i, part in enumerate(batches(_units(run, limit), _size, limit)):
        got, bad = stages.ingest_batch(part, run.config.ingest, batch_no=i)
        uris = {source_uri(u.path if isinstance(u, Piece) else u) for u in part}
        run.new.file_hashes |= {file_of(s.source_uri, uris): s.sha256 for s in got}
        summary.n_documents_seen += len(got)
        summary.quarantined += bad
        log_quarantined(bad)
        yield from batches(run.new.add(got), lambda d: len(d.text), limit)
        n_batches = i + 1  # of about total / limit (rounded up) batches
        run.progress.step("ingest", n_batches, max(n_batches, -(-total // limit)))
    get_run_logger().info("ingest: %d documents read from %d files (%d ingest batches)",
                          summary.n_documents_seen, len(run.changed), n_batches)


def extract(run: Run, documents: Iterator[list[SourceText]], options: ExtractOptions) -> None:
    """Extract the batches; each writes its rows to the lake as unpublished parts where it runs
    (a worker), the run counts them as its own. When a batch task fails, its documents are
    extracted again one by one: a document whose extraction raises is quarantined with the
    exception, the others go on."""
    root, summary = str(run.lake.root), run.summary
    ahead = list(itertools.islice(documents, 2))
    results: Iterable[tuple[int, list[SourceText], Callable[[], stages.WrittenBatch]]]
    if len(ahead) == 1:  # one batch: extract it here, no worker to start
        results = [(0, ahead[0], partial(stages.extract_batch, ahead[0], run.run_id, 0, root,
                                         options))]
    else:  # on the flow's task runner (flows/runners.py), collected in order
        results = ((i, batch, future.result) for i, batch, future in submitted_in_order(
            itertools.chain(ahead, documents),
            lambda i, batch: stages.extract_batch.submit(batch, run.run_id, i, root, options)))
    for i, batch, result in results:
        try:
            done = [result()]
        except Exception:
            done, crashed = _extract_each(batch, run.run_id, root, i, options)
            summary.quarantined += crashed
            log_quarantined(crashed)
            run.failed |= {d.doc_id for d in batch} - {d for got in done for d in got.doc_ids}
        for got in done:
            for name, part in got.parts.items():
                run.writer.add(name, part)
            summary.stats.add(got.stats)
            summary.n_documents_new += len(got.doc_ids)
            summary.n_claims_new += got.n_claims
        release_memory()
    release_workers()
    run.progress.step("extract")
    get_run_logger().info("extract: %d new documents, %d claims (%d sentences)",
                          summary.n_documents_new, summary.n_claims_new, summary.stats.sentences)


def _extract_each(docs: list[SourceText], run_id: str, lake_root: str, batch_no: int,
                  options: ExtractOptions) -> tuple[list[stages.WrittenBatch], list[Rejected]]:
    """Extract a batch one document at a time; a document whose extraction raises is rejected
    with the exception, the others go on."""
    done, crashed = [], []
    for k, doc in enumerate(docs):
        try:
            done.append(stages.extract_to_lake([doc], run_id, lake_root,
                                               f"b{batch_no:05d}-d{k:05d}", options))
        except Exception as err:
            reason = f"extraction failed: {type(err).__name__}: {err}"
            crashed.append(Rejected(source_uri=doc.source_uri, sha256=doc.sha256, reason=reason))
    return done, crashed


def group(run: Run, options: GroupOptions) -> None:
    """When the run added documents: re-group documents into families (and find their
    near-copies), re-cluster all claims (each mention's independent source from those copies),
    find disputed figures beside the negations clustering found. Each step reads from the lake
    what it needs, and its rows are written as the run's parts at once, so no step holds
    another's."""
    if not run.summary.n_documents_new:
        get_run_logger().info("group: no new documents, clusters and families unchanged")
        return
    writer, order = run.writer, run.run_order()
    n_claims = writer.num_rows("claims")
    n_documents = writer.num_rows("documents")
    families, copies = stages.group_documents(writer, order, n_documents=n_documents)
    writer.put("document_families", families)
    n_families = _distinct(families, "family_id")
    del families
    release_memory()
    grouped = stages.cluster_claims(writer, order, options, copies, n_claims=n_claims)
    writer.put("cluster_changes", cluster_changes(run.lake.table("cluster_members"),
                                                  grouped.members, run.run_id))
    writer.put("cluster_members", grouped.members)
    writer.put("cluster_links", grouped.links)
    n_clusters = _distinct(grouped.members, "cluster_id")
    negations = grouped.negations
    del grouped, copies
    release_memory()
    writer.put("figure_dispute_pairs", pa.concat_tables(
        [stages.find_disputes(writer, n_claims=n_claims), negations]))
    release_memory()
    run.progress.step("cluster")
    get_run_logger().info(
        "group: %d claims in %d clusters, %d documents in %d families, %d disputed figure pairs",
        n_claims, n_clusters, n_documents, n_families, writer.num_rows("figure_dispute_pairs"))


def _distinct(table: pa.Table, column: str) -> int:
    """The number of distinct values in a column (cluster ids, family ids)."""
    return pc.count_distinct(table.column(column)).as_py()


def publish_run(run: Run) -> None:
    """Publish everything the run wrote, with its bookkeeping rows, to the lake."""
    stages.store_run(run.lake, run.run_id, run.bookkeeping(), run.writer.parts)
    run.progress.step("store")
    get_run_logger().info("store: run %s published to the lake %s", run.run_id, run.lake.root)


def load(run: Run) -> None:
    """Bring the warehouse up to date with the lake."""
    counts = run.summary.table_counts = stages.load_warehouse(run.lake, run.db)
    run.progress.step("load")
    get_run_logger().info("load: warehouse %s holds %d documents, %d claims", run.db,
                          counts.get("documents", 0), counts.get("claims", 0))


def report(run: Run) -> None:
    """What the run did, read back from the warehouse: the HTML report beside it, artifacts and
    the flow-run name."""
    run.summary.top_claims = top_claims(run.db)
    run.summary.new_clusters, run.summary.grown_clusters = cluster_growth(run.db, run.run_id)
    run.summary.report_path = str(write_report(run.db, report_path(run.db)))
    publish(run.summary)
    rename_flow_run(run.summary)
