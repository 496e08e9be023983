"""The pictures where people see them: `claimtrail report` (one self-contained HTML file), the
report a run writes beside its warehouse, and the run's `claimtrail-pictures-<lake>` artifact."""

import asyncio
import base64
import os
import re
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from flows.monitor import artifact_key
from flows.pictures.artifact import COPIED, DISPUTES, TOP, markdown_text
from flows.pictures.html import report_path
from tests.flows.pictures.svgtree import by_class, parse
from tests.flows.test_pipeline import read_back

BIN = Path(sys.executable).parent / "claimtrail"


def claimtrail(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([str(BIN), *args], capture_output=True, text=True, timeout=120,
                          env=os.environ | {"COLUMNS": "120"})


@pytest.fixture(scope="module")
def facts(seeds_warehouse) -> dict:
    con = duckdb.connect(str(seeds_warehouse.db), read_only=True)
    top = con.execute(
        "SELECT cluster_id, n_mentions FROM claim_frequency ORDER BY n_independent_sources DESC,"
        " n_sources DESC, n_mentions DESC, cluster_id").fetchall()
    disputes = con.execute(
        "SELECT count(DISTINCT (quantity, subject)) FROM figure_dispute_pairs "
        "WHERE kind = 'figure'").fetchone()[0]
    flow_run_id = con.execute("SELECT flow_run_id FROM runs").fetchone()[0]
    con.close()
    return {"top": top, "disputes": disputes, "flow_run_id": flow_run_id}


@pytest.fixture(scope="module")
def report(seeds_warehouse, tmp_path_factory) -> str:
    out = tmp_path_factory.mktemp("report") / "sub" / "report.html"
    done = claimtrail("report", "--out", str(out), "--db", str(seeds_warehouse.db),
                      "--top", "500")
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == f"wrote {out}"
    return out.read_text(encoding="utf-8")


def _section(html: str, rank: int) -> str:
    start = html.index(f'<section id="claim-{rank}">')
    return html[start: html.index("</section>", start)]


def test_the_report_is_one_self_contained_file(report):
    assert report.startswith("<!DOCTYPE html>")
    assert not re.search(r"https?:", report)  # no address to fetch, not even a namespace
    assert not re.search(r"<script|<link|<iframe|<img|@import|url\(", report, re.I)
    assert all(h.startswith("#") for h in re.findall(r'href="([^"]*)"', report))
    assert re.findall(r"<style>", report) == ["<style>"]


def test_the_report_draws_every_top_claim_and_every_dispute(report, facts):
    n = len(facts["top"])
    assert report.count('<section id="claim-') == n
    first = _section(report, 1)
    assert first.count("<svg") == 2
    assert len(re.findall(r'class="mention (?:published|ingest)"', first)) == facts["top"][0][1]
    assert 'class="mention ingest"' in report  # the undated seeds
    assert 'class="mention published"' in report  # the dated ones
    disputes = report[report.index('<section id="disputes">'):]
    assert disputes.count("<svg") == facts["disputes"] > 0
    assert 'class="figure range"' in disputes and 'data-open="right"' in disputes


def test_the_report_shows_a_republished_story_as_one_source(report):
    # the July seed and its edited republication a week later are one family of copies
    assert "2 documents → 1 independent source</text>" in report
    assert "near-copy (" in report


def test_report_mistakes_are_one_line(seeds_warehouse, tmp_path):
    missing = claimtrail("report", "--out", str(tmp_path / "r.html"), "--db",
                         str(tmp_path / "missing.duckdb"))
    assert missing.returncode == 2
    assert missing.stderr.strip() == (f"claimtrail report: no warehouse at "
                                      f"{tmp_path / 'missing.duckdb'}: build it with "
                                      "`claimtrail run`")
    for args in (["--top", "0"], ["--out", str(tmp_path)]):
        done = claimtrail("report", "--out", str(tmp_path / "r.html"), "--db",
                          str(seeds_warehouse.db), *args)
        assert done.returncode == 2 and len(done.stderr.strip().splitlines()) == 1, done.stderr
    assert os.listdir(tmp_path) == []
    help_text = claimtrail("report", "--help").stdout
    assert all(o in help_text for o in ("--out FILE", "--db", "--top N", "data/warehouse.duckdb"))


def test_a_run_writes_the_report_beside_its_warehouse(seeds_warehouse):
    path = report_path(seeds_warehouse.db)
    assert path == seeds_warehouse.db.parent / "warehouse.report.html"
    assert '<section id="claim-10">' in path.read_text(encoding="utf-8")


def test_the_run_publishes_its_pictures(seeds_warehouse, facts, prefect_server):
    _, _, artifacts = asyncio.run(read_back(facts["flow_run_id"]))
    by_key = {a.key: a for a in artifacts if a.key}
    pictures = by_key[artifact_key("pictures", seeds_warehouse.lake)]
    assert pictures.type == "markdown"
    images = re.findall(r"!\[[^\]]*\]\(data:image/svg\+xml;base64,([A-Za-z0-9+/=]+)\)",
                        pictures.data)
    assert len(images) == 2 * (TOP + COPIED) + min(facts["disputes"], DISPUTES)
    svgs = [parse(base64.b64decode(i).decode("utf-8")) for i in images]
    assert len(by_class(svgs[0], "mention")) == facts["top"][0][1]
    assert len(by_class(svgs[1], "document")) >= 1
    copies = svgs[2 * TOP + 1]  # the sources of the claim most carried by copies
    assert by_class(copies, "copies")
    assert by_class(svgs[-1], "figure")
    assert str(report_path(seeds_warehouse.db)) in pictures.data
    summary = by_key[artifact_key("run-summary", seeds_warehouse.lake)]
    assert str(report_path(seeds_warehouse.db)) in summary.data


def test_claim_text_cannot_break_out_of_the_artifact_markdown():
    from markdown_it import MarkdownIt

    text = "See [this](javascript:alert(1)) <img src=x> *now* `code` #tag | a |"
    html = MarkdownIt("commonmark", {"html": True}).render(f"## 1. {markdown_text(text)}")
    assert not re.search(r"<(?:a|img|em|code)\b", html)
    assert html == ("<h2>1. See [this](javascript:alert(1)) &lt;img src=x&gt; *now* `code` "
                    "#tag | a |</h2>\n")


def test_an_empty_warehouse_gives_an_empty_report_and_artifact(tmp_path):
    from flows.pictures.artifact import pictures_markdown
    from flows.pictures.html import write_report
    from tasks.store.lake import Lake
    from tasks.store.warehouse import build_warehouse

    db = tmp_path / "empty.duckdb"
    build_warehouse(Lake(tmp_path / "lake"), db)
    html = write_report(db, tmp_path / "r.html").read_text(encoding="utf-8")
    assert "0 documents" in html and "No figures in dispute." in html and "<svg" not in html
    assert pictures_markdown(db).startswith("No claims in the warehouse yet.")
