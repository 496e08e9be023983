-- search_index: a BM25 full-text index over claims, built in plain SQL at load time.
--
-- DuckDB's fts extension (match_bm25) has to be downloaded, which this offline build cannot do,
-- so the index is two ordinary tables and the ranking is computed by the `search_claims` macro
-- (schemas/sql/macros.sql): Okapi BM25 with k1 = 1.2 and b = 0.75 over claim texts.
--
-- Terms (the `search_terms` macro, used for claims and queries alike): lower-cased; thousands
-- separators dropped inside numbers (12,000 → 12000); split on anything that is not a letter or a
-- digit; stop words and one-letter words dropped; plurals folded (shells → shell, casualties →
-- casualty, witnesses → witness; words in -ss, -us, -is kept).

-- search_terms(txt): the search terms of a text, in order, repeats kept.
CREATE OR REPLACE MACRO search_terms(txt VARCHAR) AS list_transform(
    list_filter(
        regexp_split_to_array(lower(regexp_replace(txt, '(\d),(\d)', '\1\2', 'g')), '[^\p{L}\p{N}]+'),
        lambda w: (length(w) > 1 OR regexp_full_match(w, '\d+')) AND NOT list_contains([
            'a', 'about', 'above', 'after', 'again', 'against', 'all', 'am', 'an', 'and', 'any',
            'are', 'as', 'at', 'be', 'because', 'been', 'before', 'being', 'below', 'between',
            'both', 'but', 'by', 'can', 'could', 'did', 'do', 'does', 'doing', 'down', 'during',
            'each', 'few', 'for', 'from', 'further', 'had', 'has', 'have', 'having', 'he', 'her',
            'here', 'hers', 'herself', 'him', 'himself', 'his', 'how', 'if', 'in', 'into', 'is',
            'it', 'its', 'itself', 'just', 'me', 'more', 'most', 'my', 'myself', 'no', 'nor',
            'not', 'now', 'of', 'off', 'on', 'once', 'only', 'or', 'other', 'our', 'ours',
            'ourselves', 'out', 'over', 'own', 'same', 'she', 'should', 'so', 'some', 'such',
            'than', 'that', 'the', 'their', 'theirs', 'them', 'themselves', 'then', 'there',
            'these', 'they', 'this', 'those', 'through', 'to', 'too', 'under', 'until', 'up',
            'very', 'was', 'we', 'were', 'what', 'when', 'where', 'which', 'while', 'who', 'whom',
            'why', 'will', 'with', 'would', 'you', 'your', 'yours', 'yourself', 'yourselves'
        ], w)
    ),
    lambda w: CASE
        WHEN length(w) >= 5 AND suffix(w, 'ies') THEN left(w, length(w) - 3) || 'y'
        WHEN length(w) >= 5 AND (suffix(w, 'sses') OR suffix(w, 'ches') OR suffix(w, 'shes')
            OR suffix(w, 'xes') OR suffix(w, 'zes')) THEN left(w, length(w) - 2)
        WHEN length(w) >= 4 AND suffix(w, 's')
            AND NOT (suffix(w, 'ss') OR suffix(w, 'us') OR suffix(w, 'is')) THEN left(w, length(w) - 1)
        ELSE w
    END
);
COMMENT ON MACRO search_terms IS 'The search terms of `txt`, in order: lower-cased, 12,000 → 12000, split on anything but letters and digits, stop words and one-letter words out, plurals folded.';

-- claim_terms: one row per (claim, term): the term frequencies and claim lengths BM25 needs.
-- Columns: ClaimTerm in schemas/views.py.
CREATE OR REPLACE TABLE claim_terms AS
WITH tokens AS (
    SELECT claim_id, unnest(search_terms(text)) AS term FROM claims
),
counted AS (
    SELECT
        claim_id,
        term,
        count(*) AS tf,
        sum(count(*)) OVER (PARTITION BY claim_id)::BIGINT AS n_terms
    FROM tokens
    GROUP BY claim_id, term
),
mean AS (
    SELECT avg(n_terms) AS n_terms FROM (SELECT any_value(n_terms) AS n_terms FROM counted GROUP BY claim_id)
)
SELECT c.claim_id, c.term, c.tf, c.n_terms, c.n_terms / m.n_terms AS length_ratio
FROM counted AS c CROSS JOIN mean AS m
ORDER BY c.term, c.claim_id;

-- claim_term_idf: one row per term: in how many claims it occurs, and its BM25 weight.
-- Columns: ClaimTermIdf in schemas/views.py.
CREATE OR REPLACE TABLE claim_term_idf AS
SELECT
    term,
    count(*) AS df,
    ln(1 + ((SELECT count(*) FROM claims) - count(*) + 0.5) / (count(*) + 0.5)) AS idf
FROM claim_terms
GROUP BY term
ORDER BY term;
