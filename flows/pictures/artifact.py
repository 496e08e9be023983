"""The run's pictures as a Prefect markdown artifact: the claims made by the most independent
sources and the claim most carried by copies of one story, each with its spread over time and
the sources behind it, then the figures in dispute. Each picture is a markdown image whose
address is a `data:image/svg+xml;base64` URI: both Prefect UIs (3.9; checked in headless
Chromium) show such an image, and it needs nothing but the artifact itself."""

import re
from pathlib import Path

import duckdb

from flows.pictures import queries
from flows.pictures.disputes import dispute_svg
from flows.pictures.sources import sources_svg
from flows.pictures.spread import spread_svg
from flows.pictures.svg import clip, data_uri, plural
from tasks.store.connection import connect

TOP = 2
COPIED = 1
DISPUTES = 2

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]<>()#!|~])")


def markdown_text(text: str, limit: int = 160) -> str:
    """Text shown as itself in markdown (on one line, cut to `limit`): special characters
    backslash-escaped, so a claim cannot open a link, an image or raw HTML."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", clip(text, limit))


def image(alt: str, svg: str) -> str:
    """A markdown image of a standalone SVG."""
    return f"![{markdown_text(alt, 80)}]({data_uri(svg)})"


def _claim(con: duckdb.DuckDBPyConnection, claim: queries.Claim) -> list[str]:
    mentions = queries.mentions(con, claim.cluster_id)
    return [f"### {markdown_text(claim.text)}", "",
            f"{plural(claim.n_independent_sources, 'independent source')}, "
            f"{plural(claim.n_sources, 'document')}, {plural(claim.n_mentions, 'mention')} · "
            f"cluster `{claim.cluster_id}`", "",
            image("Spread over time", spread_svg(claim.text, mentions, claim.n_mentions)), "",
            image("The sources behind it", sources_svg(claim.text, mentions)), ""]


def pictures_markdown(db: str | Path, report: str | Path | None = None) -> str:
    """The pictures artifact of a warehouse: the TOP claims made by the most independent
    sources, the COPIED claims most carried by copies of one story, the DISPUTES with the most
    claims; `report` is the HTML report's path (which draws more), named at the end."""
    out = []
    with connect(db, read_only=True) as con:
        top = queries.top_claims(con, TOP)
        copied = queries.copied_claims(con, COPIED)
        disputes = queries.disputes(con, DISPUTES)
        if top:
            out += ["## Made by the most independent sources", ""]
            out += [line for claim in top for line in _claim(con, claim)]
        if copied:
            out += ["## Repeated, not independent: copies of one story", ""]
            out += [line for claim in copied for line in _claim(con, claim)]
    if disputes:
        out += ["## Figures in dispute", ""]
        out += [image(f"How many {d.quantity}?", dispute_svg(d)) + "\n" for d in disputes]
    if not out:
        out = ["No claims in the warehouse yet.", ""]
    if report:
        out += [f"More claims, with every mention, offline: `{report}` (open it in a browser; "
                "`claimtrail report --out FILE` writes it again)."]
    return "\n".join(out)
