-- figure_disputes: pairs of claims, in different clusters, that report different values for the
-- same kind of quantity about the same named subject ("over 10,000 troops" vs "12,000 sent").
CREATE OR REPLACE VIEW figure_disputes AS
SELECT
    p.quantity,
    p.subject,
    a.cluster_id,
    a.text AS claim_text,
    p.value,
    da.source_uri,
    b.cluster_id AS other_cluster_id,
    b.text AS other_claim_text,
    p.other_value,
    db.source_uri AS other_source_uri,
    p.claim_id,
    p.other_claim_id
FROM figure_dispute_pairs AS p
JOIN claims AS a ON a.claim_id = p.claim_id
JOIN claims AS b ON b.claim_id = p.other_claim_id
JOIN documents AS da ON da.doc_id = a.doc_id
JOIN documents AS db ON db.doc_id = b.doc_id;

COMMENT ON VIEW figure_disputes IS 'Claims that report different values for the same quantity.';
COMMENT ON COLUMN figure_disputes.quantity IS 'What both figures count (unit head noun, stemmed; people for troops/soldiers/nationals).';
COMMENT ON COLUMN figure_disputes.subject IS 'Named subject terms both claims'' sentences share.';
COMMENT ON COLUMN figure_disputes.cluster_id IS 'Cluster of the first claim.';
COMMENT ON COLUMN figure_disputes.claim_text IS 'The first claim as written.';
COMMENT ON COLUMN figure_disputes.value IS 'The first claim''s value (low end of a range).';
COMMENT ON COLUMN figure_disputes.source_uri IS 'File of the first claim.';
COMMENT ON COLUMN figure_disputes.other_cluster_id IS 'Cluster of the other claim.';
COMMENT ON COLUMN figure_disputes.other_claim_text IS 'The other claim as written.';
COMMENT ON COLUMN figure_disputes.other_value IS 'The other claim''s value (low end of a range).';
COMMENT ON COLUMN figure_disputes.other_source_uri IS 'File of the other claim.';
COMMENT ON COLUMN figure_disputes.claim_id IS 'The first claim (claims.claim_id).';
COMMENT ON COLUMN figure_disputes.other_claim_id IS 'The other claim (claims.claim_id).';
