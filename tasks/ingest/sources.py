"""Sources: a decoded article and where it came from, or a rejection naming what could not be
used and why."""

import os
from datetime import datetime
from pathlib import Path

from pydantic import BaseModel, ConfigDict

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


def source_uri(path: str | Path) -> str:
    """The path as stored: name bytes that are not UTF-8 are written as \\xNN escapes."""
    text = os.fspath(path)
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return text.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    return text



def rejection(path: str | Path, reason: str, sha: str | None = None) -> Rejected:
    """A rejection of the file or record at path."""
    return Rejected(source_uri=source_uri(path), reason=reason, sha256=sha)
