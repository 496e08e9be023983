"""Ingest: find input files, read and decode them into source texts; quarantine what cannot be used.

Inputs are `.txt`/`.md` files (one article each) and `.jsonl` files (one article a line: `text`
required; `id`, `title`, `source`, `url`, `published_at`, `author` optional).
"""

import codecs
import hashlib
import json
import os
from collections.abc import Iterable
from datetime import UTC, datetime
from pathlib import Path

from prefect import task
from pydantic import BaseModel, ConfigDict

from tasks.config import PipelineConfig, content_id

TEXT_SUFFIXES = frozenset({".txt", ".md"})
JSONL_SUFFIXES = frozenset({".jsonl"})
SUFFIXES = TEXT_SUFFIXES | JSONL_SUFFIXES


class SourceText(BaseModel):
    """One decoded article and where it came from."""

    model_config = ConfigDict(frozen=True)

    doc_id: str
    source_uri: str
    sha256: str
    text: str
    encoding: str
    title: str | None = None
    author: str | None = None
    publisher: str | None = None
    url: str | None = None
    published_at: datetime | None = None


class Rejected(BaseModel):
    """Something that could not be used, and why."""

    model_config = ConfigDict(frozen=True)

    source_uri: str
    reason: str
    sha256: str | None = None


def discover_files(inputs: Iterable[str | Path]) -> tuple[list[Path], list[Rejected]]:
    """Input files under the given files and folders, sorted; unusable paths are rejected."""
    found: set[Path] = set()
    rejected: list[Rejected] = []
    for given in inputs:
        path = Path(os.path.abspath(given))
        if path.is_dir():
            for root, dirs, files in os.walk(path, followlinks=False):
                dirs.sort()
                for name in files:
                    file = Path(root, name)
                    if file.suffix.lower() in SUFFIXES:
                        found.add(file)
        elif path.is_file():
            if path.suffix.lower() in SUFFIXES:
                found.add(path)
            else:
                rejected.append(Rejected(source_uri=str(path), reason=_suffix_reason(path)))
        else:
            rejected.append(Rejected(source_uri=str(path), reason="no such file or folder"))
    return sorted(found), rejected


def _suffix_reason(path: Path) -> str:
    return f"unsupported file type {path.suffix or '(none)'!r}: use .txt, .md or .jsonl"


def decode(data: bytes) -> tuple[str, str]:
    """Decode article bytes; returns (text, encoding). Raises ValueError when it cannot."""
    if data.startswith(codecs.BOM_UTF8):
        return data[len(codecs.BOM_UTF8):].decode("utf-8", errors="replace"), "utf-8-sig"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError as err:
            raise ValueError(f"invalid UTF-16 after a byte-order mark: {err.reason}") from err
    if b"\x00" in data:
        raise ValueError("binary content (NUL bytes), not text")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    text = data.decode("utf-8", errors="replace")
    n_bad = text.count("\ufffd")
    if n_bad * 50 < sum(1 for ch in text if ord(ch) > 127 and ch != "\ufffd"):
        return text, f"utf-8 ({n_bad} invalid bytes replaced)"
    try:
        return data.decode("cp1252"), "cp1252"
    except UnicodeDecodeError as err:
        raise ValueError("not UTF-8, UTF-16 or cp1252 text") from err


def _clean(value: object) -> str | None:
    return value.strip() or None if isinstance(value, str) else None


def _timestamp(value: object) -> datetime | None:
    if not isinstance(value, str) or not value.strip():
        return None
    try:
        parsed = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        return None
    return parsed.replace(tzinfo=UTC) if parsed.tzinfo is None else parsed.astimezone(UTC)


def _usable(text: str) -> str | None:
    """Why a decoded text cannot be an article, or None."""
    return "empty or whitespace-only text" if not text.strip() else None


def _read_text_file(path: Path, data: bytes, sha: str) -> tuple[list[SourceText], list[Rejected]]:
    try:
        text, encoding = decode(data)
    except ValueError as err:
        return [], [Rejected(source_uri=str(path), sha256=sha, reason=str(err))]
    if reason := _usable(text):
        return [], [Rejected(source_uri=str(path), sha256=sha, reason=reason)]
    doc = SourceText(
        doc_id=content_id(text), source_uri=str(path), sha256=sha, text=text, encoding=encoding
    )
    return [doc], []


def _read_jsonl_file(path: Path, data: bytes, sha: str) -> tuple[list[SourceText], list[Rejected]]:
    try:
        content, encoding = decode(data)
    except ValueError as err:
        return [], [Rejected(source_uri=str(path), sha256=sha, reason=str(err))]
    docs, rejected = [], []
    for number, line in enumerate(content.splitlines(), start=1):
        if not line.strip():
            continue
        where = f"{path}#{number}"
        try:
            record = json.loads(line)
        except json.JSONDecodeError as err:
            rejected.append(Rejected(source_uri=where, sha256=sha, reason=f"malformed JSON: {err}"))
            continue
        if not isinstance(record, dict) or "text" not in record:
            rejected.append(Rejected(source_uri=where, sha256=sha, reason="no `text` field"))
            continue
        text = record["text"]
        if not isinstance(text, str):
            reason = f"`text` is {type(text).__name__}, not a string"
            rejected.append(Rejected(source_uri=where, sha256=sha, reason=reason))
            continue
        if reason := _usable(text):
            rejected.append(Rejected(source_uri=where, sha256=sha, reason=reason))
            continue
        record_id = record.get("id")
        if isinstance(record_id, (str, int)) and str(record_id).strip():
            where = f"{path}#{str(record_id).strip()}"
        docs.append(SourceText(
            doc_id=content_id(text), source_uri=where, sha256=sha, text=text, encoding=encoding,
            title=_clean(record.get("title")), author=_clean(record.get("author")),
            publisher=_clean(record.get("source")), url=_clean(record.get("url")),
            published_at=_timestamp(record.get("published_at")),
        ))
    return docs, rejected


def read_sources(
    paths: Iterable[Path], config: PipelineConfig
) -> tuple[list[SourceText], list[Rejected]]:
    """Read and decode each file; every file yields documents or a rejection with its reason."""
    docs: list[SourceText] = []
    rejected: list[Rejected] = []
    for path in paths:
        try:
            if path.stat().st_size > config.max_file_bytes:
                reason = f"file larger than the limit of {config.max_file_bytes} bytes"
                rejected.append(Rejected(source_uri=str(path), reason=reason))
                continue
            data = path.read_bytes()
        except OSError as err:
            rejected.append(Rejected(source_uri=str(path), reason=f"cannot read: {err.strerror}"))
            continue
        sha = hashlib.sha256(data).hexdigest()
        reader = _read_jsonl_file if path.suffix.lower() in JSONL_SUFFIXES else _read_text_file
        got, bad = reader(path, data, sha)
        docs.extend(got)
        rejected.extend(bad)
    return docs, rejected


@task(name="ingest", task_run_name="ingest-batch-{batch_no}", retries=2, retry_delay_seconds=[1, 4])
def ingest_batch(
    paths: list[Path], config: PipelineConfig, batch_no: int
) -> tuple[list[SourceText], list[Rejected]]:
    """Prefect task: read one batch of files."""
    return read_sources(paths, config)
