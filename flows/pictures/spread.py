"""A claim's spread over time: each mention a mark on a date axis, one row and one colour per
independent source (a family of copies), filled where the date is the document's publication
time and hollow where it is only the time claimtrail ingested it (the document gave no date;
Media Cloud and GDELT draw the same distinction), so an early-looking ingest time is not read
as a first publication.

Readable over any span: when most of the time axis would be empty (documents published years
ago, ingested today), it is broken in two parts. Readable with many mentions: at most MAX_ROWS
rows (the earliest sources; the rest share a last
row, keeping their colours); mentions of one row at one spot are stacked a little apart and
counted (×N) when there are more than STACK; labels are cut to their room with the full text as
a tooltip."""

import itertools
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

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
SPLIT = 0.75  # an empty stretch over this share of the time axis breaks it in two
MIN_GAP = timedelta(days=7)  # and over this
BREAK = 22  # pixels between the two parts


def families(mentions: Sequence[Mention]) -> list[str]:
    """The independent sources (family ids) of the mentions, earliest seen first."""
    first: dict[str, tuple[datetime, str]] = {}
    for m in mentions:
        key = (as_utc(m.seen_at), m.source_uri)
        if m.family_id not in first or key < first[m.family_id]:
            first[m.family_id] = key
    return sorted(first, key=lambda f: (first[f], f))


@dataclass(frozen=True)
class AxisPart:
    """A stretch of time drawn from x0 to x1: its mentions run from `first` to `last`, the
    stretch is padded a little either side."""

    first: datetime
    last: datetime
    x0: float
    x1: float

    @property
    def span(self) -> tuple[datetime, datetime]:
        """The time drawn: the mentions' stretch, padded by 4% (at least 12 hours) each side."""
        pad = max((self.last - self.first) * 0.04, timedelta(hours=12))
        return self.first - pad, self.last + pad

    def x(self, when: datetime) -> float:
        """Where a time falls."""
        lo, hi = self.span
        return scale((lo.timestamp(), hi.timestamp()), (self.x0, self.x1))(when.timestamp())


def axis_parts(times: Sequence[datetime], x0: float, x1: float) -> list[AxisPart]:
    """The date axis over `times`, in two parts when most of it would be empty: when the
    longest stretch without a mention is over SPLIT of the whole (and over MIN_GAP), as when
    documents published years ago were ingested today, or one early outlier. Each part gets a
    width by its length, between 30% and 70%."""
    times = sorted(set(times)) or [datetime.now(UTC)]
    lo, hi = times[0], times[-1]
    gap, at = max(((b - a, i) for i, (a, b) in enumerate(itertools.pairwise(times))),
                  default=(timedelta(0), 0))
    if gap <= max((hi - lo) * SPLIT, MIN_GAP):
        return [AxisPart(lo, hi, x0, x1)]
    left, right = times[at] - lo, hi - times[at + 1]
    share = left / (left + right) if left + right else 0.5
    width = x1 - x0 - BREAK
    middle = x0 + width * min(max(share, 0.3), 0.7)
    return [AxisPart(lo, times[at], x0, middle), AxisPart(times[at + 1], hi, middle + BREAK, x1)]


def _axis_part(part: AxisPart, top: float, bottom: float, full_width: float,
               with_year: bool) -> str:
    """An axis part: its line, and grid lines and labels at round dates (as many as its width
    holds), each label kept inside the part; `with_year` adds the year to labels without one
    (the parts of a broken axis in different years)."""
    lo, hi = part.span
    out = [el("line", x1=part.x0 - 4, x2=part.x1 + 4, y1=bottom, y2=bottom, stroke=MUTED)]
    count = max(2, round(6 * (part.x1 - part.x0) / full_width))
    for when, tick in date_ticks(lo, hi, count):
        tick = tick if not with_year or str(when.year) in tick else f"{tick} {when.year}"
        x = part.x(when)
        out.append(el("line", x1=x, x2=x, y1=top, y2=bottom + 4, stroke=RULE))
        room = len(tick) * FONT_SIZE * CHAR_EM / 2
        anchor = ("end" if x + room > part.x1 + 12 else
                  "start" if x - room < part.x0 - 12 else "middle")
        out.append(el("text", esc(tick), x=x, y=bottom + 18, text_anchor=anchor, fill=MUTED))
    return el("g", "".join(out), class_="axis-part")


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
    parts = axis_parts([as_utc(m.seen_at) for m in mentions], LEFT + 10, WIDTH - RIGHT)

    def x_of(when: datetime) -> float:
        part = next((p for p in parts if when <= p.last), parts[-1])
        return part.x(when)

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

    # the date axis, in one or two parts: grid lines and round dates
    years = len({p.first.year for p in parts} | {p.last.year for p in parts}) > 1
    for part in parts:
        out.append(_axis_part(part, plot_top, plot_bottom, WIDTH - RIGHT - LEFT,
                              years and len(parts) > 1))
    if len(parts) == 2:  # the break: two slanted strokes on the axis between the parts
        x = (parts[0].x1 + parts[1].x0) / 2
        out.append(el("path", d=f"M{x - 5:.1f},{plot_bottom + 5} L{x - 1:.1f},{plot_bottom - 5} "
                      f"M{x + 1:.1f},{plot_bottom + 5} L{x + 5:.1f},{plot_bottom - 5}",
                      stroke=MUTED, stroke_width=1.5, class_="axis-break"))

    # the mentions, stacked where they fall on one spot of a row
    spots: dict[tuple[int, int], int] = {}
    for m in mentions:
        row = row_of.get(m.family_id, len(shown))
        x = x_of(as_utc(m.seen_at))
        spot = (row, round(x / (2 * RADIUS)))
        k = spots[spot] = spots.get(spot, 0) + 1
        cy = plot_top + row * ROW + ROW / 2 + _DODGE[(k - 1) % len(_DODGE)]
        out.append(_mark(x, cy, m, colour[m.family_id]))
    counted: dict[int, list[float]] = {}  # the counts drawn on each row, largest first
    for (row, slot), k in sorted(spots.items(), key=lambda kv: -kv[1]):
        x = slot * 2 * RADIUS + RADIUS + 4
        if k > STACK and all(abs(x - other) > 30 for other in counted.get(row, [])):
            counted.setdefault(row, []).append(x)
            out.append(el("text", f"×{k}", x=x, y=plot_top + row * ROW + ROW / 2 + 4,
                          font_size=10, fill=MUTED, class_="stack-count"))

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
