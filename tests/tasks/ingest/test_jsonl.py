"""JSONL read as a stream: cut into pieces at line ends, each record bounded, not the file."""

import codecs
import itertools
import json
import tracemalloc
from pathlib import Path

import pytest

from tasks.ingest.jsonl import MAX_RECORD_BYTES, lines, plan
from tasks.ingest.options import IngestOptions
from tasks.ingest.read import read_piece, read_sources

ARTICLE = "Officials said {n} bridges were closed on Monday after the river rose {n} metres."


def feed(path: Path, n: int = 60) -> list[str]:
    """n records of every kind: good ones (ids and not), malformed, blank, CRLF, cp1252, a
    record with a line separator inside its text, a list."""
    out = []
    for i in range(n):
        record = {"text": ARTICLE.format(n=i), "title": f"Story {i}"}
        if i % 3:
            record["id"] = f"s{i}"
        out.append(json.dumps(record, ensure_ascii=i % 2 == 0))
    out[5] = "{broken"
    out[9] = ""
    out[11] = json.dumps({"text": "Officials said\u2028it was over."}, ensure_ascii=False) + "\r"
    out[13] = '["a list"]'
    data = "\n".join(out).encode()
    data = data.replace(b"Story 20", "Störy 20".encode("cp1252"))  # one record in cp1252
    path.write_bytes(data + b"\n")
    return out


def test_pieces_cover_the_file_at_line_ends(tmp_path):
    path = tmp_path / "feed.jsonl"
    feed(path)
    size = path.stat().st_size
    for piece_bytes in (1, 50, 333, 1000, size, 10 * size):
        pieces = plan(path, piece_bytes).pieces
        assert pieces[0].start == 0 and pieces[-1].end == size
        assert all(a.end == b.start for a, b in itertools.pairwise(pieces))
        data = path.read_bytes()
        for p in pieces:
            assert data[p.end - 1:p.end] == b"\n"
            assert p.first_line == data[:p.start].count(b"\n") + 1
        numbers = [line.number for p in pieces for line in lines(p)]
        assert numbers == list(range(1, data.count(b"\n") + 1))
        if piece_bytes >= size:
            assert len(pieces) == 1
    assert len(plan(path, 300).pieces) > 5


def test_pieces_give_the_documents_of_the_whole_file(tmp_path):
    path = tmp_path / "feed.jsonl"
    feed(path)
    whole = read_sources([path], IngestOptions(), piece_bytes=10**9)
    assert len(whole[0]) == 57 and len(whole[1]) == 2
    encodings = {d.encoding for d in whole[0]}
    assert encodings == {"utf-8", "cp1252"}  # each line decoded on its own
    for piece_bytes in (1, 97, 512, 4096):
        pieces = plan(path, piece_bytes).pieces
        docs, rejected = [], []
        for piece in pieces:
            got, bad = read_piece(piece, IngestOptions())
            docs += got
            rejected += bad
        assert (docs, rejected) == whole
        assert read_sources([path], IngestOptions(), piece_bytes=piece_bytes) == whole


def test_the_file_size_limit_is_for_one_article_files_only(tmp_path):
    path = tmp_path / "feed.jsonl"
    feed(path)
    (tmp_path / "one.txt").write_text(ARTICLE.format(n=3) * 40, encoding="utf-8")
    small = IngestOptions(max_file_bytes=1_000)
    docs, rejected = read_sources([path, tmp_path / "one.txt"], small)
    assert len(docs) == 57
    assert [(Path(r.source_uri).name, r.reason.split(" is ")[1]) for r in rejected
            if "#" not in r.source_uri] == [
        ("one.txt", "larger than the limit of 1,000 bytes")]


def test_a_record_over_the_bound_is_refused_unread_and_the_next_is_read(tmp_path):
    path = tmp_path / "feed.jsonl"
    huge = json.dumps({"text": "x " * 3_000_000})  # 6 MB
    path.write_text("\n".join([json.dumps({"text": ARTICLE.format(n=1)}), huge,
                               json.dumps({"text": ARTICLE.format(n=2)})]), encoding="utf-8")
    [piece] = plan(path, 10**9).pieces
    tracemalloc.start()
    docs, rejected = read_piece(piece, IngestOptions(), record_limit=100_000)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert [d.text for d in docs] == [ARTICLE.format(n=1), ARTICLE.format(n=2)]
    assert [(r.source_uri.rsplit("#", 1)[1], r.reason) for r in rejected] == [
        ("2", f"record of {len(huge):,} bytes is longer than the limit of 100,000 bytes for "
              "one article's record")]
    assert peak < 4_000_000  # the 6 MB line was never held
    assert MAX_RECORD_BYTES >= 6 * 500_000  # an article of the longest kind fits


@pytest.mark.parametrize("bom", [codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE])
def test_utf16_jsonl_is_read_whole_within_the_file_limit(tmp_path, bom):
    path = tmp_path / "feed.jsonl"
    text = "\n".join(json.dumps({"text": ARTICLE.format(n=i)}) for i in range(20))
    codec = "utf-16-le" if bom == codecs.BOM_UTF16_LE else "utf-16-be"
    path.write_bytes(bom + text.encode(codec))
    [piece] = plan(path, 100).pieces
    assert piece.wide
    docs, rejected = read_sources([path], IngestOptions(), piece_bytes=100)
    assert len(docs) == 20 and rejected == [] and docs[0].encoding == "utf-16"
    _, rejected = read_sources([path], IngestOptions(max_file_bytes=1_000), piece_bytes=100)
    assert [r.reason.split(" is ")[1] for r in rejected] == [
        "larger than the limit of 1,000 bytes"]


def test_binary_and_blank_jsonl_files_are_refused_whole(tmp_path):
    (tmp_path / "photo.jsonl").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 100)
    (tmp_path / "blank.jsonl").write_bytes(b"\n \n" * 1000)
    (tmp_path / "blank-utf16.jsonl").write_bytes(codecs.BOM_UTF16_LE + "\n \n".encode("utf-16-le"))
    _, rejected = read_sources(sorted(tmp_path.iterdir()), IngestOptions(), piece_bytes=100)
    assert [(Path(r.source_uri).name, r.reason) for r in rejected] == [
        ("blank-utf16.jsonl", "no records: empty or whitespace-only file"),
        ("blank.jsonl", "no records: empty or whitespace-only file"),
        ("photo.jsonl", "binary content (NUL bytes), not text")]
