"""Attribution: who a claim is attributed to, and with which cue (said, according to, claims...).

Patterns of English news: "according to X", "X said/claims/confirmed (that)", "'...,' said X",
"'...,' X stated", "with X stating", "X, the Y, said". Speakers are resolved within the document:
a surname or a first name to the full name seen earlier, an acronym to what it abbreviates.
"""

import re
from dataclasses import dataclass

CUES = (
    "said says say saying stated states stating told tells added adds adding claimed claims claim "
    "claiming confirmed confirms confirm confirming reported reports reporting announced announces "
    "warned warns warning noted notes explained explains argued argues insisted insists "
    "acknowledged acknowledges denied denies described describes describing estimated estimates "
    "estimate suggested suggests suggest alleged alleges alleging revealed reveals admitted admits "
    "declared declares asserted asserts predicted predicts pledged pledges vowed vows praised "
    "praises hailed hails emphasized emphasised emphasizes emphasises highlighted highlights "
    "indicated indicates indicate believes believe believed speculate speculates speculated "
    "fear fears feared wrote writes tweeted testified invoked invokes reiterated reiterates "
    "hinted hinted warn urged urges called calls thinks think expects expect expected"
).split()
_CUE = "|".join(sorted(CUES, key=len, reverse=True))
_AUX = r"(?:(?:has|have|had|was|were|is|are|will|would|also|long|not|never|\w+ly)\s+){0,3}"
_NP = r"[A-Z0-9\"'][^,;:.!?()\"]{0,80}?|[a-z][a-z ]{0,40}?(?:official|officials|source|sources)"

# "according to X"
_ACCORDING = re.compile(
    r"\b[Aa]ccording to\s+(?P<np>[^,;:!?\"]{2,100}?)(?=\s*(?:[,;:!?]|$|(?<![A-Z])\.(?:\s|$)))"
)
# "X said (that)" / "X has reportedly claimed"
_BEFORE = re.compile(rf"(?P<np>(?:{_NP}))(?:,\s+[^,]{{2,60}},)?\s*,?\s+{_AUX}(?P<cue>{_CUE})\b")
# "..., said X" (after a quotation) / "stating: ..." handled by the quote logic
_AFTER = re.compile(
    rf"^\W*(?P<cue>{_CUE})\s+(?P<np>[^,;:!?\"]{{2,100}}?)(?=\s*(?:[,;:!?]|$|(?<![A-Z])\.(?:\s|$)))"
)
# "with X stating"
_WITH = re.compile(r"\bwith\s+(?P<np>[^;:!?]{2,80}?)\s+(?P<cue>stating|saying|adding|warning|"
                   r"noting|claiming|insisting|arguing)\b")
_TITLES = frozenset(
    "president vice prime minister deputy defense defence foreign secretary press spokesman "
    "spokeswoman spokesperson general gen lt lt. gen. col col. maj sgt adm gov sen rep dr mr "
    "mrs ms "
    "chief chairman chairwoman director ceo king queen prince senator governor mayor judge "
    "ambassador commander officer army military intelligence head leader".split()
)
_ORG_WORDS = frozenset(
    "service ministry agency department council committee office party government army forces "
    "bank company group union commission court police administration news times post reuters "
    "association institute university board authority authorities".split()
)
_SUBJECT_CUT = re.compile(
    r"^.*\b(?:that|what|which|who|and|but|as|while|when|because|if|whether|after|before)\s+"
)
_DETERMINERS = re.compile(r"^(?:the|a|an|one|another|some|several|two|three)\s+", re.IGNORECASE)
_PRONOUNS = frozenset("he she they it we i you this that these those who which".split())
_DEFINED_ACRONYM = re.compile(
    r"((?:[A-Z][\w'’.-]*\s+(?:of\s+|the\s+|for\s+)?){1,7})\(([A-Z]{2,6})\)"
)
_NAME = re.compile(r"(?:[A-Z][a-zA-Z'-]+|[A-Z]\.)(?:\s+(?:[A-Z][a-zA-Z'-]+|[A-Z]\.))*")


@dataclass(frozen=True)
class Attribution:
    """A speaker and the cue that attributes to it; end is where the attribution stops."""

    speaker: str | None
    cue: str
    start: int
    end: int


def _clean_np(np: str) -> str | None:
    np = re.sub(r"[\"“”]", "", np).strip(" ,'")
    np = re.sub(r"\s+", " ", np).rstrip(".") if not re.search(r"\b[A-Z]\.$", np) else np
    np = _DETERMINERS.sub("", np)
    words = np.split()
    if len(words) > 6:
        lead = re.match(r"(?:[A-Z][\w'’.-]*\s*(?:(?:of|the|for|and)\s+)?)+", np)
        np = lead[0].strip() if lead and len(lead[0].split()) >= 1 else ""
        words = np.split()
    if not words or len(words) > 12 or words[0].lower() in _PRONOUNS:
        return None
    if np.lower() in {"it", "there", "reports", "report", "analysts say"}:
        return None
    return np


def find_attribution(text: str, start: int = 0, end: int | None = None) -> Attribution | None:
    """The first attribution in text[start:end], or None."""
    end = len(text) if end is None else end
    span = text[start:end]
    best: Attribution | None = None
    for pattern, cue_name in ((_ACCORDING, "according to"), (_WITH, None), (_BEFORE, None)):
        m = pattern.search(span)
        if not m:
            continue
        np = m["np"]
        if pattern is _BEFORE:
            np = _SUBJECT_CUT.sub("", np)
        speaker = _clean_np(np)
        cue = cue_name or m["cue"].lower()
        if pattern is _BEFORE and speaker is None:
            continue
        found = Attribution(speaker, cue, start + m.start(), start + m.end())
        if best is None or found.start < best.start:
            best = found
    return best


def attribution_after_quote(text: str, start: int, end: int) -> Attribution | None:
    """Attribution right after a closing quote: `,' Peskov stated` / `,' said a source close to`."""
    span = text[start:end]
    if m := _AFTER.match(span):
        return Attribution(_clean_np(m["np"]), m["cue"].lower(), start + m.start(), start + m.end())
    m = re.match(rf"^\W*(?P<np>{_NP})\s+{_AUX}(?P<cue>{_CUE})\b(?:\s+reporters)?", span)
    if m and len(m["np"].split()) <= 10:
        return Attribution(_clean_np(m["np"]), m["cue"].lower(), start + m.start(), start + m.end())
    return None


def attribution_before_quote(text: str, start: int, end: int) -> Attribution | None:
    """Attribution introducing a quotation: `X said:` / `with X stating,` / `X added: "`."""
    span = text[start:end]
    m = re.search(rf"(?P<np>[^,;!?]{{2,90}}?),?\s+{_AUX}(?P<cue>{_CUE})\s*[:,]?\s*$", span)
    if not m:
        return None
    np = re.split(r"\bwith\s+", m["np"])[-1]
    np = re.split(r"\b(?:that|and|but|as|while|when|which)\s+", np)[-1]
    return Attribution(_clean_np(np), m["cue"].lower(), start + m.start(), start + m.end())


class SpeakerResolver:
    """Resolves short mentions to the full names and expansions seen in the same document."""

    def __init__(self, text: str) -> None:
        self.acronyms: dict[str, str] = {}
        for m in _DEFINED_ACRONYM.finditer(text):
            full = m[1].strip()
            letters = "".join(w[0] for w in full.split() if w[0].isupper())
            if m[2][0] in letters:
                self.acronyms[m[2]] = full
        self.names: list[str] = []
        for m in _NAME.finditer(text):
            words = [w for w in m[0].split() if w.lower().strip(".") not in _TITLES]
            if 2 <= len(words) <= 4:
                self.names.append(" ".join(words))

    def resolve(self, speaker: str | None) -> str | None:
        """The fullest form of the speaker known in the document."""
        if not speaker:
            return speaker
        if speaker in self.acronyms:
            return self.acronyms[speaker]
        words = speaker.split()
        if any(w.lower() in _ORG_WORDS for w in words):
            return speaker
        lead = 0
        while lead < len(words) - 1 and words[lead].lower().strip(".,") in _TITLES:
            lead += 1
        core = words[lead:]
        if len(core) == 1 and core[0][:1].isupper():
            token = core[0]
            for name in self.names:
                parts = name.split()
                if token in (parts[0], parts[-1]) and len(parts) > 1:
                    return name
        if all(w[:1].isupper() for w in core) and 2 <= len(core) <= 4:
            return " ".join(core)
        return speaker
