"""The offline report: one self-contained HTML file (inline CSS and SVG, no script, no link to
the network) with, for each of the claims made by the most independent sources, its spread over
time, the sources behind it and its mentions; the claims most carried by copies of one story;
then the figures in dispute on number lines.
Written atomically (a temporary file renamed over the old one), so a browser never reads half
of it."""

import os
import tempfile
from datetime import UTC, datetime
from pathlib import Path

import duckdb

from flows.pictures import queries
from flows.pictures.disputes import dispute_svg
from flows.pictures.sources import sources_svg
from flows.pictures.spread import spread_svg
from flows.pictures.svg import as_utc, clip, esc, plural
from tasks.store.connection import connect

MAX_TABLE_ROWS = 200  # mentions listed under a claim's pictures
MAX_DISPUTES = 20
MAX_COPIED = 5  # claims shown as carried by copies

_CSS = """
body{font:15px/1.45 system-ui,-apple-system,'Segoe UI',Roboto,Helvetica,Arial,sans-serif;
 color:#222;background:#fafafa;margin:0}
main{max-width:800px;margin:0 auto;padding:16px 20px 48px}
h1{font-size:26px;margin:8px 0 4px}
h2{font-size:19px;margin:36px 0 6px;overflow-wrap:anywhere}
h3{font-size:16px;margin:20px 0 4px;overflow-wrap:anywhere}
.meta,.note,figcaption,footer{color:#666;font-size:13px}
figure{margin:12px 0;background:#fff;border:1px solid #e3e3e3;border-radius:6px;padding:4px}
figure svg{display:block;width:100%;height:auto}
figcaption{padding:2px 8px 6px}
table{border-collapse:collapse;width:100%;font-size:13px;background:#fff}
th,td{border-bottom:1px solid #eee;padding:4px 6px;text-align:left;vertical-align:top}
td.text{overflow-wrap:anywhere}
code{font-size:12px;overflow-wrap:anywhere}
details{margin:8px 0}
summary{cursor:pointer;color:#444}
nav ol{padding-left:22px}
nav li{margin:3px 0}
a{color:#2f5f8f}
"""


def _date(m: queries.Mention) -> str:
    when = f"{as_utc(m.seen_at):%Y-%m-%d}"
    return when if m.published else f"{when}*"


def _mentions_table(mentions: list[queries.Mention], total: int) -> str:
    rows = [
        f"<tr><td>{esc(_date(m))}</td><td>{esc(m.source_name)}</td>"
        f"<td class=text>{esc(m.speaker or '')}</td><td class=text>{esc(m.text)}</td>"
        f"<td><code>{esc(Path(m.source_uri).name)} {m.raw_start}-{m.raw_end}</code></td></tr>"
        for m in mentions[:MAX_TABLE_ROWS]]
    more = (f"<p class=note>The first {MAX_TABLE_ROWS} of {total:,} mentions; "
            "<code>claimtrail show</code> lists them all.</p>" if total > MAX_TABLE_ROWS else "")
    ingest = ("<p class=note>* the date the document was ingested: it gives no publication "
              "date.</p>" if any(not m.published for m in mentions[:MAX_TABLE_ROWS]) else "")
    return (f"<details><summary>The {total:,} mentions, earliest seen first</summary>"
            "<table><thead><tr><th>seen</th><th>source</th><th>speaker</th><th>claim</th>"
            f"<th>file and offsets</th></tr></thead><tbody>{''.join(rows)}</tbody></table>"
            f"{ingest}{more}</details>")


def _claim_section(con: duckdb.DuckDBPyConnection, rank: int, claim: queries.Claim) -> str:
    mentions = queries.mentions(con, claim.cluster_id)
    speakers = ", ".join(claim.speakers) or "no speaker named"
    return (
        f'<section id="claim-{rank}"><h2>{rank}. {esc(claim.text)}</h2>'
        f"<p class=meta>{plural(claim.n_independent_sources, 'independent source')} · "
        f"{plural(claim.n_sources, 'document')} · {plural(claim.n_mentions, 'mention')} · "
        f"{esc(speakers)} · "
        f"cluster <code>{esc(claim.cluster_id)}</code></p>"
        f"<figure>{spread_svg(claim.text, mentions, claim.n_mentions, standalone=False)}"
        "<figcaption>When it was seen: a mark per mention, a row and colour per independent "
        "source; hollow marks are ingest times, not publication dates.</figcaption></figure>"
        f"<figure>{sources_svg(claim.text, mentions, standalone=False)}"
        "<figcaption>Who carries it: documents grouped into families of copies; a family "
        "counts as one independent source.</figcaption></figure>"
        f"{_mentions_table(mentions, claim.n_mentions)}</section>")


def _copies_section(con: duckdb.DuckDBPyConnection, claims: list[queries.Claim]) -> str:
    figures = "".join(
        f"<h3>{esc(c.text)}</h3><p class=meta>{plural(c.n_sources, 'document')}, "
        f"{c.n_independent_sources:,} independent · cluster <code>{esc(c.cluster_id)}</code></p>"
        f"<figure>{sources_svg(c.text, queries.mentions(con, c.cluster_id), standalone=False)}"
        "</figure>" for c in claims)
    return ('<section id="copies"><h2>Repeated, not independent</h2>'
            "<p class=meta>The claims whose documents are most often copies of one another "
            "(near-copies, or one publisher's): many documents, few independent sources.</p>"
            f"{figures or '<p class=note>No claim is carried by copies.</p>'}</section>")


def report_html(con: duckdb.DuckDBPyConnection, db_label: str, top: int = 10,
                written_at: datetime | None = None) -> str:
    """The report over an open warehouse: the `top` claims made by the most independent
    sources, the MAX_COPIED claims most carried by copies, and up to MAX_DISPUTES figure
    disputes."""
    written_at = written_at or datetime.now(UTC)
    n = queries.counts(con)
    claims = queries.top_claims(con, top)
    copied = queries.copied_claims(con, MAX_COPIED)
    disputes = queries.disputes(con, MAX_DISPUTES)
    toc = "".join(f'<li><a href="#claim-{i}">{esc(clip(c.text, 140))}</a> '
                  f"<span class=meta>({plural(c.n_independent_sources, 'independent source')})"
                  "</span></li>"
                  for i, c in enumerate(claims, start=1))
    toc += ('<li><a href="#copies">Repeated, not independent</a> '
            f"<span class=meta>({len(copied)})</span></li>"
            '<li><a href="#disputes">Figures in dispute</a> '
            f"<span class=meta>({len(disputes)})</span></li>")
    sections = "".join(_claim_section(con, i, c) for i, c in enumerate(claims, start=1))
    sections += _copies_section(con, copied)
    dispute_figures = "".join(f"<figure>{dispute_svg(d, standalone=False)}</figure>"
                              for d in disputes) or "<p class=note>No figures in dispute.</p>"
    return (
        "<!DOCTYPE html><html lang=en><head><meta charset=utf-8>"
        '<meta name=viewport content="width=device-width,initial-scale=1">'
        f"<title>claimtrail report: {esc(db_label)}</title><style>{_CSS}</style></head>"
        "<body><main><h1>claimtrail report</h1>"
        f"<p class=meta>Warehouse <code>{esc(db_label)}</code>: "
        f"{plural(n['documents'], 'document')}, {plural(n['claims'], 'claim mention')} in "
        f"{plural(n['claim_frequency'], 'claim')}, {plural(n['runs'], 'run')} · "
        f"written {written_at:%Y-%m-%d %H:%M} UTC</p>"
        f"<nav><h2>The {len(claims)} claims made by the most independent sources</h2>"
        f"<ol>{toc}</ol></nav>{sections}"
        '<section id="disputes"><h2>Figures in dispute</h2>'
        "<p class=meta>Claims reporting different values for one quantity about one subject "
        f"(figure_disputes).</p>{dispute_figures}</section>"
        "<footer><p>Written by <code>claimtrail report</code>; it needs no network: the "
        "pictures are inline SVG (hover a mark or a cut label for its full text).</p></footer>"
        "</main></body></html>\n")


def report_path(db: str | Path) -> Path:
    """Where a run writes the report of its warehouse: beside it (data/warehouse.report.html)."""
    db = Path(db)
    return db.with_name(f"{db.stem}.report.html")


def write_report(db: str | Path, out: str | Path, top: int = 10) -> Path:
    """Write the report of the warehouse `db` to `out`; the path written."""
    with connect(db, read_only=True) as con:
        return write_text(out, report_html(con, str(db), top))


def write_text(out: str | Path, text: str) -> Path:
    """Write a report to `out` atomically (a temporary file renamed over it); the path."""
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{out.name}.", dir=out.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(text)
        os.chmod(tmp, 0o644)
        os.replace(tmp, out)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return out
