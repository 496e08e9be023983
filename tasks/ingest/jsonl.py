"""JSONL: a file of articles read as a stream of records, whatever its size. Each record (a line)
is bounded, not the file: a file is cut into pieces at line ends, each piece read on its own (a
batch of records), each line decoded on its own (so one damaged record does not change how the
others read, and the pieces give the documents the whole file gives).

A file in UTF-16 or UTF-32 (a byte-order mark, or NUL in every other byte) cannot be cut at a
newline byte: it is read whole, within the file-size limit of one-article files.
"""

import codecs
import hashlib
import os
import stat
from collections.abc import Iterator
from pathlib import Path
from typing import NamedTuple

from tasks.ingest.decode import MAX_ARTICLE_CHARS

# A line longer than this cannot hold an article of MAX_ARTICLE_CHARS characters (JSON writes a
# character outside ASCII as a 6-byte \uXXXX escape by default), so it is refused unread.
MAX_RECORD_BYTES = 8 * MAX_ARTICLE_CHARS
# Bytes of a file read at a time while planning and skipping.
_CHUNK = 1 << 20
_WIDE_BOMS = (codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)


class Piece(NamedTuple):
    """Lines [start, end) of bytes of a JSONL file, read as one unit: the number of its first
    line, the SHA-256 of the whole file, and whether the file is UTF-16/32 (one piece, read
    whole)."""

    path: Path
    start: int
    end: int
    first_line: int
    sha256: str
    wide: bool = False


class Plan(NamedTuple):
    """A JSONL file's pieces, or why it cannot be read (and its hash, when it could be made)."""

    pieces: list[Piece]
    problem: str | None = None
    sha256: str | None = None


def _wide(head: bytes) -> bool:
    """UTF-16 or UTF-32: a byte-order mark (not UTF-8's), or NUL in nearly every other byte."""
    if head.startswith(codecs.BOM_UTF8):
        return False
    if head.startswith(_WIDE_BOMS):
        return True
    sample = head[: len(head) // 2 * 2]
    if not sample:
        return False
    even, odd = sample[0::2].count(0) * 2 / len(sample), sample[1::2].count(0) * 2 / len(sample)
    return (odd > 0.9 and even < 0.1) or (even > 0.9 and odd < 0.1)


def plan(path: Path, piece_bytes: int) -> Plan:
    """Cut a JSONL file into pieces of about piece_bytes, each ending at a line end, in one
    streamed pass that also hashes the file and numbers the lines (never more than a chunk in
    memory). A file that is binary (NUL bytes in its first chunk, not UTF-16) or holds only
    whitespace has no pieces but the reason."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    except FileNotFoundError:
        return Plan([], "vanished: the file was deleted before it could be read")
    except OSError as err:
        return Plan([], f"cannot read: {err.strerror}")
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            return Plan([], "not a regular file (a named pipe, socket or device)")
        digest = hashlib.sha256()
        pieces: list[Piece] = []
        start = offset = 0
        line = first_line = 1
        cut_at = piece_bytes
        head = b""
        text = False  # a byte that is not whitespace
        while chunk := os.read(fd, _CHUNK):
            if not offset:
                head = chunk
            digest.update(chunk)
            text = text or bool((chunk if offset else chunk.removeprefix(codecs.BOM_UTF8)).strip())
            at = 0
            while offset + len(chunk) > cut_at:  # the first line end at or after cut_at
                newline = chunk.find(b"\n", max(cut_at - offset, at))
                if newline < 0:
                    break
                end = offset + newline + 1
                line_count = chunk.count(b"\n", at, newline + 1)
                pieces.append(Piece(path, start, end, first_line, ""))
                line += line_count
                first_line, start, at, cut_at = line, end, newline + 1, end + piece_bytes
            line += chunk.count(b"\n", at)
            offset += len(chunk)
        sha = digest.hexdigest()
    except OSError as err:
        return Plan([], f"cannot read: {err.strerror}")
    finally:
        os.close(fd)
    if _wide(head[:65536]):
        return Plan([Piece(path, 0, offset, 1, sha, wide=True)], sha256=sha)
    if b"\x00" in head:
        return Plan([], "binary content (NUL bytes), not text", sha)
    if not text:
        return Plan([], "no records: empty or whitespace-only file", sha)
    if start < offset:
        pieces.append(Piece(path, start, offset, first_line, ""))
    return Plan([p._replace(sha256=sha) for p in pieces], sha256=sha)


class Line(NamedTuple):
    """A line of a piece: its number, and its bytes, or None when it is longer than the bound
    (then `size` is its length, read past without keeping it)."""

    number: int
    data: bytes | None
    size: int


def lines(piece: Piece, limit: int = MAX_RECORD_BYTES) -> Iterator[Line]:
    """The lines of a (not wide) piece, without their "\\n", one at a time; a line longer than
    limit bytes is read past, not held."""
    with open(piece.path, "rb") as fh:
        fh.seek(piece.start)
        position, number = piece.start, piece.first_line
        while position < piece.end:
            data = fh.readline(min(limit + 1, piece.end - position))
            if not data:
                return
            position += len(data)
            if len(data) > limit and not data.endswith(b"\n"):  # too long: skip the rest
                size = len(data)
                while position < piece.end and not data.endswith(b"\n"):
                    data = fh.readline(min(_CHUNK, piece.end - position))
                    if not data:
                        break
                    position += len(data)
                    size += len(data)
                yield Line(number, None, size - data.endswith(b"\n"))
            else:
                yield Line(number, data.removesuffix(b"\n"), len(data))
            number += 1
