"""Files: the input files under the given paths, their hashes and their bytes; every path that
cannot be used is rejected with its reason."""

import hashlib
import os
import stat
from collections.abc import Iterable
from pathlib import Path
from typing import NamedTuple

from tasks.ingest.sources import SUFFIXES, Rejected, rejection, source_uri


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
            rejected.append(rejection(path, _broken_link(path)))
        elif not path.exists():
            rejected.append(rejection(path, "no such file or folder"))
        elif path.suffix.lower() not in SUFFIXES:
            rejected.append(rejection(path, _suffix_reason(path)))
        else:
            found.add(path)
    return sorted(found), rejected


def _walk(top: Path, found: set[Path], rejected: list[Rejected]) -> None:
    def unlistable(err: OSError) -> None:
        rejected.append(rejection(err.filename, f"cannot list folder: {err.strerror}"))

    seen = {_identity(top): top}
    for root, dirs, files in os.walk(top, onerror=unlistable, followlinks=True):
        here = Path(root)
        for name in sorted(dirs):
            folder = here / name
            try:
                first = seen.setdefault(_identity(folder), folder)
            except OSError as err:
                dirs.remove(name)
                rejected.append(rejection(folder, f"cannot list folder: {err.strerror}"))
                continue
            if first != folder:
                dirs.remove(name)
                kind = "folder loop" if here.resolve().is_relative_to(first.resolve()) else (
                    "folder read twice")
                reason = f"{kind}: same folder as {source_uri(first)}, already read; not followed"
                rejected.append(rejection(folder, reason))
        dirs.sort()
        for name in files:
            file = here / name
            if file.suffix.lower() not in SUFFIXES:
                continue
            if file.is_symlink() and not file.exists():
                rejected.append(rejection(file, _broken_link(file)))
            else:
                found.add(file)


def _identity(folder: Path) -> tuple[int, int]:
    info = folder.stat()
    return info.st_dev, info.st_ino


def _broken_link(path: Path) -> str:
    return f"broken symlink: points to {source_uri(os.readlink(path))}, which does not exist"


def _suffix_reason(path: Path) -> str:
    return f"unsupported file type {path.suffix or '(none)'!r}: use .txt, .md or .jsonl"



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


class FileBytes(NamedTuple):
    """The bytes of a file read whole, and their SHA-256."""

    data: bytes
    sha256: str


class Unreadable(NamedTuple):
    """Why a file could not be read, and the SHA-256 of its bytes when they could be hashed."""

    reason: str
    sha256: str | None = None


def read_file(path: Path, limit: int) -> FileBytes | Unreadable:
    """The bytes of a regular file within the size limit, else why not. Opened without blocking,
    so a named pipe is reported, not waited on."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    except FileNotFoundError:
        if path.is_symlink():
            return Unreadable(_broken_link(path))
        return Unreadable("vanished: the file was deleted before it could be read")
    except OSError as err:
        return Unreadable(f"cannot read: {err.strerror}")
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            return Unreadable("not a regular file (a named pipe, socket or device)")
        data = os.read(fd, limit + 1) if info.st_size <= limit else b""
        while data and len(data) <= limit and (more := os.read(fd, limit + 1 - len(data))):
            data += more
        if info.st_size > limit or len(data) > limit:
            size = max(info.st_size, len(data))
            reason = f"file of {size:,} bytes is larger than the limit of {limit:,} bytes"
            return Unreadable(reason, _hash_rest(fd, hashlib.sha256(data)))
        return FileBytes(data, hashlib.sha256(data).hexdigest())
    except OSError as err:
        return Unreadable(f"cannot read: {err.strerror}")
    finally:
        os.close(fd)


