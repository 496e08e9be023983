"""One inbox holding every kind of bad input next to the seeds, through the flow and the command:
each bad file gets a quarantine row with its reason and hash, each odd encoding a document saying
how it was read, the good files are all processed, and the exit code and summary count the rest."""

import hashlib
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest
from prefect.settings import PREFECT_API_URL

from flows.pipeline import claimtrail_run
from flows.report import summary_text
from tasks.ingest.decode import MAX_ARTICLE_CHARS

BIN = Path(sys.executable).parent / "claimtrail"
ARTICLE = (
    "Bridges shut after the flood\n\n"
    "Officials said 3 bridges were closed on Monday after the river rose 2 metres.\n\n"
    "“We will reopen them within 10 days,” the mayor said.\n"
)
HTML_REASON = "HTML, not plain text: save the article's text as .txt instead"


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def fill(inbox: Path, seeds_dir: Path) -> dict[str, tuple[str, str | None]]:
    """Seeds plus every bad input; returns the expected quarantine: uri → (reason, sha256)."""
    shutil.copytree(seeds_dir, inbox)
    first_seed = sorted(inbox.glob("*.txt"))[0]
    shutil.copy(first_seed, inbox / "same story, other name.md")
    files = {
        "empty.txt": b"",
        "blank.txt": b"  \r\n\t ",
        "photo.txt": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
        "damaged.txt": ARTICLE.replace("river", "Rhône").encode().replace(b"flood", b"fl\xffood"),
        "windows-1252.txt": ARTICLE.replace("Monday", "Monday in Zürich").encode("cp1252"),
        "utf-16.txt": ARTICLE.replace("Monday", "Tuesday").encode("utf-16"),
        "utf-8-bom.txt": b"\xef\xbb\xbf" + ARTICLE.replace("Monday", "Friday").encode(),
        "crlf.txt": ARTICLE.replace("Monday", "Sunday").replace("\n", "\r\n").encode(),
        "mojibake.txt": ARTICLE.replace("Monday", "Saturday").replace("“", "Ã¢â‚¬Å“").encode(),
        "page.txt": b"<!doctype html><html><body><p>Officials said 3 died.</p></body></html>",
        "Zoë’s report — final.txt": ARTICLE.replace("Monday", "Wednesday").encode(),
    }
    for name, data in files.items():
        (inbox / name).write_bytes(data)
    with open(inbox / "one-line.txt", "wb") as fh:
        for _ in range(20):
            fh.write(b"lorem ipsum dolor sit amet consectetur " * 25_642)
    feed = [json.dumps({"id": "ok", "text": ARTICLE.replace("Monday", "Thursday")}),
            "{broken", json.dumps({"title": "no text"}), json.dumps({"text": 7})]
    (inbox / "feed.jsonl").write_text("\n".join(feed), encoding="utf-8")
    (inbox / "gone.txt").symlink_to(inbox / "deleted long ago.txt")
    (inbox / "sub").mkdir()
    (inbox / "sub" / "back").symlink_to(inbox)
    feed_sha = sha(inbox / "feed.jsonl")
    n_chars = (inbox / "one-line.txt").stat().st_size
    return {
        "empty.txt": ("empty or whitespace-only text", sha(inbox / "empty.txt")),
        "blank.txt": ("empty or whitespace-only text", sha(inbox / "blank.txt")),
        "photo.txt": ("binary content (NUL bytes), not text", sha(inbox / "photo.txt")),
        "page.txt": (HTML_REASON, sha(inbox / "page.txt")),
        "one-line.txt": (f"text of {n_chars:,} characters is longer than the limit of "
                         f"{MAX_ARTICLE_CHARS:,} for one article", sha(inbox / "one-line.txt")),
        "feed.jsonl#2": ("malformed JSON: Expecting property name enclosed in double quotes: "
                         "line 1 column 2 (char 1)", feed_sha),
        "feed.jsonl#3": ("no `text` field", feed_sha),
        "feed.jsonl#4": ("`text` is a number, not a string", feed_sha),
        "gone.txt": (f"broken symlink: points to {inbox / 'deleted long ago.txt'}, "
                     "which does not exist", None),
        "sub/back": (f"folder loop: same folder as {inbox}, already read; not followed", None),
    }


@pytest.fixture(scope="module")
def bad_run(prefect_server, tmp_path_factory, seeds_dir):
    root = tmp_path_factory.mktemp("bad")
    inbox = root / "inbox"
    expected = fill(inbox, seeds_dir)
    db = root / "w.duckdb"
    summary = claimtrail_run(inputs=[str(inbox)], db=str(db), lake=str(root / "lake"))
    con = duckdb.connect(str(db), read_only=True)
    yield summary, con, inbox, expected
    con.close()


def test_every_bad_file_gets_a_quarantine_row_with_reason_and_hash(bad_run):
    summary, con, inbox, expected = bad_run
    rows = con.execute("SELECT source_uri, reason, sha256 FROM quarantine").fetchall()
    assert {uri.removeprefix(f"{inbox}/"): (reason, sha) for uri, reason, sha in rows} == expected
    assert summary.n_quarantined == len(expected) == 10
    assert con.execute("SELECT n_quarantined FROM runs").fetchall() == [(10,)]
    text = summary_text(summary)
    assert f"{summary.n_documents_seen} documents" in text and "10 quarantined" in text
    for uri, (reason, _) in expected.items():
        assert f"  quarantined {inbox}/{uri}: {reason}" in text


def test_the_good_files_are_all_processed_and_say_how_they_were_read(bad_run, seeds_dir):
    _, con, inbox, _ = bad_run
    encodings = dict(con.execute("SELECT source_uri, encoding FROM documents").fetchall())
    assert {uri.removeprefix(f"{inbox}/"): e for uri, e in encodings.items()} == {
        **{p.name: "utf-8" for p in sorted(seeds_dir.glob("*.txt"))[:1]},
        **{p.name: "utf-8" for p in sorted(seeds_dir.glob("*.txt"))[1:]},
        "damaged.txt": "utf-8 (1 invalid byte replaced)",
        "windows-1252.txt": "cp1252",
        "utf-16.txt": "utf-16",
        "utf-8-bom.txt": "utf-8-sig",
        "crlf.txt": "utf-8",
        "mojibake.txt": "utf-8 (4 mojibake sequences repaired)",
        "Zoë’s report — final.txt": "utf-8",
        "feed.jsonl#ok": "utf-8",
    }
    texts = dict(con.execute("SELECT source_uri, text FROM documents").fetchall())
    assert texts[f"{inbox}/windows-1252.txt"] == ARTICLE.replace("Monday", "Monday in Zürich")
    assert texts[f"{inbox}/utf-16.txt"] == ARTICLE.replace("Monday", "Tuesday")
    assert texts[f"{inbox}/mojibake.txt"] == ARTICLE.replace("Monday", "Saturday")
    assert "\r\n" in texts[f"{inbox}/crlf.txt"]  # kept raw: no newline translation


def test_claim_offsets_slice_the_decoded_text_of_every_encoding(bad_run):
    _, con, inbox, _ = bad_run
    assert con.execute(
        "SELECT count(*) FROM claims c JOIN documents d USING (doc_id) "
        "WHERE substring(d.text, c.raw_start + 1, c.raw_end - c.raw_start) <> c.text"
    ).fetchone()[0] == 0
    for name in ("windows-1252.txt", "utf-16.txt", "crlf.txt", "damaged.txt", "mojibake.txt"):
        found = con.execute(
            "SELECT count(*) FROM claim_lineage WHERE source_uri = ? AND claim_text LIKE ? "
            "AND position('Ã' IN claim_text) = 0", [f"{inbox}/{name}", "%reopen them%"]).fetchone()
        assert found == (1,), name
    # the lineage offsets slice the file on disk when it is read as its encoding says
    (text, start, end), = con.execute(
        "SELECT d.text, c.raw_start, c.raw_end FROM claims c JOIN documents d USING (doc_id) "
        "WHERE d.source_uri = ? AND c.text LIKE 'Officials said%'",
        [f"{inbox}/windows-1252.txt"]).fetchall()
    on_disk = (inbox / "windows-1252.txt").read_bytes().decode("cp1252")
    assert on_disk == text and on_disk[start:end].startswith("Officials said 3 bridges")


def test_same_content_under_two_names_is_one_document_with_two_sources(bad_run, seeds_dir):
    _, con, inbox, _ = bad_run
    first_seed = sorted(seeds_dir.glob("*.txt"))[0].name
    rows = con.execute(
        "SELECT d.source_uri, s.source_uri FROM document_sources s JOIN documents d USING (doc_id) "
        "WHERE d.doc_id IN (SELECT doc_id FROM document_sources GROUP BY ALL HAVING count(*) > 1)"
    ).fetchall()
    assert sorted(rows) == sorted([(f"{inbox}/{first_seed}", f"{inbox}/{first_seed}"),
                                   (f"{inbox}/{first_seed}", f"{inbox}/same story, other name.md")])


def test_names_with_spaces_and_non_ascii_characters_keep_their_lineage(bad_run):
    _, con, inbox, _ = bad_run
    uri = f"{inbox}/Zoë’s report — final.txt"
    assert con.execute("SELECT count(*) FROM claim_lineage WHERE source_uri = ?",
                       [uri]).fetchone()[0] >= 2


def test_the_command_exits_3_and_names_each_quarantined_file(bad_run, tmp_path):
    summary, _, inbox, expected = bad_run
    env = {**os.environ, "PREFECT_API_URL": PREFECT_API_URL.value()}
    done = subprocess.run(
        [str(BIN), "run", str(inbox), "--db", str(tmp_path / "w.duckdb"),
         "--lake", str(tmp_path / "lake")],
        env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 3, done.stderr[-2000:]
    assert (f"{summary.n_documents_seen} documents read ({summary.n_documents_new} new), "
            f"{summary.n_claims_new} new claims, 10 quarantined") in done.stdout
    for uri, (reason, _) in expected.items():
        assert f"  quarantined {inbox}/{uri}: {reason}" in done.stdout


def test_offsets_index_the_jsonl_text_field_except_where_encoding_names_a_repair(
        prefect_server, tmp_path):
    """A clean record: the offsets slice its `text` field. A record with mojibake before its
    claims: the stored text is the field repaired (shorter), `encoding` says so, and the offsets
    slice the stored text (the README's promise)."""
    other = ARTICLE.replace("Monday", "Friday").replace("flood", "flood’s peak")
    mangled = other.replace("“", "â€œ").replace("’", "â€™")
    records = [{"id": "clean", "text": ARTICLE}, {"id": "mangled", "text": mangled}]
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "feed.jsonl").write_text("\n".join(json.dumps(r) for r in records), "utf-8")
    db = tmp_path / "w.duckdb"
    claimtrail_run(inputs=[str(inbox)], db=str(db), lake=str(tmp_path / "lake"))
    con = duckdb.connect(str(db), read_only=True)
    rows = con.execute(
        "SELECT d.source_uri, d.text, d.encoding, c.text, c.raw_start, c.raw_end "
        "FROM claims c JOIN documents d USING (doc_id) ORDER BY d.source_uri, c.raw_start"
    ).fetchall()
    con.close()
    fields = {f"{inbox / 'feed.jsonl'}#{r['id']}": r["text"] for r in records}
    documents = {uri: (text, encoding) for uri, text, encoding, *_ in rows}
    clean, repaired = (f"{inbox / 'feed.jsonl'}#{i}" for i in ("clean", "mangled"))
    assert documents[clean] == (ARTICLE, "utf-8")
    assert documents[repaired] == (other, "utf-8 (2 mojibake sequences repaired)")
    assert len(fields[repaired]) == len(other) + 4  # the field is longer than what is stored
    for uri, text, _, claim, start, end in rows:
        assert text[start:end] == claim
        if uri == clean:
            assert fields[uri][start:end] == claim
    assert any(fields[repaired][s:e] != claim for u, _, _, claim, s, e in rows if u == repaired)
