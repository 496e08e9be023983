"""Every record claimtrail stores, defined once.

Each field's description is the column's documentation: it becomes the DuckDB `COMMENT ON COLUMN`,
the data dictionary entry and the README's contract. Arrow schemas and DuckDB DDL derive from these
models (see `schemas.derive`).

A column with a closed vocabulary is typed by a `Literal` below: it is stored as a plain string
(VARCHAR), its comment lists the values, and a data test (schemas/data_tests.py) checks that no
other value is stored. The code that writes such a column takes its values from here.

Beside its columns, a record declares what must hold of the rows of the tables that store it, as
data tests (schemas/data_tests.py) run over the warehouse: `key`, the columns whose values
identify a row (unique, not null), and `references`, columns each of whose values must name a
row of another relation (`relation.column`; null names nothing). Required columns must not be
null and closed vocabularies hold only their values: those tests follow from the types.
"""

from datetime import datetime
from typing import ClassVar, Literal

from pydantic import BaseModel, ConfigDict, Field

# What kind of claim a mention is (tasks/extract/claims.py).
ClaimKind = Literal["quote", "statement", "numeric", "event"]
# Why a claim candidate is not a claim (tasks/extract/filters.py), in the order the rules are tried.
NonClaimReason = Literal["heading", "boilerplate", "fragment", "question", "greeting",
                         "prescription", "rhetoric", "commentary", "low score"]
# The rule that linked two claims (tasks/group/cluster.py).
LinkRule = Literal["same_text", "model", "semantic", "cross_encoder"]
# What a cluster's canonical mention gives as its canonical text (tasks/group/cluster.py).
CanonicalKind = Literal["text", "sentence"]
# What two claims in dispute disagree on (tasks/group/disputes.py, tasks/group/cluster.py).
DisputeKind = Literal["figure", "negation"]
# What a run did to an existing cluster (tasks/group/cluster.py cluster_changes).
ClusterChangeKind = Literal["merged", "split"]
# How a run ended (flows/run.py).
RunStatus = Literal["completed", "failed"]


class Record(BaseModel):
    """Base of every stored record: strict field names, no extras."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    key: ClassVar[tuple[str, ...]] = ()
    references: ClassVar[dict[str, str]] = {}


class Figure(Record):
    """A number stated by a claim, normalised."""

    value: float = Field(
        description="The number as a plain value (6,000 → 6000; 12 million → 12000000); "
        "the low end of a range."
    )
    value_high: float | None = Field(
        None, description="The high end of a range (4,000–6,000 → 6000); null for a single value."
    )
    unit: str | None = Field(
        None, description="What is counted, as written after the number (engineers, dead, %)."
    )
    qualifier: str | None = Field(
        None, description="Hedge on the figure: over, more than, about, up to, estimated, ..."
    )
    text: str = Field(description="The figure as written in the raw text.")
    raw_start: int = Field(description="Code-point offset of the figure in the raw text.")
    raw_end: int = Field(description="Code-point offset just past the figure in the raw text.")


class DocumentRecord(Record):
    """One distinct document (by content)."""

    key = ("doc_id",)
    references = {"first_run_id": "runs.run_id",
                  "doc_id": "document_families.doc_id"}  # every document has a family

    doc_id: str = Field(description="Content hash of the decoded text: first 16 hex of SHA-256.")
    source_uri: str = Field(
        description="Absolute file path where the document was first read; for JSONL "
        "`path#<id or line number>`."
    )
    sha256: str = Field(
        description="SHA-256 (hex) of the bytes of the file it was read from (check it with "
        "sha256sum).")
    title: str | None = Field(None, description="Title: given by JSONL, or the first line.")
    author: str | None = Field(None, description="Author: given by JSONL, or from a byline.")
    publisher: str | None = Field(None, description="Publisher (JSONL `source`).")
    url: str | None = Field(None, description="Original URL, where given.")
    published_at: datetime | None = Field(
        None, description="Publication time (UTC), given by JSONL or read from a byline."
    )
    encoding: str = Field(description="How the bytes were decoded (utf-8, utf-8-sig, cp1252, ...) "
                          "and what was repaired (`utf-8 (2 mojibake sequences repaired)`).")
    n_chars: int = Field(description="Length of the decoded text in code points.")
    first_run_id: str = Field(description="The run that first saw this document.")
    text: str = Field(description="The decoded text; claim offsets index into it. The input's "
                      "text (a JSONL record's `text` field) except where `encoding` names a "
                      "repair.")


class DocumentSourceRecord(Record):
    """One place a document was read from (a document may sit in several files)."""

    key = ("doc_id", "source_uri", "run_id")
    references = {"doc_id": "documents.doc_id", "run_id": "runs.run_id"}

    doc_id: str = Field(description="The document read.")
    source_uri: str = Field(description="File path (JSONL: `path#<id or line>`) it was read from.")
    sha256: str = Field(description="SHA-256 (hex) of that file's bytes when read.")
    run_id: str = Field(description="The run that first read the document from this place.")


class ClaimRecord(Record):
    """One claim mention: a span of one document asserting something checkable."""

    key = ("claim_id",)
    references = {"doc_id": "documents.doc_id", "run_id": "runs.run_id",
                  "cluster_id": "claim_frequency.cluster_id", "source_id": "documents.doc_id"}

    claim_id: str = Field(description="Content hash of (doc_id, raw_start, raw_end).")
    doc_id: str = Field(description="The document the claim is in.")
    cluster_id: str | None = Field(
        None, description="The group of mentions making the same claim across sources."
    )
    grouping_version: str | None = Field(
        None, description="Version of the grouping rules and options that put the claim in its "
        "cluster (tasks/group/version.py).")
    source_id: str | None = Field(
        None, description="The claim's independent source within its cluster: the smallest "
        "doc_id among the cluster's documents this one copies (near-copy) or shares a publisher "
        "with, transitively; mentions with one source_id count once in n_independent_sources.")
    canonical: CanonicalKind | None = Field(
        None, description="Set on one mention per cluster, the one that stands for it: `text` "
        "(its text is the cluster's canonical text: the complete member closest to the others) "
        "or `sentence` (no member is a complete sentence: its whole sentence stands instead).")
    kind: ClaimKind = Field(
        description="What kind of claim: a direct quote, a statement (reported speech), an "
        "unattributed numeric claim (states a figure) or an unattributed event.")
    text: str = Field(description="The claim as written: exactly raw text [raw_start, raw_end).")
    speaker: str | None = Field(
        None, description="Who makes the claim: the source's name resolved within the document "
        "(\"Peskov\" → \"Dmitry Peskov\", \"he\" → the person named before him, \"the "
        "ministry\" → the ministry named, \"the company\" → the company named before), without "
        "titles or role, so that one person is one speaker across documents; empty when no "
        "confident name was found.")
    speaker_surface: str | None = Field(
        None, description="The source as written in the text (\"he\", \"Peskov\", \"spokesman "
        "Dmitry Peskov\"), before resolution.")
    speaker_start: int | None = Field(
        None, description="Raw offset where the source as written starts.")
    speaker_end: int | None = Field(
        None, description="Raw offset just past the source as written.")
    speaker_role: str | None = Field(
        None, description="Titles and role split off the speaker's name (\"spokesman\", "
        "\"President\", \"House Speaker\").")
    cue: str | None = Field(None, description="The attribution cue (said, according to, ...).")
    cue_start: int | None = Field(None, description="Raw offset where the cue starts.")
    cue_end: int | None = Field(None, description="Raw offset just past the cue.")
    hedged: bool = Field(description="True when the claim is hedged (reportedly, may, could, ...).")
    hedge_cue: str | None = Field(None, description="The hedging word, when hedged.")
    figures: list[Figure] = Field(description="Numbers the claim states, normalised.")
    checkworthiness: float | None = Field(
        None, description="How worth checking the claim is, 0-1: the learned score the keep "
        "decision is made from (tasks/extract/checkworthy.py: kept at or above the threshold, "
        "or as reported speech in news); null for claims extracted before the score existed.")
    raw_start: int = Field(description="Code-point offset of the claim's start in the raw text.")
    raw_end: int = Field(description="Code-point offset just past the claim's end in the raw text.")
    content_start: int | None = Field(
        None, description="Raw offset where the content starts: for an attributed claim what is "
        "attributed, without cue and source (a leading \"X said that\" is in the claim's text, "
        "not in its content; a sentence of a quotation that runs over several sentences has the "
        "whole quotation, the content of its attribution); for any other claim its start.")
    content_end: int | None = Field(None, description="Raw offset just past the content.")
    sentence_index: int = Field(description="0-based index of the sentence in the document.")
    sentence_start: int = Field(description="Raw offset where the claim's sentence starts.")
    sentence_end: int = Field(description="Raw offset where the claim's sentence ends.")
    run_id: str = Field(description="The run that extracted the claim.")
    extractor_version: str = Field(description="Version of the extraction rules that produced it.")


class NonClaimRecord(Record):
    """A claim candidate that is not kept as a claim, with why: every sentence or clause the
    extractor considered is either a claim or a non-claim."""

    key = ("doc_id", "raw_start", "raw_end")
    references = {"doc_id": "documents.doc_id", "run_id": "runs.run_id"}

    doc_id: str = Field(description="The document the candidate is in.")
    raw_start: int = Field(description="Code-point offset of the candidate's start in the raw "
                           "text.")
    raw_end: int = Field(description="Code-point offset just past its end in the raw text.")
    text: str = Field(description="The candidate as written: exactly raw text [raw_start, "
                      "raw_end).")
    sentence_index: int = Field(description="0-based index of its sentence in the document.")
    reason: NonClaimReason = Field(
        description="Why it is not a claim (tasks/extract/filters.py): heading, boilerplate "
        "(site furniture), fragment (fewer than 4 words), question, greeting, prescription "
        "(must/should), rhetoric or commentary (short, unattributed, no figure), or low score "
        "(check-worthiness below the threshold).")
    checkworthiness: float | None = Field(
        None, description="Its check-worthiness, 0-1, as for claims, whatever the reason; null "
        "for headings, which are never scored (a heading is no claim).")
    run_id: str = Field(description="The run that extracted the document.")
    extractor_version: str = Field(description="Version of the extraction rules that decided.")


class ClusterMemberRecord(Record):
    """Which cluster a claim belongs to, as of the latest run."""

    claim_id: str = Field(description="The claim.")
    cluster_id: str = Field(
        description="The cluster: the claim_id of its earliest member, prefixed `c`."
    )
    grouping_version: str = Field(
        description="Version of the grouping rules and options that made the clusters "
        "(tasks/group/version.py).")
    source_id: str | None = Field(
        None, description="The claim's independent source within its cluster (see "
        "claims.source_id); null in lakes written before it existed.")
    canonical: CanonicalKind | None = Field(
        None, description="Whether this mention stands for its cluster (see claims.canonical).")


class MatchTermsRecord(Record):
    """The terms clustering matches a claim on (tasks/terms.py), stored so that later runs do not
    recompute them for every earlier claim. Lake only."""

    claim_id: str = Field(description="The claim.")
    terms: list[str] = Field(
        description="Its distinct match terms, sorted: content terms and phrases, `@name` named "
        "subjects, `#negated` and `#complete` flags (tasks/group/terms.py).")
    terms_version: str = Field(
        description="The term rules that made them (tasks.terms.TERMS_VERSION): terms made by "
        "other rules are computed again.")


class DocumentSketchRecord(Record):
    """The bottom-k sketch of a document's word shingles (tasks/families.py), stored so that
    later runs do not recompute it for every earlier document. Lake only."""

    doc_id: str = Field(description="The document.")
    sketch: list[int] = Field(description="The smallest hashes of its word 5-gram shingles.")
    sketch_version: str = Field(
        description="How it was made (tasks.families.SKETCH_VERSION): sketches made otherwise "
        "are computed again.")


class InputFileRecord(Record):
    """An input file a run read, with its content hash: a later run skips a file whose latest
    recorded hash is unchanged, without reading its records again. Lake only."""

    source_uri: str = Field(description="The file's path as given to the run.")
    sha256: str = Field(description="SHA-256 of the file's bytes when read.")
    run_id: str = Field(description="The run that read it.")


class ClusterLinkRecord(Record):
    """Evidence for one link that joined two claims into a cluster."""

    key = ("claim_id", "linked_claim_id")
    references = {"claim_id": "claims.claim_id", "linked_claim_id": "claims.claim_id"}

    claim_id: str = Field(description="One claim of the linked pair.")
    linked_claim_id: str = Field(description="The other claim of the pair.")
    rule: LinkRule = Field(
        description="What linked them (tasks/group/cluster.py): same_text (the same sentence and "
        "speaker), model (the link model's probability reached the link bar), semantic "
        "(sentence embeddings, with --semantic), cross_encoder (a link the cross-encoder "
        "confirmed, with --cross-encoder).")
    score: float = Field(
        description="The probability that the two make the same claim (0-1; 1 for same_text).")
    evidence: str = Field(
        description="What decided it: the probability, shared terms (rarest first), how much of "
        "each side's words are shared (smaller/larger side), named subjects shared (and how many "
        "each side names alone), agreeing figures, the speaker.")


class ClusterChangeRecord(Record):
    """A change a run made to an existing cluster."""

    key = ("run_id", "change", "cluster_id", "other_cluster_id")
    references = {"run_id": "runs.run_id"}

    run_id: str = Field(description="The run that made the change.")
    cluster_id: str = Field(
        description="merged: the surviving (older) cluster; split: the cluster that split."
    )
    change: ClusterChangeKind = Field(
        description="merged: cluster_id absorbed other_cluster_id; split: the members of "
        "cluster_id are now in several clusters.")
    other_cluster_id: str = Field(
        description="merged: the cluster absorbed into cluster_id; split: a new part."
    )


class DocumentFamilyRecord(Record):
    """Which family of copies a document belongs to: copies count as one independent source."""

    key = ("doc_id",)
    references = {"doc_id": "documents.doc_id", "family_id": "documents.doc_id"}

    doc_id: str = Field(description="The document.")
    family_id: str = Field(description="The family: doc_id of its earliest-seen member.")
    reason: str = Field(
        description="Why it is in the family: `original`, `near-copy of <doc_id> (shared "
        "shingles 0.83)` or `same publisher <name>`."
    )


class FigureDisputeRecord(Record):
    """Two claims, in different clusters, that disagree: different values for the same kind of
    quantity about one subject (`figure`), or one says what the other denies (`negation`). Each
    pair of clusters is reported once."""

    key = ("claim_id", "other_claim_id")
    references = {"claim_id": "claims.claim_id", "other_claim_id": "claims.claim_id"}

    claim_id: str = Field(description="One claim of the pair.")
    other_claim_id: str = Field(description="The other claim.")
    kind: DisputeKind = Field(
        description="figure: different values for one quantity about one subject; negation: "
        "the same claim but for a negation (not, never, denied, ...) on one side only.")
    quantity: str | None = Field(
        None, description="figure: what both figures count: the unit's head noun, stemmed "
        "(people for troops, soldiers, civilians or a demonym such as North Koreans).")
    value: float | None = Field(
        None, description="figure: the first claim's value (the low end of a range).")
    value_high: float | None = Field(
        None, description="figure: the high end of the first claim's range (= value for a "
        "single value).")
    other_value: float | None = Field(
        None, description="figure: the other claim's value (the low end of a range).")
    other_value_high: float | None = Field(
        None, description="figure: the high end of the other claim's range.")
    subject: str | None = Field(
        None, description="figure: named subject terms (capitalised words, stemmed) both "
        "claims' sentences share.")
    score: float | None = Field(
        None, description="negation: the link model's probability that the two would be the "
        "same claim but for the negation.")


class RunRecord(Record):
    """One pipeline run."""

    key = ("run_id",)

    run_id: str = Field(
        description="Content hash of the lake state before the run, its inputs, config and code."
    )
    flow_run_id: str | None = Field(None, description="The Prefect flow-run id.")
    started_at: datetime = Field(description="When the run started (UTC).")
    ended_at: datetime = Field(description="When the run ended (UTC).")
    status: RunStatus = Field(
        description="completed: the run published its rows; failed: it failed before "
        "publishing them, and only this row (with `error`) was recorded.")
    inputs: list[str] = Field(description="The input paths as given.")
    n_files: int = Field(description="Files found under the inputs.")
    n_files_unchanged: int | None = Field(
        None, description="Files unchanged since a run last read them (same SHA-256): not read "
        "again; null for runs recorded before this count existed.")
    n_documents_seen: int = Field(
        description="Documents read successfully from the new and changed files.")
    n_documents_new: int = Field(description="Documents not seen by any earlier run.")
    n_quarantined: int = Field(description="Files or records that could not be used.")
    n_claims: int = Field(description="Claims extracted by this run.")
    code_version: str = Field(description="claimtrail version and git commit of the code.")
    config_hash: str = Field(description="SHA-256 (first 16 hex) of the run configuration.")
    error: str | None = Field(None, description="Why a failed run failed.")


class QuarantineRecord(Record):
    """Something that could not be used, with the reason: never silently dropped."""

    references = {"run_id": "runs.run_id"}

    source_uri: str = Field(description="The file (JSONL: `path#<line>`) that could not be used.")
    sha256: str | None = Field(None, description="SHA-256 (hex) of the file's bytes, if readable.")
    reason: str = Field(description="Why it could not be used.")
    run_id: str = Field(description="The run that quarantined it.")
