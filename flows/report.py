"""Report: what a run did, for the terminal and for the Prefect UI (markdown and table artifacts).

Everything here reads the run's summary or the freshly loaded warehouse; nothing writes.
"""

from dataclasses import dataclass, field
from pathlib import Path

from tasks.extract.claims import ExtractionStats
from tasks.ingest.sources import Rejected
from tasks.store.connection import connect


@dataclass(frozen=True)
class TopClaim:
    """One claim cluster, as the summaries list it."""

    cluster_id: str
    sources: int
    mentions: int
    text: str
    speakers: tuple[str, ...] = ()


@dataclass(frozen=True)
class ClusterGrowth:
    """A cluster a run created or added mentions to."""

    cluster_id: str
    sources_before: int
    sources: int
    new_mentions: int
    text: str


@dataclass
class RunSummary:
    """The outcome of one run."""

    run_id: str
    flow_run_id: str | None
    db_path: str
    lake_path: str
    n_files: int = 0
    n_files_unchanged: int = 0
    n_documents_seen: int = 0
    n_documents_new: int = 0
    n_claims_new: int = 0
    table_counts: dict[str, int] = field(default_factory=dict)
    quarantined: list[Rejected] = field(default_factory=list)
    stats: ExtractionStats = field(default_factory=ExtractionStats)
    top_claims: list[TopClaim] = field(default_factory=list)
    new_clusters: list[ClusterGrowth] = field(default_factory=list)
    grown_clusters: list[ClusterGrowth] = field(default_factory=list)
    report_path: str | None = None  # the HTML report with the pictures (flows/pictures/html.py)

    @property
    def n_quarantined(self) -> int:
        """Files, records or documents quarantined by this run."""
        return len(self.quarantined)

    def headline(self) -> str:
        """What the run processed, in a few words (the end of the flow-run name)."""
        return (f"{self.n_documents_new} new of {self.n_documents_seen} docs read, "
                f"{self.n_claims_new} claims, {self.n_quarantined} quarantined")


def top_claims(db_path: str | Path, limit: int = 10) -> list[TopClaim]:
    """The claims made by the most independent sources."""
    with connect(db_path, read_only=True) as con:
        rows = con.execute(
            "SELECT cluster_id, n_independent_sources, n_mentions, canonical_text, speakers "
            "FROM claim_frequency ORDER BY n_independent_sources DESC, n_mentions DESC, cluster_id "
            "LIMIT ?", [limit],
        ).fetchall()
    return [TopClaim(c, s, m, t, tuple(sp)) for c, s, m, t, sp in rows]


_GROWTH_SQL = """
WITH touched AS (SELECT DISTINCT cluster_id FROM claims WHERE run_id = $run)
SELECT c.cluster_id,
       count(DISTINCT c.doc_id) FILTER (WHERE c.run_id <> $run) AS sources_before,
       count(DISTINCT c.doc_id) AS sources,
       count(*) FILTER (WHERE c.run_id = $run) AS new_mentions,
       any_value(f.canonical_text) AS text
FROM claims AS c JOIN touched USING (cluster_id) JOIN claim_frequency AS f USING (cluster_id)
GROUP BY c.cluster_id
HAVING new_mentions > 0
ORDER BY sources DESC, new_mentions DESC, c.cluster_id
"""


def cluster_growth(
    db_path: str | Path, run_id: str
) -> tuple[list[ClusterGrowth], list[ClusterGrowth]]:
    """Clusters made only of this run's mentions (new) and older clusters it added to (grown)."""
    with connect(db_path, read_only=True) as con:
        rows = [ClusterGrowth(*r) for r in con.execute(_GROWTH_SQL, {"run": run_id}).fetchall()]
    return [g for g in rows if g.sources_before == 0], [g for g in rows if g.sources_before > 0]


CELL = 80  # characters of a table artifact's text cell


def _short(text: str, width: int = 100) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def _cell(text: str, width: int = 100) -> str:
    return _short(text, width).replace("|", "/")


def _by_reason(s: RunSummary) -> str:
    """The candidates not kept, by reason, most frequent first."""
    return ", ".join(f"{reason} {n}" for reason, n in s.stats.dropped_by_count())


def summary_text(s: RunSummary) -> str:
    """A short summary for the terminal."""
    lines = [
        f"run {s.run_id}: {s.n_files} files ({s.n_files_unchanged} unchanged, not read again), "
        f"{s.n_documents_seen} documents read "
        f"({s.n_documents_new} new), {s.n_claims_new} new claims, {s.n_quarantined} quarantined",
        f"warehouse {s.db_path}: {s.table_counts.get('documents', 0)} documents, "
        f"{s.table_counts.get('claims', 0)} claims",
    ]
    if s.report_path:
        lines.append(f"report {s.report_path}: the top claims and disputes drawn (a browser)")
    if s.stats.dropped:
        lines.append(f"candidates not kept as claims (table non_claims): "
                     f"{sum(s.stats.dropped.values())}: " + _by_reason(s))
    for q in s.quarantined:
        lines.append(f"  quarantined {q.source_uri}: {q.reason}")
    if s.top_claims:
        lines.append("claims made by the most sources:")
        lines += [f"  {t.sources} sources, {t.mentions} mentions: {_short(t.text)}"
                  for t in s.top_claims[:5]]
    return "\n".join(lines)


def _growth_table(title: str, rows: list[ClusterGrowth], limit: int = 10) -> list[str]:
    if not rows:
        return []
    out = ["", f"## {title}: {len(rows)}", "",
           "| sources (before) | new mentions | claim |", "|---|---|---|"]
    out += [f"| {g.sources} ({g.sources_before}) | {g.new_mentions} | {_cell(g.text)} |"
            for g in rows[:limit]]
    if len(rows) > limit:
        out.append(f"\n… and {len(rows) - limit} more.")
    return out


def summary_markdown(s: RunSummary) -> str:
    """The run summary as a markdown artifact."""
    out = [
        f"# claimtrail run `{s.run_id}`", "",
        "| stage | count |", "|---|---|",
        f"| files found | {s.n_files} |",
        f"| files unchanged (not read again) | {s.n_files_unchanged} |",
        f"| documents read | {s.n_documents_seen} |",
        f"| documents new | {s.n_documents_new} |",
        f"| quarantined | {s.n_quarantined} |",
        f"| sentences | {s.stats.sentences} |",
        f"| claims extracted | {s.n_claims_new} |",
        f"| clusters new | {len(s.new_clusters)} |",
        f"| clusters grown | {len(s.grown_clusters)} |",
    ]
    out += [f"| claims kept: {k} | {v} |" for k, v in sorted(s.stats.kept.items())]
    out.append(f"| candidates not kept (non_claims) | {sum(s.stats.dropped.values())} |")
    out += [f"| not kept: {k} | {v} |" for k, v in s.stats.dropped_by_count()]
    out += [f"| warehouse rows: {k} | {v} |" for k, v in s.table_counts.items()]
    if s.quarantined:
        out += ["", "## Quarantined", "", "| source | reason |", "|---|---|"]
        out += [f"| `{q.source_uri}` | {_cell(q.reason, 300)} |" for q in s.quarantined]
    out += _growth_table("Grown clusters", s.grown_clusters)
    out += _growth_table("New clusters", s.new_clusters)
    if s.top_claims:
        out += ["", "## Most repeated claims", ""]
        out += ["| sources | mentions | claim |", "|---|---|---|"]
        out += [f"| {t.sources} | {t.mentions} | {_cell(t.text)} |" for t in s.top_claims]
    out += ["", f"Warehouse: `{s.db_path}` · lake: `{s.lake_path}`"]
    if s.report_path:
        out += ["", f"Pictures: the `claimtrail-pictures` artifact; every top claim drawn, "
                f"offline: `{s.report_path}` (open it in a browser)."]
    return "\n".join(out)


def top_claims_table(s: RunSummary) -> list[dict]:
    """The top claims as rows of a table artifact, laid out to need no horizontal scroll: the
    short columns first, then the speakers and the claim, each cut to 80 characters (the claim
    whole is in the warehouse: `claimtrail show CLUSTER`)."""
    return [
        {"rank": i, "sources": t.sources, "mentions": t.mentions, "cluster": t.cluster_id,
         "speakers": _short(", ".join(t.speakers), CELL), "claim": _short(t.text, CELL)}
        for i, t in enumerate(s.top_claims, start=1)
    ]
