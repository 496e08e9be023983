"""Read: input files into source texts; every file yields documents or a rejection with its reason.

Inputs are `.txt`/`.md` files (one article each, read whole within the file-size limit) and
`.jsonl` files (one article a line: `text` required; `id`, `title`, `source`, `url`,
`published_at`, `author` optional; read as a stream, in pieces, each record bounded). Every input
that yields no document yields a `Rejected` naming it and the reason; docs/robustness.md lists
them all.
"""

import json
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime
from pathlib import Path

from schemas.ids import content_id
from tasks.ingest.decode import (
    decode,
    decode_jsonl,
    decode_line,
    decode_record,
    unusable,
    without_surrogates,
)
from tasks.ingest.files import Unreadable, read_file
from tasks.ingest.jsonl import MAX_RECORD_BYTES, Piece, lines, plan
from tasks.ingest.options import IngestOptions
from tasks.ingest.sources import JSONL_SUFFIXES, Rejected, SourceText, rejection, source_uri

# Bytes of a JSONL file read as one piece when the caller does not batch it (the flow cuts
# pieces of its batch size).
PIECE_BYTES = 8_000_000


def _read_text_file(path: Path, data: bytes, sha: str) -> tuple[list[SourceText], list[Rejected]]:
    try:
        text, encoding = decode(data)
    except ValueError as err:
        return [], [rejection(path, str(err), sha)]
    if reason := unusable(text):
        return [], [rejection(path, reason, sha)]
    uri = source_uri(path)
    return [SourceText(doc_id=content_id(text), source_uri=uri, sha256=sha, text=text,
                       encoding=encoding)], []


def _clean(value: object) -> str | None:
    return without_surrogates(value).strip() or None if isinstance(value, str) else None


def _timestamp(value: object) -> datetime | None:
    if not isinstance(value, str) or not value.strip():
        return None
    try:
        parsed = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        return None
    return parsed.replace(tzinfo=UTC) if parsed.tzinfo is None else parsed.astimezone(UTC)


def _json_kind(value: object) -> str:
    kinds = {dict: "an object", list: "an array", str: "a string", bool: "true or false",
             int: "a number", float: "a number", type(None): "null"}
    return kinds.get(type(value), type(value).__name__)


def _record(uri: str, number: int, line: str, encoding: str, sha: str
            ) -> SourceText | Rejected | None:
    """The document of one JSONL line, or why it cannot be one (None: a blank line)."""
    if not line.strip():
        return None
    where = f"{uri}#{number}"
    try:
        record = json.loads(line)
    except json.JSONDecodeError as err:
        return Rejected(source_uri=where, sha256=sha, reason=f"malformed JSON: {err}")
    if not isinstance(record, dict):
        reason = f"{_json_kind(record)}, not an object with a `text` field"
        return Rejected(source_uri=where, sha256=sha, reason=reason)
    if "text" not in record:
        return Rejected(source_uri=where, sha256=sha, reason="no `text` field")
    text = record["text"]
    if not isinstance(text, str):
        reason = f"`text` is {_json_kind(text)}, not a string"
        return Rejected(source_uri=where, sha256=sha, reason=reason)
    text, decoded_as = decode_record(text, encoding)
    if why := unusable(text):
        return Rejected(source_uri=where, sha256=sha, reason=why)
    record_id = record.get("id")
    if isinstance(record_id, str | int) and not isinstance(record_id, bool) and (
            label := _clean(str(record_id))) is not None:
        where = f"{uri}#{label}"
    return SourceText(
        doc_id=content_id(text), source_uri=where, sha256=sha, text=text, encoding=decoded_as,
        title=_clean(record.get("title")), author=_clean(record.get("author")),
        publisher=_clean(record.get("source")), url=_clean(record.get("url")),
        published_at=_timestamp(record.get("published_at")),
    )


def _decoded_lines(piece: Piece, options: IngestOptions, record_limit: int
                   ) -> Iterator[tuple[int, str, str] | Rejected]:
    """(line number, text, encoding) of each line of a piece, or a rejection: a line longer
    than record_limit bytes, a line that cannot be decoded, a wide file that cannot be read.
    Records end at "\\n" only: JSON strings may hold U+2028 and other characters splitlines
    cuts. Each line is decoded on its own, except in a UTF-16/32 file (read whole)."""
    uri = source_uri(piece.path)
    if piece.wide:
        read = read_file(piece.path, options.max_file_bytes)
        if isinstance(read, Unreadable):
            yield rejection(piece.path, read.reason, read.sha256)
            return
        try:
            content, encoding = decode_jsonl(read.data)
        except ValueError as err:
            yield rejection(piece.path, str(err), read.sha256)
            return
        if not content.strip():
            yield rejection(piece.path, "no records: empty or whitespace-only file", read.sha256)
        for number, text in enumerate(content.split("\n"), start=1):
            yield number, text, encoding
        return
    for line in lines(piece, record_limit):
        where = f"{uri}#{line.number}"
        if line.data is None:
            yield Rejected(source_uri=where, sha256=piece.sha256, reason=(
                f"record of {line.size:,} bytes is longer than the limit of {record_limit:,} "
                f"bytes for one article's record"))
            continue
        try:
            yield (line.number, *decode_line(line.data))
        except ValueError as err:
            yield Rejected(source_uri=where, sha256=piece.sha256, reason=str(err))


def read_piece(piece: Piece, options: IngestOptions, record_limit: int = MAX_RECORD_BYTES
               ) -> tuple[list[SourceText], list[Rejected]]:
    """The documents of a piece of a JSONL file, and its records that cannot be used."""
    docs, rejected = [], []
    uri = source_uri(piece.path)
    for item in _decoded_lines(piece, options, record_limit):
        if isinstance(item, Rejected):
            rejected.append(item)
            continue
        got = _record(uri, *item, piece.sha256)
        if isinstance(got, SourceText):
            docs.append(got)
        elif got is not None:
            rejected.append(got)
    return docs, rejected


def pieces_of(path: Path, piece_bytes: int) -> tuple[list[Piece], list[Rejected]]:
    """A JSONL file cut into pieces of about piece_bytes, or why it cannot be read."""
    planned = plan(path, piece_bytes)
    if planned.problem:
        return [], [rejection(path, planned.problem, planned.sha256)]
    return planned.pieces, []


def _read_jsonl_file(path: Path, options: IngestOptions, piece_bytes: int
                     ) -> tuple[list[SourceText], list[Rejected]]:
    """A whole JSONL file, piece by piece; a file that yields nothing has no records."""
    pieces, rejected = pieces_of(path, piece_bytes)
    docs: list[SourceText] = []
    for piece in pieces:
        got, bad = read_piece(piece, options)
        docs.extend(got)
        rejected.extend(bad)
    if not docs and not rejected:
        rejected.append(rejection(path, "no records: empty or whitespace-only file",
                                  pieces[0].sha256 if pieces else None))
    return docs, rejected


def read_sources(
    units: Iterable[Path | Piece], options: IngestOptions, piece_bytes: int = PIECE_BYTES
) -> tuple[list[SourceText], list[Rejected]]:
    """Read and decode each file or piece of a JSONL file; every file yields documents or a
    rejection with its reason. A .txt/.md file is read whole, within the file-size limit; a
    JSONL file named whole is read piece by piece (see tasks/ingest/jsonl.py)."""
    docs: list[SourceText] = []
    rejected: list[Rejected] = []
    for unit in units:
        if isinstance(unit, Piece):
            got, bad = read_piece(unit, options)
        elif unit.suffix.lower() in JSONL_SUFFIXES:
            got, bad = _read_jsonl_file(unit, options, piece_bytes)
        else:
            read = read_file(unit, options.max_file_bytes)
            if isinstance(read, Unreadable):
                got, bad = [], [rejection(unit, read.reason, read.sha256)]
            else:
                got, bad = _read_text_file(unit, read.data, read.sha256)
        docs.extend(got)
        rejected.extend(bad)
    return docs, rejected
