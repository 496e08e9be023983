"""Content-derived ids: the same content gives the same id in every run and process."""

import hashlib
from pathlib import Path


def content_id(*parts: str, length: int = 16) -> str:
    """A content-derived id: the first hex digits of SHA-256 over the parts."""
    digest = hashlib.sha256("\x1f".join(parts).encode("utf-8", "surrogatepass"))
    return digest.hexdigest()[:length]


def files_id(*folders: Path, suffixes: tuple[str, ...] = (".py", ".json", ".npz", ".txt")
             ) -> str:
    """A content-derived id of every file with one of the suffixes under the folders (their
    paths relative to each folder, and their bytes): it changes whenever one of them does, so a
    version made from it names exactly the rules and model files that produced a row."""
    digest = hashlib.sha256()
    for folder in folders:
        for path in sorted(p for p in folder.rglob("*") if p.suffix in suffixes
                           and "__pycache__" not in p.parts):
            digest.update(f"{folder.name}/{path.relative_to(folder).as_posix()}\0".encode())
            digest.update(path.read_bytes())
            digest.update(b"\0")
    return digest.hexdigest()[:12]
