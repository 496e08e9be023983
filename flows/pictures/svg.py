"""The few SVG pieces the pictures are built from: escaped elements, labels cut to a width with
the full text as a tooltip, linear scales with round ticks, date ticks, and the colours of
independent sources.

A picture is written once and used two ways: inline in the HTML report (no namespace needed,
tooltips work) and as a `data:image/svg+xml` image in a markdown artifact (the namespace is
required there; an image shows no tooltips, so what matters is drawn, not hovered)."""

import base64
import math
import re
from collections.abc import Callable, Iterable
from datetime import UTC, datetime, timedelta
from html import escape

SVG_NAMESPACE = "http://www.w3.org/2000/svg"
FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, Helvetica, Arial, sans-serif"
FONT_SIZE = 12
# Average advance of a character of the sans-serif font, in ems: labels are cut to the number of
# characters that fit their width (an estimate: a label may end a little short of its room).
CHAR_EM = 0.6
INK = "#333"
MUTED = "#777"
RULE = "#ccc"
# One colour per independent source (a family of copies), in order of first appearance: Tableau
# 10 without its grey, with a darker yellow, so a hollow ring still shows on white.
PALETTE = ("#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#b6992d", "#b07aa1",
           "#ff9da7", "#9c755f")


def esc(text: object) -> str:
    """Text or an attribute value made safe for XML (and HTML): & < > " ' escaped."""
    return escape(str(text), quote=True)


def attrs(**values: object) -> str:
    """XML attributes from keywords: `class_` → class, `stroke_width` → stroke-width; None is
    left out; numbers are written with at most two decimals."""
    out = []
    for name, value in values.items():
        if value is None:
            continue
        name = name.rstrip("_").replace("_", "-")
        if isinstance(value, float):
            value = f"{value:.2f}".rstrip("0").rstrip(".")
        out.append(f' {name}="{esc(value)}"')
    return "".join(out)


def el(tag: str, content: str = "", **values: object) -> str:
    """An element; `content` is markup (already escaped), empty for a self-closing element."""
    if not content:
        return f"<{tag}{attrs(**values)}/>"
    return f"<{tag}{attrs(**values)}>{content}</{tag}>"


def title(text: str) -> str:
    """A tooltip: the <title> child of the element it describes."""
    return el("title", esc(text)) if text else ""


def plural(n: int, word: str) -> str:
    """A count and its noun: 1 document, 3 documents."""
    return f"{n:,} {word}" + ("" if n == 1 else "s")


def clip(text: str, limit: int) -> str:
    """Text on one line, cut to `limit` characters with an ellipsis."""
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[: max(limit - 1, 1)].rstrip() + "…"


def wrap(text: str, limit: int, lines: int) -> list[str]:
    """Text in at most `lines` lines of at most `limit` characters, broken between words; the
    last line cut with an ellipsis when the text goes on."""
    words, out, line = str(text).split(), [], ""
    for k, word in enumerate(words):
        if line and len(line) + 1 + len(word) > limit:
            out.append(clip(line, limit))
            if len(out) == lines - 1:
                return [*out, clip(" ".join(words[k:]), limit)]
            line = ""
        line = f"{line} {word}" if line else word
    return [*out, clip(line, limit)]


def fits(width: float, size: float = FONT_SIZE) -> int:
    """How many characters of the font fit in `width` pixels."""
    return max(int(width / (size * CHAR_EM)), 4)


def label(x: float, y: float, text: str, width: float, tip: str = "", size: float = FONT_SIZE,
          **values: object) -> str:
    """A text label cut to `width` pixels; when cut (or when `tip` is given) its full text is the
    tooltip."""
    shown = clip(text, fits(width, size))
    tip = tip or (" ".join(str(text).split()) if shown != " ".join(str(text).split()) else "")
    return el("text", title(tip) + esc(shown), x=float(x), y=float(y),
              font_size=size if size != FONT_SIZE else None, **values)


def document(width: float, height: float, body: str, name: str, standalone: bool) -> str:
    """The <svg> root: a fixed-size picture that also scales down (viewBox) to narrow columns.
    `name` is its accessible name; `standalone` adds the namespace an image file needs."""
    return el(
        "svg", title(name) + body, xmlns=SVG_NAMESPACE if standalone else None,
        viewBox=f"0 0 {width:.0f} {height:.0f}", width=f"{width:.0f}", height=f"{height:.0f}",
        role="img", font_family=FONT, font_size=FONT_SIZE, fill=INK,
        style="max-width:100%;height:auto;background:#fff")


_TOOLTIP = re.compile(r"<title>[^<]*</title>")


def data_uri(svg: str) -> str:
    """A standalone SVG as a `data:image/svg+xml;base64,...` URI, for an <img> or a markdown
    image. An image shows no tooltips, so they are left out (the picture's own name stays):
    with many mentions they would be most of its size."""
    name, body = svg.split("</title>", 1) if svg.count("<title>") else ("", svg)
    svg = (f"{name}</title>" if name else "") + _TOOLTIP.sub("", body)
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode("utf-8")).decode("ascii")


def colours(keys: Iterable[str]) -> dict[str, str]:
    """A colour for each key (an independent source), in order, cycling through the palette."""
    out: dict[str, str] = {}
    for key in keys:
        if key not in out:
            out[key] = PALETTE[len(out) % len(PALETTE)]
    return out


def scale(domain: tuple[float, float], span: tuple[float, float]) -> Callable[[float], float]:
    """A linear map from domain to span (pixels); a domain of one point maps to the middle."""
    (d0, d1), (r0, r1) = domain, span
    if d1 == d0:
        return lambda _v: (r0 + r1) / 2
    return lambda v: r0 + (v - d0) * (r1 - r0) / (d1 - d0)


def nice_step(span: float, count: int) -> float:
    """A round step (1, 2 or 5 times a power of ten) giving about `count` intervals over span."""
    raw = span / max(count, 1)
    power = 10 ** math.floor(math.log10(raw))
    return next(m * power for m in (1, 2, 5, 10) if m * power >= raw)


def nice_ticks(lo: float, hi: float, count: int = 5) -> list[float]:
    """Round tick values covering [lo, hi] (lo and hi widened to a multiple of the step)."""
    if hi <= lo:
        hi = lo + (abs(lo) or 1.0)
    step = nice_step(hi - lo, count)
    first, last = math.floor(lo / step), math.ceil(hi / step)
    return [k * step for k in range(first, last + 1)]


def log_ticks(lo: float, hi: float) -> list[float]:
    """Powers of ten covering [lo, hi] (both > 0), with 2 and 5 between when they are few."""
    first, last = math.floor(math.log10(lo)), math.ceil(math.log10(hi))
    steps = (1, 2, 5) if last - first <= 3 else (1,)
    return [m * 10.0**e for e in range(first, last + 1) for m in steps
            if lo <= m * 10.0**e <= hi or m == 1]


def number_text(value: float) -> str:
    """A tick's number, short: 6,000; 12M; 2.5B; 0.3."""
    for size, suffix in ((1e9, "B"), (1e6, "M")):
        if abs(value) >= size:
            return f"{value / size:,.3g}{suffix}"
    if value == int(value):
        return f"{int(value):,}"
    return f"{value:,.3g}"


# Date tick steps, shortest first: (seconds, strftime of the tick label); a step of months or
# years is counted in calendar months.
_DAY = 86400
_DATE_STEPS: tuple[tuple[int, str], ...] = (
    (3600, "%H:%M"), (6 * 3600, "%d %b %H:%M"), (_DAY, "%d %b"), (2 * _DAY, "%d %b"),
    (7 * _DAY, "%d %b"), (14 * _DAY, "%d %b"), (30 * _DAY, "%b %Y"), (91 * _DAY, "%b %Y"),
    (182 * _DAY, "%b %Y"), (365 * _DAY, "%Y"), (730 * _DAY, "%Y"), (1826 * _DAY, "%Y"),
    (3652 * _DAY, "%Y"),
)


def _add_months(when: datetime, months: int) -> datetime:
    month = when.month - 1 + months
    return when.replace(year=when.year + month // 12, month=month % 12 + 1, day=1)


def date_ticks(lo: datetime, hi: datetime, count: int = 6) -> list[tuple[datetime, str]]:
    """Ticks on round dates (hours, days, weeks, months, years) in [lo, hi], at most about
    `count` of them, each with its label."""
    span = max((hi - lo).total_seconds(), 1.0)
    seconds, fmt = next((s for s in _DATE_STEPS if span / s[0] <= count), _DATE_STEPS[-1])
    if seconds < 30 * _DAY:
        start = lo.replace(minute=0, second=0, microsecond=0)
        start = start.replace(hour=start.hour - start.hour % max(seconds // 3600, 1)
                              if seconds < _DAY else 0)
        if seconds == 7 * _DAY or seconds == 14 * _DAY:
            start -= timedelta(days=start.weekday())  # weeks start on Mondays
        ticks = [start + timedelta(seconds=seconds * k) for k in range(int(span / seconds) + 3)]
    else:
        months = round(seconds / (30.4 * _DAY))
        start = lo.replace(day=1, hour=0, minute=0, second=0, microsecond=0)
        if months >= 12:  # years that are a multiple of the step
            start = start.replace(year=start.year - start.year % (months // 12), month=1)
        else:  # months that are a multiple of the step, counted from January
            start = _add_months(start, -((start.month - 1) % months))
        ticks = [_add_months(start, months * k) for k in range(int(span / seconds) + 3)]
    return [(t, t.strftime(fmt).lstrip("0")) for t in ticks if lo <= t <= hi]


def as_utc(when: datetime) -> datetime:
    """A timestamp in UTC (a naive one is taken as UTC)."""
    return when.replace(tzinfo=UTC) if when.tzinfo is None else when.astimezone(UTC)
