"""Extract: claims from a document's text, with kind, speaker, cue, hedge, figures and raw offsets.

In reading order:
- normalise: a cleaned copy of the text that indexes like the raw text; title and byline
- segment: blocks, sentences and quotations
- clauses: sentences cut where news packs several claims into one
- attribution_model: the learned cue and source-head scores (weights in models/, trained by
  bench/train_attribution.py)
- reported: a sentence's attributions — cue, source phrase (name and role) and content spans
- speakers: a document's attributions with each source resolved within it
- attribution: the rules' attributions, for what the model leaves (transcript turns, passives)
- candidates: the spans that may be claims, with their attribution (the learned ones first)
- filters: why a candidate is not a claim
- figures: the numbers a claim states, normalised
- claims: the document's records (claims.extract_document is the stage's entry point)
- context, options, version: what the steps share, what a run may change, what produced a row
"""
