"""How grouping compares figures held as columns: which numbers are figures at all, each figure's
kind of quantity, and how the figures of two claims relate (the same, or a veto).

Figures come from extraction (claims.figures). Grouping (clustering and disputes) reads them
through `precise_figures`, which leaves out what states no comparable value: vague counts
("thousands of"), small spelled-out numbers ("two"), dates ("16 December") and numbers inside
names and codes ("S&P 500", "Boeing 747", a "865G" chipset, "No. 1"). The decision is made here,
at grouping, where each figure is read against its claim's text: extraction keeps every number it
finds, with its offsets, so an analyst still sees them.
"""

import re
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from tasks.group.columns import ragged_arange
from tasks.group.terms import quantity
from tasks.text.lexicon import VAGUE_COUNTS

# Qualifiers of counts too vague to match or dispute on ("thousands of").
VAGUE_QUALIFIERS = pa.array(sorted(VAGUE_COUNTS))
_PEOPLE = frozenset("troop people person civilian resident citizen".split())
_MONTHS = frozenset("jan feb mar apr may jun jul aug sep sept oct nov dec january february march "
                    "april june july august september october november december".split())
# a capitalised word, an all-capitals code or a name sign right before the number
_NAME_BEFORE = re.compile(r"(?:[A-Z][\w&.'-]*|No\.|#)$")
_OWN_UNIT = re.compile(r"[$£€¥%]|\d\s*(?:thousand|million|mln|billion|bln|bn|trillion|m|b)\b",
                       re.IGNORECASE)
# capitalised words that lead a count rather than name something ("Some 500", "About 40")
_LEADS = frozenset("some about around nearly almost over under only just more less fewer at "
                   "up by to from than another all the a an and or of in on for with".split())


def figure_kind(unit: str | None) -> str:
    """The kind of quantity a figure counts: its unit's head noun, stemmed; a people count
    (troops, soldiers, civilians, a demonym such as "North Koreans") is `people`; a bare number
    (no unit) is its own kind, ""."""
    if not unit:
        return ""
    last = unit.split()[-1]
    if last[:1].isupper() and last.endswith("s") and len(last) > 3:
        return "people"
    kind = quantity(unit) or ""
    return "people" if kind in _PEOPLE else kind


def is_name_number(before: str, text: str, after: str, unit: str | None) -> bool:
    """Whether a number is part of a name, code or date rather than a figure: glued to a capital
    letter or a code sign after it ("865G", "US30YT=RR"); a day before a month ("16 December");
    or written right after a capitalised word or a name sign ("S&P 500", "Boeing 747", "Flight
    93", "No. 1") with no currency, percent or scale of its own and no lower-case counted noun
    ("Boeing 747 jets" is a count). A capitalised word that leads a count ("Some 500", "About
    40"), a month ("March 3") or the claim's first word ("Between 4,000 and ...") is no name."""
    if after[:1].isupper() or after[:1] == "=" or (after[:1] == "." and after[1:2].isalpha()):
        return True
    if unit and unit.split()[0].rstrip(".,").lower() in _MONTHS:
        return True
    if _OWN_UNIT.search(text) or not before.endswith(" ") or before.endswith("  "):
        return False
    stripped = before.rstrip()
    m = _NAME_BEFORE.search(stripped)
    if m is None or m.group(0).rstrip(".").lower() in _MONTHS | _LEADS:
        return False
    if not stripped[:m.start()].strip() and m.group(0) not in ("No.", "#"):
        return False  # the claim's first word: capitalised as any first word is
    return not (unit and unit[:1].islower() and unit not in ("index", "point", "points"))


@dataclass(frozen=True)
class Figures:
    """The precise figures of some claims, as columns: claim k's are first[k]:first[k + 1]."""

    first: np.ndarray  # int64, n + 1 offsets
    kind: np.ndarray  # int64 code into kinds ("" a bare number)
    low: np.ndarray  # float64: the value, or the low end of a range
    high: np.ndarray  # float64: the high end of a range (= low for a single value)
    kinds: list[str]

    @property
    def has(self) -> np.ndarray:
        """Whether each claim states a precise figure."""
        return np.diff(self.first) > 0

    def values(self, k: int) -> list[str]:
        """Claim k's figures as written in evidence (a range as low–high)."""
        return [f"{lo:g}" if lo == hi else f"{lo:g}–{hi:g}" for lo, hi in zip(
            self.low[self.first[k]:self.first[k + 1]].tolist(),
            self.high[self.first[k]:self.first[k + 1]].tolist(), strict=True)]


def precise_figures(claims: pa.Table,
                    kind_of: Callable[[str | None], str] = figure_kind) -> Figures:
    """The figures of claims (columns text, raw_start, figures) that state a comparable value
    (see the module's docstring), with their kind of quantity (kind_of their unit)."""
    figures = claims.column("figures")
    figures = figures.combine_chunks() if figures.num_chunks else pa.array([], figures.type)
    flat = pc.list_flatten(figures)
    owner = pc.list_parent_indices(figures).to_numpy(zero_copy_only=False).astype(np.int64)
    value = flat.field("value").to_numpy(zero_copy_only=False).astype(np.float64)
    keep = ~(pc.is_in(flat.field("qualifier"), value_set=VAGUE_QUALIFIERS)
             .to_numpy(zero_copy_only=False)
             | ((value < 10) & pc.utf8_is_alpha(flat.field("text")).to_numpy(
                 zero_copy_only=False)))
    units = flat.field("unit").to_pylist()
    # numbers written next to a capital letter, a sign or a month: read against the claim's text
    suspect = np.flatnonzero(keep)
    if len(suspect):
        texts = claims.column("text").take(pa.array(np.unique(owner[suspect])))
        text_of = dict(zip(np.unique(owner[suspect]).tolist(), texts.to_pylist(), strict=True))
        starts = claims.column("raw_start").to_numpy()
        at = (flat.field("raw_start").to_numpy(zero_copy_only=False) - starts[owner]).tolist()
        end = (flat.field("raw_end").to_numpy(zero_copy_only=False) - starts[owner]).tolist()
        for f in suspect.tolist():
            text = text_of[int(owner[f])]
            a, b = at[f], end[f]
            if 0 <= a <= b <= len(text) and is_name_number(
                    text[:a], text[a:b], text[b:b + 3], units[f]):
                keep[f] = False
    high = pc.coalesce(flat.field("value_high"), flat.field("value")).to_numpy(
        zero_copy_only=False).astype(np.float64)
    encoded = pc.dictionary_encode(flat.field("unit"))
    kinds_of_unit = [kind_of(u) for u in encoded.dictionary.to_pylist()]
    names = sorted({*kinds_of_unit, kind_of(None)})
    number = {k: n for n, k in enumerate(names)}
    code = np.array([number[k] for k in kinds_of_unit] + [number[kind_of(None)]], np.int64)
    kind = code[encoded.indices.fill_null(len(kinds_of_unit)).to_numpy(zero_copy_only=False)]
    n = len(figures)
    first = np.r_[0, np.cumsum(np.bincount(owner[keep], minlength=n))].astype(np.int64)
    return Figures(first, kind[keep], value[keep], high[keep], names)


def values_close(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Whether two numbers are the same value (within 1%), element-wise."""
    return np.abs(x - y) <= 0.01 * np.maximum(np.abs(x), np.abs(y))


def agree(la: np.ndarray, ha: np.ndarray, lb: np.ndarray, hb: np.ndarray) -> np.ndarray:
    """Whether two figures [la, ha] and [lb, hb] state one value, element-wise: the same value,
    or the same range (ranges compared as ranges: both ends within 1%). A single value inside a
    range states something else ("4,000 dead" is not "4,000 to 6,000 dead")."""
    return values_close(la, lb) & values_close(ha, hb)


@dataclass(frozen=True)
class Relation:
    """How the figures of pairs of claims relate, per pair."""

    same: np.ndarray  # figures of the first claim that the other states too (same kind, value)
    veto: np.ndarray  # for some kind, each claim states a value the other does not


def relation(f: Figures, i: np.ndarray, j: np.ndarray) -> Relation:
    """The figures of claims i[k] and j[k] compared. Two figures agree when they are of one kind
    and state one value (see agree). A pair is vetoed when, for some kind of quantity, each claim
    states a value of that kind the other does not: "3% and 5%" against "3% and 7%" is vetoed,
    "3% and 5%" against "3%" is not (the second is only less specific)."""
    n_a, n_b = np.diff(f.first)[i], np.diff(f.first)[j]
    same, veto = np.zeros(len(i)), np.zeros(len(i), bool)
    both = np.flatnonzero((n_a > 0) & (n_b > 0))
    if len(both) == 0:
        return Relation(same, veto)
    na, nb = n_a[both], n_b[both]
    pair = np.repeat(np.arange(len(both)), na * nb)
    k = ragged_arange(na * nb)
    a = f.first[i[both]][pair] + k // nb[pair]
    b = f.first[j[both]][pair] + k % nb[pair]
    one_kind = f.kind[a] == f.kind[b]
    agreed_pair = one_kind & agree(f.low[a], f.high[a], f.low[b], f.high[b])
    # per figure of each side: does a figure of its kind face it, and does one agree with it
    unmatched = []
    for side in (a, b):
        key = pair * (len(f.low) + 1) + side
        figure, at = np.unique(key, return_inverse=True)
        faced = np.bincount(at, one_kind, len(figure)) > 0
        agreed = np.bincount(at, agreed_pair, len(figure)) > 0
        lone = faced & ~agreed
        unmatched.append(np.unique((figure[lone] // (len(f.low) + 1)) * (len(f.kinds) + 1)
                                   + f.kind[figure[lone] % (len(f.low) + 1)]))
        if side is a:
            same[both] = np.bincount(figure[agreed] // (len(f.low) + 1), minlength=len(both))
    veto[both[np.intersect1d(unmatched[0], unmatched[1]) // (len(f.kinds) + 1)]] = True
    return Relation(same, veto)
