"""The columns of every view, mart and search-index table (schemas/sql/), defined once.

The SQL files say how a relation is computed; these models say what its columns are and mean. A
column that carries a record's column (renamed or not) is declared `same_as` that column, and so
takes its type and description from schemas/records.py: the two cannot drift apart. A column the
SQL computes has its own type and description here. The load applies the `COMMENT ON` statements
derived from these models (schemas/tables.py `definition_sql`), and a test checks that each
relation's actual columns (names, order and DuckDB types) are the model's
(tests/flows/test_relations.py). Keys and references are declared as for records, and checked by
the same data tests (schemas/data_tests.py).
"""

from datetime import datetime
from typing import Annotated, Any, ClassVar

from pydantic import Field

from schemas.records import (
    ClaimRecord,
    DocumentRecord,
    DocumentSourceRecord,
    FigureDisputeRecord,
    Record,
    RunRecord,
)


def same_as(model: type[Record], name: str, description: str | None = None) -> Any:
    """The type of a column that carries column `name` of a record: the record's type, and its
    description unless the relation gives the column another meaning (the first claim of a pair,
    the run of a version, ...)."""
    field = model.model_fields[name]
    return Annotated[field.annotation, Field(description=description or field.description)]


class ClaimLineage(Record):
    """One row per claim with everything needed to check it by eye."""

    key = ("claim_id",)

    claim_id: same_as(ClaimRecord, "claim_id")
    cluster_id: same_as(ClaimRecord, "cluster_id")
    kind: same_as(ClaimRecord, "kind")
    claim_text: same_as(ClaimRecord, "text")
    speaker: same_as(ClaimRecord, "speaker")
    speaker_role: same_as(ClaimRecord, "speaker_role")
    speaker_surface: same_as(ClaimRecord, "speaker_surface")
    speaker_start: same_as(ClaimRecord, "speaker_start")
    speaker_end: same_as(ClaimRecord, "speaker_end")
    doc_id: same_as(ClaimRecord, "doc_id")
    source_uri: same_as(DocumentRecord, "source_uri")
    sha256: same_as(DocumentRecord, "sha256")
    title: same_as(DocumentRecord, "title")
    published_at: same_as(DocumentRecord, "published_at")
    raw_start: same_as(ClaimRecord, "raw_start")
    raw_end: same_as(ClaimRecord, "raw_end")
    content_start: same_as(ClaimRecord, "content_start")
    content_end: same_as(ClaimRecord, "content_end")
    sentence_index: same_as(ClaimRecord, "sentence_index")
    sentence_text: str = Field(
        description="The whole sentence the claim is in, from the raw text.")
    run_id: same_as(ClaimRecord, "run_id")
    flow_run_id: same_as(RunRecord, "flow_run_id")
    run_started_at: same_as(RunRecord, "started_at",
                            "When the run that extracted the claim started (UTC).")
    code_version: same_as(RunRecord, "code_version")
    extractor_version: same_as(ClaimRecord, "extractor_version")
    grouping_version: same_as(ClaimRecord, "grouping_version")


class FigureDisputes(Record):
    """Claims that disagree: different values for the same quantity about the same subject, or
    one the negation of the other."""

    key = ("claim_id", "other_claim_id")

    kind: same_as(FigureDisputeRecord, "kind")
    quantity: same_as(FigureDisputeRecord, "quantity")
    subject: same_as(FigureDisputeRecord, "subject")
    cluster_id: same_as(ClaimRecord, "cluster_id", "Cluster of the first claim.")
    claim_text: same_as(ClaimRecord, "text", "The first claim as written.")
    value: same_as(FigureDisputeRecord, "value")
    value_high: same_as(FigureDisputeRecord, "value_high")
    source_uri: same_as(DocumentRecord, "source_uri", "File of the first claim's document.")
    other_cluster_id: same_as(ClaimRecord, "cluster_id", "Cluster of the other claim.")
    other_claim_text: same_as(ClaimRecord, "text", "The other claim as written.")
    other_value: same_as(FigureDisputeRecord, "other_value")
    other_value_high: same_as(FigureDisputeRecord, "other_value_high")
    other_source_uri: same_as(DocumentRecord, "source_uri",
                              "File of the other claim's document.")
    score: same_as(FigureDisputeRecord, "score")
    claim_id: same_as(FigureDisputeRecord, "claim_id")
    other_claim_id: same_as(FigureDisputeRecord, "other_claim_id")


class DocumentVersions(Record):
    """One row per version of a source: the document read there and what replaced it."""

    key = ("source_uri", "version")

    source_uri: same_as(DocumentSourceRecord, "source_uri")
    version: int = Field(description="1 for the first content read there, 2 for the next, ...")
    doc_id: same_as(DocumentSourceRecord, "doc_id", "The document (content) of this version.")
    sha256: same_as(DocumentSourceRecord, "sha256")
    first_seen_run_id: same_as(DocumentSourceRecord, "run_id")
    first_seen_at: same_as(RunRecord, "started_at", "When that run started (UTC).")
    superseded_by: str | None = Field(
        description="The document of the next version; null for the current one.")
    superseded_by_run_id: str | None = Field(
        description="The run that first read the next version; null for the current one.")
    is_current: bool = Field(description="True for the version read there last.")


class ClaimFrequency(Record):
    """One row per claim cluster: how many sources make the claim."""

    key = ("cluster_id",)  # every claim is in a cluster
    references: ClassVar[dict[str, str]] = {"canonical_claim_id": "claims.claim_id"}

    cluster_id: same_as(ClaimRecord, "cluster_id")
    canonical_text: same_as(
        ClaimRecord, "text", "The claim as its most representative mention states it: the "
        "complete member closest to the others (claims.canonical = 'text'); when no member is a "
        "complete sentence, that member's whole sentence (claims.canonical = 'sentence').")
    canonical_claim_id: same_as(ClaimRecord, "claim_id", "The mention canonical_text comes from.")
    n_sources: int = Field(description="Distinct documents making the claim.")
    n_independent_sources: int = Field(
        description="Independent sources making the claim: its mentions' distinct source_id, "
        "so that documents copying one another (near-copies) or sharing a publisher count once, "
        "decided among this claim's documents only (claims.source_id).")
    n_mentions: int = Field(description="Mentions of the claim (a document may repeat it).")
    first_published: datetime | None = Field(
        description="Earliest publication time of a mention's document; null when none gives "
        "one. Publication times only: see n_undated_sources.")
    last_published: datetime | None = Field(
        description="Latest publication time of a mention's document; null when none gives one.")
    first_ingested: datetime = Field(
        description="When claimtrail first ingested a mention's document (the start of the run "
        "that first read it), earliest over the mentions.")
    last_ingested: datetime = Field(
        description="The same, latest over the mentions: when the claim last reached the "
        "warehouse.")
    n_undated_sources: int = Field(
        description="Documents making the claim that give no publication time (they count in "
        "n_sources but not in first_published / last_published).")
    speakers: list[str] = Field(description="Distinct speakers the claim is attributed to.")
    grouping_version: same_as(ClaimRecord, "grouping_version",
                              "Version of the grouping rules and options that made the cluster "
                              "(tasks/group/version.py).")
    checkworthiness: same_as(ClaimRecord, "checkworthiness",
                             "The highest check-worthiness (0-1) of the claim's mentions: rank "
                             "by it for the claims most worth checking.")
    mean_checkworthiness: same_as(ClaimRecord, "checkworthiness",
                                  "The mean check-worthiness (0-1) of the claim's mentions.")


class ClaimTerm(Record):
    """BM25 index: one row per claim and search term (see search_terms)."""

    key = ("claim_id", "term")
    references: ClassVar[dict[str, str]] = {"claim_id": "claims.claim_id"}

    claim_id: same_as(ClaimRecord, "claim_id")
    term: str = Field(description="A search term of the claim's text (search_terms).")
    tf: int = Field(description="How often the term occurs in the claim.")
    n_terms: int = Field(description="Length of the claim in search terms (BM25 document length).")
    length_ratio: float = Field(
        description="n_terms over the mean n_terms of all indexed claims (BM25 length "
        "normalisation).")


class ClaimTermIdf(Record):
    """BM25 index: one row per search term with its inverse document frequency."""

    key = ("term",)

    term: str = Field(description="A search term (search_terms).")
    df: int = Field(description="Number of claims containing the term.")
    idf: float = Field(
        description="BM25 weight ln(1 + (N - df + 0.5) / (df + 0.5)), N = number of claims: "
        "rarer terms weigh more.")
