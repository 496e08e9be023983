"""Reported speech: the attributions of a sentence — cue, source phrase and content spans — from
the learned cue and source-head scores (tasks/extract/attribution_model.py) and the rules here.

- The source phrase grows from the head the model chose: a capitalised head takes the capitalised
  words before it (a lower-case particle between them too: "Willy de Clercq") and a lower-case title
  right before those ("spokesman Dmitry Peskov"), with the organisation and determiner before that
  title in the phrase, not the name ("the Kidder Peabody analyst Adam F. Cuhney": the content before
  it ends before "the"); a lower-case title head followed by a name is that name's (`_titled_name`:
  "added Kidder Peabody analyst Adam F. Cuhney", where the model chose "analyst"); a lower-case head
  takes its determiner and modifiers and an "of/for/at the Name" tail ("a spokesman for the Clinton
  campaign"), and an appositive name after a comma replaces it ("a spokesman, Jane Doe,"). A head
  inside a prepositional modifier of a noun before it grows to that noun (`modified_noun`: "members
  of the ruling party"), and one in a relative or participle clause to the subject it modifies
  (`modified_subject`: "activists clamoring to block Trump from the nomination say": activists), but
  a title it hangs on goes to the role ("a spokesman for USAir": USAir, spokesman). A capitalised
  head in an of/at/for/from/in/on phrase after a person's name goes to that name (`modified_name`:
  "Mr. Morgan of the Sierra Club said": Morgan), or, after an organisation word, the name runs on
  over it ("the Commission on Presidential Debates"), and so does any name but a person's or a
  title's over "for" ("The Club for Growth said", "Club for Growth Action reported"). A modifier
  climbs over a description of the name in it ("A study by the watchdog group Media Matters":
  "study by Media Matters"). A lower-case head after its cue ends with the last noun of its
  compound when that ends the clause ("said one former campaign staffer."); a capitalised head
  right before a lower-case noun that may head a source is that noun's modifier ("Some European
  bankers argue": bankers). Titles and role nouns go to the role, never
  into the name, but a title written in an organisation's name is the name's ("General Motors Corp",
  "Justice Department"). A verb is never a source (`_verb_form`: "is propounding views", "European
  leaders gathered", "..., reinforcing fears that"), nor an -ing form after an auxiliary or adverb
  part of a source phrase ("successfully courting working-class voters"); a plural noun of the
  source lexicon that the cue model joined to the cue verb after it is that verb's subject
  (`_subject_out`: "Intelligence reports suggest": Intelligence reports, cue "suggest"). A source
  phrase that ends the sentence keeps no full stop ("said The Washington Post."). A source phrase
  before its cue right after "X and" takes the first conjunct too (`_conjunct`: a capitalised name
  before a named source, a source word before a common noun's): in the name ("Mr. Grassley and Mr.
  Leahy say": Grassley and Leahy; "France and Germany"; "Standard and Poor's Corp", which read as
  "Poor's Corp"), or in the role when a title stands between ("Securities and Exchange Commission
  Chairman John Shad"). A common noun led by a possessive, "other" or a quantifier after "X and"
  leaves X alone ("Mr. Xi and other leaders", "She and her aides", "Edwards and others").
- The content, in order: a quotation right next to the cue and source ("...," he said / he said:
  "...") or after what the cue addresses (`_object_gap`: 'she told reporters: "..."'), whole even
  across sentences, without its marks and attribution tail, and both when the attribution sits
  between two ("A," he said, "B."), but not a phrase quoted at the end of a content ('The summit
  accomplished "too little," he added': the whole clause, its closing mark kept), nor, for a second
  cue of the same source, the quotation before both ('"A," the governor said, adding that B': B);
  else the words before the attribution when a comma, dash or quote mark separates them and only
  time or place phrases follow ("Y, X said on Tuesday"), or anything follows a source after its cue
  ("Y, according to sources familiar with the talks": what follows is the source's own modifier,
  unless a comma parts it from a clause: "But the next day, according to Roffman, Trump made further
  demands"); else both sides of a parenthetical attribution ("X, he said, Y"); else the words after
  it, from after a "that" within the next six words; a passive without a source has words on both
  sides as its content, cue included ("The visit was described as Y"). A source is never in the
  content but between its two sides ("X, he said, Y"; "X, according to Y, Z"). A cue without a
  source after one with a source in the same sentence is no attribution of its own ("X said the
  talks focused on Y"); an attribution after one in the same clause (no comma, colon, dash or
  conjunction between) is nested in its content, which runs on over it ("X hopes Iowa will prove
  what his supporters have long said"), also when nothing stands between the first cue and the
  second source ("X said his survey showed Z": "his survey showed Z" is X's), unless that source
  is an owner of a noun cue ("This move follows Kim Jong Un's pledge").
- A name before an appositive or "who" clause that ends right before the cue is the source,
  whether the model found none or a word inside the appositive ("Stephen Moore, a conservative
  economist, said"; "Leonard E. Burman, director of the Tax Policy Center, said": not the
  Center). Where the model finds no source for a cue, a description right after a cue that
  follows a quotation still gives one ('"...," said a longtime data expert who ...'), and so
  does a phrase ending its clause after "according to" ("according to federal statistics"). A name
  suffix ("Jr.") does not hide the surname before it; a participle cue after a comma is said by
  the source of the cue before it ("Clinton told the audience that Y, saying that Z": Clinton);
  "May" or "Will" after a capitalised word is a name, no modal ("Theresa May said").
- In a sentence without a cue, a weak cue (under the cue threshold, at or above the speaker
  threshold; no function word) with a likely source among the two nearest candidates on each
  side is kept, marked weak, with its sentence as content: it only names the speaker of a clause
  holding it (tasks/extract/candidates.py).
"""

from __future__ import annotations

from typing import Final

from tasks.extract.attribution_model import (
    AUXILIARIES,
    DESCRIPTORS,
    HONORIFICS,
    NAME_PARTICLES,
    NON_HEADS,
    ORG_NAME_WORDS,
    ORG_WORDS,
    POSSESSIVES,
    PRONOUNS,
    QUANTIFIERS,
    TITLES,
    AttributionModel,
    Tokens,
    is_candidate,
    passed_over,
)
from tasks.text.chars import is_alpha, is_lower, is_upper
from tasks.text.lexicon import PAST_FORMS, PREPOSITIONS, SAYING, VERB_CUES

_NAME_TITLES: Final = frozenset("mr mrs ms dr sen rep gov gen lt col".split())
_NAME_ENDS: Final = frozenset("Jr Sr Inc Co Corp Ltd Bros".split())  # abbreviations ending names
_CONNECT: Final = frozenset("of for at from in".split())
_QUALIFYING: Final = frozenset("of with at from in".split())  # _qualifier_end
_SAYS: Final = SAYING | frozenset("say saying telling".split())
_NOT_QUALIFYING: Final = frozenset(
    "here there who which that to into over about after before during than like as since until "
    "upon onto off out up down near around".split()) | VERB_CUES
_DETERMINERS: Final = frozenset(
    "the a an one another this that these those his her its their our my your".split())
_POSSESSIVES: Final = frozenset("his her its their our my your".split())
_SKIP_AFTER: Final = frozenset(",:\"'")
_NOT_ADDRESSED: Final = frozenset("that and but or because if when while as".split())
_QUOTE_MARKS: Final = frozenset("\"'")
# Tokens that end a clause: an attribution after one is a sibling, not nested in the content.
_CLAUSE_END: Final = frozenset(", ; : — - ( and but while or".split())
_BE: Final = frozenset("is are was were be been being".split())
_CUE_ADVERBS: Final = frozenset("long often once even first later earlier".split())
_TRAILING: Final = frozenset(
    ", . ; ( in on at during after before to from when while as last this earlier later recently "
    "yesterday today tuesday monday wednesday thursday friday saturday sunday".split()
)


class Found:
    """One attribution of a sentence: cue, source and content as offsets into the text.

    surface is the source phrase as written (source_start/source_end its offsets), head its head
    word, name and role its name and title words; speaker is the name resolved in the document
    (tasks/extract/speakers.py), None when the source is a pronoun nobody could be found for;
    weak marks an attribution of a weak cue, which names a speaker but makes no claim; tail_end
    is where the modifier of a source that ends its sentence ends (`_source_tail`); went_on marks
    the attribution of a sentence inside a quotation opened before it that goes on after it
    (`continued_quote`).
    (A class with its __init__ written out, not a dataclass, whose generated __init__ would be
    interpreted even in the compiled extractor.)"""

    def __init__(self, cue: str, cue_start: int, cue_end: int, content_start: int,
                 content_end: int, quote: bool = False, weak: bool = False) -> None:
        self.cue = cue
        self.weak = weak
        self.cue_start = cue_start
        self.cue_end = cue_end
        self.content_start = content_start
        self.content_end = content_end
        self.quote = quote
        self.surface: str | None = None
        self.source_start: int | None = None
        self.source_end: int | None = None
        self.head: str | None = None
        self.name: str | None = None
        self.role: str | None = None
        self.speaker: str | None = None
        self.pronoun = False
        self.tail_end = -1  # where the source's modifier ends (`_source_tail`), -1: nowhere
        self.went_on = False  # a quotation's content going on past its sentence (`continued_quote`)

    @property
    def start(self) -> int:
        """Where the attribution (cue and source) starts."""
        return min(self.cue_start, self.source_start if self.source_start is not None
                   else self.cue_start)

    @property
    def end(self) -> int:
        """Where the attribution (cue and source, with the source's modifier) ends."""
        end = self.cue_end  # compared one by one: max() of three boxes the ints
        if self.source_end is not None and self.source_end > end:
            end = self.source_end
        return self.tail_end if self.tail_end > end else end


def _joins(words: list[str], lower: list[str], k: int) -> bool:
    """Whether token k belongs to the name before token k + 1 (`_name_phrase`; a function of
    its own: compiled, a nested function is an object called through Python's convention)."""
    w, low = words[k], lower[k]
    if is_upper(w[:1]):
        if low in VERB_CUES and not (k > 0 and is_upper(words[k - 1][:1])):
            return False  # "Said David Gluskin": a sentence's first word, not the name's
        # a function word too right after a capitalised word ("Theresa May") or an
        # abbreviation's dot ("Rep. Will Hurd")
        after_capital = k > 0 and (is_upper(words[k - 1][:1]) or (
            words[k - 1] == "." and k > 1 and is_upper(words[k - 2][:1])))
        return low not in NON_HEADS or low in _NAME_TITLES or (
            low not in _DETERMINERS and after_capital and lower[k - 1] not in NON_HEADS)
    if low in NAME_PARTICLES:  # "Willy de Clercq", "Miguel de la Madrid", "Banque de France"
        j = k - 1
        while j >= 0 and lower[j] in NAME_PARTICLES:
            j -= 1
        return j >= 0 and is_upper(words[j][:1])  # after a name's capitalised word
    return (low in ("of", ".") and k > 0 and is_upper(words[k - 1][:1])
            and (low == "." or lower[k - 1] in TITLES or lower[k - 1] in _NAME_TITLES
                 or lower[k - 1] in ORG_WORDS))  # "Ministry of Defense"


def _name_phrase(t: Tokens, h: int) -> tuple[int, int, list[int], list[int]]:
    """The phrase of a capitalised head h: the capitalised run before it (an inner "No", "of"
    after a title and abbreviation dots included), an "of (the) Name" after an organisation
    ("Ministry of Defense"), and lower-case titles before it; its name and its role (the titles
    and what they govern: "Secretary of State"; an organisation's own capitalised words are its
    name's)."""
    words, lower = t.words, t.lower
    n = len(words)
    b = h
    while b + 2 < n and lower[b + 1] == "of" and lower[b] in ORG_WORDS:
        k = b + 3 if lower[b + 2] == "the" else b + 2
        if k >= n or not is_upper(words[k][:1]) or lower[k] in NON_HEADS:
            break
        while k + 1 < n and is_upper(words[k + 1][:1]) and lower[k + 1] not in NON_HEADS:
            k += 1
        b = k
    if b == h and b + 2 < n and lower[b + 1] == "for" and is_upper(words[b + 2][:1]) \
            and lower[b + 2] not in NON_HEADS and not _personal(t, h):
        b += 2  # "The Club for Growth said", "Americans for Prosperity": one name
        while b + 1 < n and is_upper(words[b + 1][:1]) and lower[b + 1] not in NON_HEADS:
            b += 1
    a = h

    while a - 1 >= 0 and _joins(words, lower, a - 1):
        a -= 1
        if a >= 2 and lower[a - 1] == "for" and is_upper(words[a - 2][:1]) \
                and lower[a - 2] not in NON_HEADS and not _personal(t, a - 2):
            a -= 2  # "Club for Growth Action": one name
    while a - 1 >= 0 and lower[a - 1] in TITLES and not is_upper(words[a - 1][:1]):
        a -= 1
    # "a spokesman Tom Smith", "the Kidder Peabody analyst Adam Cuhney": the determiner and the
    # organisation before a lower-case title are the phrase's, neither name nor role
    start = a
    if a < h and is_lower(words[a][:1]):
        while start - 1 >= 0 and _organisation_word(t, start - 1):
            start -= 1
        if start - 1 >= 0 and lower[start - 1] in _NAME_MODIFIERS:
            start = a  # "Bank of Japan governor Satoshi Sumita": the run is part of a name
        if start - 1 >= 0 and lower[start - 1] in _DETERMINERS:
            start -= 1
    # an organisation's name keeps the titles written in it ("General Motors Corp", "Premier
    # Industrial Corp", "Justice Department"): only a lower-case one before it is a role
    org = lower[b].strip(".") in ORG_NAME_WORDS
    titled = [k for k in range(a, h) if (lower[k] in TITLES or lower[k] in HONORIFICS
                                         or lower[k] in _NAME_TITLES or lower[k] in DESCRIPTORS)
              and not (org and is_upper(words[k][:1]))]
    first = titled[-1] + 1 if titled else a
    while first + 1 < h and lower[first] == "of":  # "Secretary of State John Kerry"
        first += 2
    role_from = a
    if not titled and h - a >= 2 and words[a].isalpha() and _governed(lower, a) \
            and not any(lower[k] in ORG_NAME_WORDS for k in range(a, b + 1)):
        # "Secretary of the Treasury James Baker": "of the Treasury" is the title's
        first, role_from = a + 1, a - (2 if lower[a - 1] == "the" else 1)
    while first <= h and not words[first][:1].isalnum():
        first += 1
    name = [k for k in range(first, b + 1) if words[k][:1].isalnum()]
    role = _role_words(t, role_from, first)
    return start, b, name or [h], role


def _personal(t: Tokens, h: int) -> bool:
    """Whether the capitalised run ending at token h is a person's or a title's: an honorific, a
    title or a name title in it or right before it, "of" and "the" read over ("Mr. Morgan", "Sen.
    Sanders", "Under-Secretary of State for Economic Affairs")."""
    k = h
    while k >= 0 and (is_upper(t.words[k][:1]) or t.words[k] == "."
                      or (k < h and t.lower[k] in ("of", "the"))):
        low = t.lower[k].strip(".").rpartition("-")[2].removeprefix("under")  # "Undersecretary"
        if low in HONORIFICS or low in _NAME_TITLES or low in TITLES:
            return True
        k -= 1
    return k >= 0 and (t.lower[k] in TITLES or t.lower[k] in HONORIFICS)


def _role_words(t: Tokens, a: int, b: int) -> list[int]:
    """The tokens of [a, b) that are a role's words: no punctuation, no honorific."""
    return [k for k in range(a, b) if t.words[k][:1].isalnum() and t.lower[k] not in HONORIFICS]


def _organisation_word(t: Tokens, k: int) -> bool:
    """Whether token k may be a word of the organisation named before a lower-case title: a
    capitalised word that is no function word, cue or time word, or the "of" of an
    organisation's name ("Bank of Japan governor")."""
    low = t.lower[k]
    if is_upper(t.words[k][:1]):
        return low not in NON_HEADS and low not in VERB_CUES and not passed_over(low)
    return low == "of" and k >= 1 and t.lower[k - 1] in ORG_WORDS


def _governed(lower: list[str], a: int) -> bool:
    """Whether the word at a follows "<title> of (the)": what the title governs ("Secretary of
    the Treasury", "Chancellor of the Exchequer", "Minister of the Interior"), no part of the
    name after it."""
    k = a - 1
    if k >= 0 and lower[k] == "the":
        k -= 1
    return k >= 1 and lower[k] == "of" and lower[k - 1] in TITLES


def _modifies(t: Tokens, k: int) -> bool:
    """Whether token k belongs to the lower-case source phrase after it: a determiner, a
    possessive, a noun or an adjective — no pronoun, function word, preposition, auxiliary or
    adverb, and a participle or a verb of saying only after a determiner ("the unnamed
    official", not "reportedly intercepted communications", "had told police officials" or
    "came under withering"); an -ing form not after an auxiliary, an adverb or a preposition
    ("banking sources", not "by raising crude oil prices")."""
    low = t.lower[k]
    if low in _DETERMINERS:
        return True
    if not t.words[k][:1].isalnum() or low in NON_HEADS or low in AUXILIARIES \
            or low in PREPOSITIONS or (low in PRONOUNS and low not in _POSSESSIVES) \
            or low.endswith("ly"):
        return False
    if low.endswith("ing") and k > 0 and _verb_before(t.lower[k - 1]):
        return False  # "is propounding views", "successfully courting voters": a verb's object
    return not (low.endswith("ed") or low in VERB_CUES) or (
        k > 0 and t.lower[k - 1] in _DETERMINERS)


def _verb_before(low: str) -> bool:
    """Whether a word before an -ing form makes it a verb: an auxiliary, a form of "be", an
    -ly adverb or "to" (after a preposition it may be an adjective: "officials from
    neighbouring countries")."""
    return low in AUXILIARIES or low in _BE or low.endswith("ly") or low == "to"


def pronoun_head(t: Tokens, k: int) -> bool:
    """Whether source head token k is a pronoun, a possessive or a quantifier (resolved in the
    document, never a name of its own)."""
    low = t.lower[k].removesuffix("'s")
    return low in PRONOUNS or low in POSSESSIVES or low in QUANTIFIERS


_FIRST_PRONOUNS: Final = frozenset("he she they we i".split())  # "She and her aides said"
_THEIRS: Final = POSSESSIVES | {"other", "others", "fellow"}  # "X and her / other / fellow ..."
_ALSO: Final = frozenset("even also".split())  # "X and even some Y"
_POST_MODIFIER: Final = frozenset("of in with by for from at on among".split())
_NAME_MODIFIERS: Final = frozenset("of at for from in on".split())
_MEASURES: Final = frozenset("percent % majority majorities half third quarter number share "
                             "minority plurality".split())
_LONGEST_CLIMB: Final = 8  # words of a source phrase climbed to its noun, at most


def modified_noun(t: Tokens, s0: int, heads: frozenset[str]) -> int | None:
    """The noun whose prepositional modifier the source phrase starting at token s0 is in, when
    that noun can head a source itself: read leftwards over the prepositions that open a modifier
    (of, in, with, by, for, from, at, on, among) and the words of noun phrases (`_modifies`,
    or capitalised; nothing else: no verb, adverb, comma or other preposition), the nearest
    lower-case word right before such a preposition that is a source word (`heads`) or an agent
    noun ("dozens of members of his party" → members, "people with knowledge of the talks" →
    people, "a count by The Associated Press" → count). A quantity keeps the phrase it counts
    ("75 percent of Democrats", "many of the delegates")."""
    words, lower = t.words, t.lower
    k = s0 - 1
    if k > 0 and lower[k] in _DETERMINERS:
        k -= 1
    if k < 1 or lower[k] not in _POST_MODIFIER:
        return None
    while k > 0 and s0 - k <= 8:
        nxt, k = lower[k], k - 1
        w = lower[k]
        if w in _POST_MODIFIER:
            continue
        if not (is_upper(words[k][:1]) or _modifies(t, k)):
            return None
        if nxt in _POST_MODIFIER and (is_lower(words[k][:1]) or k == 0):
            if w in QUANTIFIERS or w in _MEASURES:
                return None
            if is_candidate(words, lower, k, heads):
                return k
    return None


def _descriptor_start(t: Tokens, s0: int) -> int:
    """Where the lower-case words describing the name that starts at token s0 begin ("by the
    liberal watchdog group Media Matters", "by the consulting firm Oxford Economics": at "the"),
    one to four words after a determiner; s0 when there are none."""
    k = s0
    if not is_upper(t.words[s0][:1]):
        return s0
    while k > 0 and s0 - k < 5 and is_lower(t.words[k - 1][:1]) and _modifies(t, k - 1):
        k -= 1
        if t.lower[k] in _DETERMINERS:
            return k if s0 - k > 1 else s0  # "Fruit of the Loom": no description
    return s0


def modified_name(t: Tokens, s0: int, first_names: dict[str, str]) -> int | None:
    """The last word of the name that the capitalised source phrase starting at token s0
    modifies through of/at/for/from/in/on (an article between), when that name is a person's
    (an honorific, a title or a known given name in it: "Mr. Morgan of the Sierra Club said":
    Morgan; "Professor Smith of Yale University said": Smith) or an organisation's, whose name
    then runs on over its modifier ("The Commission on Presidential Debates says"). Not a title
    ("Secretary of State John Kerry", "Minister of State for Textiles R.N. Mirdha" are one name
    each), and not a plain capitalised word ("Analysts at Goldman Sachs", "Friends of the Earth",
    "Gold Fields of South Africa Ltd": the whole phrase stays)."""
    words, lower = t.words, t.lower
    k = s0 - 1
    if k > 0 and lower[k] in _ARTICLES:
        k -= 1
    if k < 1 or lower[k] not in _NAME_MODIFIERS or not is_upper(words[k - 1][:1]):
        return None
    w = lower[k - 1].removesuffix("'s")
    if w in TITLES or w in NON_HEADS or w in _NAME_TITLES or w in HONORIFICS or w in VERB_CUES \
            or w.endswith(("ing", "ed")) or not w.isalpha():
        return None
    if w in ORG_WORDS:
        return k - 1
    r = k - 1  # the person's name: its run, honorific dots included
    while r > 0 and (is_upper(words[r - 1][:1]) or words[r - 1] == "."):
        r -= 1
        if lower[r] in HONORIFICS or lower[r] in _NAME_TITLES or lower[r] in TITLES:
            return k - 1
    return k - 1 if words[r] in first_names and r < k - 1 else None


def source_phrase(t: Tokens, h: int) -> tuple[int, int, list[int], list[int]]:
    """The source phrase around head token h: its (first, last) token, and the tokens of its name
    and of its role (rules in the module docstring)."""
    words, lower = t.words, t.lower
    n = len(words)
    if lower[h].removesuffix("'s") in PRONOUNS or lower[h] in POSSESSIVES:  # "he's" is "he"
        return h, h, [h], []
    if lower[h] in QUANTIFIERS:  # "many of the delegates" names the delegates; "some", nobody
        k = h + 2 if h + 2 < n and lower[h + 1] == "of" else -1
        if k > 0 and lower[k] in _DETERMINERS:
            k += 1
        if 0 < k < n and is_alpha(words[k][:1]) and lower[k] not in NON_HEADS:
            end = k
            while end + 1 < n and is_alpha(words[end + 1][:1]) \
                    and lower[end + 1] not in NON_HEADS and not lower[end + 1].endswith("ly") \
                    and lower[end + 1] not in PRONOUNS and lower[end + 1] not in VERB_CUES:
                end += 1  # "several of Trump's ventures", not "... she added"
            return h, end, list(range(k, end + 1)), []
        return h, h, [h], []
    if is_upper(words[h][:1]) and h + 1 < n and lower[h + 1] in TITLES \
            and is_lower(words[h + 1][:1]):
        h += 1  # "a State Department spokesperson": the role noun heads the phrase
    if is_lower(words[h][:1]) and lower[h] in TITLES:
        h = _titled_name(t, h)
    if is_upper(words[h][:1]):
        return _name_phrase(t, h)
    a = h
    while a - 1 >= 0 and _modifies(t, a - 1):
        a -= 1
        if lower[a] in _DETERMINERS:
            break
    b = h
    if h + 2 < n and lower[h + 1] in _CONNECT:
        k = h + 2
        if k < n and lower[k] in _DETERMINERS:
            k += 1
        run = k
        while run < n and (is_upper(words[run][:1]) or (
                lower[run] in ("and", "of") and run + 1 < n and is_upper(words[run + 1][:1]))):
            run += 1  # "the Securities and Exchange Commission"
        if run > k:
            b = run - 1
    role = [h] if lower[h] in TITLES else []
    if (appositive := _appositive(t, b)) is not None:  # "a spokesman, Jane Doe,"
        _, last, name, name_role = _name_phrase(t, appositive)
        return a, last, name, role + name_role
    return a, b, [k for k in range(a, b + 1) if lower[k] not in _DETERMINERS], role


def _compound_end(t: Tokens, h: int) -> int:
    """The last noun of the compound that the lower-case head h of a source after its cue begins,
    when the compound ends the clause ("said one former campaign staffer.", "according to Kantar
    Media's political ad tracker."): the lower-case words after h up to a comma, a full stop or
    the sentence's end, three at most, none of them a function word, a pronoun, an -ly adverb or
    a verb ("sources said.", "an analyst who requested anonymity."); else h."""
    words, lower = t.words, t.lower
    n = len(words)
    k = h
    while k + 1 < n and is_lower(words[k + 1][:1]) and is_alpha(words[k + 1][:1]) \
            and lower[k + 1] not in NON_HEADS and not lower[k + 1].endswith("ly") and k - h < 3 \
            and lower[k + 1] not in VERB_CUES and lower[k + 1] not in PAST_FORMS \
            and lower[k + 1] not in PRONOUNS and not lower[k + 1].endswith("ed"):
        k += 1
    return k if k > h and (k + 1 == n or words[k + 1] in (",", ".", ";", ":")) else h


def _titled_name(t: Tokens, h: int) -> int:
    """The last word of the name right after the lower-case title at h (and the titles after
    it), else h: "added Kidder Peabody analyst Adam F. Cuhney", "said Indosuez chief economist
    Jean Cheval" are said by the person named, the title is the role (the learned head may fall
    on the title after an organisation's name)."""
    words, lower = t.words, t.lower
    n = len(words)
    k = h + 1
    while k < n and is_lower(words[k][:1]) and lower[k] in TITLES:
        k += 1
    if k >= n or not is_upper(words[k][:1]) or lower[k] in NON_HEADS \
            or passed_over(lower[k]) or lower[k] in VERB_CUES:
        return h
    while k + 1 < n and ((is_upper(words[k + 1][:1]) and lower[k + 1] not in NON_HEADS)
                         or (words[k + 1] == "." and len(words[k]) == 1)):  # "Adam F. Cuhney"
        k += 1
    return k - 1 if words[k] == "." else k


def _appositive(t: Tokens, b: int) -> int | None:
    """The last token of a name in apposition after token b: a comma, at most two lower-case
    words, an optional quote mark, a capitalised run (abbreviation dots included), then a comma,
    a quote mark or the end ("a commander, code name "Bear,"", "the chief, Lt. Gen. Jane Roe,");
    no participle or preposition among those words ("the poll, conducted in May,"; "A Cominco
    spokesman, queried by Reuters,") but one of leading (`_LEADS`: "the group, led by Mutual
    Shares Corp,": the leader speaks for it)."""
    words = t.words
    n = len(words)
    if b + 2 >= n or words[b + 1] != ",":
        return None
    k = b + 2
    while k < min(n, b + 4) and is_lower(words[k][:1]):
        low = t.lower[k]
        if (low in PREPOSITIONS or low.endswith("ed")) and low not in _LEADS \
                and not (low == "by" and t.lower[k - 1] in _LEADS):
            return None  # "the poll, conducted in May,": a participle's phrase, no name
        k += 1
    if k < n and words[k] in _QUOTE_MARKS:
        k += 1
    if k >= n or not is_upper(words[k][:1]):
        return None
    while k + 1 < n and (is_upper(words[k + 1][:1]) or (words[k + 1] == "." and k + 2 < n
                                                         and is_upper(words[k + 2][:1]))):
        k += 1
    if k + 1 < n and words[k + 1] not in (",", '"', "'"):
        return None
    return k


def _strip_span(text: str, a: int, b: int) -> tuple[int, int]:
    """Trim spaces, quote marks and dangling punctuation at both ends of text[a:b]; a quotation
    cut by the trim keeps its marks ('The summit accomplished "too little,"', '"race still
    determines too much" in America')."""
    end = b
    while a < b and (text[a].isspace() or text[a] in ",;:-—\"'("):
        a += 1
    while b > a and (text[b - 1].isspace() or text[b - 1] in ",;:-—\"'.("):
        b -= 1
    if text.count('"', a, b) % 2:  # a quotation cut at one end: its mark back
        if a > 0 and text[a - 1] == '"' and text.find('"', a, b) > text.find(" ", a, b) >= 0:
            a -= 1  # the opening mark of a quotation that closes inside ('"race ..." in America')
        elif (close := text.find('"', b, max(end, b + 3))) >= 0:
            b = close + 1  # the closing mark right after the span ('little," he added')
    return a, b


def _object_gap(text: str, a: int, b: int) -> bool:
    """Whether text[a:b], between a cue and the quotation after it, is what the cue addresses: at
    most three words before a comma or colon ('she told Hewitt, "..."', 'he told reporters:
    "..."', 'she said in a statement, "..."')."""
    gap = text[a:b].rstrip(" \"'")
    if not gap.endswith((",", ":")):
        return False
    words = gap[:-1].split()
    return 0 < len(words) <= 3 and all(w.replace(".", "").replace("'", "").isalpha()
                                       and w.lower() not in _NOT_ADDRESSED
                                       and not (w.endswith(".") and is_lower(w[-2:-1]))
                                       for w in words)  # no sentence end: "said no. His aide:"


def _words_upto(words: list[str], a: int, b: int, most: int = 3) -> int:
    """How many of the tokens [a, b) are words (start with a letter or digit), counted up to
    `most`: content_span compares the counts with 3 at most."""
    n = 0
    for k in range(a, b):
        if words[k][:1].isalnum():
            n += 1
            if n == most:
                break
    return n


def content_span(t: Tokens, a0: int, a1: int, lo: int, hi: int,
                 quotes: list[tuple[int, int]], sourced: bool, inverted: bool = False
                 ) -> tuple[int, int, bool]:
    """The content of the attribution chunk of tokens [a0, a1] (cue and source) within the region
    of tokens [lo, hi) of its sentence, as (start, end, is_quote) offsets; (0, 0, False) if none
    (rules in the module docstring; quotes: the quotations around, as content offsets; sourced:
    whether the chunk holds a source)."""
    text, words, lower = t.text, t.words, t.lower
    chunk_start, chunk_end = t.start(a0), t.end(a1)
    before = after = None
    for qs, qe in quotes:
        told = 4 < qs - chunk_end <= 40 and _object_gap(text, chunk_end, qs)
        if not (0 <= chunk_start - qe <= 4 or 0 <= qs - chunk_end <= 4 or told):
            continue  # too far from the chunk to be its content
        if len(text[qs:qe].split(maxsplit=1)) < 2:
            continue  # a quoted word is a name or a term, not what was said
        if 0 <= chunk_start - qe <= 4 and text[qe:chunk_start].strip(" ,!?\"'") == "" \
                and text[qe - 1] != "." and (  # a quotation ending a sentence: not attributed
                    is_upper(text[qs]) or text[t.start(lo):qs].strip(" \"'(") == ""):
            before = (qs, qe)  # a whole quotation, not the end of a content quoting a phrase
        elif (told or (0 <= qs - chunk_end <= 4 and text[chunk_end:qs].strip(" ,:\"'") == "")) \
                and (is_upper(text[qs]) or qe + 2 >= t.end(hi - 1)):
            after = after or (qs, qe)  # a whole quotation, not a phrase quoted in the content
        elif before and 0 <= qs - chunk_end <= 4 and text[chunk_end:qs].strip(" .\"'") == "":
            after = after or (qs, qe)  # "A," he said. "B." : the quotation goes on
    if before and after:
        return before[0], after[1], True
    if before or after:
        qs, qe = before or after  # type: ignore[misc]
        return qs, qe, True
    r = a1 + 1
    while r < hi and words[r] in _SKIP_AFTER:
        r += 1
    that = False
    for k in range(r, min(hi, r + 7)):
        if lower[k] == "that":
            r, that = k + 1, True
            break
        if lower[k] in (",", ":", ".") and k > r:
            break
    right_words = _words_upto(words, r, hi)
    left_end = a0
    while left_end > lo and not words[left_end - 1][:1].isalnum():
        left_end -= 1
    left_words = _words_upto(words, lo, left_end)
    sep_left = a0 > lo and words[a0 - 1] in (",", '"', "'", "—", "-", ":")
    first_right = lower[a1 + 1] if a1 + 1 < hi else "."
    passive = not sourced and any(lower[k] in _BE for k in range(a0, a1 + 1))
    if passive and left_words >= 2 and right_words >= 2:  # "X was described as Y"
        a, b = _strip_span(text, t.start(lo), t.end(hi - 1))
        return a, b, False
    if sep_left and left_words >= 2 and not that and not (
            right_words and _scene(t, lo, left_end)):
        if right_words == 0 or (first_right in _TRAILING and first_right != ","):
            a, b = _strip_span(text, t.start(lo), t.end(left_end - 1))
            return a, b, False
        if first_right == "," and right_words >= 3 and words[a0 - 1] == ",":
            a, b = _strip_span(text, t.start(lo), t.end(hi - 1))
            return a, b, False
        if first_right == "," or inverted:
            a, b = _strip_span(text, t.start(lo), t.end(left_end - 1))
            return a, b, False
    if right_words >= 1:
        a, b = _strip_span(text, t.start(r), t.end(hi - 1))
        return a, b, False
    if left_words >= 1:
        a, b = _strip_span(text, t.start(lo), t.end(left_end - 1))
        return a, b, False
    return 0, 0, False


def _owner(t: Tokens, h: int) -> bool:
    """Whether source head h is an owner ("Kim Jong Un's pledge", "his remarks"): its cue is a
    noun, and what stands before the two a noun phrase, no clause."""
    return h >= 0 and (_possessive(t.lower[h]) or t.lower[h] in _POSSESSIVES)


def _possessive(low: str) -> bool:
    return low.endswith(("'s", "’s"))


def _scene(t: Tokens, lo: int, end: int) -> bool:
    """Whether the words [lo, end) before an attribution set its scene, no content: one phrase or
    clause led by a subordinator or preposition ("As the president meandered through his text,
    Trump railed at ..."), no comma inside ("In the long run, rates will rise, he said at ..." is
    content)."""
    return t.lower[lo] in _SCENE_LEADS and "," not in t.words[lo:end]


_SCENE_LEADS: Final = frozenset(
    "as when while after before if because since although though with through despite during "
    "in at on for by from following amid until once unlike like without upon".split())


def _join(t: Tokens, idx: list[int]) -> str | None:
    """The words at token indices idx as written, spaces normalised, each run of neighbouring
    tokens as one stretch of text ("Lt. Gen." with its dots; an abbreviation's final dot kept) and
    a possessive 's dropped."""
    if not idx:
        return None
    words, n = t.words, len(t.words)
    runs: list[list[int]] = []
    for k in idx:
        if runs and (k == runs[-1][-1] + 1
                     or all(words[j] == "." for j in range(runs[-1][-1] + 1, k))):
            runs[-1].append(k)
        else:
            runs.append([k])
    out = []
    for run in runs:
        last = run[-1]
        if last + 1 < n and words[last + 1] == "." and t.start(last + 1) == t.end(last) \
                and len(words[last]) <= 4 and is_upper(words[last][:1]) and (
                    last + 2 < n or len(words[last]) == 1 or words[last] in _NAME_ENDS):
            last += 1  # an abbreviation's dot: "Gen."; at the end a full stop ("The Post.")
        out.append(" ".join(t.text[t.start(run[0]):t.end(last)].split()))
    out[-1] = out[-1].removesuffix("'s")
    return " ".join(out)


def _cue_word(t: Tokens, c0: int, c1: int) -> int:
    """The first token of the cue proper: auxiliaries and adverbs before it left out ("has
    reportedly said" → said)."""
    while c0 < c1 and (t.lower[c0] in AUXILIARIES or t.lower[c0] in _CUE_ADVERBS
                       or t.lower[c0].endswith("ly")):
        c0 += 1
    return c0


def attribute_sentence(model: AttributionModel, text: str, start: int, end: int,
                       quotes: list[tuple[int, int]], opened: int = 0) -> list[Found]:
    """The attributions of the sentence text[start:end] (quotes: the quotations of its block as
    content offsets; opened: 1 when it begins inside a quotation, `quote_parities`)."""
    t = Tokens(text, start, end, opened)
    groups, weak = model.cue_groups(t)
    if groups:
        chunks: list[Chunk] = []
        passives: list[int] = []  # the cue offsets of passives with an agent
        sourced = False
        for c0, c1, _ in groups:
            c0 = _with_modals(t, _subject_out(t, c0, c1, model))
            contracted = -1
            if c0 < c1 and _contracted_pronoun(t.lower[c0]):
                contracted, c0 = c0, c0 + 1  # "He's comparing": he, cue "comparing"
            h, _p = model.source(t, c0, c1)
            if h is None and contracted >= 0:
                h = contracted
            if (agent := _passive_agent(t, c0, c1, model.heads)) is not None:
                h = agent  # "Cruz was also endorsed by former rival Carly Fiorina": Fiorina
                passives.append(t.start(_cue_word(t, c0, c1)))
            if chunks and chunks[-1][2] >= 0 and c0 > 0 and t.words[c0 - 1] == "," \
                    and t.lower[c0].endswith("ing") and t.lower[c0] != "according":
                h = chunks[-1][2]  # "X told Y that Z, saying ...": X says it too
            if h is not None and _verb_form(t, h):
                h = None  # "is propounding views": a verb, no source
            if h is not None and h + 1 < c0 and is_upper(t.words[h][:1]) \
                    and not _possessive(t.lower[h]) and is_lower(t.words[h + 1][:1]) \
                    and not pronoun_head(t, h + 1) \
                    and is_candidate(t.words, t.lower, h + 1, model.heads):
                h += 1  # "Japanese consumers", "Canadian banks": the noun the name modifies
            named = _before_appositive(t, c0, model.heads)
            if named is not None and (h is None or named < h < c0):
                h = named  # a name's, not a word of the appositive after it
            if h is None:
                h = _description_after(t, c0, c1)
            if h is None and not sourced:
                h = _according_to_head(t, c0, c1)
            if h is None:
                if not sourced:  # a cue without a source after one with a source is none
                    chunks.append((c0, c1, -1, -1, -1, [], [], -1))
                continue
            sourced = True
            chunks.append(_chunk(model, t, c0, c1, h))
        if len(chunks) > 1 and _reports_before(t, chunks):
            chunks = chunks[-1:]  # "X urged Y to Z, according to two senators": theirs
        found = _attributions(t, chunks, quotes)
        for i, f in enumerate(found):
            if f.cue_start in passives and not f.quote:
                _passive_content(t, f, found[i + 1].start if i + 1 < len(found)
                                 else t.end(len(t.words) - 1))
        if found and (tail := _source_tail(t, chunks[-1])) is not None \
                and found[-1].cue_end == t.end(chunks[-1][1]):
            found[-1].tail_end = tail
        return found
    out = []
    for c0, c1, _ in weak:  # a sentence without a cue: a weak cue may name a speaker
        h, p = model.source(t, c0, c1, _WEAK_RANKS)
        if h is not None and _likely_source(model, t, h, p):
            out.append(_found(t, _chunk(model, t, c0, c1, h), t.start(0), t.end(len(t.words) - 1),
                              False, weak=True))
    if not out and (survey := _in_survey(t)) is not None:  # "In a CBS poll, Cruz led": the poll's
        return _survey_found(t, _chunk(model, t, survey[0], survey[0], survey[1]))
    return out


_ARTICLES: Final = frozenset("a an the".split())
_CONTRACTIONS: Final = frozenset("'s 're 've 'd 'll 'm".split())
_DESCRIPTION_ENDS: Final = frozenset(
    [",", ".", "?", "!", "who", "that", "to", "of", "on", "at", "in", "for", "from", "with", "by"])
_WEAK_RANKS: Final = 2  # source candidates scored on each side of a weak cue
_LEADS: Final = frozenset("led headed chaired signed".split())
_SURVEYS: Final = frozenset("poll polls survey surveys".split())
_SURVEY_REACH: Final = 9  # words from "in" to the survey word, at most
# Words that may follow a survey word ending its phrase ("in a poll of likely voters").
_SURVEY_NEXT: Final = frozenset(
    "of by for from this last that which on at among since these with".split())


def continued_quote(text: str, before: Found, start: int, end: int) -> Found | None:
    """The attribution of the sentence text[start:end], which begins inside a quotation, when the
    quotation opened in the content of `before`, the last attribution of the sentence before
    (resolved), or went on from it ('Kerry said the talks were "a big step. But this would be
    the total number of refugees."': Kerry's): the same cue, source and speaker, its content the
    quoted words up to the closing mark; None for a quotation's own attribution or one that
    opens with a capital (the quotations carry those: 'including, "Mr. Trump, do you ...? ...'),
    a weak one, or a content of fewer than two words."""
    if before.weak or before.quote or before.speaker is None or before.content_end < start - 3:
        return None
    mark = text.rfind('"', before.content_start, start)
    if (mark < 0 and not before.went_on) or (mark >= 0 and not is_lower(text[mark + 1:mark + 2])):
        return None  # a quotation opening with a capital is a whole one: the quotations' own
    close = text.find('"', start, end)
    a, b = _strip_span(text, start, close if close >= 0 else end)
    if len(text[a:b].split(maxsplit=2)) < 2:
        return None
    f = Found(before.cue, before.cue_start, before.cue_end, a, b)
    f.surface, f.source_start, f.source_end = before.surface, before.source_start, before.source_end
    f.head, f.name, f.role, f.speaker = before.head, before.name, before.role, before.speaker
    f.pronoun, f.went_on = before.pronoun, close < 0
    return f


def _source_tail(t: Tokens, chunk: Chunk) -> int | None:
    """Where the modifier of the source after the last cue ends, when it runs to the end of the
    sentence (the sentence's end offset, else None): what follows such a source is its own
    ("Y, according to people familiar with the matter.", "said a spokesman who asked not to be
    named.", "said Robert Shapiro, a professor at Columbia."), never a claim of its own; not
    past a quotation mark, nor a comma but one that opens a description, nor when a cue follows
    the source ("said Borges, who predicted that ...": Borges's claim)."""
    c1, h, s1 = chunk[1], chunk[2], chunk[4]  # indexed: a starred unpacking builds a list
    if h <= c1 or s1 < 0:
        return None
    words, lower = t.words, t.lower
    end = len(words) - 1
    while end > s1 and not words[end][:1].isalnum():
        end -= 1
    if end == s1 or end - s1 > _TAIL_WORDS:
        return None
    for k in range(s1 + 1, end + 1):  # a loop: compiled, cheaper than slices and generators
        w = lower[k]
        if w in _QUOTE_MARKS or (w == "," and (k > s1 + 1 or end == k
                                               or lower[k + 1] not in _DESCRIPTION_STARTS)):
            return None
    return t.end(end)


# Words that open a description set off by a comma after a source ("said Robert Shapiro, a
# professor at Columbia"): no clause going on ("The talks, according to the ministry, focused").
_DESCRIPTION_STARTS: Final = frozenset("a an the one who whose which".split())
_TAIL_WORDS: Final = 16


def _reports_before(t: Tokens, chunks: list[Chunk]) -> bool:
    """Whether the last chunk is an "according to X" after the others, its source after it,
    and none of the others says something: it reports all that precedes it ("When Randolph
    refused to bow out, Grayson began vilifying her, according to numerous fellow Democrats": the
    Democrats', with "refused" inside; not '"...," Welch said, according to Vermont Edition',
    Welch's words)."""
    c0, c1, h = chunks[-1][:3]
    return t.lower[c0] == "according" and h > c1 and not any(
        t.lower[_cue_word(t, c[0], c[1])] in _SAYS for c in chunks[:-1])


def _passive_agent(t: Tokens, c0: int, c1: int, heads: frozenset[str]) -> int | None:
    """The head of the agent of a passive cue group (a form of "be", adverbs aside, right before
    a participle in -ed, -en or -wn: "was also endorsed", "were echoed", not "is disavowing"; not
    a feeling, whose subject is the source: "was troubled by"): the last word of the noun phrase
    after a "by" at most _AGENT_REACH words after the group, no clause boundary between ("Ruth
    Bader Ginsburg was appointed to the court by President Bill Clinton": Clinton; the phrase
    ends at a preposition, a conjunction, a relative pronoun, a time word or a lower-case
    participle: "by her campaign and Democrats across the country", "by the officers running
    the country"), when it may head a source (`is_candidate`) and the phrase holds no figure
    ("was approved by 42 percent", "by 1988", "by the end of the year": no agent)."""
    lower, words = t.lower, t.words
    n = len(lower)
    passive = False
    for k in range(max(0, c0 - 2), c1 + 1):
        if lower[k] in _BE:
            j = k + 1
            while j <= c1 and (lower[j] in _BETWEEN or lower[j].endswith("ly")):
                j += 1
            w = lower[j] if c0 <= j <= c1 else ""
            passive = w.endswith(("ed", "en", "wn")) and w not in _FEELINGS
            break
    if not passive:
        return None
    for k in range(c1 + 1, min(n - 1, c1 + 1 + _AGENT_REACH)):
        if lower[k] == "by":
            head = None
            for j in range(k + 1, min(n, k + 1 + _AGENT_WORDS)):
                w = lower[j]
                if not words[j][:1].isalnum() or w in PREPOSITIONS or w in _AGENT_ENDS or (
                        is_lower(words[j][:1]) and (passed_over(w) or (
                            head is not None and w.endswith(("ing", "ed"))))):
                    break
                if any(c.isdigit() for c in w):
                    return None
                head = j
            return head if head is not None and is_candidate(words, lower, head, heads) else None
        if not words[k][:1].isalnum() or lower[k] in _CLAUSE_END:
            return None
    return None


_AGENT_REACH: Final = 6
_AGENT_WORDS: Final = 8
_BETWEEN: Final = frozenset("also not never being been even still just then".split())
# Participles of feeling: "X was troubled by Y" is X's view of Y.
_FEELINGS: Final = frozenset(
    "troubled concerned worried surprised disappointed impressed alarmed frustrated angered "
    "bothered pleased encouraged shocked moved inspired upset outraged appalled disturbed "
    "offended heartened dismayed saddened stunned taken struck".split())
_AGENT_ENDS: Final = frozenset(
    "and or who that which whose in on at of for from to with about after before during since "
    "over into as than whether if because when while where why how".split())


def _passive_content(t: Tokens, f: Found, end: int) -> None:
    """A passive's content is its sentence up to `end`, where the next attribution starts ("Cruz
    was also endorsed by Carly Fiorina on Wednesday": the claim Fiorina makes is the sentence;
    its subject alone, "Cruz", would be no claim, and the words after the agent, "on Wednesday",
    had been taken for the content; "..., who said ...": up to "who"); but what the agent asked
    or said stays ("Rubio was asked by Gerard Baker whether ...")."""
    text = t.text
    first = text[f.content_start:f.content_end].split(maxsplit=1)[:1]
    if f.content_start >= (f.source_end or 0) and first and first[0].lower() in _ASKED:
        return
    f.content_start, f.content_end = _strip_span(text, t.start(0), end)


_ASKED: Final = frozenset("whether that if to why how what when where who".split())


def _in_survey(t: Tokens) -> tuple[int, int] | None:
    """In a sentence without a cue or a weak cue's speaker, "in" and the poll or survey it
    governs, a few words on and no clause boundary between ("In the latest Washington Post-ABC
    News poll, conducted in May, Clinton led ..."; "Trump leads Cruz by 9 points in the
    RealClearPolitics average of polls"): the figures are the survey's, "in" its cue (PolNeAR's
    reading). The survey word ends its phrase: "in poll numbers" is no survey; a date or number
    right before it makes it an election ("won 81 seats in the Feb 17 poll")."""
    lower = t.lower
    n = len(lower)
    for i in range(n - 1):
        if lower[i] != "in":
            continue
        for k in range(i + 1, min(i + 1 + _SURVEY_REACH, n)):
            low = lower[k]
            if low in _SURVEYS:
                if any(ch.isdigit() for ch in lower[k - 1]):
                    break  # "in the Feb 17 poll": an election
                if k + 1 == n or not lower[k + 1].isalpha() or lower[k + 1] in _SURVEY_NEXT \
                        or not is_lower(t.words[k + 1][:1]) or lower[k + 1].endswith("ed"):
                    return i, k
                break
            if low in _CLAUSE_END or low in PRONOUNS or low == "in":
                break
    return None


def _survey_found(t: Tokens, chunk: Chunk) -> list[Found]:
    """The attribution of an "in" survey (`_in_survey`): its content is what follows the survey
    phrase when "in" opens the sentence (a participle phrase after the survey is the survey's:
    `_participle_tail`), else what precedes "in" ("Kasich was at 25 percent support in the most
    recent Fox poll, up eight points": the clause before)."""
    c0, c1, h, s0, s1, name, role, head = chunk
    n = len(t.words)
    if c0 == 0:
        s1 = _participle_tail(t, s1)
        a, b = t.start(min(s1 + 1, n - 1)), t.end(n - 1)
    else:
        a, b = t.start(0), t.start(c0)
    cs, ce = _strip_span(t.text, a, b)
    if len(t.text[cs:ce].split(maxsplit=2)) < 2:
        return []
    return [_found(t, (c0, c1, h, s0, s1, name, role, head), cs, ce, False)]


def _participle_tail(t: Tokens, s1: int) -> int:
    """The last token of a participle phrase set off by commas right after token s1 ("the poll,
    conducted in May, ..."): the source's own modifier, no content; else s1."""
    n = len(t.words)
    if s1 + 2 < n and t.words[s1 + 1] == "," and t.lower[s1 + 2].endswith("ed"):
        for k in range(s1 + 3, min(n, s1 + 3 + _SURVEY_REACH)):
            if t.words[k] == ",":
                return k - 1
    return s1


def _contracted_pronoun(low: str) -> bool:
    """Whether a word is a subject pronoun with its auxiliary ("he's", "they've", "i'd"): the
    cue model may join it to the verb after it, whose subject it is."""
    k = low.find("'")
    return k > 0 and low[:k] in PRONOUNS and low[k:] in _CONTRACTIONS


_APPOSITIVE_WORDS: Final = 50  # tokens back from the cue to the comma after the name


def _before_appositive(t: Tokens, c0: int, heads: frozenset[str]) -> int | None:
    """The name before an appositive or a "who" clause that ends right before the cue, the source
    whether the model found none or a word inside it ("Stephen Moore, a conservative economist
    and former member of the Journal's board, said"; "Leonard E. Burman, director of the Tax
    Policy Center, said": not the Center; "Dr. Connie Mariano, who as a Navy captain was the White
    House physician, said"): the last word of a name, then a comma and an article, a title or
    "who"."""
    words, lower = t.words, t.lower
    if c0 < 4 or words[c0 - 1] != ",":
        return None
    for k in range(c0 - 2, max(0, c0 - _APPOSITIVE_WORDS), -1):
        if words[k] == ",":
            opens = lower[k + 1] in _ARTICLES or lower[k + 1] in TITLES or lower[k + 1] == "who"
            if opens and is_upper(words[k - 1][:1]) and is_candidate(words, lower, k - 1, heads):
                return k - 1
            return None
    return None


def _subject_out(t: Tokens, c0: int, c1: int, model: AttributionModel) -> int:
    """The first token of the cue group [c0, c1] without the plural noun that opens it, when that
    noun is a word of the source lexicon and the cue word right after it has no -s: its subject
    ("Intelligence reports suggest", "Media reports said": the cue is "suggest", "said", and
    "reports" heads the source "Intelligence reports", which had been "Intelligence"); "Trump
    says reports ..." or "Trump avoids commenting" keep their verb."""
    lw = t.lower
    first, after = lw[c0], lw[c0 + 1] if c0 < c1 else ""
    if first.endswith("s") and first in model.src_bins and after in model.anchor_tables \
            and not after.endswith("s") and after not in NON_HEADS:
        return c0 + 1
    return c0


def _with_modals(t: Tokens, c0: int) -> int:
    """The first token of a cue group with the modals and "also" right before it ("Rubio can
    ask", "Beijing could also declare"): PolNeAR's cues hold them, so the source model learned
    its subject right before such a cue, and the learned attachments lack them (was no source:
    "Rubio" scored 0.07, with "can" in the cue 0.77)."""
    while c0 > 0 and t.lower[c0 - 1] in _MODALS:
        c0 -= 1
    return c0


_MODALS: Final = frozenset("can could should did also".split())


def _verb_form(t: Tokens, h: int) -> bool:
    """Whether head token h is a verb, never a source: a lower-case -ed form after no determiner,
    possessive or capitalised word ("European leaders gathered", "the experts I interviewed"; not
    "the unnamed"), or an -ing form first or after an auxiliary, an adverb, a preposition, a
    pronoun or a comma ("is propounding views", "came under withering", "..., reinforcing fears
    that": a participle's clause), where "the appeals court ruling said", "the annual meeting
    agreed" or "In March, polling by Quinnipiac found" name a document, an event or a survey."""
    w = t.words[h]
    if not (w.isalpha() and w.islower() and len(w) > 4 and w.endswith(("ing", "ed"))):
        return False
    if h == 0:
        return True
    before = t.lower[h - 1]
    if w.endswith("ing"):  # a head: after a preposition a gerund ("by raising")
        return _verb_before(before) or before in PRONOUNS or before in PREPOSITIONS \
            or before in _POST_MODIFIER or before == ","
    return not (before in _DETERMINERS or before.endswith("'s") or is_upper(t.words[h - 1][:1]))


def _description_after(t: Tokens, c0: int, c1: int) -> int | None:
    """The head of a description right after a cue that follows a quotation, ending the sentence
    or followed by a comma, "who" or a preposition, when the model found no source ('"...,"
    said a longtime data expert who has worked for ...'; "said a top aide to the governor":
    aide): its last word before that, a lower-case noun."""
    words, lower = t.words, t.lower
    n = len(words)
    if c1 + 2 >= n or (lower[c1 + 1] not in _ARTICLES and lower[c1 + 1] != "one"):
        return None
    if c0 < 1 or words[c0 - 1] not in _QUOTE_MARKS:
        return None  # only a cue right after a quotation: '"...," said a ...'
    for k in range(c1 + 2, min(n, c1 + 9) + 1):
        if k == n or lower[k] in _DESCRIPTION_ENDS or lower[k] in PREPOSITIONS:
            j = k - 1
            ok = j > c1 + 1 and words[j].isalpha() and words[j].islower()
            return j if ok and lower[j] not in NON_HEADS else None
        if not words[k][:1].isalnum():
            return None
    return None


def _according_to_head(t: Tokens, c0: int, c1: int) -> int | None:
    """The head of the phrase after "according to" when the model found no source and no cue
    before it did: its last word, when the phrase ends the sentence or clause (a comma, a
    sentence mark) or a participle follows it, within seven words ("according to federal
    statistics": statistics; "a joint communique signed by ...": communique). "According to"
    names its source right after it, whatever the source is; the model, trained on sources
    that are mostly people, scores documents and figures there too low. Not a phrase going on
    past a preposition or time word ("according to the international price of gold",
    "according to its quality and distance from main markets": a rule, no source; "a report
    Tuesday from WKOW": the rest would be left a claim of its own), nor after another source's
    cue ("X said the plan could raise Y according to Z's projections": X's)."""
    words, lower = t.words, t.lower
    n = len(words)
    if lower[c0] != "according" or c1 != c0 + 1:
        return None
    last = -1
    for k in range(c1 + 1, min(n, c1 + 8)):
        w = words[k]
        if (last >= 0 and lower[k].endswith("ed")) or w in _CLAUSE_MARKS:
            break
        if not w[:1].isalnum() or lower[k] in _DESCRIPTION_ENDS or lower[k] in PREPOSITIONS \
                or lower[k] in _TRAILING:
            return None
        last = k
    else:
        if c1 + 8 < n:
            return None  # the phrase goes on past seven words
    if last < 0 or lower[last] in NON_HEADS or lower[last] in _ARTICLES \
            or not is_alpha(words[last][:1]):
        return None
    return last


_CLAUSE_MARKS: Final = frozenset(", . ; ? !".split())


def _likely_source(model: AttributionModel, t: Tokens, h: int, p: float) -> bool:
    """Whether the source head h of a weak cue is likely enough to name a speaker: at least the
    probability that ends the source search, and a word of the source lexicon or a capitalised
    word inside the sentence (not "the move has raised alarm", nor "Failure to counter ...")."""
    return p >= model.source_stop and (t.lower[h] in model.heads
                                       or (h > 0 and is_upper(t.words[h][:1])))


# A cue's tokens, source head, phrase, name and role tokens, and the head word's token (-1 and
# empty lists: no source).
Chunk = tuple[int, int, int, int, int, list[int], list[int], int]


def modified_subject(t: Tokens, s0: int, s1: int, c0: int, heads: frozenset[str]) -> int | None:
    """The subject a clause modifies, when the source phrase [s0, s1] right before the cue sits in
    a relative or participle clause after it ("those who back her opponents say": those;
    "Republican activists clamoring to block Trump from the nomination say": activists; "a memo
    seen by Reuters said": memo): the candidate head right before the nearest "who", "that" or
    -ing word to the left, or before a past participle followed by "by", with no comma or other
    clause mark between."""
    words, lower = t.words, t.lower
    if any(not passed_over(lower[k]) for k in range(s1 + 1, c0)):
        return None  # not the cue's subject
    for r in range(s0 - 1, max(0, s0 - 12), -1):
        w = lower[r]
        if not words[r][:1].isalnum() or w in _CLAUSE_END:
            return None
        if w in ("who", "that") or (w.endswith("ing") and w.isalpha() and w not in NON_HEADS
                                    and words[r].islower()):
            k = r - 1
            return k if lower[k] in QUANTIFIERS or is_candidate(words, lower, k, heads) else None
        if w == "by" and r >= 2 and _participle(words[r - 1]):
            k = r - 2  # "residents interviewed by Reuters said": residents, not Reuters
            if lower[k] in QUANTIFIERS or is_candidate(words, lower, k, heads):
                return k  # else look on ("Officials who were briefed by the Pentagon said")
    return None


_IRREGULAR_PARTICIPLES: Final = frozenset(
    "seen made held led run written done given taken shown known paid sent won built cited "
    "put read heard found kept brought bought told".split())


def _participle(word: str) -> bool:
    """A lower-case past participle ("released", "seen", "written")."""
    return word.isalpha() and word.islower() and (
        word.endswith("ed") or word in _IRREGULAR_PARTICIPLES)


def _qualifier_end(t: Tokens, h: int, c0: int) -> int:
    """The last token of a prepositional phrase that qualifies the source noun h and runs to its
    cue ("People with knowledge of the talks said", "Analysts at the bank said"), passed-over
    words before the cue left out; 0 when none does: a comma, a figure, a time word, an
    auxiliary, a verb's -ing form, another preposition ("in response to"), "here", or more than
    eight words between; nor one ending in a determiner or a preposition."""
    lower = t.lower
    end = c0 - 1
    while end > h and passed_over(lower[end]):
        end -= 1
    if end <= h + 1 or end - h > 8 or lower[h + 1] not in _QUALIFYING \
            or lower[end] in _DETERMINERS or lower[end] in PREPOSITIONS:
        return 0
    for k in range(h + 1, end + 1):
        w = lower[k]
        if not is_alpha(t.words[k][:1]) or passed_over(w) or w in _NOT_QUALIFYING or (
                w in PREPOSITIONS and w not in _QUALIFYING) or (
                w.endswith("ing") and is_lower(t.words[k][:1])):  # "in Beijing" stays
            return 0
    return end


def _chunk(model: AttributionModel, t: Tokens, c0: int, c1: int, h: int) -> Chunk:
    """The attribution chunk of the cue [c0, c1] with source head h: the source phrase grown
    from the head (`source_phrase`, climbing a modifier to its noun: `modified_noun`, or a
    clause to the subject it modifies: `modified_subject`)."""
    s0, s1, name, role = source_phrase(t, h)
    if h > c1 and s1 == h and is_lower(t.words[h][:1]) and (end := _compound_end(t, h)) > h:
        s1, name = end, [*name, *range(h + 1, end + 1)]  # "said one former campaign staffer."
        role = [end] if t.lower[end] in TITLES else []  # "official figures": no "official"
    if s1 < c0 and not pronoun_head(t, h) \
            and (y := modified_subject(t, s0, s1, c0, model.heads)) is not None:
        h = y
        s0, s1, name, role = source_phrase(t, h)
    if s1 < c0 and is_upper(t.words[h][:1]) and not pronoun_head(t, h) \
            and (x := modified_name(t, s0, model.first_names)) is not None:
        x0, _x1, xname, xrole = source_phrase(t, x)
        if t.lower[x] in ORG_WORDS:  # "the Commission on Presidential Debates": one name
            name = [k for k in range(xname[0], s1 + 1) if t.words[k][:1].isalnum()]
        else:  # "Mr. Morgan of the Sierra Club": Morgan
            name = xname
        h, s0, role = x, x0, xrole
    if s0 <= c1 and s1 >= c0:  # the phrase ran into the cue: the head alone
        s0 = s1 = h
        name, role = [h], []
    head = name[-1] if name else h
    if s1 == h < c0 and t.lower[h] in model.heads and (tail := _qualifier_end(t, h, c0)):
        s1, name = tail, [k for k in range(s0, tail + 1)
                          if k > s0 or t.lower[k] not in _DETERMINERS]
    d0 = _descriptor_start(t, s0)
    if s1 < c0 and not pronoun_head(t, h) and "," not in t.words[s0:s1 + 1] \
            and (x := modified_noun(t, d0, model.heads)) is not None:
        x0, _x1, _xname, xrole = source_phrase(t, x)
        if t.lower[x] in TITLES:  # "a spokesman for USAir": USAir, spokesman
            s0, role = x0, sorted({*xrole, x, *role})
        else:  # "members of the party", "a survey by Pew": the phrase from its noun ("a study
            # by the watchdog group Media Matters": "study by Media Matters")
            name = [k for k in range(x0, s1 + 1) if (k > x0 or t.lower[k] not in _DETERMINERS)
                    and not d0 <= k < s0]
            if len(name) > _LONGEST_CLIMB:
                name = [k for k in range(x0, x + 1) if k > x0 or t.lower[k] not in _DETERMINERS]
            h, s0, role, head = x, x0, xrole, x
    a = s0 - 1 if s0 >= 3 and t.lower[s0 - 1] in _ALSO else s0
    if s1 < c0 and a >= 2 and t.lower[a - 1] == "and" and is_lower(t.words[h][:1]) \
            and (t.lower[s0] in _THEIRS or t.lower[s0] in QUANTIFIERS) \
            and (t.lower[h] == "others" or not pronoun_head(t, h)):
        # "Edwards and others said", "Mrs. Clinton and her campaign", "Mr. Xi and other
        # leaders", "Politicians and even some technologists", "She and her aides": the one
        # named first ("others" alone names nobody; "X and those describing ..." are other
        # people), not a common noun opening the sentence ("Analysts and other economists")
        if t.lower[a - 2] in _FIRST_PRONOUNS:
            return c0, c1, a - 2, a - 2, s1, [a - 2], [], a - 2
        first = _conjunct(t, a - 2, True, model.heads) or _conjunct(t, a - 2, False, model.heads)
        if first and not (first[0] == 0 and len(first[1]) == 1 and t.lower[0] in model.heads) \
                and (first[0] == 0 or t.lower[first[0] - 1] not in _POST_MODIFIER):
            # (not a name that modifies a noun: "A senior official of Drexel Burnham Lambert
            # Inc and his father")
            role = _role_words(t, first[0], first[1][0])  # "President Barack Obama and ..."
            return c0, c1, first[1][-1], first[0], s1, first[1], role, first[1][-1]
    if s1 < c0 and s0 >= 2 and t.lower[s0 - 1] == "and" and not pronoun_head(t, h) \
            and (first := _conjunct(t, s0 - 2, is_upper(t.words[h][:1]), model.heads)):
        if all(t.lower[k] in HONORIFICS or not t.words[k][:1].isalnum()
               for k in range(s0, name[0] if name else s0)):
            name = first[1] + [s0 - 1] + name  # "France and Germany", "Mr. X and Mr. Y": both
        elif is_upper(t.words[s0][:1]):
            # "Securities and Exchange Commission Chairman John Shad": the role's
            role = _role_words(t, first[0], s0) + role
        elif name and is_upper(t.words[h][:1]) and is_upper(t.words[first[1][-1]][:1]):
            # "Hillary Clinton and former Maryland Gov. Martin O'Malley": both names, no role;
            # a lower-case phrase is never the role ("Inc and his father", "senator and")
            name, role = first[1] + [s0 - 1] + name, []
        s0 = first[0]
    return c0, c1, h, s0, s1, name, role, head


def _conjunct(t: Tokens, k: int, named: bool, heads: frozenset[str]
              ) -> tuple[int, list[int]] | None:
    """The phrase ending at token k that is the first conjunct of a source "X and Y" (its first
    token and its name's tokens): a capitalised name before a named source ("Mr. Grassley and
    Mr. Leahy said"), a word that may head a source before a common noun's ("Analysts and
    economists said"); else None."""
    word, low = t.words[k], t.lower[k]
    if low in NON_HEADS or low in PRONOUNS or low in QUANTIFIERS:
        return None
    if named:
        if not is_upper(word[:1]):
            return None
        a, b, name, _ = _name_phrase(t, k)
        # capitalised words ("Minister of Energy": no "of") and a "for" inside an organisation's
        # name ("Organisation for Economic Cooperation and Development")
        name = [j for j in name if is_upper(t.words[j][:1]) or t.lower[j] == "for"]
        return (a, name) if b == k and name else None
    return (k, [k]) if low in heads else None


def _found(t: Tokens, chunk: Chunk, cs: int, ce: int, is_quote: bool, weak: bool = False
           ) -> Found:
    """The attribution of a chunk with its content [cs, ce)."""
    c0, c1, h, s0, s1, name, role, head = chunk
    k = _cue_word(t, c0, c1)
    cue_start, cue_end = t.start(k), t.end(c1)
    f = Found(" ".join(t.text[cue_start:cue_end].split()), cue_start, cue_end, cs, ce, is_quote,
              weak)
    if h >= 0:
        f.source_start, f.source_end = t.start(s0), t.end(s1)
        f.surface = t.text[f.source_start:f.source_end]
        f.head = t.words[head]
        f.pronoun = pronoun_head(t, head)
        f.name = _join(t, name)
        f.role = _join(t, role)
    return f


def _attributions(t: Tokens, chunks: list[Chunk], quotes: list[tuple[int, int]]
                  ) -> list[Found]:
    """The attributions of a sentence's chunks, each with its content (`content_span`)."""
    text = t.text
    n = len(t.words)
    out: list[Found] = []
    last = len(chunks) - 1
    for idx, chunk in enumerate(chunks):
        c0, c1, h, s0, s1 = chunk[0], chunk[1], chunk[2], chunk[3], chunk[4]  # no starred list
        a0, a1 = (c0, c1) if h < 0 else (min(c0, s0), max(c1, s1))
        lo, hi = 0, n  # the region between the attributions before and after (their sources
        if idx:        # count where they lie beyond this one's: two cues may share a source)
            p = chunks[idx - 1]
            lo = min(max(p[1], p[4] if p[4] < a0 else p[1]) + 1, a0)
        if idx < last:
            p = chunks[idx + 1]
            hi = max(min(p[0], p[3] if p[3] > a1 else p[0]), a1 + 1)
        if idx < last and c0 <= 1 and t.lower[c0] == "according" \
                and t.lower[_cue_word(t, chunks[idx + 1][0], chunks[idx + 1][1])] not in _SAYS:
            # an opening "According to X," governs the whole sentence, a next attribution in it
            # too unless that one says something ("According to the ministry, the talks focused
            # on ...": the ministry's; "According to Reuters, Smith said ...": Smith's)
            hi = chunks[idx + 2][0] if idx + 1 < last else n
        # a second cue of the same source says what follows it, not the quotation before both
        # ('"A," the governor said, adding that B': B; 'X said ..., and added: "C"': C)
        said = [q for q in quotes if q[0] >= t.end(c1)] \
            if idx and h >= 0 and h == chunks[idx - 1][2] else quotes
        cs, ce, is_quote = content_span(t, a0, a1, lo, hi, said, h >= 0, h > c1)
        empty = ce <= cs
        if idx < last and not is_quote and (cs >= t.end(a1) or empty) and not any(
                w in _CLAUSE_END for w in t.lower[a1 + 1:hi]):
            # the next attribution, in the same clause, is inside this one's content: it runs on
            # over it, from where it starts ("X said Y told Z that W": "Y told Z that W"; "X
            # said his survey showed W", where nothing stands between the two)
            nxt = chunks[idx + 2][0] if idx + 1 < last else n
            cs2, ce2, _ = content_span(t, a0, a1, lo, max(nxt, hi), said, h >= 0, h > c1)
            if cs2 == cs:
                ce = ce2
            elif empty and cs2 >= t.end(a1) and not _owner(t, chunks[idx + 1][2]):
                cs, ce = cs2, ce2
        if ce <= cs or (not is_quote and len(text[cs:ce].split(maxsplit=2)) < 2):
            continue
        out.append(_found(t, chunks[idx], cs, ce, is_quote))
    return out
