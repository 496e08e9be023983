import random
import re

import pytest

from tasks.text.patterns import Caseless, WordLed, alternation

PATTERNS = [
    r"\b(" + alternation("said says say told claims claim may could".split()) + r")\b",
    r"\b(?:is|was)\s+(?:\w+ly\s+)?(?P<cue>said|reported)\s+(?:as|to)\b",
    r"\b(must|ought to|(?<!the )needs? to)\b",
]
# Letters, word starts of the patterns, ASCII and non-ASCII word and non-word characters.
PIECES = ["said", "says", "say", "claim", "may", "was", "is", "reported", "to", "as", "needs",
          "need", "the ", "ought", "must", "ly", " ", "  ", "\n", ",", "-", "_", "é", "ß", "9",
          "—", "“", "x", "S", "'", "was said to", "is widely reported as", "é was said as"]


def texts(n: int) -> list[str]:
    rng = random.Random(7)
    return ["".join(rng.choice(PIECES) for _ in range(rng.randint(0, 25))) for _ in range(n)]


@pytest.mark.parametrize("pattern", PATTERNS)
def test_word_led_finds_what_the_regex_finds(pattern):
    fast, regex = WordLed(pattern), re.compile(pattern)
    rng = random.Random(11)
    for text in texts(3000):
        pos = rng.randint(0, len(text))
        end = rng.randint(pos, len(text))
        got = fast.search(text, pos, end)
        want = regex.search(text, pos, end)
        assert (got and (got.span(), got.groups())) == (want and (want.span(), want.groups()))
        assert [(m.span(), m.groups()) for m in fast.finditer(text, pos, end)] == [
            (m.span(), m.groups()) for m in regex.finditer(text, pos, end)]


def test_word_led_needs_a_leading_word_boundary():
    with pytest.raises(ValueError, match="word boundary"):
        WordLed(r"said\b")


def test_caseless_matches_any_case():
    hedges = Caseless(r"\b(may|could)\b")
    for text in ["It May rain", "Café could open", "mayor", "É MAY"]:
        lowered = text.lower() if text.isascii() else None
        got = hedges.search(text, lowered)
        want = re.search(r"\b(may|could)\b", text, re.IGNORECASE)
        assert (got and got.span()) == (want and want.span())
