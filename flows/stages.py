"""The pipeline's Prefect tasks: each stage's plain functions (tasks/) wrapped with what only the
flow knows — where rows are read from and written to in the lake and the warehouse, retries, and
readable task-run names. A task is a batch: a task run costs several milliseconds, so none runs
per document.
"""

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
from prefect import task
from prefect.cache_policies import NO_CACHE

from schemas.derive import to_table
from schemas.records import ClaimRecord, DocumentRecord, NonClaimRecord
from schemas.tables import LAKE_EXCLUDE
from tasks.extract.claims import ExtractionStats, extract_claims
from tasks.extract.options import ExtractOptions
from tasks.group.cluster import Grouped, cluster, prepare
from tasks.group.disputes import figure_disputes
from tasks.group.families import SKETCH_VERSION, document_families, sketches
from tasks.group.options import GroupOptions
from tasks.group.sources import DocumentLinks
from tasks.group.terms import TERMS_VERSION, match_terms
from tasks.ingest.jsonl import Piece
from tasks.ingest.options import IngestOptions
from tasks.ingest.read import read_sources
from tasks.ingest.sources import Rejected, SourceText
from tasks.store.connection import connect
from tasks.store.lake import Lake, RunWriter, stored_or_computed
from tasks.store.warehouse import build_warehouse

# Every stage is deterministic: Prefect need not hash its inputs to cache it (NO_CACHE). Stages
# that do file or database I/O retry twice, after 1 s and 4 s.


@task(name="ingest", task_run_name="ingest-batch-{batch_no}",
      cache_policy=NO_CACHE, retries=2, retry_delay_seconds=[1, 4])
def ingest_batch(units: list[Path | Piece], options: IngestOptions, batch_no: int
                 ) -> tuple[list[SourceText], list[Rejected]]:
    """Read one batch of input files (and pieces of JSONL files) into source texts and
    rejections."""
    return read_sources(units, options)


@dataclass
class WrittenBatch:
    """A batch extracted into unpublished lake parts: where, what, and its counters."""

    parts: dict[str, str]  # lake table → part file within the lake
    doc_ids: list[str]
    n_claims: int
    stats: ExtractionStats


def extract_to_lake(docs: list[SourceText], run_id: str, lake_root: str, label: str,
                    options: ExtractOptions) -> WrittenBatch:
    """Extract a batch and write its tables as part files `<run_id>-<label>` of the lake (the
    candidates not kept go to non_claims, with their reason and score), with each claim's match
    terms and each document's shingle sketch (made here, in the worker, once,
    and kept for every later run): the rows go to disk where they were made, only counts travel
    back."""
    records, claims, non_claims, stats = extract_claims(docs, run_id, options)
    claim_rows = to_table(claims, ClaimRecord, LAKE_EXCLUDE["claims"])
    document_rows = to_table(records, DocumentRecord)
    tables = {
        "documents": document_rows,
        "claims": claim_rows,
        "non_claims": to_table(non_claims, NonClaimRecord),
        "match_terms": pa.table({"claim_id": claim_rows.column("claim_id"),
                                 "terms": match_terms(claim_rows),
                                 "terms_version": [TERMS_VERSION] * len(claims)}),
        "document_sketches": pa.table({"doc_id": document_rows.column("doc_id"),
                                       "sketch": sketches(document_rows.column("text")),
                                       "sketch_version": [SKETCH_VERSION] * len(records)}),
    }
    lake = Lake(lake_root)
    parts = {name: lake.write_part(name, f"{run_id}-{label}", rows)
             for name, rows in tables.items() if rows.num_rows}
    return WrittenBatch(parts, [r.doc_id for r in records], len(claims), stats)


@task(name="extract", task_run_name="extract-batch-{batch_no}", cache_policy=NO_CACHE)
def extract_batch(docs: list[SourceText], run_id: str, batch_no: int, lake_root: str,
                  options: ExtractOptions) -> WrittenBatch:
    """Normalise, segment and extract one batch of documents into lake parts."""
    return extract_to_lake(docs, run_id, lake_root, f"b{batch_no:05d}", options)


def stored_terms(stored: pa.Table) -> Callable[[pa.Table], pa.Array]:
    """The match terms of some claims: stored (columns claim_id, terms, terms_version) where made
    by these rules, else computed."""
    return lambda claims: stored_or_computed(
        claims.column("claim_id"), stored, "claim_id", "terms", TERMS_VERSION,
        lambda rows: match_terms(claims.take(rows)))


@task(name="cluster", task_run_name="cluster-{n_claims}-claims", cache_policy=NO_CACHE)
def cluster_claims(run: RunWriter, run_order: dict[str, int], options: GroupOptions,
                   copies: pa.Table, n_claims: int) -> Grouped:
    """Cluster all claims of the lake and this run: membership (with each mention's independent
    source, from the near-copies found by `group_documents` and the publishers), link evidence,
    negation disputes. The claims' text, figures and stored terms are read here and dropped once
    prepared."""
    prepared = prepare(run.table("claims", ["claim_id", "doc_id", "text", "speaker", "figures",
                                            "raw_start", "sentence_index", "run_id"]),
                       run_order, stored_terms(run.table("match_terms")))
    documents = DocumentLinks.of(run.table("documents", ["doc_id", "publisher"]),
                                 copies.column("doc_id"), copies.column("other_doc_id"))
    return cluster(prepared, options, documents)


@task(name="families", task_run_name="families-{n_documents}-documents", cache_policy=NO_CACHE)
def group_documents(run: RunWriter, run_order: dict[str, int], n_documents: int
                    ) -> tuple[pa.Table, pa.Table]:
    """Group the documents of the lake and this run into families of copies, and list their
    near-copy pairs. Their text is read here, and dropped once sketched (sketches stored in the
    lake are reused)."""
    doc_sketches = stored_sketches(run.table("documents", ["doc_id", "text"]),
                                    run.table("document_sketches"))
    return document_families(run.table("documents", ["doc_id", "publisher", "first_run_id"]),
                             run_order, doc_sketches)


def stored_sketches(documents: pa.Table, stored: pa.Table) -> pa.Array:
    """Each document's sketch: stored in the lake where made this way, else computed from its
    text (columns doc_id, text)."""
    return stored_or_computed(
        documents.column("doc_id"), stored, "doc_id", "sketch", SKETCH_VERSION,
        lambda rows: sketches(documents.column("text").take(rows)))


@task(name="disputes", task_run_name="disputes-{n_claims}-claims", cache_policy=NO_CACHE)
def find_disputes(run: RunWriter, n_claims: int) -> pa.Table:
    """The clustered claims of the lake and this run whose figures disagree."""
    return figure_disputes(figure_claims(
        run.table("claims", ["claim_id", "doc_id", "speaker", "text", "raw_start", "figures",
                             "sentence_start", "sentence_end"]),
        run.table("cluster_members"), run.table("documents", ["doc_id", "text"])))


def figure_claims(claims: pa.Table, members: pa.Table, documents: pa.Table) -> pa.Table:
    """The figure-bearing claims with their cluster ids and their sentences' text."""
    claims = claims.filter(pc.greater(pc.list_value_length(claims.column("figures")), 0))
    with connect() as con:
        con.register("claims", claims)
        con.register("members", members.select(["claim_id", "cluster_id"]))
        con.register("documents", documents)
        return con.sql("""
            SELECT c.claim_id, c.doc_id, c.speaker, m.cluster_id, c.text, c.raw_start, c.figures,
                   substring(d.text, c.sentence_start + 1, c.sentence_end - c.sentence_start)
                       AS sentence
            FROM claims c JOIN members m USING (claim_id)
            JOIN documents d USING (doc_id)""").to_arrow_table()


@task(name="store", task_run_name="store-run-{run_id}",
      cache_policy=NO_CACHE, retries=2, retry_delay_seconds=[1, 4])
def store_run(lake: Lake, run_id: str, tables: dict[str, pa.Table],
              parts: dict[str, list[str]] | None = None) -> None:
    """Publish the run's rows to the lake (its parts and whole tables) in one manifest swap."""
    lake.commit(run_id, tables, parts)


@task(name="load", task_run_name="load-warehouse",
      cache_policy=NO_CACHE, retries=2, retry_delay_seconds=[1, 4])
def load_warehouse(lake: Lake, db_path: str) -> dict[str, int]:
    """Bring the DuckDB warehouse up to date with the lake; row counts per table."""
    return build_warehouse(lake, db_path)
