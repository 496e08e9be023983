-- Table macros for the questions analysts ask most: `SELECT * FROM claims_by_speaker('Peskov')`.
-- Each macro's COMMENT is its description, then one `column: meaning` line for each column it adds;
-- its other columns mean what the column of the same name means in claim_lineage or
-- claim_frequency. `claimtrail dictionary` turns these into docs/data_dictionary.md.

-- claims_by_speaker(name): every claim attributed to a speaker whose name contains `name` (any
-- case), across all sources; claims made by the most independent sources first, mentions of one
-- claim together, earliest first.
CREATE OR REPLACE MACRO claims_by_speaker(name VARCHAR) AS TABLE
SELECT
    l.speaker,
    l.claim_text,
    l.kind,
    f.n_independent_sources,
    f.n_sources,
    l.title,
    l.published_at,
    l.source_uri,
    l.raw_start,
    l.raw_end,
    l.claim_id,
    l.cluster_id
FROM claim_lineage AS l
JOIN claim_frequency AS f USING (cluster_id)
WHERE contains(lower(l.speaker), lower(name))
ORDER BY f.n_independent_sources DESC, f.n_sources DESC, l.cluster_id, l.published_at NULLS LAST,
    l.source_uri, l.raw_start;
COMMENT ON MACRO TABLE claims_by_speaker IS 'Every claim whose speaker contains `name` (any case), across sources: claims made by the most independent sources first, mentions of one claim together.';

-- claim_lineage_of(id): the lineage of one claim (its claim_lineage row): the raw file, its
-- SHA-256, the offsets, the sentence, and the run and code that produced it.
CREATE OR REPLACE MACRO claim_lineage_of(id VARCHAR) AS TABLE
SELECT * FROM claim_lineage WHERE claim_id = id;
COMMENT ON MACRO TABLE claim_lineage_of IS 'The lineage of the claim whose claim_id is `id`: raw file, SHA-256, offsets, sentence, run and code version.';

-- claim_spread(cluster): where a claim first appeared and how it spread: every mention of the
-- cluster, in the order its documents were seen (publication time, else ingest time); mentions
-- in copies of one another share a family_id.
CREATE OR REPLACE MACRO claim_spread(cluster VARCHAR) AS TABLE
WITH mentions AS (
    SELECT
        coalesce(d.published_at, r.started_at) AS seen_at,
        d.published_at IS NOT NULL AS published,
        d.publisher,
        d.title,
        d.source_uri,
        c.speaker,
        c.text AS claim_text,
        c.raw_start,
        c.raw_end,
        c.doc_id,
        coalesce(fam.family_id, c.doc_id) AS family_id,
        c.claim_id,
        c.cluster_id
    FROM claims AS c
    JOIN documents AS d USING (doc_id)
    LEFT JOIN document_families AS fam USING (doc_id)
    LEFT JOIN runs AS r ON r.run_id = d.first_run_id
    WHERE c.cluster_id = cluster
)
SELECT
    row_number() OVER (ORDER BY seen_at, source_uri, raw_start) AS seen_order,
    *
FROM mentions
ORDER BY seen_order;
COMMENT ON MACRO TABLE claim_spread IS 'Every mention of the claim cluster `cluster`, in the order its documents were seen (publication time, else ingest time): where a claim first appeared and how it spread.
seen_order: 1 for the first mention seen, then 2, 3, ...
seen_at: Publication time of the mention''s document, else the time it was first ingested.
published: True when seen_at is the publication time, false when it is the ingest time.
family_id: The family of copies the mention''s document belongs to (document_families): mentions with one family_id are one independent source.';

-- search_claims(query): full-text search over claim texts, best first, ranked by Okapi BM25
-- (k1 = 1.2, b = 0.75) over the claim_terms / claim_term_idf index (schemas/sql/search_index.sql).
-- Query and claims are split into terms the same way (search_terms); a claim matches when it
-- shares at least one term with the query.
CREATE OR REPLACE MACRO search_claims(query VARCHAR) AS TABLE
WITH query_terms AS (
    SELECT DISTINCT unnest(search_terms(query)) AS term
),
scored AS (
    SELECT
        t.claim_id,
        sum(i.idf * t.tf * (1.2 + 1) / (t.tf + 1.2 * (1 - 0.75 + 0.75 * t.length_ratio))) AS score,
        list(t.term ORDER BY i.idf DESC, t.term) AS matched_terms
    FROM claim_terms AS t
    JOIN query_terms AS q USING (term)
    JOIN claim_term_idf AS i USING (term)
    GROUP BY t.claim_id
)
SELECT
    row_number() OVER (ORDER BY s.score DESC, s.claim_id) AS rank,
    s.score,
    s.matched_terms,
    l.claim_text,
    l.speaker,
    l.kind,
    f.n_independent_sources,
    f.n_sources,
    l.title,
    l.source_uri,
    l.raw_start,
    l.raw_end,
    l.claim_id,
    l.cluster_id
FROM scored AS s
JOIN claim_lineage AS l USING (claim_id)
JOIN claim_frequency AS f USING (cluster_id)
ORDER BY rank;
COMMENT ON MACRO TABLE search_claims IS 'Full-text search for `query` over claim texts, best first, ranked by Okapi BM25 (k1 = 1.2, b = 0.75) over the claim_terms index.
rank: 1 for the best hit, then 2, 3, ... (ties broken by claim_id).
score: BM25 score: the sum over shared terms of idf * tf * 2.2 / (tf + 1.2 * (0.25 + 0.75 * n_terms / mean n_terms)).
matched_terms: The query''s search terms the claim contains, rarest first.';
