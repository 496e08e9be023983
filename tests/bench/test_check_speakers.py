"""The speaker check's rule, on names and on the traps of the issue (never the corpora)."""

import pytest

from bench.check_speakers import bad_speaker


@pytest.mark.parametrize("speaker", [
    "Dmitry Peskov", "U.S. officials", "South Korea's National Intelligence Service",
    "Ministry of Defense", "spokesman", "Secretary of State John Kerry", "No Gwansik",
    "spokesman for the campaign", "Value Added Tax", "flood warning", "Will Rogers",
    "The Advocate", "He Weiling", "Stock market analysts polled", "Air Force veteran",
    "Group of 77", "3M", "41 pct", "1,000", "None of the major candidates",
    "administration's longer term forecast",
])
def test_sources_pass(speaker):
    assert bad_speaker(speaker) is None


@pytest.mark.parametrize("speaker", [
    "Meanwhile", "He went on to", "I must", "He", "they", "the", "However the company",
    "officials who", "one two three four five six seven eight nine",
    "Peladeau said market studies", "Said David Gluskin", "told police officials", "including ones",
    "That Comey", "Whenever", "it's boring", "went", "am", "Comey nor other officials",
    "which USA", "Hillary Clinton came", "Spicer said", "Mr. Obama scrutinized",
    "228.7 billion dlrs", "28 mln", "$5 billion", "far", "too", "Much", "ago", "rose",
])
def test_function_words_pronouns_and_verb_phrases_fail(speaker):
    assert bad_speaker(speaker) is not None
