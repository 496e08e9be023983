"""Every bad input of issue 7, one test each, with the exact outcome: a rejection naming the file,
its reason and hash, or a document whose encoding says how it was read (docs/robustness.md)."""

import hashlib
import json
import os
from pathlib import Path

import pytest

from tasks.extract.claims import extract_document
from tasks.ingest.decode import MAX_ARTICLE_CHARS
from tasks.ingest.files import discover_files
from tasks.ingest.options import IngestOptions
from tasks.ingest.read import read_sources

CONFIG = IngestOptions()
ARTICLE = (
    "Bridge closed after flood\n\n"
    'Officials said 3 bridges were closed on Monday. "We will reopen them soon," the mayor said.\n'
)


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def ingest(*paths: Path, config: IngestOptions = CONFIG):
    """(documents, {file name: (reason, sha256)}) of reading the paths."""
    docs, rejected = read_sources(list(paths), config)
    return docs, {Path(r.source_uri).name: (r.reason, r.sha256) for r in rejected}


def only_doc(path: Path, data: bytes):
    path.write_bytes(data)
    docs, rejected = ingest(path)
    assert rejected == {} and len(docs) == 1
    assert docs[0].source_uri == str(path) and docs[0].sha256 == sha(data)
    return docs[0]


def test_empty_file(tmp_path):
    path = tmp_path / "empty.txt"
    path.write_bytes(b"")
    assert ingest(path) == ([], {"empty.txt": ("empty or whitespace-only text", sha(b""))})


def test_whitespace_only_file(tmp_path):
    path = tmp_path / "blank.md"
    path.write_bytes(data := b" \r\n\t\n  ")
    assert ingest(path) == ([], {"blank.md": ("empty or whitespace-only text", sha(data))})


def test_binary_file_named_txt(tmp_path):
    png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00"
    (tmp_path / "photo.txt").write_bytes(png)
    noise = bytes((i * 37) % 31 + 1 for i in range(200))  # control bytes, no NUL
    (tmp_path / "dump.txt").write_bytes(noise)
    docs, rejected = ingest(tmp_path / "photo.txt", tmp_path / "dump.txt")
    assert docs == []
    assert rejected == {
        "photo.txt": ("binary content (NUL bytes), not text", sha(png)),
        "dump.txt": ("binary content (167 control characters), not text", sha(noise)),
    }


def test_invalid_utf8_bytes_inside_a_good_article(tmp_path):
    good = ARTICLE.replace("Monday", "Monday in Zürich")
    data = good.encode().replace(b"closed", b"cl\xffosed", 1)
    doc = only_doc(tmp_path / "damaged.txt", data)
    assert doc.encoding == "utf-8 (1 invalid byte replaced)"
    assert doc.text == good.replace("closed", "cl\ufffdosed", 1)


def test_utf8_cut_off_in_the_middle_of_a_character(tmp_path):
    data = (ARTICLE + "It’s").encode()[:-2]  # "’" is E2 80 99: the 99 and "s" are missing
    doc = only_doc(tmp_path / "truncated.txt", data)
    assert doc.encoding == "utf-8 (2 invalid bytes replaced)"
    assert doc.text == ARTICLE + "It\ufffd\ufffd"


def test_cp1252_text_with_curly_quotes(tmp_path):
    data = b"Caf\xe9 owners said \x93prices rose\x94 by 5\x96 10% \x85 again."
    doc = only_doc(tmp_path / "windows.txt", data)
    assert doc.encoding == "cp1252"
    assert doc.text == "Café owners said “prices rose” by 5– 10% … again."


@pytest.mark.parametrize("codec", ["utf-16", "utf-16-le", "utf-16-be", "utf-32"])
def test_utf16_with_and_without_a_bom(tmp_path, codec):
    data = ARTICLE.replace('"', "“", 1).encode(codec)
    doc = only_doc(tmp_path / "unicode.txt", data)
    assert doc.text == ARTICLE.replace('"', "“", 1)
    assert doc.encoding == {"utf-16": "utf-16", "utf-16-le": "utf-16-le (no byte-order mark)",
                            "utf-16-be": "utf-16-be (no byte-order mark)",
                            "utf-32": "utf-32"}[codec]


def test_utf16_bom_with_broken_content(tmp_path):
    data = "Hi".encode("utf-16") + b"\x00\xd8"  # a lone high surrogate at the end
    (tmp_path / "broken16.txt").write_bytes(data)
    reason = "invalid UTF-16 after a byte-order mark: unexpected end of data at byte 6"
    assert ingest(tmp_path / "broken16.txt") == ([], {"broken16.txt": (reason, sha(data))})


def test_utf8_with_a_bom(tmp_path):
    doc = only_doc(tmp_path / "bom.txt", b"\xef\xbb\xbf" + ARTICLE.encode())
    assert (doc.text, doc.encoding) == (ARTICLE, "utf-8-sig")


def test_crlf_line_endings_are_kept_raw_and_offsets_slice_them(tmp_path):
    data = ARTICLE.replace("\n", "\r\n").encode()
    doc = only_doc(tmp_path / "windows-lines.txt", data)
    assert doc.encoding == "utf-8" and doc.text == data.decode() and "\r\n" in doc.text
    (record,), claims, _, _ = extract_document(doc, "run")
    assert record.title == "Bridge closed after flood"
    assert len(claims) >= 2
    for claim in claims:
        assert doc.text[claim.raw_start:claim.raw_end] == claim.text
    assert any(c.text.startswith("Officials said 3 bridges") for c in claims)


def test_mojibake_is_repaired_and_recorded(tmp_path):
    data = "The minister said he donÃ¢â‚¬â„¢t know, and the cafÃ© stayed shut.".encode()
    doc = only_doc(tmp_path / "mojibake.txt", data)
    assert doc.text == "The minister said he don’t know, and the café stayed shut."
    assert doc.encoding == "utf-8 (5 mojibake sequences repaired)"


def test_mojibake_that_cannot_be_undone_is_flagged(tmp_path):
    data = "Officials said prices rose by 5Ã\u00a0percent, said the à€€ report.".encode()
    doc = only_doc(tmp_path / "odd.txt", data)
    assert doc.text == "Officials said prices rose by 5àpercent, said the à€€ report."  # E0 80 80
    assert doc.encoding == "utf-8 (1 mojibake sequence repaired; mojibake suspected in 1 place)"


def test_a_single_20_mb_line_is_quarantined_without_blowing_up(tmp_path):
    path = tmp_path / "one-line.txt"
    with open(path, "wb") as fh:
        for _ in range(20):
            fh.write(b"lorem ipsum dolor sit amet consectetur " * 25_642)
    data = path.read_bytes()
    assert len(data) > 20_000_000 and b"\n" not in data
    reason = (f"text of {len(data):,} characters is longer than the limit of "
              f"{MAX_ARTICLE_CHARS:,} for one article")
    assert ingest(path) == ([], {"one-line.txt": (reason, sha(data))})


def test_a_long_run_of_characters_without_spaces_is_read(tmp_path):
    data = ARTICLE.encode() + b"data:image/png;base64," + b"QUJD" * 5000 + b"\n"
    doc = only_doc(tmp_path / "blob.txt", data)
    claims = extract_document(doc, "run").claims
    assert [c.text for c in claims if "QUJD" in c.text] == []


def test_file_over_the_size_limit_is_quarantined_with_its_hash(tmp_path):
    data = ARTICLE.encode() * 10
    (tmp_path / "long.txt").write_bytes(data)
    reason = f"file of {len(data):,} bytes is larger than the limit of 1,000 bytes"
    config = IngestOptions(max_file_bytes=1000)
    assert ingest(tmp_path / "long.txt", config=config) == ([], {"long.txt": (reason, sha(data))})


def test_html_saved_as_text_is_quarantined(tmp_path):
    page = b"<!DOCTYPE html>\n<html><head><title>News</title></head><body>Hi</body></html>"
    fragment = b"<div class=story>\n<p>Officials said 3 died.</p>\n<p>More.</p><p>End.</p></div>"
    (tmp_path / "page.txt").write_bytes(page)
    (tmp_path / "fragment.txt").write_bytes(fragment)
    docs, rejected = ingest(tmp_path / "page.txt", tmp_path / "fragment.txt")
    reason = "HTML, not plain text: save the article's text as .txt instead"
    assert docs == []
    assert rejected == {"page.txt": (reason, sha(page)), "fragment.txt": (reason, sha(fragment))}


def test_an_article_about_html_is_not_html(tmp_path):
    data = b"Developers said the <p> tag and its </p> end still matter, the survey said.\n"
    doc = only_doc(tmp_path / "about-html.txt", data)
    assert doc.text == data.decode()


def write_jsonl(path: Path, lines: list[str]) -> bytes:
    data = "\n".join(lines).encode()
    path.write_bytes(data)
    return data


def test_jsonl_malformed_line(tmp_path):
    path = tmp_path / "feed.jsonl"
    data = write_jsonl(path, [json.dumps({"text": ARTICLE}), '{"text": "cut off'])
    docs, rejected = read_sources([path], CONFIG)
    assert [d.source_uri for d in docs] == [f"{path}#1"]
    assert [(r.source_uri, r.reason, r.sha256) for r in rejected] == [
        (f"{path}#2", "malformed JSON: Unterminated string starting at: line 1 column 10 (char 9)",
         sha(data))]


def test_jsonl_line_without_text(tmp_path):
    path = tmp_path / "feed.jsonl"
    data = write_jsonl(path, [json.dumps({"title": "T", "body": ARTICLE}), '["a list"]'])
    _, rejected = read_sources([path], CONFIG)
    assert [(r.source_uri, r.reason, r.sha256) for r in rejected] == [
        (f"{path}#1", "no `text` field", sha(data)),
        (f"{path}#2", "an array, not an object with a `text` field", sha(data)),
    ]


def test_jsonl_text_that_is_not_a_string(tmp_path):
    path = tmp_path / "feed.jsonl"
    data = write_jsonl(path, [json.dumps({"text": 42}), json.dumps({"text": ["a", "b"]}),
                              json.dumps({"text": None})])
    _, rejected = read_sources([path], CONFIG)
    assert [(r.source_uri, r.reason, r.sha256) for r in rejected] == [
        (f"{path}#1", "`text` is a number, not a string", sha(data)),
        (f"{path}#2", "`text` is an array, not a string", sha(data)),
        (f"{path}#3", "`text` is null, not a string", sha(data)),
    ]


def test_jsonl_record_with_a_line_separator_inside_its_text_stays_one_record(tmp_path):
    path = tmp_path / "feed.jsonl"
    text = "Officials said 3 bridges closed.\u2028The mayor said more.\x85End."
    write_jsonl(path, [json.dumps({"id": "a", "text": text}, ensure_ascii=False)])
    docs, rejected = read_sources([path], CONFIG)
    assert rejected == [] and [(d.source_uri, d.text) for d in docs] == [(f"{path}#a", text)]


def test_jsonl_lone_surrogates_are_replaced_and_recorded(tmp_path):
    path = tmp_path / "feed.jsonl"
    write_jsonl(path, ['{"id": "x", "title": "A \\udc80", "text": "Officials said \\ud800 3."}'])
    docs, rejected = read_sources([path], CONFIG)
    assert rejected == []
    assert (docs[0].text, docs[0].title) == ("Officials said \ufffd 3.", "A \ufffd")
    assert docs[0].encoding == "utf-8 (1 lone surrogate replaced)"


def test_jsonl_mojibake_is_repaired_per_record(tmp_path):
    path = tmp_path / "feed.jsonl"
    mangled = "He said he donâ€™t know."
    write_jsonl(path, [json.dumps({"text": mangled}),
                       json.dumps({"text": mangled}, ensure_ascii=False),
                       json.dumps({"text": "Officials said 3 died."})])
    docs, _ = read_sources([path], CONFIG)
    assert [(d.text, d.encoding) for d in docs] == [
        ("He said he don’t know.", "utf-8 (1 mojibake sequence repaired)")] * 2 + [
        ("Officials said 3 died.", "utf-8")]


def test_empty_jsonl_file(tmp_path):
    path = tmp_path / "feed.jsonl"
    path.write_bytes(b"\n \n")
    assert ingest(path) == (
        [], {"feed.jsonl": ("no records: empty or whitespace-only file", sha(b"\n \n"))})


def test_same_content_under_two_names_is_one_document_read_twice(tmp_path):
    for name in ("a.txt", "copy of a.md"):
        (tmp_path / name).write_text(ARTICLE, encoding="utf-8")
    files, _ = discover_files([tmp_path])
    docs, rejected = read_sources(files, CONFIG)
    assert rejected == [] and len({d.doc_id for d in docs}) == 1
    assert sorted(Path(d.source_uri).name for d in docs) == ["a.txt", "copy of a.md"]


def test_broken_symlink_is_quarantined(tmp_path):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "gone.txt").symlink_to(tmp_path / "nowhere.txt")
    (inbox / "ok.txt").write_text(ARTICLE, encoding="utf-8")
    files, rejected = discover_files([inbox, inbox / "gone.txt"])
    assert files == [inbox / "ok.txt"]
    reason = f"broken symlink: points to {tmp_path / 'nowhere.txt'}, which does not exist"
    assert [(r.source_uri, r.reason, r.sha256) for r in rejected] == [
        (str(inbox / "gone.txt"), reason, None)] * 2


def test_symlink_whose_target_disappears_before_reading(tmp_path):
    target = tmp_path / "real.txt"
    target.write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "link.txt").symlink_to(target)
    files, _ = discover_files([tmp_path / "link.txt"])
    target.unlink()
    reason = f"broken symlink: points to {target}, which does not exist"
    assert ingest(*files) == ([], {"link.txt": (reason, None)})


def test_folder_loop_is_reported_and_does_not_hang(tmp_path):
    inbox = tmp_path / "inbox"
    (inbox / "sub").mkdir(parents=True)
    (inbox / "sub" / "a.txt").write_text(ARTICLE, encoding="utf-8")
    (inbox / "sub" / "back").symlink_to(inbox)  # inbox/sub/back/sub/back/... forever
    (inbox / "linked").symlink_to(inbox / "sub")  # the same folder under a second name
    files, rejected = discover_files([inbox])
    assert files == [inbox / "linked" / "a.txt"]
    assert [(Path(r.source_uri).name, r.reason) for r in rejected] == [
        ("sub", f"folder read twice: same folder as {inbox / 'linked'}, already read; "
                "not followed"),
        ("back", f"folder loop: same folder as {inbox}, already read; not followed"),
    ]


def test_file_that_vanishes_between_discovery_and_reading(tmp_path):
    for name in ("stays.txt", "goes.txt"):
        (tmp_path / name).write_text(ARTICLE, encoding="utf-8")
    files, _ = discover_files([tmp_path])
    (tmp_path / "goes.txt").unlink()
    docs, rejected = ingest(*files)
    assert [Path(d.source_uri).name for d in docs] == ["stays.txt"]
    reason = "vanished: the file was deleted before it could be read"
    assert rejected == {"goes.txt": (reason, None)}


def test_names_with_spaces_and_non_ascii_characters(tmp_path):
    folder = tmp_path / "Nachrichten März"
    folder.mkdir()
    path = folder / "Zoë’s report — 2024 (final).txt"
    path.write_text(ARTICLE, encoding="utf-8")
    files, rejected = discover_files([tmp_path])
    docs, _ = read_sources(files, CONFIG)
    assert rejected == [] and [d.source_uri for d in docs] == [str(path)]


def test_name_bytes_that_are_not_utf8_are_escaped_in_the_uri(tmp_path):
    raw = os.fsencode(tmp_path) + b"/caf\xe9.txt"
    with open(raw, "wb") as fh:
        fh.write(ARTICLE.encode())
    files, _ = discover_files([tmp_path])
    docs, _ = read_sources(files, CONFIG)
    assert [d.source_uri for d in docs] == [f"{tmp_path}/caf\\xe9.txt"]
    docs[0].source_uri.encode("utf-8")  # storable: no lone surrogates


def test_named_pipe_is_reported_not_waited_on(tmp_path):
    os.mkfifo(tmp_path / "pipe.txt")
    files, _ = discover_files([tmp_path])
    reason = "not a regular file (a named pipe, socket or device)"
    assert ingest(*files) == ([], {"pipe.txt": (reason, None)})


def test_missing_path_and_unsupported_type_given_explicitly(tmp_path):
    (tmp_path / "notes.pdf").write_bytes(b"%PDF")
    _, rejected = discover_files([tmp_path / "missing.txt", tmp_path / "notes.pdf"])
    assert [(Path(r.source_uri).name, r.reason) for r in rejected] == [
        ("missing.txt", "no such file or folder"),
        ("notes.pdf", "unsupported file type '.pdf': use .txt, .md or .jsonl"),
    ]


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads everything")
def test_unreadable_file_and_folder(tmp_path):
    (tmp_path / "secret.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "locked").mkdir()
    (tmp_path / "secret.txt").chmod(0)
    (tmp_path / "locked").chmod(0)
    try:
        files, rejected = discover_files([tmp_path])
        assert [(Path(r.source_uri).name, r.reason) for r in rejected] == [
            ("locked", "cannot list folder: Permission denied")]
        assert ingest(*files) == ([], {"secret.txt": ("cannot read: Permission denied", None)})
    finally:
        (tmp_path / "locked").chmod(0o755)
