"""Ingest: find input files, read and decode them into source texts; quarantine what cannot be used.

Inputs are `.txt`/`.md` files (one article each) and `.jsonl` files (one article a line: `text`
required; `id`, `title`, `source`, `url`, `published_at`, `author` optional). Every input that
yields no document yields a `Rejected` naming it and the reason; docs/robustness.md lists them all.
"""

import codecs
import hashlib
import json
import os
import re
import stat
from collections.abc import Iterable
from datetime import UTC, datetime
from pathlib import Path

from prefect import task
from prefect.cache_policies import NO_CACHE
from pydantic import BaseModel, ConfigDict

from tasks.config import PipelineConfig, content_id

TEXT_SUFFIXES = frozenset({".txt", ".md"})
JSONL_SUFFIXES = frozenset({".jsonl"})
SUFFIXES = TEXT_SUFFIXES | JSONL_SUFFIXES
# A longer text is not one article (a long feature is ~100,000 characters); extracting from it would
# take minutes and yield a claim table of its own (docs/robustness.md has the measurements).
MAX_ARTICLE_CHARS = 500_000


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


def source_uri(path: str | Path) -> str:
    """The path as stored: name bytes that are not UTF-8 are written as \\xNN escapes."""
    text = os.fspath(path)
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return text.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    return text


def _rejected(path: str | Path, reason: str, sha: str | None = None) -> Rejected:
    return Rejected(source_uri=source_uri(path), reason=reason, sha256=sha)


# ---- finding files ----------------------------------------------------------------------------

def discover_files(inputs: Iterable[str | Path]) -> tuple[list[Path], list[Rejected]]:
    """Input files under the given files and folders, sorted; unusable paths are rejected.

    Folder symlinks are followed, except back into a folder already being read (a loop);
    files in folders are inputs by suffix, a file named explicitly must have one.
    """
    found: set[Path] = set()
    rejected: list[Rejected] = []
    for given in inputs:
        path = Path(os.path.abspath(given))
        if path.is_dir():
            _walk(path, found, rejected)
        elif path.is_symlink() and not path.exists():
            rejected.append(_rejected(path, _broken_link(path)))
        elif not path.exists():
            rejected.append(_rejected(path, "no such file or folder"))
        elif path.suffix.lower() not in SUFFIXES:
            rejected.append(_rejected(path, _suffix_reason(path)))
        else:
            found.add(path)
    return sorted(found), rejected


def _walk(top: Path, found: set[Path], rejected: list[Rejected]) -> None:
    def unlistable(err: OSError) -> None:
        rejected.append(_rejected(err.filename, f"cannot list folder: {err.strerror}"))

    seen = {_identity(top): top}
    for root, dirs, files in os.walk(top, onerror=unlistable, followlinks=True):
        here = Path(root)
        for name in sorted(dirs):
            folder = here / name
            try:
                first = seen.setdefault(_identity(folder), folder)
            except OSError as err:
                dirs.remove(name)
                rejected.append(_rejected(folder, f"cannot list folder: {err.strerror}"))
                continue
            if first != folder:
                dirs.remove(name)
                kind = "folder loop" if here.resolve().is_relative_to(first.resolve()) else (
                    "folder read twice")
                reason = f"{kind}: same folder as {source_uri(first)}, already read; not followed"
                rejected.append(_rejected(folder, reason))
        dirs.sort()
        for name in files:
            file = here / name
            if file.suffix.lower() not in SUFFIXES:
                continue
            if file.is_symlink() and not file.exists():
                rejected.append(_rejected(file, _broken_link(file)))
            else:
                found.add(file)


def _identity(folder: Path) -> tuple[int, int]:
    info = folder.stat()
    return info.st_dev, info.st_ino


def _broken_link(path: Path) -> str:
    return f"broken symlink: points to {source_uri(os.readlink(path))}, which does not exist"


def _suffix_reason(path: Path) -> str:
    return f"unsupported file type {path.suffix or '(none)'!r}: use .txt, .md or .jsonl"


# ---- decoding ---------------------------------------------------------------------------------

_ESCAPED_BYTE = re.compile("[\udc80-\udcff]")
_SURROGATE = re.compile("[\ud800-\udfff]")
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")


def _chars(codes: range) -> str:
    return re.escape(bytes(codes).decode("cp1252", errors="ignore"))


# UTF-8 lead byte and continuation bytes, as they look when read as cp1252 ("â€™" for "’").
_MOJIBAKE = re.compile(
    f"[{_chars(range(0xC2, 0xE0))}][{_chars(range(0x80, 0xC0))}]"
    f"|[{_chars(range(0xE0, 0xF0))}][{_chars(range(0x80, 0xC0))}]{{2}}"
    f"|[{_chars(range(0xF0, 0xF5))}][{_chars(range(0x80, 0xC0))}]{{3}}"
)


def decode(data: bytes) -> tuple[str, str]:
    """Decode article bytes; returns (text, encoding). Raises ValueError when it cannot.

    BOMs decide first (UTF-32, UTF-16, UTF-8); then BOM-less UTF-16 (every other byte NUL);
    NUL bytes otherwise mean binary; then strict UTF-8; then damaged UTF-8 (invalid bytes
    replaced by U+FFFD) when the file also holds valid multi-byte characters or is merely cut
    off mid-character; else cp1252. Mojibake (UTF-8 read as cp1252, once or more) is re-read
    as the UTF-8 it was. The encoding says all of it.
    """
    text, encoding = _decode_bytes(data)
    text, note = _undo_mojibake(text)
    return text, _label(encoding, note)


def _label(encoding: str, note: str | None) -> str:
    if not note:
        return encoding
    if encoding.endswith(")"):
        return f"{encoding[:-1]}; {note})"
    return f"{encoding} ({note})"


def _decode_bytes(data: bytes) -> tuple[str, str]:
    for bom, name in ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
                      (codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
                      (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            try:
                return data.decode(name), name
            except UnicodeDecodeError as err:
                if name == "utf-8-sig":
                    return _damaged_utf8(data[len(bom):], "utf-8-sig")
                raise ValueError(f"invalid {name.upper()} after a byte-order mark: "
                                 f"{err.reason} at byte {err.start}") from err
    if b"\x00" in data:
        if (utf16 := _bomless_utf16(data)) is not None:
            return utf16
        raise ValueError("binary content (NUL bytes), not text")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as err:
        # only the last character is incomplete, and it got at least one continuation byte
        cut_off = err.reason == "unexpected end of data" and len(data) - err.start >= 2
    escaped = data.decode("utf-8", errors="surrogateescape")
    n_bad = len(_ESCAPED_BYTE.findall(escaped))
    n_multibyte = len(escaped) - len(escaped.encode("ascii", errors="ignore")) - n_bad
    if cut_off or n_multibyte >= n_bad:
        return _damaged_utf8(data, "utf-8")
    try:
        return data.decode("cp1252"), "cp1252"
    except UnicodeDecodeError:
        return _damaged_utf8(data, "utf-8")


def _damaged_utf8(data: bytes, name: str) -> tuple[str, str]:
    text, n_bad = _ESCAPED_BYTE.subn("\ufffd", data.decode("utf-8", errors="surrogateescape"))
    return text, f"{name} ({_count(n_bad, 'invalid byte')} replaced)"


def _bomless_utf16(data: bytes) -> tuple[str, str] | None:
    """UTF-16 without a byte-order mark: NUL in (nearly) every other byte, as in ASCII text."""
    if len(data) % 2:
        return None
    even, odd = data[0::2].count(0) * 2 / len(data), data[1::2].count(0) * 2 / len(data)
    name = ""
    if odd > 0.9 and even < 0.1:
        name = "utf-16-le"
    elif even > 0.9 and odd < 0.1:
        name = "utf-16-be"
    try:
        return (data.decode(name), f"{name} (no byte-order mark)") if name else None
    except UnicodeDecodeError:
        return None


def _undo_mojibake(text: str) -> tuple[str, str | None]:
    """Text with its mojibake sequences re-read as the UTF-8 they were (up to three layers deep:
    "Ã¢â‚¬â„¢" → "â€™" → "’"), and a note on what was done."""
    repaired = 0

    def reread(m: re.Match) -> str:
        nonlocal repaired
        try:
            fixed = m[0].encode("cp1252").decode("utf-8")
        except UnicodeError:
            return m[0]
        repaired += 1
        return fixed

    for _ in range(3):
        before = repaired
        text = _MOJIBAKE.sub(reread, text)
        if repaired == before:
            break
    notes = [f"{_count(repaired, 'mojibake sequence')} repaired" if repaired else "",
             f"mojibake suspected in {_count(n, 'place')}" if (n := len(_MOJIBAKE.findall(text)))
             else ""]
    return text, "; ".join(filter(None, notes)) or None


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" + ("" if n == 1 else "s")


# ---- is it an article? ------------------------------------------------------------------------

_HTML_START = re.compile(r"\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body)\b", re.I | re.S)
_HTML_END_TAG = re.compile(
    r"</(?:p|div|span|a|li|ul|ol|td|tr|th|table|h[1-6]|html|head|body|title|script|style|strong|"
    r"em|b|i|article|section|header|footer|nav|main|aside|blockquote|figure|figcaption)\s*>",
    re.I,
)


def unusable(text: str) -> str | None:
    """Why a decoded text cannot be an article, or None."""
    if not text.strip():
        return "empty or whitespace-only text"
    if len(text) > MAX_ARTICLE_CHARS:
        return (f"text of {len(text):,} characters is longer than the limit of "
                f"{MAX_ARTICLE_CHARS:,} for one article")
    n_control = len(_CONTROL.findall(text))
    if n_control >= 4 and n_control * 100 > len(text):
        return f"binary content ({n_control} control characters), not text"
    if _HTML_START.match(text) or len(_HTML_END_TAG.findall(text, 0, 200_000)) >= 3:
        return "HTML, not plain text: save the article's text as .txt instead"
    return None


# ---- reading ----------------------------------------------------------------------------------

def _read_text_file(path: Path, data: bytes, sha: str) -> tuple[list[SourceText], list[Rejected]]:
    try:
        text, encoding = decode(data)
    except ValueError as err:
        return [], [_rejected(path, str(err), sha)]
    if reason := unusable(text):
        return [], [_rejected(path, reason, sha)]
    uri = source_uri(path)
    return [SourceText(doc_id=content_id(text), source_uri=uri, sha256=sha, text=text,
                       encoding=encoding)], []


def _clean(value: object) -> str | None:
    return _SURROGATE.sub("\ufffd", value).strip() or None if isinstance(value, str) else None


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
        content, encoding = _decode_bytes(data)  # mojibake is undone per record
    except ValueError as err:
        return [], [_rejected(path, str(err), sha)]
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
        text, n_surrogates = _SURROGATE.subn("\ufffd", text)
        text, note = _undo_mojibake(text)
        if reason := unusable(text):
            rejected.append(Rejected(source_uri=where, sha256=sha, reason=reason))
            continue
        if n_surrogates:
            note = "; ".join(filter(None, [f"{_count(n_surrogates, 'lone surrogate')} replaced",
                                           note]))
        record_id = record.get("id")
        if isinstance(record_id, str | int) and not isinstance(record_id, bool) and (
                label := _clean(str(record_id))):
            where = f"{uri}#{label}"
        docs.append(SourceText(
            doc_id=content_id(text), source_uri=where, sha256=sha, text=text,
            encoding=_label(encoding, note),
            title=_clean(record.get("title")), author=_clean(record.get("author")),
            publisher=_clean(record.get("source")), url=_clean(record.get("url")),
            published_at=_timestamp(record.get("published_at")),
        ))
    if not docs and not rejected:
        rejected.append(_rejected(path, "no records: empty or whitespace-only file", sha))
    return docs, rejected


def _hash_rest(fd: int, digest) -> str:
    while chunk := os.read(fd, 1 << 20):
        digest.update(chunk)
    return digest.hexdigest()


def file_sha256(path: Path) -> str | None:
    """SHA-256 of a regular file's bytes, None when it cannot be read as one (ingest then says
    why). Opened without blocking, like `read_file`."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    except OSError:
        return None
    try:
        return _hash_rest(fd, hashlib.sha256()) if stat.S_ISREG(os.fstat(fd).st_mode) else None
    except OSError:
        return None
    finally:
        os.close(fd)


def read_file(path: Path, limit: int) -> tuple[bytes | None, str | None, str | None]:
    """(bytes, sha256, None) of a regular file within the size limit, else (None, sha256 or None,
    reason). Opened without blocking, so a named pipe is reported, not waited on."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    except FileNotFoundError:
        if path.is_symlink():
            return None, None, _broken_link(path)
        return None, None, "vanished: the file was deleted before it could be read"
    except OSError as err:
        return None, None, f"cannot read: {err.strerror}"
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            return None, None, "not a regular file (a named pipe, socket or device)"
        data = os.read(fd, limit + 1) if info.st_size <= limit else b""
        while data and len(data) <= limit and (more := os.read(fd, limit + 1 - len(data))):
            data += more
        if info.st_size > limit or len(data) > limit:
            size = max(info.st_size, len(data))
            reason = f"file of {size:,} bytes is larger than the limit of {limit:,} bytes"
            return None, _hash_rest(fd, hashlib.sha256(data)), reason
        return data, hashlib.sha256(data).hexdigest(), None
    except OSError as err:
        return None, None, f"cannot read: {err.strerror}"
    finally:
        os.close(fd)


def read_sources(
    paths: Iterable[Path], config: PipelineConfig
) -> tuple[list[SourceText], list[Rejected]]:
    """Read and decode each file; every file yields documents or a rejection with its reason."""
    docs: list[SourceText] = []
    rejected: list[Rejected] = []
    for path in paths:
        data, sha, reason = read_file(path, config.max_file_bytes)
        if data is None:
            rejected.append(_rejected(path, reason, sha))
            continue
        reader = _read_jsonl_file if path.suffix.lower() in JSONL_SUFFIXES else _read_text_file
        got, bad = reader(path, data, sha)
        docs.extend(got)
        rejected.extend(bad)
    return docs, rejected


@task(
    name="ingest", task_run_name="ingest-batch-{batch_no}",
    retries=2, retry_delay_seconds=[1, 4],
    cache_policy=NO_CACHE,  # deterministic stages: Prefect need not hash their inputs
)
def ingest_batch(
    paths: list[Path], config: PipelineConfig, batch_no: int
) -> tuple[list[SourceText], list[Rejected]]:
    """Prefect task: read one batch of files."""
    return read_sources(paths, config)
