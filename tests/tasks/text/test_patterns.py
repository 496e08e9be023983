import random
import re

import pytest

from tasks.extract.attribution_model import _TOKEN, Tokens
from tasks.extract.normalise import normalise
from tasks.text.patterns import Caseless, Twin, WordLed, alternation

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


def _twins() -> list[tuple[str, Twin]]:
    """Every Twin of the extraction modules, with its name."""
    import importlib
    import pkgutil

    import tasks.extract
    found = []
    for info in pkgutil.iter_modules(tasks.extract.__path__):
        module = importlib.import_module(f"tasks.extract.{info.name}")
        for name, value in vars(module).items():
            if isinstance(value, WordLed):
                found += [(f"{info.name}.{name}.regex", value.regex),
                          (f"{info.name}.{name}._after_edge", value._after_edge)]
            elif isinstance(value, Twin):
                found.append((f"{info.name}.{name}", value))
    return found


def test_twins_match_alike_in_normalised_ascii_text():
    # every ASCII character, control characters and the separators \x1c-\x1f included: normalised,
    # the text holds none that ASCII and Unicode classes tell apart
    rng = random.Random(5)
    alphabet = [chr(c) for c in range(128)] + ["said ", "U.S. ", "12.5", " 2,000 ", "'s", ", who "]
    raw = ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 80))) for _ in range(3000)]
    twins = _twins()
    assert len(twins) >= 8
    for text in (normalise(t).text for t in raw):
        for name, twin in twins:
            assert twin.ascii.findall(text) == twin.unicode.findall(text), (name, text)


def test_tokens_are_the_token_regex_over_the_sentence():
    rng = random.Random(3)
    alphabet = [*"ab AB.'-,\"()$5_1", "é", "\u00a0", "İ", "Σ", "²", "\n", "\t", "U.S.", "e.g."]
    regex = re.compile(r"\s*(" + _TOKEN + ")")
    for _ in range(5000):
        text = normalise("".join(rng.choice(alphabet) for _ in range(rng.randint(0, 40)))).text
        start = rng.randint(0, len(text))
        end = rng.randint(start, len(text))
        t = Tokens(text, start, end)
        want = [(m[1], m.end()) for m in regex.finditer(text, start, end)]
        assert [(w, t.end(k)) for k, w in enumerate(t.words)] == want, text
