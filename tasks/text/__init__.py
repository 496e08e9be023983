"""Text: what the text stages share — the lexicon (cue words, hedges, vague counts) and regex
helpers. Not a stage."""
