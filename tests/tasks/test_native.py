"""The compiled extractor (tasks/native.py): built by the install, the same records as the source,
and never stale."""

import json
import os
import subprocess
import sys
from pathlib import Path

import tasks.extract.claims
from tasks import native
from tests.seed_facts import SEED_CLAIMS, SEED_DOCUMENTS, SEED_NON_CLAIMS

_DUMP = """
import json, sys
from pathlib import Path
import tasks.extract.claims as claims
from schemas.ids import content_id
from tasks.ingest.sources import SourceText
out = [claims.__file__]
for path in sorted(Path(sys.argv[1]).iterdir()):
    text = path.read_text(encoding="utf-8")
    doc = SourceText(doc_id=content_id(text), source_uri=path.name, sha256="-", text=text,
                     encoding="utf-8")
    got = claims.extract_document(doc, "run")
    out += [r.model_dump_json() for r in got.documents + got.claims + got.non_claims]
print(json.dumps(out))
"""


def _extract(seeds_dir: Path, **env: str) -> list[str]:
    done = subprocess.run([sys.executable, "-c", _DUMP, str(seeds_dir)], capture_output=True,
                          text=True, check=True, env={**os.environ, **env},
                          cwd=native.ROOT)
    return json.loads(done.stdout)


def test_the_install_compiled_the_extractor():
    # CLAIMTRAIL_COMPILE=0 at install time builds the source alone; else a C compiler is expected
    if os.environ.get("CLAIMTRAIL_COMPILE") == "0":
        assert not native.STAMP.exists()
        return
    assert native.stale() == []
    assert Path(tasks.extract.claims.__file__).suffix == ".so"


def test_source_and_compiled_extractors_make_the_same_records(seeds_dir):
    compiled = _extract(seeds_dir)
    source = _extract(seeds_dir, CLAIMTRAIL_PURE_PYTHON="1")
    assert source[0].endswith("claims.py")
    # the module's file, then the seeds' document, claim and non-claim records
    assert len(compiled) == 1 + SEED_DOCUMENTS + SEED_CLAIMS + SEED_NON_CLAIMS
    assert compiled[1:] == source[1:]


def test_a_source_changed_since_the_build_is_stale(tmp_path):
    hashes = native.source_hashes()
    stamp = tmp_path / "native_build.json"
    stamp.write_text(json.dumps(hashes), encoding="utf-8")
    assert native.stale(stamp) == []
    stamp.write_text(json.dumps({**hashes, "tasks.extract.figures": "0" * 64}), encoding="utf-8")
    assert native.stale(stamp) == ["tasks.extract.figures"]
    assert native.stale(tmp_path / "none.json") == []  # nothing compiled: nothing stale


_STALE = """
import json, sys
from tasks import native
native.STAMP = native.Path(sys.argv[1])
native.STAMP.write_text(json.dumps({**native.source_hashes(), "tasks.extract.reported": "x"}))
native.guard()
import tasks.extract.reported as reported
print(reported.__file__)
"""


def test_a_stale_build_runs_the_source_and_says_so(tmp_path):
    done = subprocess.run([sys.executable, "-c", _STALE, str(tmp_path / "stamp.json")],
                          capture_output=True, text=True, check=True, cwd=native.ROOT)
    assert done.stdout.strip() == str(native.ROOT / "tasks" / "extract" / "reported.py")
    assert done.stderr.startswith("claimtrail: the compiled extractor is older than reported.py;")


def test_every_extraction_module_is_compiled_but_the_options_and_the_version():
    # options is a pydantic model and version hashes the source files; both run once per run
    modules = {f"tasks.{p.parent.name}.{p.stem}" for folder in ("extract", "text")
               for p in (native.ROOT / "tasks" / folder).glob("*.py") if p.stem != "__init__"}
    assert modules - set(native.COMPILED) == {
        "tasks.extract.options", "tasks.extract.version", "tasks.extract.model_files"}
