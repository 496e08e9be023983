-- figure_disputes: pairs of claims, in different clusters, that disagree: different values for the
-- same kind of quantity about the same named subject ("over 10,000 troops" vs "12,000 sent";
-- kind `figure`, ranges shown as ranges), or the same claim but for a negation on one side (kind
-- `negation`). Each pair of clusters once.
-- Its columns, and what they mean, are the model FigureDisputes in schemas/views.py (in order).
CREATE OR REPLACE VIEW figure_disputes AS
SELECT
    p.kind,
    p.quantity,
    p.subject,
    a.cluster_id,
    a.text AS claim_text,
    p.value,
    p.value_high,
    da.source_uri,
    b.cluster_id AS other_cluster_id,
    b.text AS other_claim_text,
    p.other_value,
    p.other_value_high,
    db.source_uri AS other_source_uri,
    p.score,
    p.claim_id,
    p.other_claim_id
FROM figure_dispute_pairs AS p
JOIN claims AS a ON a.claim_id = p.claim_id
JOIN claims AS b ON b.claim_id = p.other_claim_id
JOIN documents AS da ON da.doc_id = a.doc_id
JOIN documents AS db ON db.doc_id = b.doc_id;
