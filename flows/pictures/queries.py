"""What the pictures draw, read from the warehouse (read-only, through tasks/store/connection.py)
into plain rows. The queries read the base tables, so each picture says exactly which date it
places a mention at: the document's publication time when it gives one, else the time the run
that first read it started (an ingest time, drawn hollow)."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import duckdb

# A cluster's mentions drawn at most (the earliest seen); a picture of more says how many it left.
MAX_MENTIONS = 1000


def source_name(publisher: str | None, source_uri: str) -> str:
    """A document in a few words: its publisher, else its file's name (with a JSONL record's
    `#id`)."""
    return publisher or Path(source_uri).name or source_uri


@dataclass(frozen=True)
class Claim:
    """A claim cluster, as a picture's heading states it (a claim_frequency row)."""

    cluster_id: str
    text: str
    n_independent_sources: int
    n_sources: int
    n_mentions: int
    speakers: tuple[str, ...] = ()


@dataclass(frozen=True)
class Mention:
    """One mention of a claim, with its document, the document's family of copies and when it
    was seen."""

    claim_id: str
    doc_id: str
    family_id: str
    seen_at: datetime
    published: bool  # seen_at is the publication time; else the ingest time
    publisher: str | None
    title: str | None
    source_uri: str
    text: str
    speaker: str | None
    raw_start: int
    raw_end: int
    reason: str  # how the document joined its family (document_families.reason)

    @property
    def source_name(self) -> str:
        """The document in a few words: its publisher, else its file's name."""
        return source_name(self.publisher, self.source_uri)


@dataclass(frozen=True)
class FigureSide:
    """One claim in a figure dispute, with the figure it states for the disputed quantity."""

    claim_id: str
    cluster_id: str
    value: float
    value_high: float | None
    qualifier: str | None
    figure_text: str
    unit: str | None
    claim_text: str
    speaker: str | None
    source_name: str


@dataclass(frozen=True)
class Dispute:
    """Claims that report different values for one kind of quantity about one subject."""

    quantity: str
    subject: str
    sides: tuple[FigureSide, ...]

    @property
    def n_claims(self) -> int:
        """Distinct claim clusters taking part."""
        return len({s.cluster_id for s in self.sides})


_CLAIMS_SQL = """
SELECT cluster_id, canonical_text, n_independent_sources, n_sources, n_mentions, speakers
FROM claim_frequency {where} ORDER BY {order}, n_sources DESC, n_mentions DESC, cluster_id LIMIT ?
"""


def top_claims(con: duckdb.DuckDBPyConnection, limit: int) -> list[Claim]:
    """The claims made by the most independent sources (the order of `claimtrail top`)."""
    sql = _CLAIMS_SQL.format(where="", order="n_independent_sources DESC")
    return [Claim(c, t, i, s, m, tuple(sp or ()))
            for c, t, i, s, m, sp in con.execute(sql, [limit]).fetchall()]


def copied_claims(con: duckdb.DuckDBPyConnection, limit: int) -> list[Claim]:
    """The claims whose documents are most often copies of one another: those with the most
    documents beyond their independent sources."""
    sql = _CLAIMS_SQL.format(where="WHERE n_sources > n_independent_sources",
                             order="n_sources - n_independent_sources DESC")
    return [Claim(c, t, i, s, m, tuple(sp or ()))
            for c, t, i, s, m, sp in con.execute(sql, [limit]).fetchall()]


_MENTIONS_SQL = """
SELECT c.claim_id, c.doc_id, coalesce(f.family_id, c.doc_id),
       coalesce(d.published_at, r.started_at) AS seen_at, d.published_at IS NOT NULL,
       d.publisher, d.title, d.source_uri, c.text, c.speaker, c.raw_start, c.raw_end,
       coalesce(f.reason, 'original')
FROM claims AS c
JOIN documents AS d USING (doc_id)
LEFT JOIN document_families AS f USING (doc_id)
LEFT JOIN runs AS r ON r.run_id = d.first_run_id
WHERE c.cluster_id = ? AND seen_at IS NOT NULL
ORDER BY seen_at, d.source_uri, c.raw_start
LIMIT ?
"""


def mentions(con: duckdb.DuckDBPyConnection, cluster_id: str,
             limit: int = MAX_MENTIONS) -> list[Mention]:
    """A cluster's mentions, earliest seen first (at most `limit`)."""
    return [Mention(*row) for row in con.execute(_MENTIONS_SQL, [cluster_id, limit]).fetchall()]


_DISPUTES_SQL = """
WITH figures AS (SELECT * FROM figure_dispute_pairs WHERE kind = 'figure'),
sides AS (
    SELECT quantity, subject, claim_id, value FROM figures
    UNION
    SELECT quantity, subject, other_claim_id, other_value FROM figures
)
SELECT s.quantity, s.subject, s.claim_id, c.cluster_id, s.value, c.figures, c.text, c.speaker,
       d.publisher, d.source_uri
FROM sides AS s
JOIN claims AS c USING (claim_id)
JOIN documents AS d USING (doc_id)
ORDER BY s.quantity, s.subject, s.value, c.cluster_id, s.claim_id
"""


def _figure_of(figures: Sequence[dict], value: float) -> dict:
    """The claim's figure that gave the disputed value (its low end)."""
    return next((f for f in figures if f["value"] == value),
                {"value": value, "value_high": None, "qualifier": None,
                 "text": f"{value:g}", "unit": None})


def disputes(con: duckdb.DuckDBPyConnection, limit: int) -> list[Dispute]:
    """The figure disputes, one per quantity and subject, those with the most claims first."""
    groups: dict[tuple[str, str], list[FigureSide]] = {}
    for quantity, subject, claim_id, cluster_id, value, figures, text, speaker, publisher, uri in (
            con.execute(_DISPUTES_SQL).fetchall()):
        figure = _figure_of(figures or [], value)
        groups.setdefault((quantity, subject), []).append(FigureSide(
            claim_id, cluster_id, value, figure["value_high"], figure["qualifier"],
            figure["text"], figure["unit"], text, speaker, source_name(publisher, uri)))
    found = [Dispute(q, s, tuple(sides)) for (q, s), sides in groups.items()]
    found.sort(key=lambda d: (-d.n_claims, -len(d.sides), d.quantity, d.subject))
    return found[:limit]


def counts(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    """Rows in the tables a report's heading states."""
    return {name: con.execute(f"SELECT count(*) FROM {name}").fetchone()[0]  # type: ignore[index]
            for name in ("documents", "claims", "claim_frequency", "runs")}
