"""Figures in dispute on a number line: the claims that report different values for one kind of
quantity about one subject, one row each, on one axis. A single value is a dot, a range
(4,000–6,000) a bar, and a bound is an open end: "more than", "over", "at least" and vague
counts ("thousands") run on to the right edge, "less than", "under", "up to" to the left, so
"over 10,000" is not read as exactly 10,000. Values spanning more than LOG_RATIO are drawn on
a log scale."""

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from flows.pictures.queries import Dispute, FigureSide
from flows.pictures.svg import (
    CHAR_EM,
    FONT_SIZE,
    MUTED,
    RULE,
    clip,
    colours,
    document,
    el,
    esc,
    fits,
    label,
    log_ticks,
    nice_ticks,
    number_text,
    scale,
    title,
    wrap,
)
from tasks.text.lexicon import VAGUE_COUNTS

WIDTH = 760
LEFT = 290  # claim labels
RIGHT = 28
HEAD = 46
ROW = 46
AXIS = 30
LEGEND = 22
MAX_ROWS = 16
LOG_RATIO = 20.0
# Qualifiers (tasks/extract/figures.py) that make a figure a bound: the true value lies above
# (open to the right) or below (open to the left) the number written.
AT_LEAST = frozenset({"more than", "over", "just over", "at least", "above", *VAGUE_COUNTS})
AT_MOST = frozenset({"less than", "fewer than", "under", "just under", "below", "at most",
                     "up to", "as many as", "as much as"})


def open_end(qualifier: str | None) -> str | None:
    """Which way a figure's qualifier leaves it open: "right" (a lower bound), "left" (an upper
    bound) or None (a value, perhaps approximate)."""
    q = (qualifier or "").lower()
    return "right" if q in AT_LEAST else "left" if q in AT_MOST else None


@dataclass(frozen=True)
class Row:
    """A figure stated by one claim cluster (its mentions with the same figure together)."""

    side: FigureSide
    n_mentions: int

    @property
    def figure(self) -> str:
        """The figure as written, with its qualifier: "over 10,000"."""
        qualifier = self.side.qualifier
        text = self.side.figure_text
        if qualifier and qualifier not in VAGUE_COUNTS and not text.lower().startswith(qualifier):
            text = f"{qualifier} {text}"
        return text


def rows(sides: Sequence[FigureSide]) -> list[Row]:
    """One row per claim cluster and figure, by value."""
    grouped: dict[tuple, list[FigureSide]] = {}
    for s in sides:
        grouped.setdefault((s.value, s.value_high, s.qualifier, s.cluster_id), []).append(s)
    return [Row(g[0], len(g)) for _, g in sorted(grouped.items(), key=lambda kv: (
        kv[0][0], kv[0][1] or kv[0][0], kv[0][2] or "", kv[0][3]))]


def _arrow(x: float, y: float, direction: str, colour: str) -> str:
    d = 7 if direction == "right" else -7
    return el("path", d=f"M{x - d:.1f},{y - 5:.1f} L{x:.1f},{y:.1f} L{x - d:.1f},{y + 5:.1f} Z",
              fill=colour)


def _mark(row: Row, y: float, x_of: Callable[[float], float], x_min: float, x_max: float,
          colour: str) -> str:
    s = row.side
    x = x_of(s.value)
    direction = open_end(s.qualifier)
    tip = f"{row.figure} {s.unit or ''}\n{s.source_name}: {' '.join(s.claim_text.split())[:300]}"
    if s.value_high is not None and s.value_high != s.value:
        x2 = x_of(s.value_high)
        body = el("rect", x=x, y=y - 5, width=max(x2 - x, 2.0), height=10, rx=3, fill=colour)
        kind, end = "range", x2
    elif direction:
        edge = x_max if direction == "right" else x_min
        body = (el("line", x1=x, x2=edge, y1=y, y2=y, stroke=colour, stroke_width=3.0)
                + _arrow(edge, y, direction, colour)
                + el("circle", cx=x, cy=y, r=5.0, fill="#fff", stroke=colour, stroke_width=2.0))
        kind, end = "open-end", x
    else:
        body = el("circle", cx=x, cy=y, r=5.0, fill=colour)
        kind, end = "point", x
    # the figure as written, above the mark's start, kept inside the picture
    room = len(row.figure) * 11 * CHAR_EM
    at_end = direction == "left" or x + room > WIDTH - 4
    text = el("text", esc(row.figure), x=max(end, room + 4) if at_end else x, y=y - 9,
              font_size=11, text_anchor="end" if at_end else None, fill=colour)
    return el("g", title(tip) + body + text, class_=f"figure {kind}",
              data_open=direction if kind == "open-end" else None)


def dispute_svg(dispute: Dispute, standalone: bool = True) -> str:
    """The number line of one dispute."""
    all_rows = rows(dispute.sides)
    shown = all_rows[:MAX_ROWS]
    values = [v for r in shown for v in (r.side.value, r.side.value_high) if v is not None]
    lo, hi = min(values), max(values)
    log = lo > 0 and hi / lo >= LOG_RATIO
    x_min, x_max = LEFT + 12.0, WIDTH - RIGHT - 0.0
    if log:
        ticks = log_ticks(lo / 1.5, hi * 1.5)
        d0, d1 = math.log10(min(ticks[0], lo / 1.5)), math.log10(max(ticks[-1], hi * 1.5))
        to_x = scale((d0, d1), (x_min + 14, x_max - 14))
        x_of: Callable[[float], float] = lambda v: to_x(math.log10(max(v, 10**d0)))  # noqa: E731
    else:
        pad = (hi - lo) * 0.15 or abs(hi) * 0.2 or 1.0
        ticks = nice_ticks(lo - pad, hi + pad)
        ticks = [t for t in ticks if lo - pad <= t <= hi + pad] or ticks
        x_of = scale((lo - pad, hi + pad), (x_min + 14, x_max - 14))
    colour = colours(r.side.cluster_id for r in shown)

    n = len({r.side.cluster_id for r in all_rows})
    heading = f"How many {dispute.quantity}? ({dispute.subject})"
    sub = (f"{n} claims disagree: one row per claim and figure"
           + (f" (the first {len(shown)} of {len(all_rows)})" if len(all_rows) > len(shown) else "")
           + ("; log scale" if log else ""))
    out = [label(12, 18, heading, WIDTH - 24, font_weight="bold"),
           el("text", esc(sub), x=12.0, y=36.0, fill=MUTED)]
    top, bottom = HEAD, HEAD + len(shown) * ROW
    labelled = x_min - 100.0  # where the last tick label ends: a label that would overlap it
    for t in ticks:             # is left out (its grid line stays)
        x = x_of(t)
        if x_min <= x <= x_max:
            out.append(el("line", x1=x, x2=x, y1=top, y2=bottom + 4, stroke=RULE))
            tick = number_text(t)
            room = len(tick) * FONT_SIZE * CHAR_EM / 2
            if x - room > labelled + 6:
                out.append(el("text", esc(tick), x=x, y=bottom + 18, text_anchor="middle",
                              fill=MUTED))
                labelled = x + room
    out.append(el("line", x1=x_min, x2=x_max, y1=bottom, y2=bottom, stroke=MUTED))
    for i, row in enumerate(shown):
        y = top + i * ROW + ROW / 2 + 4
        s = row.side
        claim = f"{s.speaker}: {s.claim_text}" if s.speaker else s.claim_text
        lines = wrap(claim, fits(LEFT - 24), 2)
        more = (f" +{row.n_mentions - 1} more mention" + "s" * (row.n_mentions > 2)
                if row.n_mentions > 1 else "")
        text = "".join(el("text", esc(line), x=12.0, y=y - 12 + 13 * k)
                       for k, line in enumerate(lines))
        text += el("text", esc(clip(f"{s.source_name}{more}", fits(LEFT - 24, 10))), x=12.0,
                   y=y - 12 + 13 * len(lines), font_size=10, fill=MUTED)
        out.append(el("g", title(" ".join(claim.split())) + text, class_="claim"))
        out.append(_mark(row, y, x_of, x_min, x_max, colour[s.cluster_id]))
    y = bottom + AXIS + 12
    out.append(el("circle", cx=18, cy=y - 4, r=5, fill=MUTED))
    out.append(el("text", "a value", x=28.0, y=float(y), fill=MUTED))
    out.append(el("rect", x=90, y=y - 9, width=34, height=10, rx=3, fill=MUTED))
    out.append(el("text", "a range", x=130.0, y=float(y), fill=MUTED))
    out.append(el("line", x1=200, x2=236, y1=y - 4, y2=y - 4, stroke=MUTED, stroke_width=3.0)
               + _arrow(236, y - 4, "right", MUTED)
               + el("circle", cx=200, cy=y - 4, r=5.0, fill="#fff", stroke=MUTED,
                    stroke_width=2.0))
    out.append(el("text", "a bound: more than, over, at least (or under, up to: to the left)",
                  x=248.0, y=float(y), fill=MUTED))
    return document(WIDTH, y + 10, "".join(out), heading, standalone)
