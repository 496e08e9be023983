"""Disputes: claims that report different values for the same kind of quantity about one subject.

Two figures count the same kind of thing when their units' head nouns agree (troops, soldiers and
a people count such as "North Koreans" are all people; dead, killed, losses and casualties are all
casualties). The claims must be in different clusters and must not speak with one voice (one
document, one speaker or none: comparing this year's figure with last year's is no contradiction,
quoting two sources who disagree is), and their sentences must share two
named subject terms (capitalised words such as "North Korean"). Vague quantities ("thousands of")
dispute nothing. Candidates are blocked on (quantity, subject term), and a block too large to be
specific is skipped, so the cost stays flat per claim.
"""

import re
from collections import defaultdict

import pyarrow as pa
from prefect import task
from prefect.cache_policies import NO_CACHE

from schemas.derive import arrow_schema
from schemas.records import FigureDisputeRecord
from tasks.config import pipeline_duckdb
from tasks.figures import VAGUE_COUNTS, values_close
from tasks.terms import quantity, stem

_PEOPLE = frozenset("troop people person civilian resident citizen".split())
_NAME = re.compile(r"(?<=[\w,;:] )[A-Z][a-z]+(?:-[A-Z][a-z]+)?|^[A-Z][a-z]+(?= [A-Z])")
MAX_POSTING = 50  # a (quantity, subject) block larger than this is too generic to compare
MIN_SUBJECTS = 2  # named subject terms the two sentences must share


def _kind(unit: str | None) -> str | None:
    """The kind of quantity of a unit; demonym plurals ("North Koreans") count people."""
    if not unit:
        return None
    last = unit.split()[-1]
    if last[:1].isupper() and last.endswith("s"):
        return "people"
    kind = quantity(unit)
    return "people" if kind in _PEOPLE else kind


def subject_terms(sentence: str) -> frozenset[str]:
    """Named subjects of a sentence: its capitalised words (not the sentence's first), stemmed."""
    return frozenset(stem(m[0].lower()) for m in _NAME.finditer(sentence))


def figure_disputes(claims: pa.Table, sentences: dict[str, str]) -> pa.Table:
    """Disputed pairs among claims (columns claim_id, cluster_id, figures); sentences maps a
    claim_id to its sentence text."""
    entries = []  # (claim index, kind, low, high, subjects)
    rows = claims.select(["claim_id", "doc_id", "speaker", "cluster_id", "figures"]).to_pylist()
    rows.sort(key=lambda r: r["claim_id"])
    for i, r in enumerate(rows):
        subjects = subject_terms(sentences.get(r["claim_id"], ""))
        for f in r["figures"] or []:
            kind = _kind(f.get("unit"))
            if kind and subjects and (f.get("qualifier") or "") not in VAGUE_COUNTS:
                high = f["value_high"] if f.get("value_high") is not None else f["value"]
                entries.append((i, kind, f["value"], high, subjects))
    blocks: dict[tuple[str, str], list[int]] = defaultdict(list)
    for e, (_, kind, _, _, subjects) in enumerate(entries):
        for s in subjects:
            blocks[(kind, s)].append(e)
    seen: dict[tuple[int, int], FigureDisputeRecord] = {}
    for members in blocks.values():
        if len(members) > MAX_POSTING:
            continue
        for x, ea in enumerate(members):
            for eb in members[x + 1:]:
                a, b = entries[ea], entries[eb]
                ra, rb = rows[a[0]], rows[b[0]]
                same = values_close(a[2], b[2]) and values_close(a[3], b[3])
                one_voice = ra["doc_id"] == rb["doc_id"] and ra["speaker"] == rb["speaker"]
                if (one_voice or ra["cluster_id"] == rb["cluster_id"] or same
                        or len(a[4] & b[4]) < MIN_SUBJECTS):
                    continue
                key = (min(a[0], b[0]), max(a[0], b[0]))
                if key not in seen:
                    first, second = (a, b) if a[0] < b[0] else (b, a)
                    seen[key] = FigureDisputeRecord(
                        claim_id=rows[first[0]]["claim_id"],
                        other_claim_id=rows[second[0]]["claim_id"], quantity=first[1],
                        value=first[2], other_value=second[2],
                        subject=", ".join(sorted(first[4] & second[4])),
                    )
    out = [seen[k].model_dump() for k in sorted(seen)]
    return pa.Table.from_pylist(out, schema=arrow_schema(FigureDisputeRecord))


@task(
    name="disputes", task_run_name="disputes-{n_claims}-claims",
    cache_policy=NO_CACHE,  # deterministic stages: Prefect need not hash their inputs
)
def disputes_task(claims: pa.Table, sentences: dict[str, str], n_claims: int) -> pa.Table:
    """Prefect task: find claims whose figures disagree."""
    return figure_disputes(claims, sentences)


def with_clusters_and_sentences(
    claims: pa.Table, members: pa.Table, documents: pa.Table
) -> tuple[pa.Table, dict[str, str]]:
    """The figure-bearing claims with their cluster ids, and their sentences' text."""
    con = pipeline_duckdb()
    try:
        con.register("claims", claims.select(
            ["claim_id", "doc_id", "speaker", "figures", "sentence_start", "sentence_end"]))
        con.register("members", members.select(["claim_id", "cluster_id"]))
        con.register("documents", documents.select(["doc_id", "text"]))
        table = con.sql("""
            SELECT c.claim_id, c.doc_id, c.speaker, m.cluster_id, c.figures,
                   substring(d.text, c.sentence_start + 1, c.sentence_end - c.sentence_start)
                       AS sentence
            FROM claims c JOIN members m USING (claim_id) JOIN documents d USING (doc_id)
            WHERE len(c.figures) > 0
            ORDER BY c.claim_id""").to_arrow_table()
    finally:
        con.close()
    sentences = dict(zip(table["claim_id"].to_pylist(), table["sentence"].to_pylist(),
                         strict=True))
    return table.drop(["sentence"]), sentences
