"""Build: the package as in pyproject.toml, with the extraction modules compiled by mypyc
(tasks/native.py) when mypy and a C compiler are at hand; without them, the source alone.
CLAIMTRAIL_COMPILE=0 builds the source alone."""

import json
import os
import sys

from setuptools import setup

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from tasks import native


def extensions() -> list:
    """The compiled modules (optional: a failed compile leaves the source), with their stamp."""
    native.STAMP.unlink(missing_ok=True)
    if os.environ.get("CLAIMTRAIL_COMPILE", "1") == "0":
        return []
    try:
        from mypyc.build import mypycify
    except ImportError:
        return []
    try:  # mypyc type-checks first, and exits on an error: then the source alone
        modules = mypycify([str(native.source(m).relative_to(native.ROOT))
                            for m in native.COMPILED], opt_level="3")
    except SystemExit as exc:
        print(f"claimtrail: not compiled ({exc}); the source alone", file=sys.stderr)
        return []
    for ext in modules:
        ext.optional = True
    native.STAMP.write_text(json.dumps(native.source_hashes(), indent=1), encoding="utf-8")
    return modules


setup(ext_modules=extensions())
