"""Extract: claims from a document's text, with kind, speaker, cue, hedge, figures and raw offsets.

In reading order:
- normalise: a cleaned copy of the text that indexes like the raw text; title and byline
- segment: blocks, sentences and quotations
- clauses: sentences cut where news packs several claims into one
- attribution: who a span is attributed to, and the cue
- candidates: the spans that may be claims, with their attribution
- filters: why a candidate is not a claim
- figures: the numbers a claim states, normalised
- claims: the document's records (claims.extract_document is the stage's entry point)
- context, options, version: what the steps share, what a run may change, what produced a row
"""
