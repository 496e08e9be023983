import json
from pathlib import Path

from tasks.ingest.decode import decode
from tasks.ingest.files import discover_files
from tasks.ingest.options import IngestOptions
from tasks.ingest.read import read_sources

CONFIG = IngestOptions()


def test_discover_finds_the_seeds_and_rejects_bad_paths(seeds_dir, tmp_path):
    other = tmp_path / "notes.pdf"
    other.write_bytes(b"%PDF")
    files, rejected = discover_files([seeds_dir, tmp_path / "missing", other])
    assert [f.name for f in files] == sorted(p.name for p in seeds_dir.glob("*.txt"))
    reasons = {Path(r.source_uri).name: r.reason for r in rejected}
    assert reasons["missing"] == "no such file or folder"
    assert "unsupported file type '.pdf'" in reasons["notes.pdf"]


def test_jsonl_keeps_metadata_and_quarantines_bad_lines(tmp_path):
    path = tmp_path / "feed.jsonl"
    lines = [
        json.dumps(
            {
                "id": "a1",
                "text": "Officials said 5 people died.",
                "title": "T",
                "source": "Wire",
                "url": "http://x",
                "author": "Ann",
                "published_at": "2024-05-01T10:00:00Z",
            }
        ),
        "{not json",
        json.dumps({"title": "no text"}),
        json.dumps({"text": 42}),
        "",
        json.dumps({"text": "Second story without an id, said the mayor."}),
    ]
    path.write_text("\n".join(lines), encoding="utf-8")
    docs, rejected = read_sources([path], CONFIG)
    assert [d.source_uri for d in docs] == [f"{path}#a1", f"{path}#6"]
    first = docs[0]
    assert (first.title, first.publisher, first.url, first.author) == (
        "T",
        "Wire",
        "http://x",
        "Ann",
    )
    assert first.published_at.isoformat() == "2024-05-01T10:00:00+00:00"
    assert {r.source_uri: r.reason.split(":")[0] for r in rejected} == {
        f"{path}#2": "malformed JSON",
        f"{path}#3": "no `text` field",
        f"{path}#4": "`text` is a number, not a string",
    }


def test_unusable_files_are_rejected_with_reasons(tmp_path):
    (tmp_path / "empty.txt").write_text("   \n\t", encoding="utf-8")
    (tmp_path / "binary.txt").write_bytes(b"\x89PNG\x00\x01\x02")
    (tmp_path / "big.txt").write_text("x" * 200, encoding="utf-8")
    config = IngestOptions(max_file_bytes=100)
    files = sorted(tmp_path.iterdir())
    docs, rejected = read_sources(files, config)
    assert docs == []
    reasons = {Path(r.source_uri).name: r.reason for r in rejected}
    assert reasons == {
        "big.txt": "file of 200 bytes is larger than the limit of 100 bytes",
        "binary.txt": "binary content (NUL bytes), not text",
        "empty.txt": "empty or whitespace-only text",
    }


def test_decode_reads_boms_and_windows_text():
    assert decode("\ufeffHello".encode()) == ("Hello", "utf-8-sig")
    assert decode("“Hi”".encode("utf-16")) == ("“Hi”", "utf-16")
    assert decode(b"\x93Hi\x94 he said") == ("“Hi” he said", "cp1252")
    text, encoding = decode("Café “ok” ".encode() * 20 + b"\xff")
    assert encoding == "utf-8 (1 invalid byte replaced)" and text.endswith("\ufffd")


def test_same_text_gets_the_same_id_under_two_names(tmp_path):
    for name in ("a.txt", "b.md"):
        (tmp_path / name).write_text("The minister said 3 bridges closed.", encoding="utf-8")
    docs, _ = read_sources(sorted(tmp_path.iterdir()), CONFIG)
    assert len({d.doc_id for d in docs}) == 1 and len(docs) == 2
