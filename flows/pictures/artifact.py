"""The run's pictures as a Prefect markdown artifact: for the claims made by the most
independent sources, their spread over time and the sources behind them, then the figures in
dispute. Each picture is a markdown image whose address is a `data:image/svg+xml;base64` URI:
both Prefect UIs (3.9) show such an image, and it needs nothing but the artifact itself."""

import re
from pathlib import Path

from flows.pictures import queries
from flows.pictures.disputes import dispute_svg
from flows.pictures.sources import sources_svg
from flows.pictures.spread import spread_svg
from flows.pictures.svg import clip, data_uri
from tasks.store.connection import connect

TOP = 3
DISPUTES = 3

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]<>()#!|~])")


def markdown_text(text: str, limit: int = 160) -> str:
    """Text shown as itself in markdown (on one line, cut to `limit`): special characters
    backslash-escaped, so a claim cannot open a link, an image or raw HTML."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", clip(text, limit))


def image(alt: str, svg: str) -> str:
    """A markdown image of a standalone SVG."""
    return f"![{markdown_text(alt, 80)}]({data_uri(svg)})"


def pictures_markdown(db: str | Path, report: str | Path | None = None, top: int = TOP,
                      n_disputes: int = DISPUTES) -> str:
    """The pictures artifact of a warehouse; `report` is the HTML report's path, named at the
    end."""
    out = ["# The most repeated claims, drawn", ""]
    with connect(db, read_only=True) as con:
        claims = queries.top_claims(con, top)
        for i, claim in enumerate(claims, start=1):
            mentions = queries.mentions(con, claim.cluster_id)
            out += [f"## {i}. {markdown_text(claim.text)}", "",
                    f"{claim.n_independent_sources} independent sources, {claim.n_sources} "
                    f"documents, {claim.n_mentions} mentions · cluster `{claim.cluster_id}`", "",
                    image(f"Claim {i}: spread over time", spread_svg(
                        claim.text, mentions, claim.n_mentions)), "",
                    image(f"Claim {i}: the sources behind it", sources_svg(claim.text, mentions)),
                    ""]
        disputes = queries.disputes(con, n_disputes)
    if not claims:
        out += ["No claims in the warehouse yet.", ""]
    if disputes:
        out += ["## Figures in dispute", ""]
        out += [image(f"Figures in dispute: {d.quantity}", dispute_svg(d)) + "\n"
                for d in disputes]
    if report:
        out += [f"Every top claim with its mentions, offline: `{report}` (open it in a browser; "
                "`claimtrail report --out FILE` writes it again)."]
    return "\n".join(out)
