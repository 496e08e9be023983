"""The report in a real headless browser (Debian's chromium): every mark the file holds is in
the page the browser builds, and the page renders. Skipped where chromium is not installed (CI
has only Python): `apt-get install chromium` to run it."""

import shutil
import subprocess

import pytest

from flows.pictures.html import write_report

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="needs chromium (apt-get install "
                                "chromium)")
# headless, and quiet: no sandbox (root in a container), no GPU, no calls home
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--hide-scrollbars"]


def chromium(*args: str, profile) -> subprocess.CompletedProcess:
    return subprocess.run([str(CHROMIUM), *FLAGS, f"--user-data-dir={profile}", *args],
                          capture_output=True, text=True, timeout=180)


def test_the_report_renders_in_a_headless_browser(seeds_warehouse, tmp_path):
    report = write_report(seeds_warehouse.db, tmp_path / "report.html", top=3)
    html = report.read_text(encoding="utf-8")
    dom = chromium("--dump-dom", report.as_uri(), profile=tmp_path / "profile-dom")
    assert dom.returncode == 0, dom.stderr[-2000:]
    for mark in ('class="mention published"', 'class="mention ingest"', 'class="document"',
                 'class="figure ', "<svg"):
        assert dom.stdout.count(mark) == html.count(mark) > 0, mark
    png = tmp_path / "report.png"
    shot = chromium(f"--screenshot={png}", "--window-size=860,1600", report.as_uri(),
                    profile=tmp_path / "profile-shot")
    assert shot.returncode == 0 and png.stat().st_size > 50_000, shot.stderr[-2000:]
