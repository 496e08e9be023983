"""Every recipe of docs/analyst.md, run as written on the seeds warehouse, answers its question.

Expected answers are facts of the seed articles, or are recomputed here in Python from the
warehouse's tables, so the tests hold while the extraction rules improve.
"""

import hashlib
import math
from collections import Counter, defaultdict
from datetime import date
from pathlib import Path

import duckdb
import pytest

from bench.time_cookbook import COOKBOOK, recipes
from tasks.extract.options import ExtractOptions

RECIPES = {
    "top_claims", "claims_worth_checking", "why_not_a_claim", "top_speakers",
    "claims_by_speaker", "claim_spread",
    "spread_of_repeated_claims", "claim_lineage", "figures_that_disagree", "exact_copies",
    "near_copies", "single_source_claims", "search_claims", "last_run", "quarantine",
}


def rows(con: duckdb.DuckDBPyConnection, sql: str, params: list | None = None) -> list[dict]:
    result = con.execute(sql, params or [])
    columns = [d[0] for d in result.description]
    return [dict(zip(columns, row, strict=True)) for row in result.fetchall()]


def answer(con: duckdb.DuckDBPyConnection, recipe: str) -> list[dict]:
    return rows(con, recipes()[recipe])


@pytest.fixture(scope="module")
def claims(con) -> list[dict]:
    """Every claim with its document's seen time, to recompute answers in Python."""
    return rows(con, """
        SELECT c.claim_id, c.doc_id, c.cluster_id, c.text, c.speaker,
               coalesce(d.published_at, r.started_at) AS seen_at
        FROM claims c JOIN documents d USING (doc_id) LEFT JOIN runs r ON r.run_id = d.first_run_id
    """)


@pytest.fixture(scope="module")
def docs_of(claims) -> dict[str, set[str]]:
    """The documents of each cluster."""
    out = defaultdict(set)
    for c in claims:
        out[c["cluster_id"]].add(c["doc_id"])
    return out


@pytest.fixture(scope="module")
def families_of(con, docs_of) -> dict[str, set[str]]:
    """The document families (independent sources) of each cluster."""
    family = dict(con.execute("SELECT doc_id, family_id FROM document_families").fetchall())
    return {c: {family.get(d, d) for d in docs} for c, docs in docs_of.items()}


def seed_path(con, filename: str) -> str:
    return con.execute("SELECT source_uri FROM documents WHERE source_uri LIKE ?",
                       [f"%/{filename}"]).fetchone()[0]


def test_every_recipe_is_checked():
    assert set(recipes()) == RECIPES
    assert COOKBOOK.read_text(encoding="utf-8").count("<!-- recipe: ") == len(RECIPES)


def test_the_warehouse_opens_read_only(con):
    with pytest.raises(duckdb.Error, match="read-only"):
        con.execute("CREATE TABLE mine (a INTEGER)")


def test_top_claims_are_those_made_by_the_most_independent_sources(con, docs_of, families_of):
    got = answer(con, "top_claims")
    assert len(got) == min(10, len(docs_of))
    ranked = [(r["n_independent_sources"], r["n_sources"]) for r in got]
    assert ranked == sorted(ranked, reverse=True)
    for r in got:
        assert r["n_sources"] == len(docs_of[r["cluster_id"]])
        assert r["n_independent_sources"] == len(families_of[r["cluster_id"]])
    assert got[0]["n_independent_sources"] == max(len(f) for f in families_of.values())
    # The three articles on the Peskov briefing all report Goremykin's visit to Pyongyang.
    assert got[0]["n_independent_sources"] >= 3


def test_claims_worth_checking(con, families_of):
    got = answer(con, "claims_worth_checking")
    repeated = {c for c, f in families_of.items() if len(f) >= 2}
    assert got and {r["cluster_id"] for r in got} <= repeated
    worth = [r["checkworthiness"] for r in got]
    assert worth == sorted(worth, reverse=True) and 0 < worth[-1] <= worth[0] <= 1
    best = con.execute("SELECT max(c.checkworthiness) FROM claims c JOIN claim_frequency f "
                       "USING (cluster_id) WHERE f.n_independent_sources >= 2").fetchone()[0]
    assert worth[0] == best


def test_why_not_a_claim(con):
    (got,) = answer(con, "why_not_a_claim")
    assert got["text"].startswith("With both sides tightening their alliances")
    threshold = ExtractOptions().checkworthiness_threshold
    assert got["reason"] == "low score" and got["checkworthiness"] < threshold
    raw = Path(got["source_uri"]).read_text(encoding="utf-8")
    assert raw[got["raw_start"]:got["raw_end"]] == got["text"]


def test_top_speakers(con, claims):
    documents = defaultdict(set)
    for c in claims:
        if c["speaker"]:
            documents[c["speaker"]].add(c["doc_id"])
    got = answer(con, "top_speakers")
    assert {r["speaker"]: r["documents"] for r in got} == {
        s: len(documents[s]) for s in (r["speaker"] for r in got)}
    assert got[0]["documents"] == max(len(d) for d in documents.values())
    peskov = next(r for r in got if r["speaker"] == "Dmitry Peskov")
    assert peskov["documents"] >= 3


def test_everything_peskov_said(con, claims):
    got = answer(con, "claims_by_speaker")
    expected = Counter(c["text"] for c in claims if "peskov" in (c["speaker"] or "").lower())
    assert Counter(r["claim_text"] for r in got) == expected
    assert len({r["source_uri"] for r in got}) >= 3
    assert any("heroic" in r["claim_text"] for r in got)
    ranked = [(r["n_independent_sources"], r["n_sources"]) for r in got]
    assert ranked == sorted(ranked, reverse=True)
    by_case = [sorted(r["claim_id"] for r in rows(con, "FROM claims_by_speaker(?)", [name]))
               for name in ("peskov", "PESKOV", "Dmitry Peskov")]
    assert by_case[0] == by_case[1] == by_case[2] and by_case[0]


def test_where_a_claim_first_appeared_and_how_it_spread(con, claims, seeds_warehouse):
    got = answer(con, "claim_spread")
    cluster = con.execute("SELECT cluster_id FROM search_claims('6,000 engineers rebuild Kursk') "
                          "WHERE rank = 1").fetchone()[0]
    mentions = [c for c in claims if c["cluster_id"] == cluster]
    assert [r["seen_order"] for r in got] == list(range(1, len(mentions) + 1))
    assert [r["seen_at"] for r in got] == sorted(c["seen_at"] for c in mentions)
    # The two dated seeds both report the 6,000 engineers; the July article came first.
    files = [Path(r["source_uri"]).name for r in got]
    assert files[0] == "004_040e525fcfd98be9.txt" and "003_85307bba339e5121.txt" in files
    assert got[0]["published"] and got[0]["seen_at"].date() == date(2025, 7, 14)
    # Its republication a week later is a near-copy: the same family, one independent source.
    copies = [r for r in got if r["source_uri"] == str(seeds_warehouse.edited)]
    assert copies and {r["family_id"] for r in copies} == {got[0]["family_id"]}


def test_spread_of_every_repeated_claim(con, claims, docs_of):
    got = answer(con, "spread_of_repeated_claims")
    assert {r["cluster_id"] for r in got} == {c for c, d in docs_of.items() if len(d) >= 2}
    first_seen = defaultdict(dict)
    for c in claims:
        seen = first_seen[c["cluster_id"]]
        seen[c["doc_id"]] = min(seen.get(c["doc_id"], c["seen_at"]), c["seen_at"])
    for r in got:
        assert len(r["documents_in_order"]) == r["n_sources"] == len(docs_of[r["cluster_id"]])
        assert r["dates"] == sorted(d.date() for d in first_seen[r["cluster_id"]].values())
        assert len(r["published"]) == len(r["dates"])
    assert any(False in r["published"] for r in got) and any(True in r["published"] for r in got)


def test_lineage_slices_back_to_the_file(con):
    [row] = answer(con, "claim_lineage")
    assert "heroic" in row["claim_text"] and "Peskov" in row["speaker"]
    raw = Path(row["source_uri"]).read_bytes()
    assert hashlib.sha256(raw).hexdigest() == row["sha256"]
    encoding = con.execute("SELECT encoding FROM documents WHERE doc_id = ?",
                           [row["doc_id"]]).fetchone()[0]
    assert raw.decode(encoding)[row["raw_start"]:row["raw_end"]] == row["claim_text"]
    assert row["claim_text"] in row["sentence_text"]
    run = rows(con, "SELECT * FROM runs WHERE run_id = ?", [row["run_id"]])
    assert len(run) == 1 and run[0]["status"] == "completed"
    assert row["flow_run_id"] == run[0]["flow_run_id"] is not None
    assert row["run_started_at"] and row["code_version"] and row["extractor_version"]


def test_figures_that_disagree(con):
    got = answer(con, "figures_that_disagree")
    pairs = [{r["value"], r["other_value"]} for r in got]
    # The gold disputes: "over 10,000 North Korean troops" vs "12,000 North Koreans sent", and
    # "4,000-6,000 dead" vs "more than 4,000" losses vs "over 6,000 casualties".
    assert {10_000, 12_000} in pairs
    assert {4_000, 6_000} in pairs
    zelensky = [r for r in got if {10_000, 12_000} == {r["value"], r["other_value"]}]
    assert any("Zelensky" in (r["speaker"] or "") + (r["other_speaker"] or "") for r in zelensky)
    assert len(got) == con.execute("SELECT count(*) FROM figure_disputes").fetchone()[0]


def test_exact_copies(con, seeds_warehouse):
    [row] = answer(con, "exact_copies")
    assert row["places"] == 2
    assert row["read_from"] == sorted([str(seeds_warehouse.copy), str(seeds_warehouse.original)])


def test_near_copies(con, seeds_warehouse):
    got = answer(con, "near_copies")
    # The only family of several documents: the July seed and its edited republication.
    assert {r["source_uri"] for r in got} == {str(seeds_warehouse.edited),
                                               seed_path(con, "004_040e525fcfd98be9.txt")}
    assert len({r["family_id"] for r in got}) == 1
    original, copy = got
    assert original["doc_id"] == original["family_id"] and original["reason"] == "original"
    assert copy["reason"].startswith(f"near-copy of {original['doc_id']}")


def test_claims_only_one_source_makes(con, families_of):
    got = answer(con, "single_source_claims")
    assert {r["cluster_id"] for r in got} == {c for c, f in families_of.items() if len(f) == 1}
    # Claims only the July seed makes are also in its republication: two documents, one source.
    assert any(r["n_sources"] == 2 for r in got)
    # Only the November seed says 37 of 64 settlements in Kursk are uninhabitable.
    assert any("37 of 64" in r["canonical_text"] for r in got)


def test_search_finds_artillery_shells(con):
    got = answer(con, "search_claims")
    assert [r["rank"] for r in got] == list(range(1, len(got) + 1))
    assert [r["score"] for r in got] == sorted((r["score"] for r in got), reverse=True)
    best = got[0]["claim_text"].lower()
    assert "artillery" in best and "shell" in best
    assert set(got[0]["matched_terms"]) == {"artillery", "shell"}
    # Both dated seeds report the 12 million artillery shells.
    assert max(r["n_independent_sources"] for r in got
               if "12 million artillery shells" in r["claim_text"]) >= 2


def _bm25(con, query: str) -> dict[str, float]:
    """BM25 (k1 1.2, b 0.75) recomputed in Python from the index tables."""
    terms = set(con.execute("SELECT search_terms(?)", [query]).fetchone()[0])
    postings = con.execute("SELECT claim_id, term, tf, n_terms FROM claim_terms").fetchall()
    n_claims = con.execute("SELECT count(*) FROM claims").fetchone()[0]
    df = Counter(term for _, term, _, _ in postings)
    length = {claim: n for claim, _, _, n in postings}
    mean = sum(length.values()) / len(length)
    scores: dict[str, float] = defaultdict(float)
    for claim, term, tf, n in postings:
        if term in terms:
            idf = math.log(1 + (n_claims - df[term] + 0.5) / (df[term] + 0.5))
            scores[claim] += idf * tf * 2.2 / (tf + 1.2 * (0.25 + 0.75 * n / mean))
    return scores


@pytest.mark.parametrize("query", ["artillery shells", "korean shells", "Peskov grateful aid",
                                   "12,000 North Koreans"])
def test_search_scores_are_bm25(con, query):
    expected = _bm25(con, query)
    got = rows(con, "SELECT claim_id, score FROM search_claims(?) ORDER BY rank", [query])
    assert {r["claim_id"] for r in got} == set(expected)
    for r in got:
        assert r["score"] == pytest.approx(expected[r["claim_id"]], rel=1e-9)


def test_search_prefers_rarer_terms(con):
    idf = dict(con.execute("SELECT term, idf FROM claim_term_idf "
                           "WHERE term IN ('korean', 'shell')").fetchall())
    assert idf["shell"] > idf["korean"]
    hits = rows(con, "FROM search_claims('korean shells') ORDER BY rank")
    only = {name: [r["rank"] for r in hits if r["matched_terms"] == [name]]
            for name in ("shell", "korean")}
    assert only["shell"] and only["korean"]
    assert max(only["shell"]) < min(only["korean"])


def test_search_terms(con):
    terms = con.execute("SELECT search_terms('The 12,000 North Koreans’ shells: casualties, "
                        "witnesses and a U.S. bus')").fetchone()[0]
    assert terms == ["12000", "north", "korean", "shell", "casualty", "witness", "bus"]


def test_last_run(con, claims):
    [run] = answer(con, "last_run")
    assert run["status"] == "completed" and run["error"] is None and run["flow_run_id"]
    # 5 seeds, a copy, an edited copy, an empty file: 8 files, 7 read, 6 distinct, 1 quarantined.
    assert (run["n_files"], run["n_documents_seen"], run["n_documents_new"],
            run["n_quarantined"]) == (8, 7, 6, 1)
    assert run["n_claims"] == len(claims)


def test_quarantine(con, seeds_warehouse):
    [row] = answer(con, "quarantine")
    assert row["source_uri"] == str(seeds_warehouse.empty)
    assert "empty" in row["reason"]
