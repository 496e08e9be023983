"""A claim's spread over time: each mention a mark on a date axis, one row and one colour per
independent source (a family of copies), filled where the date is the document's publication
time and hollow where it is only the time claimtrail ingested it (the document gave no date;
Media Cloud and GDELT draw the same distinction), so an early-looking ingest time is not read
as a first publication.

Readable with many mentions: at most MAX_ROWS rows (the earliest sources; the rest share a last
row, keeping their colours); mentions of one row at one spot are stacked a little apart and
counted (×N) when there are more than STACK; labels are cut to their room with the full text as
a tooltip."""

from collections.abc import Sequence
from datetime import datetime, timedelta

from flows.pictures.queries import Mention
from flows.pictures.svg import (
    CHAR_EM,
    FONT_SIZE,
    MUTED,
    RULE,
    as_utc,
    clip,
    colours,
    date_ticks,
    document,
    el,
    esc,
    fits,
    label,
    plural,
    scale,
    title,
)

WIDTH = 760
LEFT = 200  # row labels
RIGHT = 24
HEAD = 46  # claim and counts
ROW = 22
AXIS = 30
LEGEND = 22
MAX_ROWS = 15
RADIUS = 4.5
STACK = 3  # marks stacked at one spot before they are counted
_DODGE = (0.0, -5.0, 5.0)



def families(mentions: Sequence[Mention]) -> list[str]:
    """The independent sources (family ids) of the mentions, earliest seen first."""
    first: dict[str, tuple[datetime, str]] = {}
    for m in mentions:
        key = (as_utc(m.seen_at), m.source_uri)
        if m.family_id not in first or key < first[m.family_id]:
            first[m.family_id] = key
    return sorted(first, key=lambda f: (first[f], f))


def _row_label(members: Sequence[Mention], limit: int) -> tuple[str, str]:
    """A row's label in `limit` characters (its earliest document: publisher or file, cut if
    need be, then how many copies it has) and the tooltip naming its documents."""
    docs: dict[str, Mention] = {}
    for m in members:
        docs.setdefault(m.doc_id, m)
    first = next(iter(docs.values()))
    copies = (f" +{len(docs) - 1} copies" if len(docs) > 2 else
              " +1 copy" if len(docs) == 2 else "")
    tip = "\n".join(f"{m.source_name}: {m.title or m.source_uri}" for m in docs.values())
    return clip(first.source_name, limit - len(copies)) + copies, tip


def _mark(x: float, y: float, m: Mention, colour: str) -> str:
    when = as_utc(m.seen_at)
    how = "published" if m.published else "ingested (no publication date)"
    tip = (f"{when:%Y-%m-%d %H:%M} UTC, {how}\n{m.source_name}"
           f"{': ' + m.title if m.title else ''}\n{' '.join(m.text.split())[:300]}")
    return el("circle", title(tip), cx=x, cy=y, r=RADIUS,
              class_="mention " + ("published" if m.published else "ingest"),
              data_family=m.family_id, fill=colour if m.published else "#fff", stroke=colour,
              stroke_width=1.0 if m.published else 2.0)


def spread_svg(text: str, mentions: Sequence[Mention], n_mentions: int | None = None,
               standalone: bool = True) -> str:
    """The spread picture of a claim (`text`) from its mentions. `n_mentions` is how many it
    has in all, when only the earliest were fetched."""
    order = families(mentions)
    colour = colours(order)
    shown = order[:MAX_ROWS] if len(order) <= MAX_ROWS else order[: MAX_ROWS - 1]
    row_of = {f: i for i, f in enumerate(shown)}
    n_rows = len(shown) + (len(order) > len(shown))
    plot_top, plot_bottom = HEAD, HEAD + n_rows * ROW
    height = plot_bottom + AXIS + LEGEND + 8
    times = [as_utc(m.seen_at) for m in mentions] or [datetime.now().astimezone()]
    lo, hi = min(times), max(times)
    pad = max((hi - lo) * 0.04, timedelta(hours=12))
    lo, hi = lo - pad, hi + pad
    x_of = scale((lo.timestamp(), hi.timestamp()), (LEFT + 10, WIDTH - RIGHT))

    n_docs = len({m.doc_id for m in mentions})
    total = n_mentions if n_mentions is not None else len(mentions)
    counts = (f"{plural(total, 'mention')} in {plural(n_docs, 'document')} from "
              f"{plural(len(order), 'independent source')}"
              + (f" (the first {len(mentions):,} drawn)" if total > len(mentions) else ""))
    out = [label(12, 18, text, WIDTH - 24, font_weight="bold"),
           el("text", esc(counts), x=12.0, y=36.0, fill=MUTED)]

    # rows: a light band each, the source's colour and name at the left
    for i in range(n_rows):
        y = plot_top + i * ROW
        if i % 2 == 0:
            out.append(el("rect", x=LEFT, y=y, width=WIDTH - RIGHT - LEFT + 6, height=ROW,
                          fill="#f5f5f5"))
        if i < len(shown):
            members = [m for m in mentions if m.family_id == shown[i]]
            text_, tip = _row_label(members, fits(LEFT - 34))
            out.append(el("rect", x=12, y=y + 6, width=10, height=10, fill=colour[shown[i]],
                          class_="swatch"))
            out.append(label(28, y + 15, text_, LEFT - 34, tip=tip))
        else:
            rest = order[len(shown):]
            out.append(label(28, y + 15, f"{plural(len(rest), 'other source')}", LEFT - 34,
                             fill=MUTED))

    # the date axis: grid lines and round dates
    for when, tick in date_ticks(lo, hi):
        x = x_of(when.timestamp())
        out.append(el("line", x1=x, x2=x, y1=plot_top, y2=plot_bottom + 4, stroke=RULE))
        room = len(tick) * FONT_SIZE * CHAR_EM / 2
        anchor = "end" if x + room > WIDTH else "start" if x - room < LEFT else "middle"
        out.append(el("text", esc(tick), x=x, y=plot_bottom + 18, text_anchor=anchor,
                      fill=MUTED))
    out.append(el("line", x1=LEFT, x2=WIDTH - RIGHT + 6, y1=plot_bottom, y2=plot_bottom,
                  stroke=MUTED))

    # the mentions, stacked where they fall on one spot of a row
    spots: dict[tuple[int, int], int] = {}
    for m in mentions:
        row = row_of.get(m.family_id, len(shown))
        x = x_of(as_utc(m.seen_at).timestamp())
        spot = (row, round(x / (2 * RADIUS)))
        k = spots[spot] = spots.get(spot, 0) + 1
        cy = plot_top + row * ROW + ROW / 2 + _DODGE[(k - 1) % len(_DODGE)]
        out.append(_mark(x, cy, m, colour[m.family_id]))
    for (row, slot), k in spots.items():
        if k > STACK:
            out.append(el("text", f"×{k}", x=slot * 2 * RADIUS + RADIUS + 4,
                          y=plot_top + row * ROW + ROW / 2 + 4, font_size=10, fill=MUTED,
                          class_="stack-count"))

    # the legend
    y = height - 14
    out.append(el("circle", cx=18, cy=y - 4, r=RADIUS, fill=MUTED, stroke=MUTED, class_="key"))
    out.append(el("text", "publication date", x=28.0, y=float(y), fill=MUTED))
    out.append(el("circle", cx=148, cy=y - 4, r=RADIUS, fill="#fff", stroke=MUTED,
                  stroke_width=2.0, class_="key"))
    out.append(el("text", "ingest time (no date in the document)", x=158.0, y=float(y),
                  fill=MUTED))
    out.append(el("text", "a row and colour: one independent source", x=430.0, y=float(y),
                  fill=MUTED))
    return document(WIDTH, height, "".join(out), f"Spread over time: {text}", standalone)
