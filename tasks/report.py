"""Report: what a run did, as a summary for the terminal and a markdown artifact for Prefect."""

from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from tasks.extract import ExtractionStats
from tasks.ingest import Rejected


@dataclass
class RunSummary:
    """The outcome of one run."""

    run_id: str
    flow_run_id: str | None
    db_path: str
    lake_path: str
    n_files: int = 0
    n_documents_seen: int = 0
    n_documents_new: int = 0
    n_claims_new: int = 0
    table_counts: dict[str, int] = field(default_factory=dict)
    quarantined: list[Rejected] = field(default_factory=list)
    stats: ExtractionStats = field(default_factory=ExtractionStats)
    top_claims: list[tuple[int, int, str]] = field(default_factory=list)

    @property
    def n_quarantined(self) -> int:
        """Files or records quarantined by this run."""
        return len(self.quarantined)


def top_claims(db_path: str | Path, limit: int = 5) -> list[tuple[int, int, str]]:
    """(sources, mentions, text) of the claims made by the most sources."""
    con = duckdb.connect(str(db_path), read_only=True)
    try:
        return con.execute(
            "SELECT n_sources, n_mentions, canonical_text FROM claim_frequency "
            "ORDER BY n_sources DESC, n_mentions DESC, cluster_id LIMIT ?", [limit]
        ).fetchall()
    finally:
        con.close()


def _short(text: str, width: int = 100) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def summary_text(s: RunSummary) -> str:
    """A short summary for the terminal."""
    lines = [
        f"run {s.run_id}: {s.n_files} files, {s.n_documents_seen} documents "
        f"({s.n_documents_new} new), {s.n_claims_new} new claims, {s.n_quarantined} quarantined",
        f"warehouse {s.db_path}: {s.table_counts.get('documents', 0)} documents, "
        f"{s.table_counts.get('claims', 0)} claims",
    ]
    for q in s.quarantined:
        lines.append(f"  quarantined {q.source_uri}: {q.reason}")
    if s.top_claims:
        lines.append("claims made by the most sources:")
        lines += [f"  {n} sources, {m} mentions: {_short(t)}" for n, m, t in s.top_claims]
    return "\n".join(lines)


def summary_markdown(s: RunSummary) -> str:
    """The run summary as a markdown artifact."""
    out = [
        f"# claimtrail run `{s.run_id}`", "",
        "| stage | count |", "|---|---|",
        f"| files found | {s.n_files} |",
        f"| documents read | {s.n_documents_seen} |",
        f"| documents new | {s.n_documents_new} |",
        f"| quarantined | {s.n_quarantined} |",
        f"| sentences | {s.stats.sentences} |",
        f"| claims extracted | {s.n_claims_new} |",
    ]
    out += [f"| claims kept: {k} | {v} |" for k, v in sorted(s.stats.kept.items())]
    out += [f"| candidates dropped: {k} | {v} |" for k, v in sorted(s.stats.dropped.items())]
    out += [f"| warehouse rows: {k} | {v} |" for k, v in s.table_counts.items()]
    if s.quarantined:
        out += ["", "## Quarantined", "", "| source | reason |", "|---|---|"]
        out += [f"| `{q.source_uri}` | {q.reason} |" for q in s.quarantined]
    if s.top_claims:
        out += ["", "## Most repeated claims", ""]
        out += ["| sources | mentions | claim |", "|---|---|---|"]
        out += [f"| {n} | {m} | {_short(t).replace('|', '/')} |" for n, m, t in s.top_claims]
    out += ["", f"Warehouse: `{s.db_path}` · lake: `{s.lake_path}`"]
    return "\n".join(out)
