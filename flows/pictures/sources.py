"""The sources behind a claim: its documents grouped into their families of copies (near-copies
and one publisher's documents count once), so "3 sources" can be seen to be three independent
reports or one wire story printed three times. One band per independent source, in the colour
the spread picture gives it; in it one row per document: when it was seen (filled: published,
hollow: ingested), its publisher or file, its title, how it joined the family and how many
mentions of the claim it holds.

Readable with many documents: at most MAX_FAMILIES bands and MAX_DOCS rows in a band; the
rest are counted in a last row."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from flows.pictures.queries import Mention
from flows.pictures.spread import families
from flows.pictures.svg import MUTED, as_utc, colours, document, el, esc, label, plural, title

WIDTH = 760
HEAD = 48
ROW = 20
GAP = 8
PAD = 6
MAX_FAMILIES = 15
MAX_DOCS = 6
# columns of a document row: mark, date, source, title, how it joined, mentions
_MARK, _DATE, _SOURCE, _TITLE, _REASON, _COUNT = 134, 144, 228, 390, 596, 744


@dataclass(frozen=True)
class SourceDocument:
    """A document holding mentions of the claim."""

    doc_id: str
    family_id: str
    seen_at: datetime
    published: bool
    source_name: str
    title: str
    source_uri: str
    reason: str
    n_mentions: int


def documents(mentions: Sequence[Mention]) -> list[SourceDocument]:
    """The documents of the mentions, earliest seen first, with their mention counts."""
    first: dict[str, Mention] = {}
    n: dict[str, int] = {}
    for m in mentions:
        first.setdefault(m.doc_id, m)
        n[m.doc_id] = n.get(m.doc_id, 0) + 1
    docs = [SourceDocument(m.doc_id, m.family_id, as_utc(m.seen_at), m.published, m.source_name,
                           m.title or "", m.source_uri, m.reason, n[m.doc_id])
            for m in first.values()]
    return sorted(docs, key=lambda d: (d.seen_at, d.source_uri))


def reason_text(reason: str) -> str:
    """How a document joined its family, in two words: original (the family's first by run
    order), near-copy (0.83), same publisher."""
    if reason.startswith("near-copy"):
        score = reason.rsplit(" ", 1)[-1].rstrip(")")
        return f"near-copy ({score})"
    if reason.startswith("same publisher"):
        return "same publisher"
    return reason



def _document_row(y: float, d: SourceDocument, colour: str) -> str:
    tip = f"{d.source_uri}\n{d.reason}"
    mark = el("circle", cx=_MARK, cy=y - 4, r=4.5, fill=colour if d.published else "#fff",
              stroke=colour, stroke_width=1.0 if d.published else 2.0)
    date = el("text", esc(f"{d.seen_at:%Y-%m-%d}"), x=_DATE, y=y,
              fill=None if d.published else MUTED)
    cells = [
        mark, date,
        label(_SOURCE, y, d.source_name, _TITLE - _SOURCE - 8, tip=d.source_uri),
        label(_TITLE, y, d.title or "(no title)", _REASON - _TITLE - 8,
              fill=None if d.title else MUTED),
        label(_REASON, y, reason_text(d.reason), _COUNT - _REASON - 28, tip=d.reason,
              fill=MUTED),
        el("text", esc(f"×{d.n_mentions}"), x=_COUNT, y=y, text_anchor="end", fill=MUTED),
    ]
    return el("g", title(tip) + "".join(cells), class_="document", data_doc=d.doc_id,
              data_family=d.family_id)


def sources_svg(text: str, mentions: Sequence[Mention], standalone: bool = True) -> str:
    """The sources picture of a claim (`text`) from its mentions."""
    docs = documents(mentions)
    order = families(mentions)
    colour = colours(order)
    shown = order[:MAX_FAMILIES] if len(order) <= MAX_FAMILIES else order[: MAX_FAMILIES - 1]
    headline = (f"{plural(len(docs), 'document')} → "
                f"{plural(len(order), 'independent source')}")
    out = [label(12, 18, text, WIDTH - 24, font_weight="bold"),
           el("text", esc(headline), x=12.0, y=38.0, font_size=14, font_weight="bold",
              class_="headline"),
           el("text", "copies of one story, and one publisher's documents, count once",
              x=float(WIDTH - 12), y=38.0, text_anchor="end", fill=MUTED)]
    y = float(HEAD)
    for i, family in enumerate(shown, start=1):
        members = [d for d in docs if d.family_id == family]
        rows = members[:MAX_DOCS] if len(members) <= MAX_DOCS else members[: MAX_DOCS - 1]
        height = (len(rows) + (len(members) > len(rows))) * ROW + 2 * PAD
        band = [el("rect", x=8, y=y, width=WIDTH - 16, height=height, rx=6, fill=colour[family],
                   fill_opacity=0.09, stroke=colour[family]),
                el("rect", x=8, y=y, width=6, height=height, rx=3, fill=colour[family]),
                el("text", f"source {i}", x=22.0, y=y + PAD + 14, font_weight="bold",
                   fill=colour[family])]
        if len(members) > 1:  # a family of copies: how many, under its name
            band.append(el("text", esc(plural(len(members), "document")), x=22.0,
                           y=y + PAD + 14 + ROW, fill=MUTED, class_="copies"))
        for k, d in enumerate(rows):
            band.append(_document_row(y + PAD + 14 + k * ROW, d, colour[family]))
        if len(members) > len(rows):
            band.append(el("text", esc(f"… and {len(members) - len(rows):,} more copies"),
                           x=float(_DATE), y=y + PAD + 14 + len(rows) * ROW, fill=MUTED,
                           class_="more"))
        out.append(el("g", "".join(band), class_="family", data_family=family))
        y += height + GAP
    if len(order) > len(shown):
        rest = [d for d in docs if d.family_id not in set(shown)]
        more = plural(len(order) - len(shown), "more independent source")
        out.append(el("text", esc(f"… and {more} ({plural(len(rest), 'document')})"),
                      x=22.0, y=y + 14, fill=MUTED, class_="more"))
        y += ROW + GAP
    return document(WIDTH, y + 4, "".join(out), f"Sources behind: {text}", standalone)
