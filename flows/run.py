"""A run's state and bookkeeping: which input files it read and why, its content-derived id, what it
adds to the lake, its summary, and the record of a run that failed before it was published."""

import os
import traceback
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import pyarrow as pa
from prefect import get_run_logger
from prefect.runtime import flow_run

from flows.config import PipelineConfig, code_version
from flows.monitor import RunProgress
from flows.report import RunSummary
from schemas.derive import to_table
from schemas.ids import content_id
from schemas.records import InputFileRecord, QuarantineRecord, RunRecord
from tasks.ingest.files import discover_files, file_sha256
from tasks.ingest.inventory import NewRows, latest_hashes, new_quarantine
from tasks.ingest.sources import source_uri
from tasks.store.lake import Lake, RunWriter


def owner() -> str:
    """Who holds the lake during this flow run, as a second run's refusal names it."""
    return f"flow run '{flow_run.name}' ({flow_run.id}, pid {os.getpid()})"


@dataclass
class Run:
    """One run over the inputs: what it reads, what it has written, what it found."""

    inputs: list[str]
    db: str
    lake: Lake
    config: PipelineConfig
    progress: RunProgress
    files: list[Path]  # every input file found
    changed: list[Path]  # the files to read: new, changed, or read with a rejection before
    run_id: str
    summary: RunSummary
    writer: RunWriter
    new: NewRows
    started: datetime = field(default_factory=lambda: datetime.now(UTC))
    failed: set[str] = field(default_factory=set)  # documents whose extraction failed

    def run_order(self) -> dict[str, int]:
        """Every published run and this one, in order."""
        return {r: i for i, r in enumerate([*self.lake.manifest["runs"], self.run_id])}

    def bookkeeping(self) -> dict[str, pa.Table]:
        """The rows the run adds besides its extraction and grouping parts: new sightings, the
        files read cleanly, new quarantine rows, and the run's own row."""
        return {
            "document_sources": self.new.sightings(self.failed),
            "input_files": to_table(self.new.clean_reads(self.changed, self.summary.quarantined),
                                    InputFileRecord),
            "quarantine": to_table(new_quarantine(
                self.lake.table("quarantine", ["source_uri", "sha256", "reason"]),
                self.summary.quarantined, self.run_id), QuarantineRecord),
            "runs": to_table([self.record()], RunRecord),
        }

    def record(self, error: str | None = None) -> RunRecord:
        """The run's row in `runs`."""
        s = self.summary
        return RunRecord(
            run_id=self.run_id, flow_run_id=s.flow_run_id, started_at=self.started,
            ended_at=datetime.now(UTC), status="failed" if error else "completed",
            inputs=[str(i) for i in self.inputs], n_files=s.n_files,
            n_files_unchanged=s.n_files_unchanged,
            n_documents_seen=s.n_documents_seen, n_documents_new=s.n_documents_new,
            n_quarantined=s.n_quarantined, n_claims=s.n_claims_new,
            code_version=code_version(), config_hash=self.config.digest(), error=error,
        )


def start(inputs: list[str], db: str, lake: Lake, config: PipelineConfig,
          progress: RunProgress) -> Run:
    """The run over the inputs (the lake held): the input files found, which of them changed
    since a run last read them, and the run's id — a hash of the lake's state, the
    configuration, the code and the inputs."""
    files, rejected = discover_files(inputs)
    hashes = {f: file_sha256(f) for f in files}
    runs = lake.manifest["runs"]
    last_read = latest_hashes(lake.table("input_files"), runs)
    changed = [f for f in files if hashes[f] is None or last_read.get(source_uri(f)) != hashes[f]]
    run_id = content_id(
        lake.state_id(), config.digest(), code_version(),
        *sorted(f"{source_uri(f)}\t{hashes[f]}" for f in files),
        *sorted(f"{r.source_uri}\t{r.reason}" for r in rejected),
    )
    summary = RunSummary(run_id, str(flow_run.id), db, str(lake.root), n_files=len(files),
                         n_files_unchanged=len(files) - len(changed), quarantined=rejected)
    new = NewRows(run_id, runs, lambda: lake.table("documents", ["doc_id"]),
                  lambda: lake.table("document_sources", ["doc_id", "source_uri", "run_id"]))
    return Run(inputs, db, lake, config, progress, files, changed, run_id, summary,
               RunWriter(lake, run_id), new)


@contextmanager
def failure_recorded(run: Run) -> Iterator[None]:
    """A run that fails before it is published gets a `runs` row saying why; the error goes on."""
    try:
        yield
    except Exception as err:
        if run.run_id not in run.lake.manifest["runs"]:
            failed = run.record(error=traceback.format_exc())
            run.lake.commit(run.run_id, {"runs": to_table([failed], RunRecord)})
        get_run_logger().error("run %s failed: %s", run.run_id, err)
        raise
