"""Inventory: what a run adds to the lake — documents not seen before, a sighting for each place
whose content changed, files unchanged since a run last read them, quarantine rows not yet
recorded. The lake's rows are handed in by the caller (read on first use where a run with nothing
to read should not pay for them)."""

from collections.abc import Callable
from functools import cached_property
from pathlib import Path

import pyarrow as pa

from schemas.derive import to_table
from schemas.records import DocumentSourceRecord, InputFileRecord, QuarantineRecord
from tasks.ingest.sources import Rejected, SourceText, source_uri


def _latest_sightings(sightings: pa.Table, runs: list[str]) -> dict[str, set[str]]:
    """For each place, the documents the latest run that recorded it read there (sightings:
    columns doc_id, source_uri, run_id; runs: the run ids in order)."""
    order = {r: i for i, r in enumerate(runs)}
    latest: dict[str, tuple[int, set[str]]] = {}
    for r in sightings.to_pylist():
        rank, docs = latest.get(r["source_uri"], (-1, set()))
        if order.get(r["run_id"], -1) > rank:
            latest[r["source_uri"]] = (order.get(r["run_id"], -1), {r["doc_id"]})
        elif order.get(r["run_id"], -1) == rank:
            docs.add(r["doc_id"])
    return {uri: docs for uri, (_, docs) in latest.items()}


def latest_hashes(input_files: pa.Table, runs: list[str]) -> dict[str, str]:
    """For each input file, its hash when a run last read it (input_files: the lake's rows)."""
    order = {r: i for i, r in enumerate(runs)}
    rows = input_files.to_pylist()
    rows.sort(key=lambda r: order.get(r["run_id"], -1))
    return {r["source_uri"]: r["sha256"] for r in rows}


def file_of(uri: str, files: set[str]) -> str:
    """The input file a source URI was read from (a JSONL record's URI is `file#id`)."""
    return uri if uri in files else uri.rsplit("#", 1)[0]


class NewRows:
    """What the run adds, ingest batch by ingest batch: unseen documents, and a sighting for each
    place whose content differs from what was last read there (a new place, a changed file, a
    file changed back). `documents` and `sightings` give the lake's rows (doc_id; doc_id,
    source_uri, run_id) when first needed: a run with nothing to read never reads them."""

    def __init__(self, run_id: str, runs: list[str], documents: Callable[[], pa.Table],
                 sightings: Callable[[], pa.Table]) -> None:
        self.run_id, self.runs = run_id, runs
        self._documents, self._sightings = documents, sightings
        self.places: list[tuple[str, str, str]] = []  # (doc_id, source_uri, sha256)
        self.file_hashes: dict[str, str] = {}  # input file → SHA-256 of the bytes read

    @cached_property
    def known(self) -> set[str]:
        """The documents in the lake."""
        return set(self._documents().column("doc_id").to_pylist())

    @cached_property
    def latest(self) -> dict[str, set[str]]:
        return _latest_sightings(self._sightings(), self.runs)

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


def new_quarantine(quarantined: pa.Table, rejected: list[Rejected], run_id: str
                   ) -> list[QuarantineRecord]:
    """Quarantine rows for what no earlier run quarantined for the same reason (quarantined: the
    lake's rows, columns source_uri, sha256, reason)."""
    known_bad = {(r["source_uri"], r["sha256"], r["reason"]) for r in quarantined.to_pylist()}
    return [
        QuarantineRecord(source_uri=r.source_uri, sha256=r.sha256, reason=r.reason, run_id=run_id)
        for r in rejected if (r.source_uri, r.sha256, r.reason) not in known_bad
    ]
