"""Inventory: what a run adds to the lake — documents not seen before, a sighting for each place
whose content changed, files unchanged since a run last read them, quarantine rows not yet
recorded."""

from functools import cached_property
from pathlib import Path

import pyarrow as pa

from schemas.derive import to_table
from schemas.records import DocumentSourceRecord, InputFileRecord, QuarantineRecord
from tasks.ingest import Rejected, SourceText, source_uri
from tasks.store import Lake


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


def latest_hashes(lake: Lake) -> dict[str, str]:
    """For each input file, its hash when a run last read it."""
    order = {r: i for i, r in enumerate(lake.manifest["runs"])}
    rows = lake.table("input_files").to_pylist()
    rows.sort(key=lambda r: order.get(r["run_id"], -1))
    return {r["source_uri"]: r["sha256"] for r in rows}


def file_of(uri: str, files: set[str]) -> str:
    """The input file a source URI was read from (a JSONL record's URI is `file#id`)."""
    return uri if uri in files else uri.rsplit("#", 1)[0]


class NewRows:
    """What the run adds, ingest batch by ingest batch: unseen documents, and a sighting for each
    place whose content differs from what was last read there (a new place, a changed file, a
    file changed back)."""

    def __init__(self, lake: Lake, run_id: str) -> None:
        self.lake, self.run_id = lake, run_id
        self.places: list[tuple[str, str, str]] = []  # (doc_id, source_uri, sha256)
        self.file_hashes: dict[str, str] = {}  # input file → SHA-256 of the bytes read

    @cached_property
    def known(self) -> set[str]:
        """The documents in the lake (read on first use: a run with nothing to read skips it)."""
        return set(self.lake.table("documents", ["doc_id"]).column("doc_id").to_pylist())

    @cached_property
    def latest(self) -> dict[str, set[str]]:
        return _latest_sightings(self.lake)

    def add(self, sources: list[SourceText]) -> list[SourceText]:
        """The batch's documents not seen before; records the batch's new sightings."""
        new_docs: list[SourceText] = []
        for s in sorted(sources, key=lambda s: s.source_uri):
            if s.doc_id not in self.known:
                self.known.add(s.doc_id)
                new_docs.append(s)
            if s.doc_id not in self.latest.get(s.source_uri, ()):
                self.places.append((s.doc_id, s.source_uri, s.sha256))
        return new_docs

    def clean_reads(self, files: list[Path], rejected: list[Rejected]) -> list[InputFileRecord]:
        """The files read without any rejection (of the file, a record or a document): a later
        run may skip them while their bytes stay the same. A file with a rejection is read
        again, so that a higher size limit or a fixed extractor reaches it."""
        uris = {source_uri(f) for f in files}
        unclean = {file_of(r.source_uri, uris) for r in rejected}
        return [InputFileRecord(source_uri=uri, sha256=sha, run_id=self.run_id)
                for uri, sha in sorted(self.file_hashes.items()) if uri not in unclean]

    def sightings(self, failed: set[str]) -> pa.Table:
        """The sightings, less those of documents whose extraction failed."""
        kept = sorted(p for p in self.places if p[0] not in failed)
        return to_table([DocumentSourceRecord(doc_id=d, source_uri=u, sha256=h, run_id=self.run_id)
                         for d, u, h in kept], DocumentSourceRecord)


def new_quarantine(lake: Lake, rejected: list[Rejected], run_id: str) -> list[QuarantineRecord]:
    """Quarantine rows for what no earlier run quarantined for the same reason."""
    known_bad = {
        (r["source_uri"], r["sha256"], r["reason"])
        for r in lake.table("quarantine", ["source_uri", "sha256", "reason"]).to_pylist()
    }
    return [
        QuarantineRecord(source_uri=r.source_uri, sha256=r.sha256, reason=r.reason, run_id=run_id)
        for r in rejected if (r.source_uri, r.sha256, r.reason) not in known_bad
    ]
