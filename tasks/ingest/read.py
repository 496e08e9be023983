"""Read: input files into source texts; every file yields documents or a rejection with its reason.

Inputs are `.txt`/`.md` files (one article each) and `.jsonl` files (one article a line: `text`
required; `id`, `title`, `source`, `url`, `published_at`, `author` optional). Every input that
yields no document yields a `Rejected` naming it and the reason; docs/robustness.md lists them all.
"""

import json
from collections.abc import Iterable
from datetime import UTC, datetime
from pathlib import Path

from schemas.ids import content_id
from tasks.ingest.decode import (
    decode,
    decode_jsonl,
    decode_record,
    unusable,
    without_surrogates,
)
from tasks.ingest.files import Unreadable, read_file
from tasks.ingest.options import IngestOptions
from tasks.ingest.sources import JSONL_SUFFIXES, Rejected, SourceText, rejection, source_uri


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


def _read_jsonl_file(path: Path, data: bytes, sha: str) -> tuple[list[SourceText], list[Rejected]]:
    try:
        content, encoding = decode_jsonl(data)
    except ValueError as err:
        return [], [rejection(path, str(err), sha)]
    docs, rejected = [], []
    uri = source_uri(path)
    # Records end at "\n" only: JSON strings may hold U+2028 and other characters splitlines cuts.
    for number, line in enumerate(content.split("\n"), start=1):
        if not line.strip():
            continue
        where = f"{uri}#{number}"
        try:
            record = json.loads(line)
        except json.JSONDecodeError as err:
            rejected.append(Rejected(source_uri=where, sha256=sha, reason=f"malformed JSON: {err}"))
            continue
        if not isinstance(record, dict):
            reason = f"{_json_kind(record)}, not an object with a `text` field"
            rejected.append(Rejected(source_uri=where, sha256=sha, reason=reason))
            continue
        if "text" not in record:
            rejected.append(Rejected(source_uri=where, sha256=sha, reason="no `text` field"))
            continue
        text = record["text"]
        if not isinstance(text, str):
            reason = f"`text` is {_json_kind(text)}, not a string"
            rejected.append(Rejected(source_uri=where, sha256=sha, reason=reason))
            continue
        text, decoded_as = decode_record(text, encoding)
        if why := unusable(text):
            rejected.append(Rejected(source_uri=where, sha256=sha, reason=why))
            continue
        record_id = record.get("id")
        if isinstance(record_id, str | int) and not isinstance(record_id, bool) and (
                label := _clean(str(record_id))) is not None:
            where = f"{uri}#{label}"
        docs.append(SourceText(
            doc_id=content_id(text), source_uri=where, sha256=sha, text=text,
            encoding=decoded_as,
            title=_clean(record.get("title")), author=_clean(record.get("author")),
            publisher=_clean(record.get("source")), url=_clean(record.get("url")),
            published_at=_timestamp(record.get("published_at")),
        ))
    if not docs and not rejected:
        rejected.append(rejection(path, "no records: empty or whitespace-only file", sha))
    return docs, rejected



def read_sources(
    paths: Iterable[Path], options: IngestOptions
) -> tuple[list[SourceText], list[Rejected]]:
    """Read and decode each file; every file yields documents or a rejection with its reason."""
    docs: list[SourceText] = []
    rejected: list[Rejected] = []
    for path in paths:
        read = read_file(path, options.max_file_bytes)
        if isinstance(read, Unreadable):
            rejected.append(rejection(path, read.reason, read.sha256))
            continue
        reader = _read_jsonl_file if path.suffix.lower() in JSONL_SUFFIXES else _read_text_file
        got, bad = reader(path, read.data, read.sha256)
        docs.extend(got)
        rejected.extend(bad)
    return docs, rejected


