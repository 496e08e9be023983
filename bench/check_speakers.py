"""Never a speaker that is not a source: check every speaker the extractor names on real text.

    python -m bench.check_speakers [--reuters REUTERS_JSONL] [--polnear POLNEAR_DIR] [--limit N]

Runs the extractor over the Reuters-21578 bodies and the PolNeAR articles and lists every speaker
that cannot be a source (`bad_speaker`): one that starts or ends with a function word, a pronoun
or a sentence adverb ("Meanwhile", "I must", "He went on to"), holds an auxiliary, a modal or an
infinitive "to" (a verb phrase) or a verb of saying (the cue, not the source: "Peladeau said
market studies", "Said David Gluskin"; as the last word it is a noun: "flood warning"), or runs
longer than eight words. Initials, acronyms and capitalised words inside a name pass ("Lloyd I.
Miller", "US Sprint", "American Can Co"), and so do the words that join a noun to its modifier
inside a phrase ("members of the party", "a survey by the Pew Research Center"). Exit code 1
when there is one.
"""

import argparse
import json
import re
import sys
from collections import Counter
from pathlib import Path

from bench import source_text
from bench.polnear import load
from tasks.extract.claims import extract_document
from tasks.extract.speakers import amount_only
from tasks.text.lexicon import PAST_FORMS, PREPOSITIONS, VERB_CUES

_FUNCTION = frozenset(
    "a an the this that these those his her its their our my your and or but nor so yet if "
    "when while as because since though although whether than then also however meanwhile "
    "still now instead indeed moreover thus therefore furthermore nevertheless here there "
    "separately reportedly apparently clearly ultimately notably earlier later today yesterday "
    "of to in on at by for from with about into over after before during without unlike "
    "whenever wherever whatever whoever too ever far much together alone except ahead thereby "
    "ago seldom".split()
) | PREPOSITIONS
_DEMONSTRATIVES = frozenset("this that these those".split())
_CONTRACTED = re.compile(r"(\w+)'(?:s|re|m|ll|ve|d)")
_PRONOUNS = frozenset("i me we us you he him she it they them who whom which what".split())
_VERBAL = frozenset(
    "is are was were be been being am has have had do does did will would shall should can "
    "could may might must went going gone to".split()
)
_INNER = frozenset(("of", "the", "for", "and", "de", "von", "van", "al", "bin", "la", "le", "du",
                    "del", "della", "da", "on", "in", "at", "from", "per", "among",
                    "a", "an", "by", "with", "his", "her", "its", "their", "our", "my", "your",
                    "this", "these", "those"))  # "members of his party", "a survey by Pew"
_WORD = re.compile(r"[\w'.-]+")


def bad_speaker(speaker: str) -> str | None:
    """Why `speaker` cannot be a source, or None when it may be one."""
    words = _WORD.findall(speaker)
    if not words:
        return "no word"
    if len(words) > 8:
        return "longer than eight words"
    if amount_only(speaker.split()):
        return "an amount alone"
    if len(words) == 1 and words[0] in PAST_FORMS:
        return f"a verb {words[0]!r}"
    for i, w in enumerate(words):
        low = w.lower().strip(".'")
        if low in VERB_CUES and i < len(words) - 1 and not (i and w[:1].isupper()):
            return f"holds the verb of saying {low!r}"
        if re.fullmatch(r"[A-Z]\.", w) or (i and w[:1].isupper()) or (w.isupper() and len(w) > 1):
            continue  # an initial, a capitalised word inside a name ("American Can Co"), an acronym
        contracted = _CONTRACTED.fullmatch(low.replace("’", "'"))
        if contracted and contracted[1] in _PRONOUNS:
            return f"holds a pronoun and a verb {low!r}"
        if i == 0 and len(words) > 1 and w[:1].isupper() and words[1][:1].isupper() \
                and low not in _DEMONSTRATIVES:
            continue  # a name that starts like a word ("He Weiling", "Will Rogers", "The Advocate")
        if (i in (0, len(words) - 1) and (low in _FUNCTION or low in _PRONOUNS)) or low in _VERBAL \
                or (low in _FUNCTION and low not in _INNER) or low in _PRONOUNS:
            return f"{'starts or ends with' if i in (0, len(words) - 1) else 'holds'} {low!r}"
    last = words[-1]
    if len(words) > 1 and words[-2][:1].isupper() and last.islower() and (
            last in PAST_FORMS or (len(last) > 4 and last.endswith("ed"))):
        return f"ends with the verb {last!r}"  # "Hillary Clinton came", "Spicer said"
    return None


def reuters_bodies(path: Path, limit: int | None) -> list[str]:
    """The article bodies of a Reuters JSONL file."""
    out = []
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            if body := json.loads(line).get("body"):
                out.append(body)
            if limit and len(out) >= limit:
                break
    return out


def main(argv: list[str] | None = None) -> int:
    """Extract every text, print the bad speakers, exit 1 if there is one."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reuters", type=Path, help="reuters21578.jsonl")
    parser.add_argument("--polnear", type=Path, action="append", default=[],
                        help="a PolNeAR split (repeatable)")
    parser.add_argument("--limit", type=int, help="first N Reuters bodies only")
    args = parser.parse_args(argv)
    texts = [(f"reuters#{i}", t) for i, t in enumerate(
        reuters_bodies(args.reuters, args.limit) if args.reuters else [])]
    for split in args.polnear:
        texts += [(f"{split.name}#{a.name}", a.text) for a in load(split)]
    speakers: Counter = Counter()
    bad: dict[str, tuple[str, str]] = {}
    for uri, text in texts:
        for c in extract_document(source_text(text, uri), "check")[1]:
            if c.speaker:
                speakers[c.speaker] += 1
                if c.speaker not in bad and (why := bad_speaker(c.speaker)):
                    bad[c.speaker] = (why, f"{uri}: {c.text[:80]!r}")
    print(f"{len(texts)} documents, {sum(speakers.values())} claims with a speaker, "
          f"{len(speakers)} distinct speakers, {len(bad)} bad")
    for speaker, (why, where) in sorted(bad.items(), key=lambda kv: -speakers[kv[0]]):
        print(f"  {speaker!r} ({speakers[speaker]}×, {why}) e.g. {where}")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
