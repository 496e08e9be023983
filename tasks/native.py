"""The extractor's compiled build. `pip install` compiles the extraction modules listed here with
mypyc (setup.py) — the same Python source, as C extensions, about half again as fast — and writes
the SHA-256 of each compiled source beside them (native_build.json). Python imports a module's
extension before its source, so an extension older than its source would run stale code: at
import, `guard` compares the hashes and, when any differs (or CLAIMTRAIL_PURE_PYTHON is set), has
every listed module load from its source instead, all or none (compiled modules call each other
directly), and says so once on stderr. Without a C compiler the build keeps the source only."""

import hashlib
import importlib.machinery
import importlib.util
import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parent.parent
COMPILED = (*(f"tasks.extract.{name}" for name in (
    "attribution", "attribution_model", "candidates", "checkworthy", "claims", "clauses",
    "context", "figures", "filters", "normalise", "reported", "segment", "speakers")),
    "tasks.text.chars", "tasks.text.lexicon", "tasks.text.offsets", "tasks.text.patterns",
    "schemas.build", "schemas.ids")
STAMP = Path(__file__).resolve().parent / "native_build.json"
PURE = "CLAIMTRAIL_PURE_PYTHON"


def source(module: str) -> Path:
    """The source file of a listed module."""
    return ROOT.joinpath(*module.split(".")).with_suffix(".py")


def source_hashes() -> dict[str, str]:
    """The SHA-256 of each listed module's source, as the build stamps them."""
    return {m: hashlib.sha256(source(m).read_bytes()).hexdigest() for m in COMPILED}


def stale(stamp: Path | None = None) -> list[str]:
    """The listed modules whose source differs from what was compiled per the stamp (by default
    the build's; none without a build)."""
    stamp = stamp or STAMP
    if not stamp.exists():
        return []
    built = json.loads(stamp.read_text(encoding="utf-8"))
    return [m for m, h in source_hashes().items() if built.get(m) != h]


class SourceFirst:
    """A meta-path finder that loads the listed modules from their source files."""

    def find_spec(self, name: str, path: Sequence[str] | None = None,
                  target: ModuleType | None = None) -> importlib.machinery.ModuleSpec | None:
        """The spec of a listed module's source; None for any other module."""
        if name not in COMPILED:
            return None
        return importlib.util.spec_from_file_location(name, source(name))


def guard() -> None:
    """Load the listed modules from source when the build is stale or the environment asks."""
    if any(isinstance(f, SourceFirst) for f in sys.meta_path):
        return
    if os.environ.get(PURE):
        sys.meta_path.insert(0, SourceFirst())
    elif late := stale():
        sys.meta_path.insert(0, SourceFirst())
        print(f"claimtrail: the compiled extractor is older than {source(late[0]).name}"
              f"{f' and {len(late) - 1} more' if len(late) > 1 else ''}; running the source "
              "(slower) — `make` rebuilds it", file=sys.stderr)
